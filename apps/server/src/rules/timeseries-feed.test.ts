import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LiveTimeseriesRow } from '@meridian/contracts';
import { TimeseriesFeed } from './timeseries-feed.js';

const row = (deviceKey: string, values: object) => ({ deviceKey, time: 7, values: JSON.stringify(values) });

describe(TimeseriesFeed.name, () => {
  test('announces stored rows to the watchers of their device key, numeric members as dotted names', () => {
    const sut = new TimeseriesFeed();
    const seen: LiveTimeseriesRow[] = [];
    sut.watch('a', (frame) => seen.push(frame));
    sut.stored(row('a', { t: 1, s: 'x', env: { h: 2 }, list: [1] }));
    sut.stored(row('b', { t: 3 }));
    sut.stored(row('a', { s: 'only text' }));
    assert.deepEqual(seen, [{ type: 'timeseries-row', deviceKey: 'a', time: 7, values: { t: 1, 'env.h': 2 } }]);
  });

  test('a throwing watcher neither stops the others nor reaches the caller; stopping forgets the key', () => {
    const sut = new TimeseriesFeed();
    let calls = 0;
    const stopBad = sut.watch('a', () => {
      throw new Error('socket gone');
    });
    const stopGood = sut.watch('a', () => calls++);
    assert.doesNotThrow(() => sut.stored(row('a', { t: 1 })));
    assert.equal(calls, 1);
    stopBad();
    stopGood();
    stopGood();
    assert.equal(sut.watchedKeys, 0);
  });
});
