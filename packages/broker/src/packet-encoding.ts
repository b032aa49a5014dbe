import { generate, type IPublishPacket, type Packet, writeToStream } from 'mqtt-packet';
import { shortAck } from './ack-encoding.js';
import type { Message } from './types.js';

// On its first use generate() would fill a cache of 65,536 two-byte Buffers (about 12 MB of heap
// for the life of the process); the per-message packets are encoded below without generate().
writeToStream.cacheNumbers = false;

/** Largest MQTT remaining length (4-byte variable byte integer). */
const MAX_REMAINING_LENGTH = 268_435_455;

/** A PUBLISH encoded once and shared by every subscriber with the same shape. */
export interface EncodedPublish {
  readonly bytes: Buffer;
  /** Offset of the 2-byte packet id, or -1 for QoS 0. */
  readonly packetIdOffset: number;
}

/** Encodes any packet for the given protocol version. Throws on an invalid packet. */
export function encodePacket(packet: Packet, protocolVersion: 3 | 4 | 5): Buffer {
  return generate(packet, { protocolVersion });
}

/** Offset of the packet id in an encoded QoS 1/2 PUBLISH: after fixed header and topic. */
export function packetIdOffsetOf(publish: Buffer): number {
  let i = 1;
  while ((publish[i]! & 0x80) !== 0) i++;
  i++; // last remaining-length byte
  return i + 2 + publish.readUInt16BE(i);
}

/**
 * Encodes a PUBLISH with packet id 1 as a placeholder (patched per subscriber by `withPacketId`).
 * Same bytes as mqtt-packet's `generate`, written directly into one buffer unless there are MQTT 5
 * properties to encode. Throws on a topic or payload that does not fit a packet.
 */
export function encodePublish(
  message: Message,
  protocolVersion: 3 | 4 | 5,
  qos: 0 | 1 | 2,
  retain: boolean,
): EncodedPublish {
  if (protocolVersion === 5 && message.properties !== undefined) {
    return generatePublish(message, protocolVersion, qos, retain);
  }
  const { topic, payload } = message;
  const topicBytes = Buffer.byteLength(topic);
  const propertyBytes = protocolVersion === 5 ? 1 : 0;
  const remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + propertyBytes + payload.length;
  if (remaining > MAX_REMAINING_LENGTH) throw new RangeError(`PUBLISH of ${remaining} bytes is too large`);
  const bytes = Buffer.allocUnsafe(1 + varIntBytes(remaining) + remaining);
  bytes[0] = 0x30 | (qos << 1) | (retain ? 1 : 0);
  let offset = writeVarInt(bytes, 1, remaining);
  offset = bytes.writeUInt16BE(topicBytes, offset);
  offset += bytes.write(topic, offset, 'utf8');
  let packetIdOffset = -1;
  if (qos > 0) {
    packetIdOffset = offset;
    offset = bytes.writeUInt16BE(1, offset);
  }
  if (propertyBytes > 0) bytes[offset++] = 0;
  payload.copy(bytes, offset);
  return { bytes, packetIdOffset };
}

function generatePublish(
  message: Message,
  protocolVersion: 3 | 4 | 5,
  qos: 0 | 1 | 2,
  retain: boolean,
): EncodedPublish {
  const packet: IPublishPacket = {
    cmd: 'publish',
    topic: message.topic,
    payload: message.payload,
    qos,
    retain,
    dup: false,
  };
  if (qos > 0) packet.messageId = 1;
  if (message.properties !== undefined) packet.properties = message.properties;
  const bytes = generate(packet, { protocolVersion });
  return { bytes, packetIdOffset: qos > 0 ? packetIdOffsetOf(bytes) : -1 };
}

function varIntBytes(value: number): number {
  return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

/** Writes an MQTT variable byte integer at `offset`; returns the offset after it. */
function writeVarInt(bytes: Buffer, offset: number, value: number): number {
  let rest = value;
  do {
    let digit = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) digit |= 0x80;
    bytes[offset++] = digit;
  } while (rest > 0);
  return offset;
}

/** A copy of an encoded QoS 1/2 PUBLISH carrying `packetId` (the shared bytes stay untouched). */
export function withPacketId(encoded: EncodedPublish, packetId: number): Buffer {
  const { bytes, packetIdOffset } = encoded;
  if (packetIdOffset < 0) throw new RangeError('QoS 0 PUBLISH has no packet id');
  const copy = Buffer.allocUnsafe(bytes.length);
  bytes.copy(copy);
  copy.writeUInt16BE(packetId, packetIdOffset);
  return copy;
}

/** Sets the DUP flag of an encoded PUBLISH in place (for a resend) [MQTT-3.3.1-1]. */
export function markDuplicate(publish: Buffer): void {
  publish[0] = publish[0]! | 0x08;
}

/**
 * Encodes one message lazily per (protocol 4|5, QoS, RETAIN) shape and reuses the bytes for every
 * subscriber of that shape.
 */
export class PublishEncoder {
  /** Most messages go out in one shape: it is kept here, further shapes in `shapes`. */
  private firstSlot = -1;
  private first: EncodedPublish | undefined;
  private shapes: Array<EncodedPublish | undefined> | undefined;

  constructor(readonly message: Message) {}

  /** The encoder to keep with a queued QoS 1/2 delivery: one that holds no connection. */
  forQueue(): PublishEncoder {
    return this;
  }

  encoded(protocolVersion: 3 | 4 | 5, qos: 0 | 1 | 2, retain: boolean): EncodedPublish {
    const slot = (protocolVersion === 5 ? 6 : 0) + qos * 2 + (retain ? 1 : 0);
    if (slot === this.firstSlot) return this.first!;
    let encoded = this.shapes?.[slot];
    if (encoded === undefined) {
      encoded = encodePublish(this.message, protocolVersion, qos, retain);
      if (this.firstSlot < 0) {
        this.firstSlot = slot;
        this.first = encoded;
      } else {
        this.shapes ??= [];
        this.shapes[slot] = encoded;
      }
    }
    return encoded;
  }
}

/**
 * PUBACK without going through mqtt-packet (hot path for inbound QoS 1). Same bytes as
 * `generate`: MQTT 5 omits the reason code when it is 0 [MQTT-3.4.2.1].
 */
export function encodePuback(packetId: number, protocolVersion: 3 | 4 | 5, reasonCode = 0): Buffer {
  if (protocolVersion !== 5 || reasonCode === 0) return shortAck(0x40, packetId);
  return Buffer.from([0x40, 0x04, packetId >> 8, packetId & 0xff, reasonCode, 0x00]);
}

export const PINGRESP = Buffer.from([0xd0, 0x00]);
