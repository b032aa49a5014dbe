import type { ForwardedProperties, Message } from './types.js';

/** A message on its way between nodes, with the share groups assigned to each node. */
export interface FanOutEnvelope {
  /** The node that accepted the message. */
  originNode: string;
  message: Message;
  /** Share group key (`$share/{group}/{filter}`) → node id that serves it for this message. */
  shares: Array<[key: string, nodeId: string]>;
}

/** Bytes that are not a fan-out envelope of this version. */
export class FanOutEnvelopeError extends Error {
  constructor(message: string) {
    super(`Invalid fan-out envelope: ${message}`);
    this.name = 'FanOutEnvelopeError';
  }
}

const VERSION = 1;
const HEADER_LENGTH_BYTES = 4;

interface Header {
  v: number;
  node: string;
  topic: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  receivedAt: number;
  clientId?: string;
  properties?: Omit<ForwardedProperties, 'correlationData'> & { correlationData?: string };
  shares?: Array<[string, string]>;
}

/**
 * Encodes an envelope for a message bus: a 4-byte length, a JSON header (correlation data as
 * base64) and the payload bytes as they are.
 */
export function encodeFanOutEnvelope(envelope: FanOutEnvelope): Buffer {
  const { message } = envelope;
  const header: Header = {
    v: VERSION,
    node: envelope.originNode,
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    receivedAt: message.receivedAt.getTime(),
  };
  if (message.clientId !== undefined) header.clientId = message.clientId;
  if (message.properties !== undefined) {
    const { correlationData, ...rest } = message.properties;
    header.properties =
      correlationData === undefined ? rest : { ...rest, correlationData: correlationData.toString('base64') };
  }
  if (envelope.shares.length > 0) header.shares = envelope.shares;
  const json = Buffer.from(JSON.stringify(header));
  const out = Buffer.allocUnsafe(HEADER_LENGTH_BYTES + json.length + message.payload.length);
  out.writeUInt32BE(json.length, 0);
  json.copy(out, HEADER_LENGTH_BYTES);
  message.payload.copy(out, HEADER_LENGTH_BYTES + json.length);
  return out;
}

/** Decodes `encodeFanOutEnvelope` output; throws FanOutEnvelopeError for anything else. */
export function decodeFanOutEnvelope(bytes: Buffer): FanOutEnvelope {
  if (bytes.length < HEADER_LENGTH_BYTES) throw new FanOutEnvelopeError('shorter than its length prefix');
  const headerLength = bytes.readUInt32BE(0);
  if (headerLength > bytes.length - HEADER_LENGTH_BYTES) throw new FanOutEnvelopeError('header longer than the data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8', HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength));
  } catch {
    throw new FanOutEnvelopeError('header is not JSON');
  }
  const header = checkHeader(parsed);
  const message: Message = {
    topic: header.topic,
    // A copy: the bus may reuse its buffer, subscribers' sessions keep the payload.
    payload: Buffer.from(bytes.subarray(HEADER_LENGTH_BYTES + headerLength)),
    qos: header.qos,
    retain: header.retain,
    receivedAt: new Date(header.receivedAt),
  };
  if (header.clientId !== undefined) message.clientId = header.clientId;
  if (header.properties !== undefined) {
    const { correlationData, ...rest } = header.properties;
    const properties: ForwardedProperties = rest;
    if (correlationData !== undefined) properties.correlationData = Buffer.from(correlationData, 'base64');
    message.properties = properties;
  }
  return { originNode: header.node, message, shares: header.shares ?? [] };
}

function checkHeader(value: unknown): Header {
  if (typeof value !== 'object' || value === null) throw new FanOutEnvelopeError('header is not an object');
  const header = value as Partial<Record<keyof Header, unknown>>;
  if (header.v !== VERSION) throw new FanOutEnvelopeError(`unsupported version ${JSON.stringify(header.v)}`);
  if (typeof header.node !== 'string' || header.node.length === 0) throw new FanOutEnvelopeError('no origin node');
  if (typeof header.topic !== 'string' || header.topic.length === 0) throw new FanOutEnvelopeError('no topic');
  if (header.qos !== 0 && header.qos !== 1 && header.qos !== 2) throw new FanOutEnvelopeError('qos is not 0, 1 or 2');
  if (typeof header.retain !== 'boolean') throw new FanOutEnvelopeError('retain is not a boolean');
  if (typeof header.receivedAt !== 'number' || !Number.isFinite(header.receivedAt)) {
    throw new FanOutEnvelopeError('receivedAt is not a time');
  }
  if (header.clientId !== undefined && typeof header.clientId !== 'string') {
    throw new FanOutEnvelopeError('clientId is not a string');
  }
  if (header.properties !== undefined) checkProperties(header.properties);
  if (header.shares !== undefined) {
    const pairs = header.shares;
    const valid =
      Array.isArray(pairs) &&
      pairs.every(
        (pair) =>
          Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
      );
    if (!valid) throw new FanOutEnvelopeError('shares is not a list of [group key, node id]');
  }
  return header as Header;
}

function checkProperties(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FanOutEnvelopeError('properties is not an object');
  }
  const p = value as Record<string, unknown>;
  const types: Record<string, string> = {
    payloadFormatIndicator: 'boolean',
    messageExpiryInterval: 'number',
    contentType: 'string',
    responseTopic: 'string',
    correlationData: 'string',
  };
  for (const [name, type] of Object.entries(types)) {
    if (p[name] !== undefined && typeof p[name] !== type) throw new FanOutEnvelopeError(`${name} is not a ${type}`);
  }
  const user = p.userProperties;
  if (user === undefined) return;
  const valid =
    typeof user === 'object' &&
    user !== null &&
    Object.values(user).every(
      (v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
    );
  if (!valid) throw new FanOutEnvelopeError('userProperties is not a map of strings');
}
