import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import { afterEach, describe, test } from 'node:test';
import { generate, type Packet, parser } from 'mqtt-packet';
import { Broker } from './broker.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const brokers: Broker[] = [];
let lines: LogLine[] = [];

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  const broker = new Broker({ publishRatePerSecond: 0, ...options }, {}, captured.logger);
  brokers.push(broker);
  return broker;
}

const stalled: StallingSubscriber[] = [];

afterEach(async () => {
  // A stream that is not read cannot finish: read again so the broker's close completes.
  for (const subscriber of stalled.splice(0)) subscriber.client.resume();
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

/**
 * Two connected in-memory streams that honour back-pressure like a socket: a write completes only
 * once the peer's reader has room, so a reader that stops reading makes the writer buffer.
 */
function backpressuredPair(): [Duplex, Duplex] {
  let left: Duplex;
  let right: Duplex;
  const waiting = new Map<Duplex, () => void>();
  const make = (peer: () => Duplex) => {
    const stream: Duplex = new Duplex({
      read() {
        // This side's reader wants more: release the peer's held write.
        const release = waiting.get(stream);
        waiting.delete(stream);
        release?.();
      },
      write(chunk: Buffer, _encoding, callback) {
        const target = peer();
        if (target.push(chunk)) callback();
        else waiting.set(target, callback);
      },
      final(callback) {
        peer().push(null);
        callback();
      },
    });
    return stream;
  };
  left = make(() => right);
  right = make(() => left);
  return [left, right];
}

/** A subscriber on a back-pressured stream that can stop reading. */
class StallingSubscriber {
  readonly client: Duplex;
  readonly server: Duplex;
  readonly packets: Packet[] = [];
  private waiter: (() => void) | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.decoder.parse(chunk);
  };
  private readonly decoder = parser({ protocolVersion: 4 });

  constructor(broker: Broker) {
    [this.client, this.server] = backpressuredPair();
    stalled.push(this);
    this.decoder.on('packet', (packet: Packet) => {
      this.packets.push(packet);
      this.waiter?.();
    });
    this.client.on('data', this.onData);
    broker.handle(this.server, { transport: 'memory', remoteAddress: 'stalling' });
  }

  private async until(cmd: Packet['cmd']): Promise<void> {
    while (!this.packets.some((p) => p.cmd === cmd)) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  async connectAndSubscribe(filter: string, qos: 0 | 1 = 0): Promise<void> {
    const send = (packet: Packet) => this.client.write(generate(packet, { protocolVersion: 4 }));
    send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'stalling', clean: true, keepalive: 0 });
    await this.until('connack');
    send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: filter, qos }] });
    await this.until('suback');
  }

  /** Reads again and resolves once the broker's send buffer drained. */
  async resumeReading(): Promise<void> {
    const drained = once(this.server, 'drain');
    this.client.on('data', this.onData);
    this.client.resume();
    await drained;
  }

  /** Resolves once a PUBLISH on `topic` arrived. */
  async untilPublish(topic: string): Promise<void> {
    while (!this.packets.some((p) => p.cmd === 'publish' && p.topic === topic)) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** Stops reading: the client's receive buffer fills, then the broker's send buffer. */
  stopReading(): void {
    this.client.off('data', this.onData);
    this.client.pause();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('slow consumers', () => {
  test('defaults to 1 MiB', () => {
    assert.equal(newBroker().options.maxOutgoingBufferBytes, 1024 * 1024);
  });

  test('QoS 0 to a subscriber that stops reading is dropped and counted; its buffer stays bounded; others get everything', async () => {
    const limit = 64 * 1024;
    const broker = newBroker({ maxOutgoingBufferBytes: limit });
    const stalling = new StallingSubscriber(broker);
    await stalling.connectAndSubscribe('flood/#');
    const healthy = new RawClient(broker, 4);
    await healthy.connect();
    await healthy.subscribe('flood/#', 0);
    stalling.stopReading();

    const payload = Buffer.alloc(1024, 0x61);
    const packetBytes = payload.length + 'flood/x'.length + 2 + 3;
    const batches = 40;
    const perBatch = 16; // 16 KiB per tick: below the limit for a subscriber that reads
    let maxBuffered = 0;
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < perBatch; i++) broker.publish({ topic: 'flood/x', payload, qos: 0, retain: false });
      maxBuffered = Math.max(maxBuffered, stalling.server.writableLength);
      await nextTurn();
      maxBuffered = Math.max(maxBuffered, stalling.server.writableLength);
    }
    const total = batches * perBatch;

    assert.ok(broker.droppedQos0Count > 0, 'QoS 0 messages were dropped');
    assert.ok(broker.droppedQos0Count < total, 'the subscriber got some before it stalled');
    assert.ok(maxBuffered <= limit + packetBytes, `buffered ${maxBuffered} bytes, limit ${limit}`);
    // The warning is rate-limited: one line for the whole flood.
    const warnings = lines.filter((l) => l.msg === 'MQTT slow consumer, QoS 0 message dropped');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.level, 'warn');
    assert.equal(warnings[0]!.obj.clientId, 'stalling');

    // Once it reads again, it has every message that was not dropped.
    await stalling.resumeReading();
    broker.publish({ topic: 'flood/end', payload: 'end', qos: 0, retain: false });
    await stalling.untilPublish('flood/end');
    const received = stalling.packets.filter((p) => p.cmd === 'publish' && p.topic === 'flood/x').length;
    assert.equal(received + broker.droppedQos0Count, total);

    // The reading subscriber got every message.
    for (let i = 0; i < total; i++) {
      const packet = await healthy.expect('publish');
      assert.equal(packet.payload.length, payload.length);
    }

    // New clients are still served.
    const late = new RawClient(broker, 5);
    await late.connect();
    await late.subscribe('late', 1);
    const publisher = new RawClient(broker, 4);
    await publisher.connect();
    publisher.publish('late', 'hello', { qos: 1 });
    await publisher.expect('puback');
    const got = await late.expect('publish');
    assert.equal(got.payload.toString(), 'hello');
    assert.equal(broker.clientCount, 4);
  });

  test('QoS 1 to a stalled subscriber is not dropped by the buffer limit: it goes through the session queue', async () => {
    const broker = newBroker({ maxOutgoingBufferBytes: 1024, maxInflightOutgoing: 1000, maxQueuedMessages: 1000 });
    const stalling = new StallingSubscriber(broker);
    await stalling.connectAndSubscribe('q1', 1);
    stalling.stopReading();
    const payload = Buffer.alloc(1024, 0x62);
    for (let b = 0; b < 10; b++) {
      for (let i = 0; i < 10; i++) broker.publish({ topic: 'q1', payload, qos: 1, retain: false });
      await nextTurn();
    }
    assert.equal(broker.droppedQos0Count, 0);
    assert.equal(broker.droppedMessageCount, 0);
    // The QoS 1 messages wait in the broker's buffer (bounded by the session's in-flight window).
    assert.ok(stalling.server.writableLength > 1024);
  });
});
