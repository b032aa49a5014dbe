import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { connectRaw, RawClient, assertNothingBeforeSentinel as sentinelCheck } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

let broker: Broker;

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  broker = new Broker(options);
  return broker;
}

const connected = (protocolVersion: 3 | 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) =>
  connectRaw(broker, protocolVersion, fields);

const assertNothingBeforeSentinel = (client: RawClient) => sentinelCheck(broker, client);

async function assertClosedBy(client: RawClient, reasonCode: number): Promise<void> {
  const disconnect = await client.expect('disconnect');
  assert.equal(disconnect.reasonCode, reasonCode);
  await client.ended;
}

afterEach(() => broker?.close());

describe('MQTT 5 subscription options', () => {
  test('[MQTT-3.8.3-3] No Local: a publisher with another, normal subscription still gets it once through that one', async () => {
    newBroker();
    const client = await connected(5);
    await client.subscribe([
      { topic: 'room/+', qos: 0, nl: true },
      { topic: 'sentinel', qos: 0 },
    ]);
    const other = await connected(5);
    await other.subscribe('room/#', 0);
    client.publish('room/1', 'mine');
    assert.equal((await other.expect('publish')).payload.toString(), 'mine');
    await assertNothingBeforeSentinel(client);
  });

  test("[MQTT-3.8.3-3] No Local holds for the client's own will: a session taking over does not get its predecessor's will", async () => {
    newBroker({ resumeRatePerSecond: 0 });
    const fields = {
      clientId: 'same',
      clean: false,
      properties: { sessionExpiryInterval: 600 },
      will: { topic: 'w/same', payload: Buffer.from('gone'), qos: 1 as const, retain: false },
    };
    const first = await connected(5, fields);
    await first.subscribe([
      { topic: 'w/#', qos: 1, nl: true },
      { topic: 'sentinel', qos: 0 },
    ]);
    const watcher = await connected(5);
    await watcher.subscribe('w/#', 1);
    const second = await connected(5, { ...fields, will: undefined });
    assert.equal((await watcher.expect('publish')).payload.toString(), 'gone', 'the will was published');
    await assertNothingBeforeSentinel(second);
  });

  test('[MQTT-3.3.1-12] Retain As Published 0 clears RETAIN on live delivery', async () => {
    newBroker();
    const client = await connected(5);
    await client.subscribe([{ topic: 'r', qos: 0, rap: false }]);
    broker.publish({ topic: 'r', payload: 'x', qos: 0, retain: true });
    assert.equal((await client.expect('publish')).retain, false);
  });

  test('[MQTT-3.3.1-10] Retain Handling 0 sends retained messages on every SUBSCRIBE, also a repeated one', async () => {
    newBroker();
    broker.publish({ topic: 'r', payload: 'kept', qos: 0, retain: true });
    const client = await connected(5);
    await client.subscribe([{ topic: 'r', qos: 0, rh: 0 }]);
    assert.equal((await client.expect('publish')).retain, true);
    await client.subscribe([{ topic: 'r', qos: 0, rh: 0 }]);
    assert.equal((await client.expect('publish')).payload.toString(), 'kept');
  });

  test('[MQTT-3.3.1-10] Retain Handling 1 sends retained messages only when the subscription is new', async () => {
    newBroker();
    broker.publish({ topic: 'r', payload: 'kept', qos: 0, retain: true });
    const client = await connected(5);
    await client.subscribe([
      { topic: 'r', qos: 0, rh: 1 },
      { topic: 'sentinel', qos: 0 },
    ]);
    assert.equal((await client.expect('publish')).payload.toString(), 'kept');
    await client.subscribe([{ topic: 'r', qos: 0, rh: 1 }]);
    await assertNothingBeforeSentinel(client);
  });

  test('[MQTT-3.3.1-11] Retain Handling 2 sends no retained messages, live messages still arrive', async () => {
    newBroker();
    broker.publish({ topic: 'r', payload: 'kept', qos: 0, retain: true });
    const client = await connected(5);
    await client.subscribe([
      { topic: 'r', qos: 0, rh: 2 },
      { topic: 'sentinel', qos: 0 },
    ]);
    broker.publish({ topic: 'r', payload: 'live', qos: 0, retain: false });
    assert.equal((await client.expect('publish')).payload.toString(), 'live');
    await assertNothingBeforeSentinel(client);
  });
});

describe('MQTT 5 subscription identifiers', () => {
  function subscribeWithId(client: RawClient, messageId: number, topic: string, id: number): Promise<unknown> {
    client.send({
      cmd: 'subscribe',
      messageId,
      subscriptions: [{ topic, qos: 1 }],
      properties: { subscriptionIdentifier: id },
    });
    return client.expect('suback');
  }

  test('[MQTT-3.3.4-3] a delivery carries the identifier of the subscription it matched', async () => {
    newBroker();
    const client = await connected(5);
    await subscribeWithId(client, 1, 'a/+', 42);
    broker.publish({ topic: 'a/b', payload: 'x', qos: 1, retain: false });
    const packet = await client.expect('publish');
    assert.equal(packet.properties?.subscriptionIdentifier, 42);
  });

  test('[MQTT-3.3.4-4] one copy carries the identifiers of all overlapping subscriptions', async () => {
    newBroker();
    const client = await connected(5);
    await subscribeWithId(client, 1, 'a/+', 1);
    await subscribeWithId(client, 2, 'a/#', 2);
    await client.subscribe(['a/b', 'sentinel'], 0); // no identifier
    broker.publish({ topic: 'a/b', payload: 'x', qos: 1, retain: false });
    const packet = await client.expect('publish');
    const ids = packet.properties?.subscriptionIdentifier;
    assert.deepEqual(Array.isArray(ids) ? [...ids].sort() : ids, [1, 2]);
    assert.equal(packet.qos, 1);
    await assertNothingBeforeSentinel(client);
  });

  test('[MQTT-3.3.4-3] a delivery that waited for an in-flight slot still carries the identifier', async () => {
    newBroker({ maxInflightOutgoing: 1 });
    const client = await connected(5, { properties: { topicAliasMaximum: 5 } });
    await subscribeWithId(client, 1, 'q/+', 5);
    broker.publish({ topic: 'q/1', payload: 'first', qos: 1, retain: false });
    broker.publish({ topic: 'q/1', payload: 'queued', qos: 1, retain: false });
    const first = await client.expect('publish');
    assert.equal(first.payload.toString(), 'first');
    client.send({ cmd: 'puback', messageId: first.messageId! });
    const queued = await client.expect('publish');
    assert.deepEqual(
      [
        queued.topic,
        queued.payload.toString(),
        queued.properties?.subscriptionIdentifier,
        queued.properties?.topicAlias,
      ],
      ['q/1', 'queued', 5, undefined],
    );
  });

  test('subscribers without identifiers and 3.1.1 subscribers get the shared bytes without them', async () => {
    newBroker();
    const withId = await connected(5);
    await subscribeWithId(withId, 1, 't', 7);
    const plain = await connected(5);
    await plain.subscribe('t', 0);
    const v4 = await connected(4);
    await v4.subscribe('t', 0);
    broker.publish({ topic: 't', payload: 'x', qos: 0, retain: false });
    assert.equal((await withId.expect('publish')).properties?.subscriptionIdentifier, 7);
    assert.equal((await plain.expect('publish')).properties, undefined);
    assert.equal((await v4.expect('publish')).payload.toString(), 'x');
  });

  test('[MQTT-3.8.4-3] replacing a subscription without an identifier removes it; retained messages carry it', async () => {
    newBroker();
    broker.publish({ topic: 'r', payload: 'kept', qos: 0, retain: true });
    const client = await connected(5);
    await subscribeWithId(client, 1, 'r', 9);
    const retained = await client.expect('publish');
    assert.deepEqual([retained.retain, retained.properties?.subscriptionIdentifier], [true, 9]);
    await client.subscribe([{ topic: 'r', qos: 0, rh: 2 }]);
    broker.publish({ topic: 'r', payload: 'live', qos: 0, retain: false });
    assert.equal((await client.expect('publish')).properties, undefined);
  });

  test('MQTT 5 CONNACK advertises Subscription Identifiers Available', async () => {
    newBroker();
    const client = new RawClient(broker, 5);
    const connack = await client.connect();
    assert.equal(connack.properties?.subscriptionIdentifiersAvailable, true);
  });
});

describe('MQTT 5 topic aliases, client to server', () => {
  test('[MQTT-3.3.2-12] CONNACK advertises Topic Alias Maximum 8 and aliases 1..8 are honoured', async () => {
    newBroker();
    const client = new RawClient(broker, 5);
    const connack = await client.connect();
    assert.equal(connack.properties?.topicAliasMaximum, 8);
    await client.subscribe('sentinel', 0);
    const subscriber = await connected(5);
    await subscriber.subscribe('telemetry/#', 0);
    client.publish('telemetry/1', 'first', { properties: { topicAlias: 8 } });
    client.publish('', 'second', { properties: { topicAlias: 8 } });
    client.publish('telemetry/2', 'remapped', { properties: { topicAlias: 8 } });
    client.publish('', 'third', { properties: { topicAlias: 8 } });
    const got = [];
    for (let i = 0; i < 4; i++) {
      const packet = await subscriber.expect('publish');
      got.push([packet.topic, packet.payload.toString(), packet.properties?.topicAlias]);
    }
    assert.deepEqual(got, [
      ['telemetry/1', 'first', undefined],
      ['telemetry/1', 'second', undefined],
      ['telemetry/2', 'remapped', undefined],
      ['telemetry/2', 'third', undefined],
    ]);
  });

  test('the topicAliasMaximum option changes what is advertised and accepted', async () => {
    newBroker({ topicAliasMaximum: 2 });
    const client = new RawClient(broker, 5);
    assert.equal((await client.connect()).properties?.topicAliasMaximum, 2);
    client.publish('a', 'x', { properties: { topicAlias: 3 } });
    await assertClosedBy(client, ReasonCode.topicAliasInvalid);
  });

  test('[MQTT-3.3.2-8] Topic Alias 0 gets DISCONNECT 0x94', async () => {
    newBroker();
    const client = await connected(5);
    client.publish('a', 'x', { properties: { topicAlias: 0 } });
    await assertClosedBy(client, ReasonCode.topicAliasInvalid);
  });

  test('[MQTT-3.3.2-9] Topic Alias above the maximum gets DISCONNECT 0x94', async () => {
    newBroker();
    const client = await connected(5);
    client.publish('a', 'x', { properties: { topicAlias: 9 } });
    await assertClosedBy(client, ReasonCode.topicAliasInvalid);
  });

  test('an unknown alias with an empty topic is a protocol error (0x82, MQTT 5 §3.3.2.3.4)', async () => {
    newBroker();
    const client = await connected(5);
    client.publish('', 'x', { properties: { topicAlias: 3 } });
    await assertClosedBy(client, ReasonCode.protocolError);
  });

  test('[MQTT-3.3.2-7] alias mappings do not carry over to a new connection', async () => {
    newBroker();
    const first = await connected(5, { clientId: 'alias-dev' });
    first.publish('a', 'x', { properties: { topicAlias: 1 } });
    first.send({ cmd: 'disconnect' });
    await first.ended;
    const second = await connected(5, { clientId: 'alias-dev' });
    second.publish('', 'y', { properties: { topicAlias: 1 } });
    await assertClosedBy(second, ReasonCode.protocolError);
  });
});

describe('MQTT 5 topic aliases, server to client', () => {
  test('[MQTT-3.3.2-11] QoS 0 deliveries use aliases up to the client maximum, reusing the least recently used', async () => {
    newBroker();
    const client = await connected(5, { properties: { topicAliasMaximum: 2 } });
    await client.subscribe('t/#', 0);
    const seen: Array<[string, number | undefined]> = [];
    for (const topic of ['t/a', 't/a', 't/b', 't/a', 't/c', 't/c', 't/b']) {
      broker.publish({ topic, payload: topic, qos: 0, retain: false });
      const packet = await client.expect('publish');
      assert.equal(packet.payload.toString(), topic);
      seen.push([packet.topic, packet.properties?.topicAlias]);
    }
    assert.deepEqual(seen, [
      ['t/a', 1],
      ['', 1],
      ['t/b', 2],
      ['', 1],
      ['t/c', 2], // t/b was least recently used
      ['', 2],
      ['t/b', 1], // t/a is now the least recently used
    ]);
  });

  test('QoS 1 deliveries carry the full topic and no alias (safe to resend on another connection)', async () => {
    newBroker();
    const client = await connected(5, { properties: { topicAliasMaximum: 4 } });
    await client.subscribe('q', 1);
    broker.publish({ topic: 'q', payload: 'x', qos: 1, retain: false });
    const packet = await client.expect('publish');
    assert.deepEqual([packet.topic, packet.qos, packet.properties?.topicAlias], ['q', 1, undefined]);
  });

  test('a client without Topic Alias Maximum gets no aliases', async () => {
    newBroker();
    const client = await connected(5);
    await client.subscribe('q', 0);
    broker.publish({ topic: 'q', payload: 'x', qos: 0, retain: false });
    broker.publish({ topic: 'q', payload: 'y', qos: 0, retain: false });
    for (let i = 0; i < 2; i++) {
      const packet = await client.expect('publish');
      assert.deepEqual([packet.topic, packet.properties?.topicAlias], ['q', undefined]);
    }
  });
});

describe('platform publishes with MQTT 5 properties', () => {
  const properties = {
    payloadFormatIndicator: true,
    messageExpiryInterval: 600,
    contentType: 'application/json',
    responseTopic: 'replies/1',
    correlationData: Buffer.from('req-1'),
    userProperties: { origin: 'https', tag: ['a', 'b'] },
  };

  test('[MQTT-3.3.2-15] the properties reach MQTT 5 subscribers and are kept with a retained message', async () => {
    newBroker();
    const live = await connected(5);
    await live.subscribe('props/t', 1);
    broker.publish({ topic: 'props/t', payload: '{}', qos: 1, retain: true, properties });
    const delivered = await live.expect('publish');
    live.send({ cmd: 'puback', messageId: delivered.messageId! });
    assert.deepEqual(
      {
        ...delivered.properties,
        correlationData: delivered.properties?.correlationData?.toString(),
        // mqtt-packet decodes user properties into an object without a prototype.
        userProperties: { ...delivered.properties?.userProperties },
      },
      { ...properties, correlationData: 'req-1' },
    );

    assert.deepEqual((await broker.retained.get('props/t'))?.properties, properties);
    const late = await connected(5);
    await late.subscribe('props/t', 0);
    const retained = await late.expect('publish');
    assert.equal(retained.retain, true);
    assert.equal(retained.properties?.contentType, 'application/json');
    assert.deepEqual({ ...retained.properties?.userProperties }, properties.userProperties);
  });

  test('MQTT 3.1.1 subscribers get the message without properties', async () => {
    newBroker();
    const client = await connected(4);
    await client.subscribe('props/t', 0);
    broker.publish({ topic: 'props/t', payload: 'x', qos: 0, retain: false, properties });
    const packet = await client.expect('publish');
    assert.equal(packet.payload.toString(), 'x');
    assert.equal(packet.properties, undefined);
  });
});

describe(`${Broker.name}.isAcceptableTopicName`, () => {
  test('refuses wildcards and topics beyond the length and level limits; $aws/ topics are exempt from levels', () => {
    newBroker({ maxTopicBytes: 16, maxTopicLevels: 3 });
    assert.equal(broker.isAcceptableTopicName('a/b/c'), true);
    assert.equal(broker.isAcceptableTopicName('a/+/c'), false);
    assert.equal(broker.isAcceptableTopicName('a/#'), false);
    assert.equal(broker.isAcceptableTopicName(''), false);
    assert.equal(broker.isAcceptableTopicName('a/b/c/d'), false);
    assert.equal(broker.isAcceptableTopicName('$aws/a/b/c/d'), true);
    assert.equal(broker.isAcceptableTopicName('x'.repeat(17)), false);
  });
});
