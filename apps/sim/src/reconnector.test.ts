import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { SimulatedDevice } from './index.js';
import { Reconnector } from './reconnector.js';

/** A device that records reconnect attempts and fails the first `failures` of them. */
function fakeDevice(thingName: string, failures = 0) {
  const attempts: number[] = [];
  let left = failures;
  const device: SimulatedDevice = {
    thingName,
    online: false,
    reported: () => ({}),
    goOffline: async () => {},
    goOnline: async () => {
      attempts.push(Date.now());
      if (left-- > 0) throw new Error('refused');
    },
    setReportDelayMs: () => {},
    setIgnoreDeltas: () => {},
  };
  return { device, attempts };
}

const lost = { type: 'connection-lost', reason: 'connection closed' } as const;
/** Lets the promise callbacks of a reconnect attempt run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(Reconnector.name, () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  test('a device whose connection was lost goes online again after the delay', () => {
    const { device, attempts } = fakeDevice('sim-1');
    const sut = new Reconnector(() => device, 5000);
    sut.observe('sim-1', lost);
    mock.timers.tick(4999);
    assert.deepEqual(attempts, []);
    mock.timers.tick(1);
    assert.deepEqual(attempts, [5000]);
  });

  test('a failed attempt is reported and retried after another delay', async () => {
    const { device, attempts } = fakeDevice('sim-1', 1);
    const failures: string[] = [];
    const sut = new Reconnector(
      () => device,
      100,
      (thingName, error) => failures.push(`${thingName}: ${error.message}`),
    );
    sut.observe('sim-1', lost);
    mock.timers.tick(100);
    await settle();
    assert.deepEqual(failures, ['sim-1: refused']);
    mock.timers.tick(100);
    await settle();
    assert.deepEqual(attempts, [100, 200]);
    assert.equal(failures.length, 1);
  });

  test('a device kept offline is left alone until released; other events and stop() do nothing', () => {
    const { device, attempts } = fakeDevice('sim-1');
    const sut = new Reconnector(() => device, 100);
    sut.keepOffline('sim-1');
    sut.observe('sim-1', lost);
    sut.observe('sim-1', { type: 'connected' });
    mock.timers.tick(1000);
    assert.deepEqual(attempts, []);

    sut.release('sim-1');
    sut.observe('sim-1', lost);
    sut.stop();
    mock.timers.tick(1000);
    assert.deepEqual(attempts, []);
  });
});
