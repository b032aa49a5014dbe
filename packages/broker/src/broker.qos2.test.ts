import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const versions = [4, 5] as const;
let broker: Broker;

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  broker = new Broker(options);
  return broker;
}

beforeEach(() => {
  newBroker();
});
afterEach(() => broker.close());

async function connected(protocolVersion: 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) {
  const client = new RawClient(broker, protocolVersion);
  await client.connect(fields);
  return client;
}

async function nothingBeforeSentinel(client: RawClient): Promise<void> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  const packet = await client.expect('publish');
  assert.equal(packet.topic, 'sentinel', `unexpected ${JSON.stringify(packet)}`);
}

async function dropped(client: RawClient, clientId: string): Promise<void> {
  client.end();
  await client.ended;
  while (broker.clients().some((c) => c.clientId === clientId)) await new Promise((r) => setImmediate(r));
}

describe('QoS 2', { timeout: 10_000 }, () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-4.3.3-2] [MQTT-4.3.3-9] [MQTT-4.3.3-11] incoming QoS 2 is delivered exactly once: PUBREC, PUBREL, PUBCOMP (MQTT ${protocolVersion})`, async () => {
      const subscriber = await connected(5);
      await subscriber.subscribe(['q/#', 'sentinel'], 2);
      const publisher = await connected(protocolVersion);
      const id = publisher.publish('q/1', 'once', { qos: 2 })!;
      const pubrec = await publisher.expect('pubrec');
      assert.equal(pubrec.messageId, id);
      const delivered = await subscriber.expect('publish');
      assert.deepEqual([delivered.topic, delivered.qos], ['q/1', 2]);

      // The same packet id again before PUBREL: acknowledged, not delivered again.
      publisher.send({
        cmd: 'publish',
        topic: 'q/1',
        payload: 'once',
        qos: 2,
        messageId: id,
        dup: true,
        retain: false,
      });
      assert.equal((await publisher.expect('pubrec')).messageId, id);
      publisher.send({ cmd: 'pubrel', messageId: id });
      assert.equal((await publisher.expect('pubcomp')).messageId, id);
      await nothingBeforeSentinel(subscriber);

      // [MQTT-4.3.3-10] after PUBREL the packet id starts a new message.
      publisher.send({
        cmd: 'publish',
        topic: 'q/2',
        payload: 'new',
        qos: 2,
        messageId: id,
        dup: false,
        retain: false,
      });
      await publisher.expect('pubrec');
      assert.equal((await subscriber.expect('publish')).topic, 'q/2');
    });

    test(`[MQTT-4.3.3-4] [MQTT-4.3.3-5] outgoing QoS 2: PUBREC is answered with PUBREL, PUBCOMP ends the exchange (MQTT ${protocolVersion})`, async () => {
      const subscriber = await connected(protocolVersion);
      await subscriber.subscribe(['q/#', 'sentinel'], 2);
      broker.publish({ topic: 'q/x', payload: 'hi', qos: 1, retain: false });
      const publisher = await connected(5);
      publisher.publish('q/y', 'two', { qos: 2 });
      await publisher.expect('pubrec');
      const q1 = await subscriber.expect('publish');
      const q2 = await subscriber.expect('publish');
      // [MQTT-3.8.4-8] delivery QoS = min(published QoS, granted QoS).
      assert.deepEqual([q1.qos, q2.qos], [1, 2]);
      subscriber.send({ cmd: 'puback', messageId: q1.messageId! });
      subscriber.send({ cmd: 'pubrec', messageId: q2.messageId! });
      assert.equal((await subscriber.expect('pubrel')).messageId, q2.messageId);
      subscriber.send({ cmd: 'pubcomp', messageId: q2.messageId! });
      await nothingBeforeSentinel(subscriber);
    });
  }

  test('[MQTT-4.3.3-11] PUBREL for an unknown packet id gets PUBCOMP 0x92 (MQTT 5)', async () => {
    const client = await connected(5);
    client.send({ cmd: 'pubrel', messageId: 42 });
    const pubcomp = await client.expect('pubcomp');
    assert.deepEqual([pubcomp.messageId, pubcomp.reasonCode], [42, ReasonCode.packetIdentifierNotFound]);
  });

  test('an MQTT 5 PUBREC with an error reason code ends the outgoing exchange without PUBREL', async () => {
    const subscriber = await connected(5, { properties: { receiveMaximum: 1 } });
    await subscriber.subscribe(['q', 'sentinel'], 2);
    broker.publish({ topic: 'q', payload: '1', qos: 1, retain: false });
    const first = await subscriber.expect('publish');
    subscriber.send({ cmd: 'puback', messageId: first.messageId! });
    const publisher = await connected(5);
    publisher.publish('q', '2', { qos: 2 });
    const second = await subscriber.expect('publish');
    subscriber.send({ cmd: 'pubrec', messageId: second.messageId!, reasonCode: 0x80 });
    // The in-flight slot is free again: the next message is sent (Receive Maximum 1).
    broker.publish({ topic: 'q', payload: '3', qos: 1, retain: false });
    assert.equal((await subscriber.expect('publish')).payload.toString(), '3');
  });
});

describe('redelivery and in-flight windows', { timeout: 10_000 }, () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-4.4.0-1] [MQTT-3.3.1-1] unacknowledged PUBLISH are resent with DUP=1 and PUBREL resent on reconnect (MQTT ${protocolVersion})`, async () => {
      const properties = protocolVersion === 5 ? { sessionExpiryInterval: 60 } : undefined;
      const fields = { clientId: `dup-${protocolVersion}`, clean: false, ...(properties ? { properties } : {}) };
      const first = await connected(protocolVersion, fields);
      await first.subscribe(['d/#'], 2);
      const publisher = await connected(5);
      publisher.publish('d/1', 'qos1', { qos: 1 });
      publisher.publish('d/2', 'qos2', { qos: 2 });
      publisher.publish('d/3', 'released', { qos: 2 });
      const [m1, m2, m3] = [
        await first.expect('publish'),
        await first.expect('publish'),
        await first.expect('publish'),
      ];
      assert.deepEqual([m1.dup, m2.dup, m3.dup], [false, false, false]);
      first.send({ cmd: 'pubrec', messageId: m3.messageId! });
      await first.expect('pubrel');
      await dropped(first, fields.clientId);

      const second = new RawClient(broker, protocolVersion);
      const connack = await second.connect(fields);
      assert.equal(connack.sessionPresent, true);
      const r1 = await second.expect('publish');
      const r2 = await second.expect('publish');
      const r3 = await second.expect('pubrel');
      assert.deepEqual(
        [r1.topic, r1.messageId, r1.dup, r1.qos, r2.topic, r2.messageId, r2.dup, r2.qos],
        ['d/1', m1.messageId, true, 1, 'd/2', m2.messageId, true, 2],
      );
      assert.equal(r3.messageId, m3.messageId);
    });
  }

  test('outgoing QoS 1/2 in flight are limited by the client Receive Maximum; the rest is queued [MQTT-3.3.4-7]', async () => {
    const client = await connected(5, { properties: { receiveMaximum: 2 } });
    await client.subscribe(['w', 'sentinel'], 1);
    for (const payload of ['1', '2', '3']) broker.publish({ topic: 'w', payload, qos: 1, retain: false });
    const a = await client.expect('publish');
    const b = await client.expect('publish');
    await nothingBeforeSentinel(client);
    client.send({ cmd: 'puback', messageId: a.messageId! });
    assert.equal((await client.expect('publish')).payload.toString(), '3');
    assert.notEqual(b.messageId, a.messageId);
  });

  test('maxInflightOutgoing limits outgoing QoS 1 for MQTT 3.1.1 clients', async () => {
    newBroker({ maxInflightOutgoing: 1 });
    const client = await connected(4);
    await client.subscribe(['w', 'sentinel'], 1);
    broker.publish({ topic: 'w', payload: '1', qos: 1, retain: false });
    broker.publish({ topic: 'w', payload: '2', qos: 1, retain: false });
    const a = await client.expect('publish');
    await nothingBeforeSentinel(client);
    client.send({ cmd: 'puback', messageId: a.messageId! });
    assert.equal((await client.expect('publish')).payload.toString(), '2');
  });

  test('CONNACK advertises receiveMaximum; exceeding it gets DISCONNECT 0x93', async () => {
    newBroker({ receiveMaximum: 2 });
    const client = new RawClient(broker, 5);
    const connack = await client.connect();
    assert.equal(connack.properties?.receiveMaximum, 2);
    client.publish('r', '1', { qos: 2 });
    client.publish('r', '2', { qos: 2 });
    await client.expect('pubrec');
    await client.expect('pubrec');
    client.publish('r', '3', { qos: 2 });
    assert.equal((await client.expect('disconnect')).reasonCode, ReasonCode.receiveMaximumExceeded);
    await client.ended;
  });
});
