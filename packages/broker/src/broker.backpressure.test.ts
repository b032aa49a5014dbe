import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { IPublishPacket } from 'mqtt-packet';
import { Broker } from './broker.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const brokers: Broker[] = [];
let lines: LogLine[] = [];
let logged: (msg: string, count?: number) => Promise<void> = () => Promise.reject(new Error('no broker yet'));

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  logged = captured.logged;
  const broker = new Broker({ publishRatePerSecond: 0, ...options }, {}, captured.logger);
  brokers.push(broker);
  return broker;
}

const PAUSED = 'MQTT publisher paused';
const RESUMED = 'MQTT publisher resumed';

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

async function connected(broker: Broker, protocolVersion: 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) {
  const client = new RawClient(broker, protocolVersion);
  const connack = await client.connect(fields);
  assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
  return client;
}

/** A subscriber with Receive Maximum 2 that acknowledges nothing until the test says so. */
async function slowSubscriber(broker: Broker, fields: Parameters<RawClient['connect']>[0] = {}) {
  const client = await connected(broker, 5, { properties: { receiveMaximum: 2 }, ...fields });
  await client.subscribe('t', 1);
  return client;
}

/** Reads `count` PUBLISH packets, acknowledging each; returns the payloads. */
async function receiveAndAck(client: RawClient, count: number): Promise<string[]> {
  const payloads: string[] = [];
  for (let i = 0; i < count; i++) {
    const packet: IPublishPacket = await client.expect('publish');
    payloads.push(packet.payload.toString());
    client.send({ cmd: 'puback', messageId: packet.messageId! });
  }
  return payloads;
}

/** Reads `count` PUBACKs; returns their packet ids. */
async function pubacks(client: RawClient, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await client.expect('puback')).messageId!);
  return ids;
}

/** A broker round trip on `client` (PINGREQ/PINGRESP): everything written before it was handled. */
async function roundTrip(client: RawClient): Promise<void> {
  client.send({ cmd: 'pingreq' });
  await client.expect('pingresp');
}

const range = (n: number, prefix = 'm'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('back-pressure on QoS 1 publishers (no loss for connected subscribers)', { timeout: 10_000 }, () => {
  test('a slow connected QoS 1 subscriber gets every message exactly once and in order; the publisher is paused, then resumed', async () => {
    const broker = newBroker({ maxQueuedMessages: 10 });
    const subscriber = await slowSubscriber(broker);
    const publisher = await connected(broker, 4);
    const observer = await connected(broker, 4);
    const total = 50; // 5 × maxQueuedMessages
    const payloads = range(total);
    for (const payload of payloads) publisher.publish('t', payload, { qos: 1 });

    await logged(PAUSED);
    // 2 in flight + 11 queued (above the high watermark of 10): 13 accepted, then reading stops.
    assert.deepEqual(
      await pubacks(publisher, 13),
      range(13).map((_, i) => i + 1),
    );
    await roundTrip(observer);
    assert.equal(publisher.unread.length, 0, 'PUBACKs stall while the subscriber is congested');
    assert.ok(!lines.some((l) => l.msg === RESUMED));

    const received = receiveAndAck(subscriber, total);
    const acked = pubacks(publisher, total - 13);
    assert.deepEqual(await received, payloads);
    assert.equal((await acked).length, total - 13);
    await logged(RESUMED);
    await roundTrip(subscriber);
    assert.equal(subscriber.unread.length, 0, 'nothing delivered twice');
    assert.equal(broker.droppedMessageCount, 0);
  });

  for (const kind of ['clean', 'persistent'] as const) {
    test(`a paused publisher resumes when its congested subscriber disconnects (${kind} session)`, async () => {
      const broker = newBroker({ maxQueuedMessages: 10 });
      const fields =
        kind === 'clean' ? {} : { clientId: 'slow', clean: false, properties: { sessionExpiryInterval: 600 } };
      const subscriber = await slowSubscriber(broker, {
        ...fields,
        properties: { ...fields.properties, receiveMaximum: 2 },
      });
      const publisher = await connected(broker, 4);
      for (const payload of range(50)) publisher.publish('t', payload, { qos: 1 });
      await logged(PAUSED);
      await pubacks(publisher, 13);

      subscriber.end();
      await logged(RESUMED);
      // Everything else is accepted: dropped for a clean session, bounded offline queue otherwise.
      assert.equal((await pubacks(publisher, 37)).length, 37);
      await roundTrip(publisher);
      assert.equal(broker.sessionCount, kind === 'clean' ? 1 : 2);
      if (kind === 'persistent') {
        assert.ok(broker.droppedMessageCount > 0);
        assert.ok(lines.some((l) => l.msg === 'MQTT session queue full, oldest message dropped'));
      }
    });
  }

  test('a client subscribed to its own topic is not paused by its own congestion (no deadlock)', async () => {
    const broker = newBroker({ maxQueuedMessages: 5 });
    const client = await connected(broker, 5, { properties: { receiveMaximum: 2 } });
    await client.subscribe('t', 1);
    const total = 40;
    for (const payload of range(total)) client.publish('t', payload, { qos: 1 });
    // Every PUBLISH is acknowledged although the client acknowledges none of its deliveries yet.
    const publishes: IPublishPacket[] = [];
    let acked = 0;
    while (acked < total) {
      const packet = await client.next();
      if (packet.cmd === 'puback') acked++;
      else if (packet.cmd === 'publish') publishes.push(packet);
      else assert.fail(`unexpected ${packet.cmd}`);
    }
    assert.ok(!lines.some((l) => l.msg === PAUSED));
    const payloads = publishes.map((p) => p.payload.toString());
    for (const packet of publishes) client.send({ cmd: 'puback', messageId: packet.messageId! });
    payloads.push(...(await receiveAndAck(client, total - publishes.length)));
    assert.deepEqual(payloads, range(total));
    assert.equal(broker.droppedMessageCount, 0);
  });

  test('two clients publishing to each other while both are congested do not deadlock', async () => {
    const broker = newBroker({ maxQueuedMessages: 5 });
    const a = await connected(broker, 5, { properties: { receiveMaximum: 2 } });
    const b = await connected(broker, 5, { properties: { receiveMaximum: 2 } });
    await a.subscribe('to/a', 1);
    await b.subscribe('to/b', 1);
    const total = 30;
    for (const payload of range(total)) {
      a.publish('to/b', payload, { qos: 1 });
      b.publish('to/a', payload, { qos: 1 });
    }
    const run = async (client: RawClient): Promise<string[]> => {
      const payloads: string[] = [];
      let acked = 0;
      while (acked < total || payloads.length < total) {
        const packet = await client.next();
        if (packet.cmd === 'puback') acked++;
        else if (packet.cmd === 'publish') {
          payloads.push(packet.payload.toString());
          client.send({ cmd: 'puback', messageId: packet.messageId! });
        }
      }
      return payloads;
    };
    assert.deepEqual(await Promise.all([run(a), run(b)]), [range(total), range(total)]);
    assert.equal(broker.droppedMessageCount, 0);
  });

  test('a paused publisher whose own deliveries become congested is resumed to read its acknowledgements', async () => {
    const broker = newBroker({ maxQueuedMessages: 5 });
    const subscriber = await slowSubscriber(broker);
    const publisher = await connected(broker, 5, { properties: { receiveMaximum: 2 } });
    await publisher.subscribe('to/publisher', 1);
    for (const payload of range(20)) publisher.publish('t', payload, { qos: 1 });
    await logged(PAUSED);
    assert.equal((await pubacks(publisher, 8)).length, 8);
    // Its own session congests (the platform's publishes cannot be paused): it must read PUBACKs again.
    for (const payload of range(8, 'own')) broker.publish({ topic: 'to/publisher', payload, qos: 1, retain: false });
    await logged(RESUMED);
    let acked = 8;
    const own: string[] = [];
    while (own.length < 8) {
      const packet = await publisher.next();
      if (packet.cmd === 'puback') acked++;
      else if (packet.cmd === 'publish') {
        own.push(packet.payload.toString());
        publisher.send({ cmd: 'puback', messageId: packet.messageId! });
      }
    }
    assert.deepEqual(own, range(8, 'own'));
    // Once its own queue drained it may be paused again by the slow subscriber, until that one acks.
    const received = receiveAndAck(subscriber, 20);
    assert.equal((await pubacks(publisher, 20 - acked)).length, 20 - acked);
    assert.deepEqual(await received, range(20));
    assert.equal(broker.droppedMessageCount, 0);
  });

  test('beyond maxQueuedMessagesHard a connected session drops the oldest, logged and counted', async () => {
    const broker = newBroker({ maxQueuedMessages: 2, maxQueuedMessagesHard: 5 });
    const subscriber = await connected(broker, 5, { properties: { receiveMaximum: 1 } });
    await subscriber.subscribe('t', 1);
    // The platform's own publish cannot be paused: 1 in flight, 5 queued, 4 dropped.
    for (const payload of range(10)) broker.publish({ topic: 't', payload, qos: 1, retain: false });
    assert.equal(broker.droppedMessageCount, 4);
    const line = lines.find((l) => l.msg === 'MQTT session queue at its hard limit, oldest message dropped');
    assert.equal(line?.level, 'warn');
    assert.deepEqual(await receiveAndAck(subscriber, 6), ['m1', 'm6', 'm7', 'm8', 'm9', 'm10']);
  });

  test('an offline persistent session keeps the bounded queue (oldest dropped) and does not pause publishers', async () => {
    const broker = newBroker({ maxQueuedMessages: 2 });
    const first = new RawClient(broker, 4);
    await first.connect({ clientId: 'offline', clean: false });
    await first.subscribe('t', 1);
    first.end();
    while (broker.clientCount > 1 || broker.clients().some((c) => c.clientId === 'offline'))
      await new Promise((r) => setImmediate(r));
    const publisher = await connected(broker, 4);
    for (const payload of range(5)) publisher.publish('t', payload, { qos: 1 });
    assert.equal((await pubacks(publisher, 5)).length, 5);
    assert.equal(broker.droppedMessageCount, 3);
    assert.ok(!lines.some((l) => l.msg === PAUSED));
    const second = new RawClient(broker, 4);
    const connack = await second.connect({ clientId: 'offline', clean: false });
    assert.equal(connack.sessionPresent, true);
    assert.deepEqual(await receiveAndAck(second, 2), ['m4', 'm5']);
  });
});
