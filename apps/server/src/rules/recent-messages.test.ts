import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecentMessages } from './recent-messages.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const text = (value: unknown) => Buffer.from(JSON.stringify(value));

describe(RecentMessages.name, () => {
  test('returns messages on topics matching the filter, newest first, up to the limit', () => {
    const sut = new RecentMessages();
    sut.capture({ topic: 'sensors/a/telemetry', payload: text({ t: 1 }), clientId: 'a', receivedAt: at(1) });
    sut.capture({ topic: 'sensors/b/telemetry', payload: text({ t: 2 }), receivedAt: at(2) });
    sut.capture({ topic: 'sensors/a/status', payload: text({ up: true }), receivedAt: at(3) });
    sut.capture({ topic: 'sensors/a/telemetry', payload: text({ t: 4 }), clientId: 'a', receivedAt: at(4) });

    assert.deepEqual(sut.matching('sensors/+/telemetry', 10), [
      {
        topic: 'sensors/a/telemetry',
        payload: '{"t":4}',
        payloadEncoding: 'utf8',
        receivedAt: at(4).toISOString(),
        clientId: 'a',
      },
      { topic: 'sensors/b/telemetry', payload: '{"t":2}', payloadEncoding: 'utf8', receivedAt: at(2).toISOString() },
      {
        topic: 'sensors/a/telemetry',
        payload: '{"t":1}',
        payloadEncoding: 'utf8',
        receivedAt: at(1).toISOString(),
        clientId: 'a',
      },
    ]);
    assert.deepEqual(
      sut.matching('sensors/#', 2).map((m) => m.payload),
      ['{"t":4}', '{"up":true}'],
    );
    assert.deepEqual(sut.matching('other/#', 10), []);
  });

  test('messages received in the same millisecond come newest first', () => {
    const sut = new RecentMessages();
    for (const n of [1, 2, 3]) sut.capture({ topic: 'x', payload: text(n), receivedAt: at(0) });
    assert.deepEqual(
      sut.matching('x', 10).map((m) => m.payload),
      ['3', '2', '1'],
    );
  });

  test('keeps only the newest messages per topic', () => {
    const sut = new RecentMessages({ perTopic: 2 });
    for (const n of [1, 2, 3]) sut.capture({ topic: 'x', payload: text(n), receivedAt: at(n) });
    assert.deepEqual(
      sut.matching('x', 10).map((m) => m.payload),
      ['3', '2'],
    );
    assert.deepEqual(sut.size, { topics: 1, bytes: 2 });
  });

  test('drops the least recently published topic past the topic limit', () => {
    const sut = new RecentMessages({ maxTopics: 2 });
    sut.capture({ topic: 'a', payload: text(1), receivedAt: at(1) });
    sut.capture({ topic: 'b', payload: text(2), receivedAt: at(2) });
    sut.capture({ topic: 'a', payload: text(3), receivedAt: at(3) });
    sut.capture({ topic: 'c', payload: text(4), receivedAt: at(4) });
    assert.deepEqual(
      sut.matching('#', 10).map((m) => m.topic),
      ['c', 'a', 'a'],
    );
  });

  test('stays within the byte budget and skips payloads over the size limit', () => {
    const sut = new RecentMessages({ maxBytes: 10, maxPayloadBytes: 6 });
    sut.capture({ topic: 'big', payload: Buffer.alloc(7), receivedAt: at(1) });
    assert.deepEqual(sut.size, { topics: 0, bytes: 0 });
    sut.capture({ topic: 'a', payload: Buffer.alloc(6), receivedAt: at(2) });
    sut.capture({ topic: 'b', payload: Buffer.alloc(6), receivedAt: at(3) });
    assert.deepEqual(sut.size, { topics: 1, bytes: 6 });
    assert.deepEqual(
      sut.matching('#', 10).map((m) => m.topic),
      ['b'],
    );
  });

  test('keeps a copy of the payload and returns binary payloads as base64', () => {
    const sut = new RecentMessages();
    const payload = Buffer.from([0xff, 0x00, 0x7b]);
    sut.capture({ topic: 'bin', payload, receivedAt: at(1) });
    payload.fill(0);
    assert.deepEqual(sut.matching('bin', 1)[0], {
      topic: 'bin',
      payload: Buffer.from([0xff, 0x00, 0x7b]).toString('base64'),
      payloadEncoding: 'base64',
      receivedAt: at(1).toISOString(),
    });
  });

  test('keeps at most perSecond messages per second of receipt time, then again from the next second', () => {
    const sut = new RecentMessages({ perSecond: 3 });
    for (let n = 0; n < 10; n++) sut.capture({ topic: `t/${n}`, payload: text(n), receivedAt: at(n) });
    sut.capture({ topic: 't/next', payload: text('next'), receivedAt: at(1000) });
    assert.deepEqual(
      sut.matching('t/#', 10).map((m) => m.topic),
      ['t/next', 't/2', 't/1', 't/0'],
    );
  });
});
