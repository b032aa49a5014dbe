import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter } from './rate-limiter.js';

const T0 = 1_000_000;

function take(sut: RateLimiter, key: string, count: number, now: number): boolean[] {
  return Array.from({ length: count }, () => sut.allow(key, now));
}

describe(RateLimiter.name, () => {
  test('allows a burst of one second of requests per key, then refuses', () => {
    const sut = new RateLimiter(20, T0);
    const answers = take(sut, 'lamp', 21, T0);
    assert.deepEqual(answers.slice(0, 20), Array(20).fill(true));
    assert.equal(answers[20], false);
    assert.equal(sut.allow('other', T0), true, 'every key has its own budget');
  });

  test('refills at the rate: one request per 1/rate seconds', () => {
    const sut = new RateLimiter(20, T0);
    take(sut, 'lamp', 20, T0);
    assert.equal(sut.allow('lamp', T0 + 49), false, 'less than 50 ms: no new token');
    assert.equal(sut.allow('lamp', T0 + 50), true);
    assert.equal(sut.allow('lamp', T0 + 50), false);
    assert.deepEqual(take(sut, 'lamp', 11, T0 + 550).filter(Boolean).length, 10, '500 ms later: 10 more');
  });

  test('a long pause refills no more than one second of requests', () => {
    const sut = new RateLimiter(5, T0);
    take(sut, 'lamp', 5, T0);
    const answers = take(sut, 'lamp', 6, T0 + 10_000);
    assert.deepEqual(answers, [true, true, true, true, true, false]);
  });

  test('rate 0 never refuses', () => {
    const sut = new RateLimiter(0, T0);
    assert.ok(take(sut, 'lamp', 1000, T0).every(Boolean));
    assert.equal(sut.size, 0);
  });

  test('forgets keys whose bucket is full again', () => {
    const sut = new RateLimiter(10, T0);
    for (let i = 0; i < 100; i += 1) sut.allow(`thing-${i}`, T0);
    assert.equal(sut.size, 100);
    sut.allow('late', T0 + 60_000);
    assert.equal(sut.size, 1);
  });
});
