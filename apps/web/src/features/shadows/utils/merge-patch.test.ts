import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch';

describe(mergePatch.name, () => {
  it('is empty when nothing changed', () => {
    expect(mergePatch({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).toEqual({});
  });

  it('carries new and changed members and nulls the removed ones', () => {
    expect(mergePatch({ on: true, level: 3, mode: 'eco' }, { on: false, level: 3, color: 'red' })).toEqual({
      on: false,
      color: 'red',
      mode: null,
    });
  });

  it('recurses into objects on both sides, sending only what changed inside', () => {
    expect(mergePatch({ light: { on: true, rgb: { r: 1, g: 2 } } }, { light: { on: true, rgb: { r: 1 } } })).toEqual({
      light: { rgb: { g: null } },
    });
  });

  it('sends arrays whole, since the service replaces them', () => {
    expect(mergePatch({ steps: [1, 2, 3] }, { steps: [1, 2] })).toEqual({ steps: [1, 2] });
  });

  it('replaces a value whose type changed', () => {
    expect(mergePatch({ a: 1, b: { x: 1 } }, { a: { y: 2 }, b: 'flat' })).toEqual({ a: { y: 2 }, b: 'flat' });
  });

  it('clears everything when the new state is empty', () => {
    expect(mergePatch({ a: 1, b: { c: 2 } }, {})).toEqual({ a: null, b: null });
  });
});
