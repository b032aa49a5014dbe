import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { Broker } from './broker.js';
import { ReasonCode, SUBACK_FAILURE_V4 } from './reason-codes.js';
import { MemorySessionStore } from './session-store.js';
import { parseSharedFilter } from './shared-subscriptions.js';
import { connectMqtt, startTcpBroker, type TcpBroker } from './testing/helpers.js';
import { connectRaw, RawClient, assertNothingBeforeSentinel as sentinelCheck } from './testing/raw-client.js';

let broker: Broker;

const connected = (protocolVersion: 3 | 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) =>
  connectRaw(broker, protocolVersion, fields);

const assertNothingBeforeSentinel = (client: RawClient) => sentinelCheck(broker, client);

/** Publishes `count` messages on `topic` and returns who got which payload. */
async function distribute(members: RawClient[], topic: string, count: number): Promise<string[][]> {
  for (let i = 0; i < count; i++) broker.publish({ topic, payload: String(i), qos: 0, retain: false });
  const got: string[][] = members.map(() => []);
  // Each member reads until the sentinel, so we know it got nothing else.
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  await Promise.all(
    members.map(async (member, index) => {
      for (;;) {
        const packet = await member.expect('publish');
        if (packet.topic === 'sentinel') return;
        got[index]!.push(packet.payload.toString());
      }
    }),
  );
  return got;
}

afterEach(() => broker?.close());

describe('shared subscriptions', () => {
  test('MQTT 5 CONNACK advertises Shared Subscription Available', async () => {
    broker = new Broker();
    const client = new RawClient(broker, 5);
    assert.equal((await client.connect()).properties?.sharedSubscriptionAvailable, true);
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`MQTT 5 §4.8.2 / AWS §6.2 round robin: each message goes to one member of the group (MQTT ${protocolVersion})`, async () => {
      broker = new Broker();
      const members = [await connected(protocolVersion), await connected(protocolVersion), await connected(5)];
      for (const member of members) {
        assert.deepEqual(await member.subscribe(['$share/workers/jobs/+', 'sentinel'], 1), [1, 1]);
      }
      const got = await distribute(members, 'jobs/a', 6);
      assert.deepEqual(
        got.map((list) => list.length),
        [2, 2, 2],
      );
      assert.deepEqual(got.flat().sort(), ['0', '1', '2', '3', '4', '5']);
    });
  }

  test('several groups and a normal subscriber each get a copy', async () => {
    broker = new Broker();
    const a1 = await connected(5);
    const a2 = await connected(5);
    const b1 = await connected(4);
    const plain = await connected(5);
    for (const member of [a1, a2]) await member.subscribe(['$share/a/t', 'sentinel'], 0);
    await b1.subscribe(['$share/b/#', 'sentinel'], 0);
    await plain.subscribe(['t', 'sentinel'], 0);
    const got = await distribute([a1, a2, b1, plain], 't', 2);
    assert.deepEqual(got, [['0'], ['1'], ['0', '1'], ['0', '1']]);
  });

  test('a member that disconnects leaves the group; the others keep receiving', async () => {
    broker = new Broker();
    const stays = await connected(5);
    const leaves = await connected(5);
    await stays.subscribe(['$share/g/t', 'sentinel'], 0);
    await leaves.subscribe(['$share/g/t', 'sentinel'], 0);
    leaves.send({ cmd: 'disconnect' });
    await leaves.ended;
    const got = await distribute([stays], 't', 3);
    assert.deepEqual(got, [['0', '1', '2']]);
  });

  test('UNSUBSCRIBE removes the member; MQTT 5 UNSUBACK 0x00 then 0x11', async () => {
    broker = new Broker();
    const one = await connected(5);
    const two = await connected(5);
    await one.subscribe(['$share/g/t', 'sentinel'], 0);
    await two.subscribe(['$share/g/t', 'sentinel'], 0);
    for (const expected of [ReasonCode.success, ReasonCode.noSubscriptionExisted]) {
      two.send({ cmd: 'unsubscribe', messageId: 50 + expected, unsubscriptions: ['$share/g/t'] });
      assert.deepEqual((await two.expect('unsuback')).granted, [expected]);
    }
    const got = await distribute([one, two], 't', 2);
    assert.deepEqual(got, [['0', '1'], []]);
    assert.deepEqual(
      broker.clients().flatMap((c) => c.subscriptions.map((s) => s.filter)),
      ['$share/g/t', 'sentinel', 'sentinel'],
    );
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`MQTT 5 §4.8.2: no retained messages are sent on subscribe to a shared subscription (MQTT ${protocolVersion})`, async () => {
      broker = new Broker();
      broker.publish({ topic: 'r', payload: 'kept', qos: 1, retain: true });
      const client = await connected(protocolVersion);
      assert.deepEqual(await client.subscribe(['$share/g/r', 'sentinel'], 1), [1, 1]);
      await assertNothingBeforeSentinel(client);
      broker.publish({ topic: 'r', payload: 'live', qos: 0, retain: false });
      assert.equal((await client.expect('publish')).payload.toString(), 'live');
    });
  }

  const invalid = ['$share/', '$share/g', '$share//t', '$share/g/', '$share/a+b/t', '$share/#/t', '$share/g/a/#/b'];
  for (const filter of invalid) {
    test(`[MQTT-4.8.2-1] [MQTT-4.8.2-2] invalid shared filter ${JSON.stringify(filter)} is refused (0x8F / 0x80)`, async () => {
      broker = new Broker();
      const v5 = await connected(5);
      const v4 = await connected(4);
      assert.deepEqual(await v5.subscribe(filter, 0), [ReasonCode.topicFilterInvalid]);
      assert.deepEqual(await v4.subscribe(filter, 0), [SUBACK_FAILURE_V4]);
    });
  }

  test('share names are parsed and limited to 128 characters (AWS §6.2)', () => {
    assert.deepEqual(parseSharedFilter('$share/g/a/+/c'), { group: 'g', filter: 'a/+/c' });
    assert.ok('error' in parseSharedFilter(`$share/${'g'.repeat(129)}/t`));
    assert.deepEqual(parseSharedFilter(`$share/${'g'.repeat(128)}/t`), { group: 'g'.repeat(128), filter: 't' });
  });

  test('the $share/{name}/ prefix does not count towards the 7 slashes', async () => {
    broker = new Broker();
    const client = await connected(5);
    assert.deepEqual(await client.subscribe('$share/g/1/2/3/4/5/6/7/8', 0), [0]);
    assert.deepEqual(await client.subscribe('$share/g/1/2/3/4/5/6/7/8/9', 0), [ReasonCode.topicFilterInvalid]);
  });

  test('[MQTT-3.8.3-4] No Local on a shared subscription is a protocol error (DISCONNECT 0x82)', async () => {
    broker = new Broker();
    const client = await connected(5);
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: '$share/g/t', qos: 0, nl: true }] });
    assert.equal((await client.expect('disconnect')).reasonCode, ReasonCode.protocolError);
    await client.ended;
  });

  test('the authorizeSubscribe hook sees the whole $share filter', async () => {
    const seen: string[] = [];
    broker = new Broker(
      {},
      {
        authorizeSubscribe: (_client, filter) => {
          seen.push(filter);
          return filter !== '$share/denied/t';
        },
      },
    );
    const client = await connected(5);
    assert.deepEqual(await client.subscribe(['$share/ok/t', '$share/denied/t'], 0), [0, ReasonCode.notAuthorized]);
    assert.deepEqual(seen, ['$share/ok/t', '$share/denied/t']);
  });
});

describe('AWS §6.2: shared subscriptions queue QoS 1 for persistent members when nobody is online', () => {
  /** A member with a persistent session subscribed to `$share/g/jobs` at `qos`, now offline. */
  async function offlineMember(clientId: string, protocolVersion: 4 | 5, qos: 0 | 1 = 1): Promise<void> {
    const member = await connected(protocolVersion, persistentFields(clientId, protocolVersion));
    await member.subscribe('$share/g/jobs', qos);
    member.end();
    await member.ended;
  }

  function persistentFields(clientId: string, protocolVersion: 4 | 5): Parameters<RawClient['connect']>[0] {
    return protocolVersion === 5
      ? { clientId, clean: false, properties: { sessionExpiryInterval: 600 } }
      : { clientId, clean: false };
  }

  /**
   * Reconnects the member and returns what was queued for it (acknowledged): with
   * resumeRatePerSecond 0 it all follows the CONNACK, before the answer to a PINGREQ.
   */
  async function queuedFor(clientId: string, protocolVersion: 4 | 5): Promise<string[]> {
    const member = await connected(protocolVersion, persistentFields(clientId, protocolVersion));
    member.send({ cmd: 'pingreq' });
    const got: string[] = [];
    for (;;) {
      const packet = await member.next();
      if (packet.cmd === 'pingresp') return got;
      assert.equal(packet.cmd, 'publish');
      if (packet.cmd !== 'publish') return got;
      member.send({ cmd: 'puback', messageId: packet.messageId! });
      got.push(packet.payload.toString());
    }
  }

  for (const protocolVersion of [4, 5] as const) {
    test(`a QoS 1 message is queued for the offline persistent member and delivered when it reconnects (MQTT ${protocolVersion})`, async () => {
      broker = new Broker({ resumeRatePerSecond: 0 });
      await offlineMember('worker', protocolVersion);
      broker.publish({ topic: 'jobs', payload: 'queued', qos: 1, retain: false });
      broker.publish({ topic: 'jobs', payload: 'qos 0 is not queued', qos: 0, retain: false });
      assert.deepEqual(await queuedFor('worker', protocolVersion), ['queued']);
    });
  }

  test('queued messages go round robin over the offline persistent members', async () => {
    broker = new Broker({ resumeRatePerSecond: 0 });
    await offlineMember('w1', 5);
    await offlineMember('w2', 4);
    for (let i = 0; i < 4; i++) broker.publish({ topic: 'jobs', payload: String(i), qos: 1, retain: false });
    const got = [await queuedFor('w1', 5), await queuedFor('w2', 4)];
    assert.deepEqual(
      got.map((list) => list.length),
      [2, 2],
    );
    assert.deepEqual(got.flat().sort(), ['0', '1', '2', '3']);
  });

  test('a connected member gets every message; nothing is queued for the offline ones', async () => {
    broker = new Broker({ resumeRatePerSecond: 0 });
    await offlineMember('offline', 5);
    const online = await connected(5);
    await online.subscribe(['$share/g/jobs', 'sentinel'], 1);
    const got = await distribute([online], 'jobs', 3);
    assert.deepEqual(got, [['0', '1', '2']]);
    assert.deepEqual(await queuedFor('offline', 5), []);
  });

  test('a persistent member with a QoS 0 subscription gets nothing queued', async () => {
    broker = new Broker({ resumeRatePerSecond: 0 });
    await offlineMember('qos0', 5, 0);
    broker.publish({ topic: 'jobs', payload: 'x', qos: 1, retain: false });
    assert.deepEqual(await queuedFor('qos0', 5), []);
  });

  test('a member whose session ended (clean start) is no longer queued for', async () => {
    broker = new Broker({ resumeRatePerSecond: 0 });
    await offlineMember('gone', 5);
    const cleaned = await connected(5, { clientId: 'gone', clean: true });
    cleaned.send({ cmd: 'disconnect' });
    await cleaned.ended;
    broker.publish({ topic: 'jobs', payload: 'x', qos: 1, retain: false });
    assert.deepEqual(await queuedFor('gone', 5), []);
  });
});

describe('shared subscription queue over TCP across a restart', { timeout: 10_000 }, () => {
  const running: TcpBroker[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });

  test('AWS §6.2: the QoS 1 message queued for an offline persistent member (mqtt.js) survives a broker restart', async () => {
    const sessionStore = new MemorySessionStore();
    const options = { sessionStore, resumeRatePerSecond: 0 };
    const before = await startTcpBroker(options);
    running.push(before);
    const member = { clientId: 'mqttjs-worker', clean: false, protocolVersion: 5 as const };
    const first = await connectMqtt(before.url, { ...member, properties: { sessionExpiryInterval: 600 } });
    await first.subscribeAsync('$share/g/jobs', { qos: 1 });
    await first.endAsync();
    const publisher = await connectMqtt(before.url, { clientId: 'publisher' });
    await publisher.publishAsync('jobs', 'survives', { qos: 1 });
    await publisher.endAsync();
    await before.close();
    running.splice(0);

    const after = await startTcpBroker(options);
    running.push(after);
    const got = new Promise<[string, string, number]>((resolve) => {
      const resumed = mqtt.connect(after.url, { ...member, reconnectPeriod: 0 });
      resumed.once('message', (topic, payload, packet) => {
        resolve([topic, payload.toString(), packet.qos]);
        resumed.end();
      });
    });
    assert.deepEqual(await got, ['jobs', 'survives', 1]);
  });
});
