import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ShadowRow, ShadowRowCache } from './shadow-row-cache.js';

// With a 4-character key each of these rows counts 102 bytes (its key and texts plus 64 of overhead).
const row = (version: number): ShadowRow => ({
  version,
  state: '{"a":1234567890123}',
  metadata: '{"b":123456789}',
  updated_at: 1,
  deleted_at: null,
});

describe(ShadowRowCache.name, () => {
  test('keeps rows within its byte budget, dropping the least recently used first', () => {
    const sut = new ShadowRowCache(310);
    sut.set('t-1/', row(1));
    sut.set('t-2/', row(2));
    sut.set('t-3/', row(3));
    assert.equal(sut.size, 3);
    assert.equal(sut.get('t-1/')?.version, 1, 'reading t-1 makes t-2 the least recently used');
    sut.set('t-4/', row(4));
    assert.deepEqual(
      ['t-1/', 't-2/', 't-3/', 't-4/'].map((key) => sut.get(key)?.version),
      [1, undefined, 3, 4],
    );
  });

  test('replacing or deleting a row gives its bytes back', () => {
    const sut = new ShadowRowCache(210);
    sut.set('t-1/', row(1));
    sut.set('t-1/', row(2));
    sut.set('t-2/', row(3));
    assert.deepEqual([sut.get('t-1/')?.version, sut.get('t-2/')?.version], [2, 3]);
    sut.delete('t-1/');
    sut.set('t-3/', row(4));
    assert.deepEqual([sut.get('t-2/')?.version, sut.get('t-3/')?.version], [3, 4]);
  });

  test('a row larger than the whole budget is not kept', () => {
    const sut = new ShadowRowCache(50);
    sut.set('t-1/', row(1));
    assert.equal(sut.get('t-1/'), undefined);
    assert.equal(sut.size, 0);
  });
});
