import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { duplexPair } from '@meridian/test-utils';
import {
  generate,
  type IConnackPacket,
  type IConnectPacket,
  type IPublishPacket,
  type Packet,
  parser,
} from 'mqtt-packet';
import type { Broker } from '../broker.js';
import type { ConnectionMeta } from '../types.js';

type PacketOf<C extends Packet['cmd']> = Extract<Packet, { cmd: C }>;

let clientCounter = 0;

/**
 * A client speaking raw MQTT over an in-memory duplex pair: sends mqtt-packet packets or raw
 * bytes and reads the broker's packets one by one.
 */
export class RawClient {
  readonly stream: Duplex;
  /** Resolves when the broker ended the connection. */
  readonly ended: Promise<void>;
  private readonly received: Packet[] = [];
  private readonly waiters: Array<{ resolve: (packet: Packet) => void; reject: (error: Error) => void }> = [];
  private isEnded = false;
  private lastPacketId = 0;

  constructor(
    broker: Broker,
    readonly protocolVersion: 3 | 4 | 5 = 4,
    meta: ConnectionMeta = { transport: 'memory', remoteAddress: 'memory' },
  ) {
    const [client, server] = duplexPair();
    this.stream = client;
    const decoder = parser({ protocolVersion });
    decoder.on('packet', (packet: Packet) => {
      const waiter = this.waiters.shift();
      if (waiter !== undefined) waiter.resolve(packet);
      else this.received.push(packet);
    });
    decoder.on('error', (error: Error) => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    });
    client.on('data', (chunk: Buffer) => decoder.parse(chunk));
    this.ended = new Promise((resolve) => {
      client.on('end', () => {
        this.isEnded = true;
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('connection ended'));
        resolve();
      });
    });
    broker.handle(server, meta);
  }

  send(packet: Packet): void {
    this.stream.write(generate(packet, { protocolVersion: this.protocolVersion }));
  }

  sendRaw(bytes: Buffer | number[]): void {
    this.stream.write(Buffer.from(bytes));
  }

  /** The next packet from the broker; rejects if the connection ends first. */
  next(): Promise<Packet> {
    const packet = this.received.shift();
    if (packet !== undefined) return Promise.resolve(packet);
    if (this.isEnded) return Promise.reject(new Error('connection ended'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The next packet, which must be a `cmd`. */
  async expect<C extends Packet['cmd']>(cmd: C): Promise<PacketOf<C>> {
    const packet = await this.next();
    if (packet.cmd !== cmd) throw new Error(`expected ${cmd}, got ${JSON.stringify(packet)}`);
    return packet as PacketOf<C>;
  }

  /** Packets received and not read yet. */
  get unread(): readonly Packet[] {
    return this.received;
  }

  async connect(fields: Partial<IConnectPacket> = {}): Promise<IConnackPacket> {
    this.send({
      cmd: 'connect',
      protocolId: this.protocolVersion === 3 ? 'MQIsdp' : 'MQTT',
      protocolVersion: this.protocolVersion,
      clientId: `raw-${++clientCounter}`,
      clean: true,
      keepalive: 60,
      ...fields,
    });
    return this.expect('connack');
  }

  /** SUBSCRIBE and wait for the SUBACK; returns the granted codes. */
  async subscribe(
    filters: string | Array<string | { topic: string; qos: 0 | 1 | 2; nl?: boolean; rap?: boolean; rh?: number }>,
    qos: 0 | 1 | 2 = 1,
  ): Promise<number[]> {
    const list = (typeof filters === 'string' ? [filters] : filters).map((f) =>
      typeof f === 'string' ? { topic: f, qos } : f,
    );
    const messageId = ++this.lastPacketId;
    this.send({ cmd: 'subscribe', messageId, subscriptions: list });
    const suback = await this.expect('suback');
    if (suback.messageId !== messageId) throw new Error(`SUBACK for ${suback.messageId}, expected ${messageId}`);
    return suback.granted as number[];
  }

  /** PUBLISH; packet id assigned for QoS > 0. */
  publish(topic: string, payload: string | Buffer, options: Partial<IPublishPacket> = {}): number | undefined {
    const qos = options.qos ?? 0;
    const messageId = qos > 0 ? ++this.lastPacketId : undefined;
    const packet: IPublishPacket = { cmd: 'publish', topic, payload, qos, retain: false, dup: false, ...options };
    if (messageId !== undefined) packet.messageId = messageId;
    this.send(packet);
    return messageId;
  }

  /** Closes the client side without DISCONNECT (an abnormal close for the broker). */
  end(): void {
    this.stream.end();
  }
}

/** A RawClient that has connected and been accepted (CONNACK success). */
export async function connectRaw(
  broker: Broker,
  protocolVersion: 3 | 4 | 5,
  fields: Parameters<RawClient['connect']>[0] = {},
): Promise<RawClient> {
  const client = new RawClient(broker, protocolVersion);
  const connack = await client.connect(fields);
  assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
  return client;
}

/** Publishes `sentinel` from the platform and asserts it is the client's next packet: nothing came before it. */
export async function assertNothingBeforeSentinel(broker: Broker, client: RawClient): Promise<void> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  const packet = await client.expect('publish');
  assert.equal(packet.topic, 'sentinel', `unexpected ${JSON.stringify(packet)}`);
}
