import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyDelta, parseDeltaDocument } from './shadow-state.js';

describe('applyDelta', () => {
  test('merges objects key by key and replaces scalars and whole arrays', () => {
    const state = { lamp: false, color: { r: 0, g: 10 }, schedule: [1, 2, 3], name: 'a' };
    const next = applyDelta(state, { lamp: true, color: { r: 255 }, schedule: [9] });
    assert.deepEqual(next, { lamp: true, color: { r: 255, g: 10 }, schedule: [9], name: 'a' });
  });

  test('leaves both inputs unchanged and shares no objects with the delta', () => {
    const state = { color: { r: 0 } };
    const delta = { color: { r: 1 }, extra: { deep: [1] } };
    const next = applyDelta(state, delta);
    assert.deepEqual(state, { color: { r: 0 } });
    assert.notEqual(next.extra, delta.extra);
    assert.deepEqual(delta, { color: { r: 1 }, extra: { deep: [1] } });
  });

  test('an object replaces a scalar, a scalar replaces an object, null removes', () => {
    assert.deepEqual(applyDelta({ a: 1, b: { c: 1 }, d: 1 }, { a: { x: 1 }, b: 2, d: null }), { a: { x: 1 }, b: 2 });
  });
});

describe('parseDeltaDocument', () => {
  test('takes state and version of a delta message', () => {
    const payload = JSON.stringify({ version: 7, timestamp: 1, state: { lamp: true }, metadata: {} });
    assert.deepEqual(parseDeltaDocument(Buffer.from(payload)), { state: { lamp: true }, version: 7 });
  });

  test('anything else is undefined', () => {
    for (const payload of ['not json', '[]', '{"state":{}}', '{"version":1,"state":3}', 'null']) {
      assert.equal(parseDeltaDocument(payload), undefined, payload);
    }
  });
});
