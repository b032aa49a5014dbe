import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodeFanOutEnvelope,
  encodeFanOutEnvelope,
  type FanOutEnvelope,
  FanOutEnvelopeError,
} from './fan-out-envelope.js';

function header(fields: Record<string, unknown>, payload = Buffer.alloc(0)): Buffer {
  const json = Buffer.from(JSON.stringify(fields));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, payload]);
}

const valid = { v: 1, node: 'n1', topic: 't', qos: 1, retain: false, receivedAt: 1_700_000_000_000 };

describe('fan-out envelope codec', () => {
  test('a message with every MQTT 5 property, a binary payload and share assignments round-trips', () => {
    const envelope: FanOutEnvelope = {
      originNode: 'node-a',
      message: {
        topic: 'sensors/ünïcode/temp',
        payload: Buffer.from([0, 1, 2, 0xff, 0x7b, 0x00]),
        qos: 2,
        retain: true,
        clientId: 'dev-1',
        receivedAt: new Date(1_700_000_000_123),
        properties: {
          payloadFormatIndicator: true,
          messageExpiryInterval: 30,
          contentType: 'application/json',
          responseTopic: 'reply/dev-1',
          correlationData: Buffer.from([9, 8, 0, 255]),
          userProperties: { a: '1', b: ['x', 'y'] },
        },
      },
      shares: [
        ['$share/workers/jobs/+', 'node-b'],
        ['$share/other/#', 'node-a'],
      ],
    };
    const decoded = decodeFanOutEnvelope(encodeFanOutEnvelope(envelope));
    assert.deepEqual(decoded, envelope);
    assert.ok(Buffer.isBuffer(decoded.message.payload));
    assert.ok(Buffer.isBuffer(decoded.message.properties?.correlationData));
  });

  test('a platform message (no client id, no properties, empty payload, no shares) round-trips', () => {
    const envelope: FanOutEnvelope = {
      originNode: 'n',
      message: { topic: 'a', payload: Buffer.alloc(0), qos: 0, retain: false, receivedAt: new Date(5) },
      shares: [],
    };
    assert.deepEqual(decodeFanOutEnvelope(encodeFanOutEnvelope(envelope)), envelope);
  });

  test('the decoded payload does not share memory with the received bytes', () => {
    const bytes = encodeFanOutEnvelope({
      originNode: 'n',
      message: { topic: 'a', payload: Buffer.from('abc'), qos: 0, retain: false, receivedAt: new Date(5) },
      shares: [],
    });
    const decoded = decodeFanOutEnvelope(bytes);
    bytes.fill(0);
    assert.equal(decoded.message.payload.toString(), 'abc');
  });

  const invalid: Array<[string, Buffer]> = [
    ['too short', Buffer.from([0, 0])],
    ['header length beyond the data', Buffer.from([0, 0, 0, 9, 0x7b])],
    ['header not JSON', Buffer.from([0, 0, 0, 1, 0x7b])],
    ['header not an object', header(null as unknown as Record<string, unknown>)],
    ['another version', header({ ...valid, v: 2 })],
    ['no origin node', header({ ...valid, node: '' })],
    ['no topic', header({ ...valid, topic: undefined })],
    ['qos 3', header({ ...valid, qos: 3 })],
    ['retain not a boolean', header({ ...valid, retain: 1 })],
    ['receivedAt not a number', header({ ...valid, receivedAt: '2024-01-01' })],
    ['clientId not a string', header({ ...valid, clientId: 7 })],
    ['properties not an object', header({ ...valid, properties: [] })],
    ['messageExpiryInterval not a number', header({ ...valid, properties: { messageExpiryInterval: '5' } })],
    ['user property not a string', header({ ...valid, properties: { userProperties: { a: 1 } } })],
    ['shares not pairs', header({ ...valid, shares: [['$share/g/t']] })],
  ];
  for (const [why, bytes] of invalid) {
    test(`bytes that are not an envelope are refused with FanOutEnvelopeError: ${why}`, () => {
      assert.throws(() => decodeFanOutEnvelope(bytes), FanOutEnvelopeError);
    });
  }
});
