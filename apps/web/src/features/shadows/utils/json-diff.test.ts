import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff';

describe(diffJson.name, () => {
  it('finds nothing between equal values, whatever the key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('names added, removed and changed members by their path, in path order', () => {
    expect(diffJson({ color: 'red', level: 3, old: true }, { color: 'blue', level: 3, fresh: 1 })).toEqual([
      { path: 'color', change: 'changed', before: 'red', after: 'blue' },
      { path: 'fresh', change: 'added', after: 1 },
      { path: 'old', change: 'removed', before: true },
    ]);
  });

  it('walks nested objects so only the differing leaves appear', () => {
    expect(
      diffJson({ light: { on: true, rgb: { r: 1, g: 2 } } }, { light: { on: true, rgb: { r: 9, g: 2 } } }),
    ).toEqual([{ path: 'light.rgb.r', change: 'changed', before: 1, after: 9 }]);
  });

  it('compares arrays as whole values, as the shadow merge replaces them', () => {
    expect(diffJson({ steps: [1, 2, 3] }, { steps: [1, 2, 4] })).toEqual([
      { path: 'steps', change: 'changed', before: [1, 2, 3], after: [1, 2, 4] },
    ]);
  });

  it('reports a whole object that appears or disappears, and a change of type', () => {
    expect(diffJson({ a: { x: 1 }, b: 1 }, { b: { y: 2 }, c: { z: 3 } })).toEqual([
      { path: 'a', change: 'removed', before: { x: 1 } },
      { path: 'b', change: 'changed', before: 1, after: { y: 2 } },
      { path: 'c', change: 'added', after: { z: 3 } },
    ]);
  });

  it('quotes keys that are not plain names', () => {
    expect(diffJson({}, { 'room 1': { 'temp.c': 20 } })).toEqual([
      { path: '["room 1"]', change: 'added', after: { 'temp.c': 20 } },
    ]);
    expect(diffJson({ 'room 1': { 'temp.c': 20 } }, { 'room 1': { 'temp.c': 21 } })[0]?.path).toBe(
      '["room 1"]["temp.c"]',
    );
  });

  it('treats a missing side as absent', () => {
    expect(diffJson(undefined, { a: 1 })).toEqual([{ path: '(root)', change: 'added', after: { a: 1 } }]);
    expect(diffJson(undefined, undefined)).toEqual([]);
  });
});
