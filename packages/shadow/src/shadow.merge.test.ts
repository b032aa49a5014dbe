import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from './json.js';
import { mergeSection, type StoredSection } from './shadow.merge.js';
import { metadataOf } from './shadow.metadata.js';

const T1 = 1_700_000_000;
const T2 = 1_700_000_100;

/** A stored section written in one update at `timestamp`. */
const section = (state: JsonObject, timestamp = T1): StoredSection => mergeSection({}, state, timestamp);

describe(mergeSection.name, () => {
  test('§1.3 an object value merges key by key into the stored object', () => {
    const merged = mergeSection(section({ light: { on: true, level: 3 }, fan: 1 }), { light: { level: 7 } }, T2);
    assert.deepEqual(merged.state, { light: { on: true, level: 7 }, fan: 1 });
  });

  test('§1.3 null deletes a key and its metadata', () => {
    const merged = mergeSection(section({ a: 1, b: { c: 2, d: 3 } }), { a: null, b: { c: null } }, T2);
    assert.deepEqual(merged.state, { b: { d: 3 } });
    assert.deepEqual(merged.metadata, { b: { d: { timestamp: T1 } } });
  });

  test('§1.3 removing a key that is not there is a no-op', () => {
    const stored = section({ a: 1 });
    assert.deepEqual(mergeSection(stored, { missing: null, deep: { missing: null } }, T2), stored);
  });

  test('§1.3 arrays are replaced whole, never merged element by element', () => {
    const merged = mergeSection(section({ rgb: [1, 2, 3], tags: ['a', 'b'] }), { rgb: [9], tags: [] }, T2);
    assert.deepEqual(merged.state, { rgb: [9], tags: [] });
    assert.deepEqual(merged.metadata, { rgb: [{ timestamp: T2 }], tags: [] });
  });

  test('§1.3 a scalar replaces an object and an object replaces a scalar', () => {
    const merged = mergeSection(section({ a: { x: 1 }, b: 5 }), { a: 'flat', b: { y: 2 } }, T2);
    assert.deepEqual(merged.state, { a: 'flat', b: { y: 2 } });
    assert.deepEqual(merged.metadata, { a: { timestamp: T2 }, b: { y: { timestamp: T2 } } });
  });

  test('§1.3 a null section drops the whole section with its metadata', () => {
    assert.deepEqual(mergeSection(section({ a: 1 }), null, T2), {});
  });

  test('§1.3 an object left without keys is dropped, and a section left empty disappears', () => {
    const stored = section({ a: { b: { c: 1 } } });
    assert.deepEqual(mergeSection(stored, { a: { b: { c: null } } }, T2), {});
    const partly = mergeSection(section({ a: { b: { c: 1 } }, d: 1 }), { a: { b: { c: null } } }, T2);
    assert.deepEqual(partly.state, { d: 1 });
    assert.deepEqual(partly.metadata, { d: { timestamp: T1 } });
  });

  test('§1.3 an empty object in a request writes nothing', () => {
    assert.deepEqual(mergeSection({}, { a: {} }, T2), {});
    const stored = section({ a: { b: 1 }, c: 2 });
    assert.deepEqual(mergeSection(stored, { a: {}, c: {} }, T2), stored);
  });

  test('§1.4 every leaf the request writes gets the update timestamp; other leaves keep theirs', () => {
    const merged = mergeSection(section({ a: 1, b: { c: 2, d: 3 } }), { b: { c: 20 }, e: true }, T2);
    assert.deepEqual(merged.metadata, {
      a: { timestamp: T1 },
      b: { c: { timestamp: T2 }, d: { timestamp: T1 } },
      e: { timestamp: T2 },
    });
  });

  test('§1.4 writing the same value again refreshes its timestamp', () => {
    const merged = mergeSection(section({ a: 1 }), { a: 1 }, T2);
    assert.deepEqual(merged.metadata, { a: { timestamp: T2 } });
  });

  test('§1.3 keys named like JavaScript object members (__proto__, constructor) are ordinary keys', () => {
    const patch = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "toString": {"y": 3}}');
    const merged = mergeSection(section(JSON.parse('{"__proto__": {"w": 0}}')), patch, T2);
    assert.equal(JSON.stringify(merged.state), '{"__proto__":{"w":0,"x":1},"constructor":2,"toString":{"y":3}}');
    assert.equal(Object.getPrototypeOf(merged.state), Object.prototype);
    assert.equal(
      JSON.stringify(merged.metadata),
      `{"__proto__":{"w":{"timestamp":${T1}},"x":{"timestamp":${T2}}},"constructor":{"timestamp":${T2}},"toString":{"y":{"timestamp":${T2}}}}`,
    );
  });

  test('§1.3 the stored section given to a merge is not changed', () => {
    const stored = section({ a: { b: 1 } });
    const before = structuredClone(stored);
    mergeSection(stored, { a: { b: null, c: 2 } }, T2);
    assert.deepEqual(stored, before);
  });
});

describe(metadataOf.name, () => {
  test('§1.5 metadata mirrors the data: objects by key, arrays per element, leaves { timestamp }', () => {
    assert.deepEqual(metadataOf({ color: { rgb: [128, 128, 128] }, on: true, name: 'x' }, T1), {
      color: { rgb: [{ timestamp: T1 }, { timestamp: T1 }, { timestamp: T1 }] },
      on: { timestamp: T1 },
      name: { timestamp: T1 },
    });
  });

  test('§1.5 an array of objects gets per-leaf metadata inside each element', () => {
    assert.deepEqual(metadataOf([{ a: 1, b: [2] }], T1), [{ a: { timestamp: T1 }, b: [{ timestamp: T1 }] }]);
  });

  test('§1.5 a data key named "timestamp" gets its own metadata object', () => {
    const metadata = metadataOf({ timestamp: 5 }, T1);
    assert.deepEqual(metadata, { timestamp: { timestamp: T1 } });
    const merged = mergeSection(mergeSection({}, { timestamp: { x: 1 } }, T1), { timestamp: { y: 2 } }, T2);
    assert.deepEqual(merged.metadata, { timestamp: { x: { timestamp: T1 }, y: { timestamp: T2 } } });
  });
});
