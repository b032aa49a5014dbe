import { parser as createParser, type IConnectPacket, type Packet, type Parser } from 'mqtt-packet';

/** What a PacketReader reports to its connection. */
export interface PacketSink {
  /** Set once the connection is closed: the rest of the data is dropped. */
  readonly closed: boolean;
  onPacket(packet: Packet): void;
  onParseError(error: Error): void;
  /** A packet of `bytes` (fixed header included) exceeds the limit; it is not read. */
  onOversized(bytes: number): void;
}

const PUBLISH = 3;
const PUBACK = 4;
const PUBREL = 6;
const PUBCOMP = 7;
const PINGREQ = 12;
/** Longest fixed header: 1 type byte + 4 remaining-length bytes. */
const MAX_HEADER_BYTES = 5;
const ackCommands = [undefined, undefined, undefined, undefined, 'puback', 'pubrec', 'pubrel', 'pubcomp'] as const;

/**
 * One mqtt-packet parser per protocol version, shared by every connection. It is given exactly one
 * whole packet at a time, so it never holds bytes of a connection between calls; it reports
 * synchronously, into `decoded`.
 */
class SharedParser {
  private readonly parser: Parser;
  private packet: Packet | undefined;
  private error: Error | undefined;

  constructor(private readonly settings: { protocolVersion?: 3 | 4 | 5 }) {
    this.parser = createParser(settings);
    this.parser.on('packet', (packet: Packet) => {
      this.packet = packet;
    });
    this.parser.on('error', (error: Error) => {
      this.error = error;
    });
  }

  decode(frame: Buffer): Packet | Error {
    this.packet = undefined;
    this.error = undefined;
    this.parser.parse(frame);
    // mqtt-packet keeps the settings of the last CONNECT; this parser keeps its own.
    (this.parser as unknown as { settings: object }).settings = this.settings;
    const { packet, error } = this;
    this.packet = undefined;
    this.error = undefined;
    if (packet !== undefined && error === undefined) return packet;
    // Start the next packet from a clean state, whoever it belongs to (_resetState leaves the
    // read position of the failed packet behind).
    const internals = this.parser as unknown as { _resetState(): void; _pos: number };
    internals._resetState();
    internals._pos = 0;
    return error ?? new Error('Packet too short');
  }
}

const parsers = {
  /** Before CONNECT, and for CONNECT itself (which carries its own version). */
  initial: new SharedParser({}),
  3: new SharedParser({ protocolVersion: 3 }),
  4: new SharedParser({ protocolVersion: 4 }),
  5: new SharedParser({ protocolVersion: 5 }),
};

/**
 * Splits a connection's byte stream into MQTT control packets and decodes them, keeping no more
 * per connection than the bytes of an incomplete packet. PUBLISH, its acknowledgements and PINGREQ
 * (the per-message traffic) are decoded here when well formed; every other packet, and anything
 * unusual about those, goes to mqtt-packet's parser one whole packet at a time, so both paths
 * accept and refuse exactly the same input.
 */
export class PacketReader {
  /** From the CONNECT packet, as mqtt-packet's parser does; undefined before it. */
  private protocolVersion: 3 | 4 | 5 | undefined;
  /** Bytes of a packet that is not complete yet. */
  private parts: Buffer[] | undefined;
  private partsLength = 0;
  /** Size of that packet (fixed header included), 0 while its fixed header is incomplete. */
  private partsNeeded = 0;
  private failed = false;

  constructor(
    private readonly sink: PacketSink,
    private readonly maxPacketBytes: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    let buffer = chunk;
    if (this.parts !== undefined) {
      this.parts.push(chunk);
      this.partsLength += chunk.length;
      if (this.partsLength < this.partsNeeded) return;
      buffer = Buffer.concat(this.parts, this.partsLength);
      this.parts = undefined;
      this.partsLength = 0;
      this.partsNeeded = 0;
    }
    const length = buffer.length;
    let offset = 0;
    while (offset < length && !this.sink.closed) {
      // Fixed header: type and flags, then the remaining length (1-4 bytes, 7 bits each).
      let remaining = 0;
      let multiplier = 1;
      let position = offset + 1;
      let complete = false;
      while (position < length && position - offset <= 4) {
        const byte = buffer[position++]!;
        remaining += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (position - offset > 4) {
          // A fifth length byte: mqtt-packet reports it.
          this.decodeWithParser(buffer.subarray(offset, Math.min(length, offset + MAX_HEADER_BYTES)));
          this.failed = true;
          return;
        }
        this.keep(buffer.subarray(offset), 0);
        return;
      }
      const end = position + remaining;
      if (end - offset > this.maxPacketBytes) {
        this.failed = true;
        this.sink.onOversized(end - offset);
        return;
      }
      if (end > length) {
        this.keep(buffer.subarray(offset), end - offset);
        return;
      }
      this.decode(buffer, offset, position, end);
      offset = end;
    }
  }

  private keep(rest: Buffer, needed: number): void {
    this.parts = [rest];
    this.partsLength = rest.length;
    this.partsNeeded = needed;
  }

  /** Decodes the packet at buffer[start, end) whose body begins at `body`. */
  private decode(buffer: Buffer, start: number, body: number, end: number): void {
    const version = this.protocolVersion;
    const first = buffer[start]!;
    const type = first >> 4;
    let packet: Packet | undefined;
    if (version !== undefined) {
      if (type === PUBLISH) packet = decodePublish(buffer, first, body, end, version);
      else if (type >= PUBACK && type <= PUBCOMP) packet = decodeAck(buffer, first, body, end, version);
      else if (first === PINGREQ << 4 && end === body) packet = { cmd: 'pingreq' };
    }
    if (packet !== undefined) {
      this.sink.onPacket(packet);
      return;
    }
    this.decodeWithParser(buffer.subarray(start, end));
  }

  private decodeWithParser(frame: Buffer): void {
    const version = this.protocolVersion;
    const decoded = (version === undefined ? parsers.initial : parsers[version]).decode(frame);
    if (decoded instanceof Error) {
      this.failed = true;
      this.sink.onParseError(decoded);
      return;
    }
    if (decoded.cmd === 'connect') this.protocolVersion = (decoded as IConnectPacket).protocolVersion ?? 4;
    this.sink.onPacket(decoded);
  }
}

/**
 * A well-formed PUBLISH without MQTT 5 properties, decoded as mqtt-packet does (the payload is a
 * view of the received bytes); undefined when mqtt-packet should decode or refuse it.
 */
function decodePublish(
  buffer: Buffer,
  first: number,
  body: number,
  end: number,
  version: 3 | 4 | 5,
): Packet | undefined {
  const qos = (first >> 1) & 3;
  if (qos === 3 || end - body < 2) return undefined;
  const topicEnd = body + 2 + buffer.readUInt16BE(body);
  let position = topicEnd;
  if (qos > 0) position += 2;
  if (version === 5) {
    // Property length 0 (one byte); anything else is parsed by mqtt-packet.
    if (position >= end || buffer[position] !== 0) return undefined;
    position++;
  }
  if (position > end) return undefined;
  return {
    cmd: 'publish',
    retain: (first & 1) !== 0,
    qos: qos as 0 | 1 | 2,
    dup: (first & 8) !== 0,
    topic: buffer.toString('utf8', body + 2, topicEnd),
    payload: buffer.subarray(position, end),
    messageId: qos > 0 ? buffer.readUInt16BE(topicEnd) : undefined,
  };
}

/** PUBACK/PUBREC/PUBREL/PUBCOMP with only a packet id (reason code 0), as mqtt-packet decodes it. */
function decodeAck(buffer: Buffer, first: number, body: number, end: number, version: 3 | 4 | 5): Packet | undefined {
  const type = first >> 4;
  // Reserved flags: 0b0010 for PUBREL, 0 for the others [MQTT-2.2.2-1].
  if ((first & 0x0f) !== (type === PUBREL ? 2 : 0) || end - body !== 2) return undefined;
  const packet = { cmd: ackCommands[type]!, messageId: buffer.readUInt16BE(body) } as Packet & { reasonCode?: number };
  if (version === 5) packet.reasonCode = 0;
  return packet;
}
