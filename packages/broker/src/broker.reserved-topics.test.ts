import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerHooks, BrokerOptions, PublishedMessage } from './types.js';

let broker: Broker;

function newBroker(options: Partial<BrokerOptions> = {}, hooks: BrokerHooks = {}): Broker {
  broker = new Broker(options, hooks);
  return broker;
}

async function connected(
  protocolVersion: 4 | 5,
  fields: Parameters<RawClient['connect']>[0] = {},
  meta?: ConstructorParameters<typeof RawClient>[2],
) {
  const client = new RawClient(broker, protocolVersion, meta);
  const connack = await client.connect(fields);
  assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
  return client;
}

async function assertNothingBeforeSentinel(client: RawClient): Promise<void> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  const packet = await client.expect('publish');
  assert.equal(packet.topic, 'sentinel', `unexpected ${JSON.stringify(packet)}`);
}

/** A client subscribed to every lifecycle event. */
async function observer(): Promise<RawClient> {
  const client = await connected(5, { clientId: 'observer' });
  await client.subscribe(['$aws/events/#', 'sentinel'], 1);
  // Its own subscription is the first event it sees.
  assert.equal((await nextEvent(client)).topic, '$aws/events/subscriptions/subscribed/observer');
  return client;
}

async function nextEvent(client: RawClient): Promise<{ topic: string; event: Record<string, unknown> }> {
  const packet = await client.expect('publish');
  if (packet.qos === 1) client.send({ cmd: 'puback', messageId: packet.messageId! });
  return { topic: packet.topic, event: JSON.parse(packet.payload.toString()) as Record<string, unknown> };
}

afterEach(() => broker?.close());

describe('lifecycle events (AWS §5)', () => {
  test('presence connected and disconnected carry the documented fields; versionNumber is shared and increases', async () => {
    newBroker();
    const watch = await observer();
    const before = Date.now();
    const device = await connected(
      5,
      { clientId: 'dev-1' },
      { transport: 'tls', remoteAddress: '10.1.2.3', certificateId: 'cert-1' },
    );
    const connected1 = await nextEvent(watch);
    assert.equal(connected1.topic, '$aws/events/presence/connected/dev-1');
    const { timestamp, sessionIdentifier, ...rest } = connected1.event;
    assert.ok(typeof timestamp === 'number' && timestamp >= before && timestamp <= Date.now());
    assert.match(String(sessionIdentifier), /^[0-9a-f-]{36}$/);
    assert.deepEqual(rest, {
      clientId: 'dev-1',
      eventType: 'connected',
      principalIdentifier: 'cert-1',
      ipAddress: '10.1.2.3',
      versionNumber: 0,
    });

    device.send({ cmd: 'disconnect' });
    const disconnected1 = await nextEvent(watch);
    assert.equal(disconnected1.topic, '$aws/events/presence/disconnected/dev-1');
    assert.deepEqual(
      { ...disconnected1.event, timestamp: 0 },
      {
        clientId: 'dev-1',
        timestamp: 0,
        eventType: 'disconnected',
        sessionIdentifier,
        principalIdentifier: 'cert-1',
        clientInitiatedDisconnect: true,
        disconnectReason: 'CLIENT_INITIATED_DISCONNECT',
        versionNumber: 0,
      },
    );

    await connected(4, { clientId: 'dev-1' });
    const connected2 = await nextEvent(watch);
    assert.equal(connected2.event.versionNumber, 1);
    assert.notEqual(connected2.event.sessionIdentifier, sessionIdentifier);
  });

  const reasons: Array<[string, (client: RawClient) => Promise<void> | void]> = [
    ['CONNECTION_LOST', (client) => client.end()],
    [
      'DUPLICATE_CLIENTID',
      async () => {
        await connected(5, { clientId: 'dev-r' });
      },
    ],
    ['SERVER_INITIATED_DISCONNECT', () => void broker.disconnect('dev-r')],
    ['CLIENT_ERROR', (client) => client.sendRaw([0x30, 0x02, 0x00, 0x05])],
  ];
  for (const [reason, cause] of reasons) {
    test(`disconnectReason ${reason}, clientInitiatedDisconnect false`, async () => {
      newBroker();
      const watch = await observer();
      const client = await connected(5, { clientId: 'dev-r' });
      await nextEvent(watch); // connected
      await cause(client);
      const { topic, event } = await nextEvent(watch);
      assert.equal(topic, '$aws/events/presence/disconnected/dev-r');
      assert.deepEqual([event.disconnectReason, event.clientInitiatedDisconnect], [reason, false]);
    });
  }

  test('disconnectReason MQTT_KEEP_ALIVE_TIMEOUT', async () => {
    newBroker();
    const watch = await observer();
    await connected(5, { clientId: 'sleepy', keepalive: 1 });
    await nextEvent(watch);
    const { event } = await nextEvent(watch);
    assert.equal(event.disconnectReason, 'MQTT_KEEP_ALIVE_TIMEOUT');
  });

  test('subscribed and unsubscribed events list the topics', async () => {
    newBroker();
    const watch = await observer();
    const client = await connected(5, { clientId: 'dev-s' }, { transport: 'memory' });
    await nextEvent(watch);
    await client.subscribe(['a/+', '$share/g/b', 'bad/#/x'], 1);
    const subscribed = await nextEvent(watch);
    assert.equal(subscribed.topic, '$aws/events/subscriptions/subscribed/dev-s');
    const { timestamp, sessionIdentifier, ...rest } = subscribed.event;
    assert.ok(typeof timestamp === 'number' && typeof sessionIdentifier === 'string');
    assert.deepEqual(rest, { clientId: 'dev-s', eventType: 'subscribed', topics: ['a/+', '$share/g/b'] });
    client.send({ cmd: 'unsubscribe', messageId: 77, unsubscriptions: ['a/+', 'never'] });
    await client.expect('unsuback');
    const unsubscribed = await nextEvent(watch);
    assert.equal(unsubscribed.topic, '$aws/events/subscriptions/unsubscribed/dev-s');
    assert.deepEqual([unsubscribed.event.eventType, unsubscribed.event.topics], ['unsubscribed', ['a/+']]);
  });

  test('client ids containing + or # get no lifecycle events', async () => {
    newBroker();
    const watch = await observer();
    const odd = await connected(5, { clientId: 'odd+id' });
    await odd.subscribe('x', 0);
    odd.send({ cmd: 'disconnect' });
    await odd.ended;
    await assertNothingBeforeSentinel(watch);
  });

  test('lifecycleEvents: false turns them off; events also reach the taps', async () => {
    newBroker({ lifecycleEvents: false });
    const watch = await connected(5, { clientId: 'observer' });
    await watch.subscribe(['$aws/events/#', 'sentinel'], 1);
    await connected(5, { clientId: 'quiet' });
    await assertNothingBeforeSentinel(watch);
    await broker.close();
    newBroker();
    const tapped: PublishedMessage[] = [];
    broker.onPublish((m) => tapped.push(m));
    await connected(5, { clientId: 'loud' });
    assert.deepEqual(
      tapped.map((m) => [m.topic, m.clientId]),
      [['$aws/events/presence/connected/loud', undefined]],
    );
  });

  test('[MQTT-4.7.2-1] lifecycle events do not match # subscriptions', async () => {
    newBroker();
    const all = await connected(5);
    await all.subscribe('#', 0);
    await connected(5, { clientId: 'someone' });
    await assertNothingBeforeSentinel(all);
  });
});

describe('reserved topics', () => {
  test('MQTT 5: publishing into $aws/events/... gets PUBACK 0x87 (QoS 1) or is dropped (QoS 0)', async () => {
    newBroker();
    const watch = await observer();
    const client = await connected(5);
    await nextEvent(watch);
    client.publish('$aws/events/presence/connected/fake', '{}', { qos: 0 });
    client.publish('$aws/events/presence/connected/fake', '{}', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, ReasonCode.notAuthorized);
    await assertNothingBeforeSentinel(watch);
  });

  test('MQTT 3.1.1: publishing into $aws/events/... closes the connection (AWS)', async () => {
    newBroker();
    const client = await connected(4);
    client.publish('$aws/events/presence/connected/fake', '{}', { qos: 1 });
    await client.ended;
    assert.equal(client.unread.length, 0);
  });

  test('§1.2 MQTT 5: publishing into shadow response topics (classic and named) gets PUBACK 0x87 and reaches nobody', async () => {
    const tapped: string[] = [];
    newBroker();
    broker.onPublish((message) => {
      if (message.topic.includes('/shadow/')) tapped.push(message.topic);
    });
    const app = await connected(5, { clientId: 'app' });
    await app.subscribe(['$aws/things/+/shadow/#', 'sentinel'], 1);
    const device = await connected(5, { clientId: 'forger' });
    const forged = [
      '$aws/things/lamp/shadow/update/accepted',
      '$aws/things/lamp/shadow/update/delta',
      '$aws/things/lamp/shadow/update/documents',
      '$aws/things/lamp/shadow/get/rejected',
      '$aws/things/lamp/shadow/name/config/delete/accepted',
    ];
    for (const topic of forged) {
      device.publish(topic, '{"state":{"desired":{"on":true}},"version":99}', { qos: 1 });
      assert.equal((await device.expect('puback')).reasonCode, ReasonCode.notAuthorized, topic);
    }
    device.publish(forged[1]!, '{}', { qos: 0 });
    device.publish('$aws/things/lamp/shadow/update', '{"state":{"reported":{"on":true}}}', { qos: 1 });
    assert.equal((await device.expect('puback')).reasonCode ?? 0, 0, 'the request topic stays open');
    const request = await app.expect('publish');
    assert.equal(request.topic, '$aws/things/lamp/shadow/update');
    if (request.qos === 1) app.send({ cmd: 'puback', messageId: request.messageId! });
    await assertNothingBeforeSentinel(app);
    assert.deepEqual(tapped, ['$aws/things/lamp/shadow/update']);
  });

  test('§1.2 MQTT 3.1.1: publishing into a shadow response topic closes the connection', async () => {
    newBroker();
    const client = await connected(4);
    client.publish('$aws/things/lamp/shadow/name/config/update/delta', '{}', { qos: 1 });
    await client.ended;
    assert.equal(client.unread.length, 0);
  });

  test('§1.2 the platform itself still publishes shadow responses', async () => {
    newBroker();
    const app = await connected(5);
    await app.subscribe('$aws/things/lamp/shadow/update/accepted', 0);
    broker.publish({ topic: '$aws/things/lamp/shadow/update/accepted', payload: '{}', qos: 0, retain: false });
    assert.equal((await app.expect('publish')).topic, '$aws/things/lamp/shadow/update/accepted');
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`Basic Ingest $aws/rules/{rule}/... goes only to onBasicIngest, never to subscribers, taps or the retained store (MQTT ${protocolVersion})`, async () => {
      const ingested: Array<[string, string, string, string | undefined]> = [];
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      newBroker(
        {},
        {
          onBasicIngest: async (ruleName, message) => {
            ingested.push([ruleName, message.topic, message.payload.toString(), message.clientId]);
            await released;
          },
        },
      );
      const tapped: string[] = [];
      broker.onPublish((m) => {
        if (!m.topic.startsWith('$aws/events/')) tapped.push(m.topic);
      });
      const subscriber = await connected(5);
      await subscriber.subscribe(['$aws/rules/#', 'sentinel'], 1);
      const client = await connected(protocolVersion, { clientId: 'ingester' });
      client.publish('$aws/rules/storeTemp/sensors/1', '{"t":21}', { qos: 1, retain: true });
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(client.unread.length, 0, 'PUBACK waits for the hook');
      release();
      assert.equal((await client.expect('puback')).messageId, 1);
      assert.deepEqual(ingested, [['storeTemp', 'sensors/1', '{"t":21}', 'ingester']]);
      assert.deepEqual(tapped, []);
      assert.deepEqual(await broker.retained.match('$aws/rules/storeTemp/sensors/1'), []);
      await assertNothingBeforeSentinel(subscriber);
    });
  }

  test('Basic Ingest goes through authorizePublish with the full topic', async () => {
    const ingested: string[] = [];
    newBroker(
      {},
      {
        authorizePublish: (_client, topic) => topic !== '$aws/rules/denied/x',
        onBasicIngest: (ruleName) => {
          ingested.push(ruleName);
        },
      },
    );
    const client = await connected(5);
    client.publish('$aws/rules/denied/x', 'a', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, ReasonCode.notAuthorized);
    client.publish('$aws/rules/allowed/x', 'b', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode ?? 0, 0);
    assert.deepEqual(ingested, ['allowed']);
  });
});

describe('reserved topics from the platform and in wills', () => {
  test('Broker.publish to $aws/rules/{rule}/... (e.g. HTTPS publish) goes only to onBasicIngest', async () => {
    const ingested: Array<[string, string]> = [];
    newBroker({}, { onBasicIngest: (ruleName, message) => void ingested.push([ruleName, message.topic]) });
    const subscriber = await connected(5);
    await subscriber.subscribe(['$aws/rules/#', 'sentinel'], 0);
    broker.publish({ topic: '$aws/rules/r1/a/b', payload: 'x', qos: 1, retain: false });
    assert.deepEqual(ingested, [['r1', 'a/b']]);
    await assertNothingBeforeSentinel(subscriber);
  });

  for (const [protocolVersion, code] of [
    [5, ReasonCode.notAuthorized],
    [4, 0x05],
  ] as const) {
    test(`a will on $aws/events/... is refused with CONNACK 0x${code.toString(16)} (MQTT ${protocolVersion})`, async () => {
      newBroker();
      const client = new RawClient(broker, protocolVersion);
      const connack = await client.connect({
        will: { topic: '$aws/events/presence/disconnected/x', payload: Buffer.from('{}'), qos: 0, retain: false },
      });
      assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, code);
      await client.ended;
    });

    test(`a will on a shadow response topic is refused with CONNACK 0x${code.toString(16)} (MQTT ${protocolVersion})`, async () => {
      newBroker();
      const client = new RawClient(broker, protocolVersion);
      const connack = await client.connect({
        will: { topic: '$aws/things/lamp/shadow/update/accepted', payload: Buffer.from('{}'), qos: 0, retain: false },
      });
      assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, code);
      await client.ended;
    });
  }
});
