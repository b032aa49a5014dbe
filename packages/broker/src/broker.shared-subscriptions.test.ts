import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ReasonCode, SUBACK_FAILURE_V4 } from './reason-codes.js';
import { parseSharedFilter } from './shared-subscriptions.js';
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
