import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, type IPublishPacket, parser } from 'mqtt-packet';
import {
  encodePuback,
  encodePublish,
  markDuplicate,
  PublishEncoder,
  packetIdOffsetOf,
  withPacketId,
} from './packet-encoding.js';
import type { Message } from './types.js';

function decode(bytes: Buffer, protocolVersion: 4 | 5): IPublishPacket {
  const decoder = parser({ protocolVersion });
  let packet: IPublishPacket | undefined;
  decoder.on('packet', (p) => {
    packet = p as IPublishPacket;
  });
  decoder.parse(bytes);
  assert.ok(packet, 'one complete packet');
  return packet;
}

function message(payloadBytes: number, properties?: Message['properties']): Message {
  const m: Message = {
    topic: 'devices/ü/telemetry',
    payload: Buffer.alloc(payloadBytes, 7),
    qos: 1,
    retain: false,
    receivedAt: new Date(),
  };
  if (properties) m.properties = properties;
  return m;
}

describe('encodePublish', () => {
  // Remaining length of 1, 2, 3 and 4 bytes; topics with multi-byte UTF-8.
  for (const payloadBytes of [0, 60, 200, 20_000, 2_100_000]) {
    for (const protocolVersion of [3, 4, 5] as const) {
      test(`writes the bytes of mqtt-packet's generate (payload ${payloadBytes} B, MQTT ${protocolVersion})`, () => {
        for (const qos of [0, 1, 2] as const) {
          for (const retain of [false, true]) {
            const m = message(payloadBytes);
            const expected = generate(
              { cmd: 'publish', topic: m.topic, payload: m.payload, qos, retain, dup: false, messageId: 1 },
              { protocolVersion },
            );
            const encoded = encodePublish(m, protocolVersion, qos, retain);
            assert.deepEqual(encoded.bytes, expected, `QoS ${qos}, retain ${retain}`);
            assert.equal(encoded.packetIdOffset, qos === 0 ? -1 : packetIdOffsetOf(expected));
          }
        }
      });
    }
  }

  test('refuses a topic longer than a packet can carry', () => {
    const m = { ...message(1), topic: 'x'.repeat(70_000) };
    assert.throws(() => encodePublish(m, 4, 0, false), RangeError);
  });
});

describe('withPacketId', () => {
  // Remaining length encoded in 1, 2, 3 bytes.
  for (const payloadBytes of [0, 10, 200, 20_000]) {
    for (const protocolVersion of [4, 5] as const) {
      test(`patches only the packet id (payload ${payloadBytes} B, MQTT ${protocolVersion})`, () => {
        const properties = { contentType: 'application/json', userProperties: { a: '1' } };
        const encoded = encodePublish(message(payloadBytes, properties), protocolVersion, 1, false);
        const original = Buffer.from(encoded.bytes);
        const patched = withPacketId(encoded, 0xbeef);
        assert.deepEqual(encoded.bytes, original, 'shared bytes untouched');
        const expected = generate(
          {
            cmd: 'publish',
            topic: 'devices/ü/telemetry',
            payload: Buffer.alloc(payloadBytes, 7),
            qos: 1,
            retain: false,
            dup: false,
            messageId: 0xbeef,
            ...(protocolVersion === 5 ? { properties } : {}),
          },
          { protocolVersion },
        );
        assert.deepEqual(patched, expected);
        const decoded = decode(patched, protocolVersion);
        assert.equal(decoded.messageId, 0xbeef);
        assert.equal(decoded.payload.length, payloadBytes);
      });
    }
  }

  test('refuses a QoS 0 packet', () => {
    assert.throws(() => withPacketId(encodePublish(message(1), 4, 0, false), 1), RangeError);
  });

  test('packetIdOffsetOf finds the id after a multi-byte remaining length', () => {
    const bytes = generate(
      { cmd: 'publish', topic: 't', payload: Buffer.alloc(300), qos: 1, retain: false, dup: false, messageId: 0x1234 },
      { protocolVersion: 4 },
    );
    const offset = packetIdOffsetOf(bytes);
    assert.equal(offset, 1 + 2 + 2 + 1);
    assert.equal(bytes.readUInt16BE(offset), 0x1234);
  });

  test('markDuplicate sets the DUP flag', () => {
    const bytes = withPacketId(encodePublish(message(1), 4, 1, false), 9);
    markDuplicate(bytes);
    assert.equal(decode(bytes, 4).dup, true);
  });
});

describe(PublishEncoder.name, () => {
  test('encodes each (protocol, QoS, RETAIN) shape once and reuses it', () => {
    const sut = new PublishEncoder(message(5, { contentType: 'text/plain' }));
    const v4q0 = sut.encoded(4, 0, false);
    assert.equal(sut.encoded(4, 0, false), v4q0);
    assert.equal(sut.encoded(3, 0, false), v4q0, '3.1 and 3.1.1 PUBLISH bytes are identical');
    const v5q1r = sut.encoded(5, 1, true);
    assert.notEqual(v5q1r, v4q0);
    assert.equal(sut.encoded(5, 1, true), v5q1r);
    const decoded = decode(withPacketId(v5q1r, 3), 5);
    assert.equal(decoded.retain, true);
    assert.equal(decoded.properties?.contentType, 'text/plain');
    assert.equal(decode(v4q0.bytes, 4).properties, undefined);
  });
});

describe('encodePuback', () => {
  for (const [protocolVersion, reasonCode] of [
    [4, 0],
    [5, 0],
    [5, 0x87],
    [5, 0x97],
  ] as const) {
    test(`matches mqtt-packet (MQTT ${protocolVersion}, reason ${reasonCode})`, () => {
      const expected = generate({ cmd: 'puback', messageId: 0x0102, reasonCode }, { protocolVersion });
      assert.deepEqual(encodePuback(0x0102, protocolVersion, reasonCode), expected);
    });
  }
});
