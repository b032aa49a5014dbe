import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ConnackReturnCode, ReasonCode, SUBACK_FAILURE_V4 } from './reason-codes.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { connectRaw, RawClient, assertNothingBeforeSentinel as sentinelCheck } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

let broker: Broker;
let lines: LogLine[];

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  broker = new Broker(options, {}, captured.logger);
  return broker;
}

const connected = (protocolVersion: 3 | 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) =>
  connectRaw(broker, protocolVersion, fields);

const assertNothingBeforeSentinel = (client: RawClient) => sentinelCheck(broker, client);

afterEach(() => broker?.close());

describe('AWS limits (reference §6.6)', () => {
  test('defaults are the AWS quotas', () => {
    const { options } = newBroker();
    assert.deepEqual(
      [
        options.maxSubscriptionsPerConnection,
        options.maxFiltersPerSubscribe,
        options.publishRatePerSecond,
        options.connectRatePerSecond,
        options.maxClientIdBytes,
        options.maxTopicBytes,
        options.maxTopicLevels,
        options.topicAliasMaximum,
      ],
      [50, 8, 100, 1, 128, 256, 8, 8],
    );
  });

  for (const protocolVersion of [4, 5] as const) {
    const refused = protocolVersion === 5 ? ReasonCode.quotaExceeded : SUBACK_FAILURE_V4;
    test(`more than 8 filters in one SUBSCRIBE are refused filter by filter (MQTT ${protocolVersion})`, async () => {
      newBroker();
      const client = await connected(protocolVersion);
      const filters = Array.from({ length: 9 }, (_, i) => `f/${i}`);
      assert.deepEqual(await client.subscribe(filters, 0), new Array(9).fill(refused));
      assert.deepEqual(broker.clients()[0]?.subscriptions, []);
      assert.deepEqual(await client.subscribe(filters.slice(0, 8), 0), new Array(8).fill(0));
    });

    test(`the 51st subscription of a connection is refused; replacing one is still allowed (MQTT ${protocolVersion})`, async () => {
      newBroker();
      const client = await connected(protocolVersion);
      for (let i = 0; i < 50; i += 5) {
        const batch = Array.from({ length: 5 }, (_, k) => `s/${i + k}`);
        assert.deepEqual(await client.subscribe(batch, 0), [0, 0, 0, 0, 0]);
      }
      assert.deepEqual(await client.subscribe(['s/0', 's/50'], 1), [1, refused]);
      assert.equal(broker.clients()[0]?.subscriptions.length, 50);
      assert.ok(lines.some((l) => /too many subscriptions/.test(l.msg ?? '')));
      client.send({ cmd: 'unsubscribe', messageId: 99, unsubscriptions: ['s/1'] });
      await client.expect('unsuback');
      assert.deepEqual(await client.subscribe('s/50', 0), [0]);
    });
  }

  test('publish rate above 100/s: MQTT 5 QoS 1 gets PUBACK 0x97 (0x96 is not a PUBACK code), messages are dropped and logged', async () => {
    newBroker();
    const subscriber = await connected(5);
    await subscriber.subscribe(['flood', 'sentinel'], 0);
    const publisher = await connected(5);
    // Far beyond one second's budget, so refills during a slow run cannot hide the limit.
    const sent = 400;
    for (let i = 0; i < sent; i++) publisher.publish('flood', String(i), { qos: 1 });
    const codes: number[] = [];
    for (let i = 0; i < sent; i++) codes.push((await publisher.expect('puback')).reasonCode ?? 0);
    const ok = codes.filter((c) => c === 0).length;
    const throttled = codes.filter((c) => c === ReasonCode.quotaExceeded).length;
    assert.equal(ok + throttled, sent);
    assert.ok(ok >= 100 && throttled >= 1, `ok ${ok}, throttled ${throttled}`);
    let delivered = 0;
    broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
    while ((await subscriber.expect('publish')).topic !== 'sentinel') delivered++;
    assert.equal(delivered, ok);
    assert.ok(lines.some((l) => l.level === 'warn' && /rate exceeded/.test(l.msg ?? '')));
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`publish rate exceeded with QoS 0 (and 3.1.1 QoS 1) drops silently and keeps the connection (MQTT ${protocolVersion})`, async () => {
      newBroker({ publishRatePerSecond: 3 });
      const subscriber = await connected(5);
      await subscriber.subscribe(['t', 'sentinel'], 0);
      const publisher = await connected(protocolVersion);
      await publisher.subscribe('sentinel', 0);
      for (let i = 0; i < 5; i++) publisher.publish('t', String(i), { qos: 0 });
      if (protocolVersion === 4) publisher.publish('t', 'q1', { qos: 1 });
      const got: string[] = [];
      broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
      for (;;) {
        const packet = await subscriber.expect('publish');
        if (packet.topic === 'sentinel') break;
        got.push(packet.payload.toString());
      }
      assert.deepEqual(got, ['0', '1', '2']);
      await assertNothingBeforeSentinel(publisher); // no PUBACK for the dropped 3.1.1 QoS 1, still connected
      assert.equal(broker.clientCount, 2);
    });
  }

  for (const [protocolVersion, code] of [
    [5, ReasonCode.connectionRateExceeded],
    [4, ConnackReturnCode.serverUnavailable],
  ] as const) {
    test(`CONNECTs above the per-client-id rate get CONNACK 0x${code.toString(16)} (MQTT ${protocolVersion})`, async () => {
      newBroker({ connectBurst: 1 });
      const first = await connected(protocolVersion, { clientId: 'fast' });
      const second = new RawClient(broker, protocolVersion);
      const connack = await second.connect({ clientId: 'fast' });
      assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, code);
      await second.ended;
      // The refused CONNECT did not take the session over; other ids are not affected.
      assert.deepEqual(
        broker.clients().map((c) => c.clientId),
        ['fast'],
      );
      await connected(protocolVersion, { clientId: 'other' });
      await assertNothingBeforeSentinel(await subscribedTo(first));
    });
  }

  test('the default allows a small burst of CONNECTs per client id (3), then refuses', async () => {
    newBroker();
    for (let i = 0; i < 3; i++) await connected(5, { clientId: 'bursty' });
    const refused = new RawClient(broker, 5);
    assert.equal((await refused.connect({ clientId: 'bursty' })).reasonCode, ReasonCode.connectionRateExceeded);
  });

  test('client ids above 128 bytes are refused (CONNACK 0x85)', async () => {
    newBroker();
    const client = new RawClient(broker, 5);
    assert.equal((await client.connect({ clientId: 'é'.repeat(65) })).reasonCode, ReasonCode.clientIdentifierNotValid);
    await connected(5, { clientId: 'x'.repeat(128) });
  });

  test('topics above 256 bytes or with more than 7 slashes are invalid; $aws/ topics are exempt from the slashes', async () => {
    newBroker();
    const client = await connected(5);
    assert.deepEqual(await client.subscribe(['1/2/3/4/5/6/7/8', '$aws/rules/r/1/2/3/4/5/6/7/8'], 0), [0, 0]);
    assert.deepEqual(await client.subscribe(['1/2/3/4/5/6/7/8/9', 'a'.repeat(257)], 0), [
      ReasonCode.topicFilterInvalid,
      ReasonCode.topicFilterInvalid,
    ]);
    client.publish('1/2/3/4/5/6/7/8/9', 'x');
    assert.equal((await client.expect('disconnect')).reasonCode, ReasonCode.topicNameInvalid);
  });
});

async function subscribedTo(client: RawClient): Promise<RawClient> {
  await client.subscribe('sentinel', 0);
  return client;
}
