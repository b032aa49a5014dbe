import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTelemetryFields, telemetryReading, telemetryTopic } from './telemetry.js';

describe('telemetry', () => {
  test('every {thing} in the topic template becomes the thing name', () => {
    assert.equal(telemetryTopic('site/{thing}/telemetry/{thing}', 'pump-7'), 'site/pump-7/telemetry/pump-7');
  });

  test('a reading draws each field within its range, rounded to two decimals, with the timestamp', () => {
    const draws = [0, 0.5, 0.99999];
    const reading = telemetryReading(
      { low: { min: 10, max: 20 }, mid: { min: -1, max: 1 }, high: { min: 0, max: 3.3 } },
      1_700_000_000_000,
      () => draws.shift() ?? 0,
    );
    assert.deepEqual(reading, { timestamp: 1_700_000_000_000, low: 10, mid: 0, high: 3.3 });
  });

  test('random readings stay within their ranges', () => {
    for (let i = 0; i < 200; i++) {
      const { t } = telemetryReading({ t: { min: 18.5, max: 18.75 } }, 0);
      assert.ok(t !== undefined && t >= 18.5 && t <= 18.75, `t = ${t}`);
    }
  });

  test('a range with min above max or a missing bound is refused, naming the field', () => {
    assert.throws(() => checkTelemetryFields({ rpm: { min: 5, max: 1 } }), /telemetry field "rpm"/);
    assert.throws(() => checkTelemetryFields({ rpm: { min: Number.NaN, max: 1 } }), /"rpm"/);
    assert.doesNotThrow(() => checkTelemetryFields({ fixed: { min: 2, max: 2 } }));
  });
});
