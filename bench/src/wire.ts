import { generate, type IConnectPacket, type IPublishPacket, type ISubscribePacket } from 'mqtt-packet';

/** Pre-encoded MQTT 3.1.1 packets and a minimal fixed-header frame reader for the load generator. */

export function encodeConnect(clientId: string): Buffer {
  const packet: IConnectPacket = {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId,
    clean: true,
    keepalive: 600,
  };
  return generate(packet);
}

export function encodeSubscribe(filter: string, qos: 0 | 1, messageId = 1): Buffer {
  const packet: ISubscribePacket = { cmd: 'subscribe', messageId, subscriptions: [{ topic: filter, qos }] };
  return generate(packet);
}

export const DISCONNECT = generate({ cmd: 'disconnect' });

export interface PublishTemplate {
  bytes: Buffer;
  /** Offset of the 2-byte packet id (QoS 1), -1 for QoS 0. */
  idOffset: number;
  /** Offset of the payload. */
  payloadOffset: number;
}

export function encodePublish(topic: string, payload: Buffer, qos: 0 | 1): PublishTemplate {
  const packet: IPublishPacket = { cmd: 'publish', topic, payload, qos, retain: false, dup: false };
  if (qos === 1) packet.messageId = 1;
  const bytes = generate(packet);
  const payloadOffset = bytes.length - payload.length;
  return { bytes, idOffset: qos === 1 ? payloadOffset - 2 : -1, payloadOffset };
}

export const PACKET_CONNACK = 2;
export const PACKET_PUBLISH = 3;
export const PACKET_PUBACK = 4;
export const PACKET_SUBACK = 9;

/**
 * Called for every complete packet; `start` is the first byte after the fixed header and
 * `frameStart` the first byte of the packet.
 */
export type FrameHandler = (
  type: number,
  flags: number,
  buf: Buffer,
  start: number,
  end: number,
  frameStart: number,
) => void;

/**
 * Splits a byte stream into MQTT packets by reading only fixed headers (type, flags, remaining
 * length). Much cheaper than a full parser, so the generator is not the bottleneck.
 */
export class FrameReader {
  private rest: Buffer | undefined;

  constructor(private readonly onFrame: FrameHandler) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest !== undefined) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = undefined;
    }
    const len = buf.length;
    let off = 0;
    while (off < len) {
      if (len - off < 2) break;
      const first = buf[off]!;
      let remaining = 0;
      let multiplier = 1;
      let pos = off + 1;
      let complete = false;
      for (let i = 0; i < 4 && pos < len; i++) {
        const b = buf[pos++]!;
        remaining += (b & 0x7f) * multiplier;
        multiplier *= 128;
        if ((b & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      const end = pos + remaining;
      if (end > len) break;
      this.onFrame(first >> 4, first & 0x0f, buf, pos, end, off);
      off = end;
    }
    if (off < len) this.rest = buf.subarray(off);
  }
}

/** PUBACK for a packet id. */
export function puback(id: number): Buffer {
  return Buffer.from([0x40, 0x02, id >> 8, id & 0xff]);
}
