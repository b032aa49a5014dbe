import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from './json.js';
import { computeDelta } from './shadow.delta.js';
import { type MetadataObject, metadataOf } from './shadow.metadata.js';

const T = 1_700_000_000;
const meta = (desired: JsonObject) => metadataOf(desired, T) as MetadataObject;
const delta = (desired: JsonObject | undefined, reported: JsonObject | undefined) =>
  computeDelta(desired, reported, desired === undefined ? undefined : meta(desired))?.state;

describe(computeDelta.name, () => {
  test('§1.6 a desired key that reported lacks is in the delta', () => {
    assert.deepEqual(delta({ on: true, level: 3 }, { level: 3 }), { on: true });
    assert.deepEqual(delta({ on: true }, undefined), { on: true });
  });

  test('§1.6 a desired key whose reported value differs is in the delta with the desired value', () => {
    assert.deepEqual(delta({ on: true, level: 3 }, { on: false, level: 3 }), { on: true });
  });

  test('§1.6 no difference means no delta', () => {
    assert.equal(delta({ on: true, rgb: [1, 2] }, { on: true, rgb: [1, 2] }), undefined);
    assert.equal(delta(undefined, { on: true }), undefined);
  });

  test('§1.6 nested differences keep their full path and only the differing leaves', () => {
    const desired = { light: { color: { r: 1, g: 2 }, on: true }, fan: 1 };
    const reported = { light: { color: { r: 1, g: 0 }, on: true }, fan: 1 };
    assert.deepEqual(delta(desired, reported), { light: { color: { g: 2 } } });
  });

  test('§1.6 arrays are compared as whole values and copied whole', () => {
    assert.deepEqual(delta({ rgb: [1, 2, 3] }, { rgb: [1, 2, 4] }), { rgb: [1, 2, 3] });
    assert.deepEqual(delta({ rgb: [1, 2] }, { rgb: [1, 2, 3] }), { rgb: [1, 2] });
  });

  test('§1.6 keys only in reported never appear in the delta', () => {
    assert.equal(delta({ a: 1 }, { a: 1, extra: { deep: true } }), undefined);
  });

  test('§1.6 an object wanted where reported holds a scalar is copied whole', () => {
    assert.deepEqual(delta({ mode: { auto: true } }, { mode: 'manual' }), { mode: { auto: true } });
  });

  test('§1.6 equality is JSON value equality: numbers by value, object key order ignored', () => {
    assert.equal(
      delta({ a: { x: 1, y: [{ p: 1, q: 2 }] }, n: 1.0 }, { n: 1, a: { y: [{ q: 2, p: 1 }], x: 1 } }),
      undefined,
    );
  });

  test('§1.6 keys named like JavaScript object members are compared as ordinary keys', () => {
    const desired = JSON.parse('{"__proto__": {"a": 1}, "constructor": 1, "toString": 2}');
    const reported = JSON.parse('{"toString": 2}');
    assert.equal(JSON.stringify(delta(desired, reported)), '{"__proto__":{"a":1},"constructor":1}');
  });

  test('§1.6 the delta metadata is the desired metadata of the delta keys', () => {
    const desired = { light: { on: true, level: 3 }, rgb: [1, 2] };
    const metadata: MetadataObject = {
      light: { on: { timestamp: 10 }, level: { timestamp: 20 } },
      rgb: [{ timestamp: 30 }, { timestamp: 30 }],
    };
    const result = computeDelta(desired, { light: { on: true, level: 1 } }, metadata);
    assert.deepEqual(result, {
      state: { light: { level: 3 }, rgb: [1, 2] },
      metadata: { light: { level: { timestamp: 20 } }, rgb: [{ timestamp: 30 }, { timestamp: 30 }] },
    });
  });
});
