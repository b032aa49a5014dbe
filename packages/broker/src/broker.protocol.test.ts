import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { generate, type IPublishPacket } from 'mqtt-packet';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { connectRaw, RawClient, assertNothingBeforeSentinel as sentinelCheck } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const versions = [4, 5] as const;

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

/** Expects MQTT 5 DISCONNECT with `reasonCode` (3.1.1: nothing) and then the end of the connection. */
async function assertClosedBy(client: RawClient, reasonCode: number): Promise<void> {
  if (client.protocolVersion === 5) {
    const disconnect = await client.expect('disconnect');
    assert.equal(disconnect.reasonCode, reasonCode);
  }
  await client.ended;
  assert.equal(client.unread.length, 0, `unexpected ${JSON.stringify(client.unread)}`);
}

function loggedProtocolError(): LogLine | undefined {
  return lines.find((l) => l.level === 'info' && /closed|refused/.test(l.msg ?? ''));
}

beforeEach(() => {
  newBroker();
});
afterEach(() => broker.close());

describe('CONNECT', () => {
  test('[MQTT-3.1.0-1] first packet must be CONNECT', async () => {
    const client = new RawClient(broker, 4);
    client.send({ cmd: 'pingreq' });
    await client.ended;
    assert.equal(client.unread.length, 0);
    const line = loggedProtocolError();
    assert.equal(line?.obj.remoteAddress, 'memory');
  });

  for (const protocolVersion of versions) {
    test(`[MQTT-3.1.0-2] a second CONNECT is a protocol violation (MQTT ${protocolVersion})`, async () => {
      const client = await connected(protocolVersion);
      client.send({ cmd: 'connect', protocolVersion, clientId: 'again', clean: true, keepalive: 60 });
      await assertClosedBy(client, ReasonCode.protocolError);
      assert.match(String(loggedProtocolError()?.obj.clientId), /^raw-/);
    });
  }

  test('[MQTT-3.1.2-2] unsupported protocol level gets CONNACK 0x01 and close', async () => {
    const client = new RawClient(broker, 4);
    const bytes = generate({ cmd: 'connect', protocolVersion: 4, clientId: 'v6', clean: true, keepalive: 10 });
    assert.equal(bytes[8], 4);
    bytes[8] = 6;
    client.sendRaw(bytes);
    const connack = await client.expect('connack');
    assert.equal(connack.returnCode, 1);
    await client.ended;
  });

  test('[MQTT-3.1.2-3] CONNECT reserved flag set closes the connection', async () => {
    const client = new RawClient(broker, 4);
    const bytes = generate({ cmd: 'connect', protocolVersion: 4, clientId: 'r', clean: true, keepalive: 10 });
    bytes[9] = bytes[9]! | 0x01;
    client.sendRaw(bytes);
    await client.ended;
    assert.equal(client.unread.length, 0);
  });

  test('malformed bytes close the connection and the broker keeps serving', async () => {
    const garbage = new RawClient(broker, 4);
    garbage.sendRaw([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    await garbage.ended;
    const truncated = await connected(4);
    // PUBLISH whose topic length runs past the packet end.
    truncated.sendRaw([0x30, 0x03, 0x00, 0x09, 0x61]);
    await truncated.ended;
    const healthy = await connected(5);
    healthy.send({ cmd: 'pingreq' });
    await healthy.expect('pingresp');
  });

  test('random bytes after CONNECT never crash the broker (seeded fuzz)', async () => {
    let seed = 0x2f6b1d;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 150; round++) {
      const protocolVersion = round % 2 === 0 ? 4 : 5;
      const client = await connected(protocolVersion);
      const garbage = Buffer.alloc(1 + Math.floor(random() * 64));
      for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(random() * 256);
      client.sendRaw(garbage);
      // The broker either closes the connection on its own or waits for the rest of a packet;
      // ending our side must close it in both cases, without anything thrown.
      client.end();
      await client.ended;
    }
    assert.equal(broker.clientCount, 0);
    const healthy = await connected(5);
    healthy.send({ cmd: 'pingreq' });
    await healthy.expect('pingresp');
  });

  for (const protocolVersion of versions) {
    test(`[MQTT-2.2.2-2] invalid fixed-header flags close the connection (MQTT ${protocolVersion})`, async () => {
      const client = await connected(protocolVersion);
      client.sendRaw([0xc1, 0x00]); // PINGREQ with a reserved flag bit set
      await assertClosedBy(client, ReasonCode.malformedPacket);
    });
  }

  test('a connection without CONNECT is closed after connectTimeoutMs', async () => {
    newBroker({ connectTimeoutMs: 50 });
    const client = new RawClient(broker, 4);
    await client.ended;
    assert.ok(lines.some((l) => /no CONNECT/.test(l.msg ?? '')));
  });

  test('[MQTT-3.1.3-8] 3.1.1 empty client id with CleanSession=0 gets CONNACK 0x02', async () => {
    const client = new RawClient(broker, 4);
    // mqtt-packet refuses to encode this, so clear the CleanSession flag by hand.
    const bytes = generate({ cmd: 'connect', protocolVersion: 4, clientId: '', clean: true, keepalive: 10 });
    bytes[9] = bytes[9]! & ~0x02;
    client.sendRaw(bytes);
    const connack = await client.expect('connack');
    assert.equal(connack.returnCode, 0x02);
    await client.ended;
  });

  test('[MQTT-3.1.3-6] 3.1.1 empty client id with CleanSession=1 gets a server-assigned id', async () => {
    const client = await connected(4, { clientId: '' });
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
    assert.equal(broker.clientCount, 1);
    assert.match(broker.clients()[0]!.clientId, /^\$auto-/);
  });

  test('[MQTT-3.1.3-7] MQTT 5 empty client id: CONNACK carries the Assigned Client Identifier', async () => {
    const client = new RawClient(broker, 5);
    const connack = await client.connect({ clientId: '' });
    assert.equal(connack.reasonCode, 0);
    const assigned = connack.properties?.assignedClientIdentifier;
    assert.match(String(assigned), /^\$auto-/);
    assert.deepEqual(
      broker.clients().map((c) => c.clientId),
      [assigned],
    );
  });

  for (const [protocolVersion, code] of [
    [4, 0x02],
    [5, 0x85],
  ] as const) {
    test(`[MQTT-3.1.3-9] client id above maxClientIdBytes is rejected with ${code} (MQTT ${protocolVersion})`, async () => {
      const client = new RawClient(broker, protocolVersion);
      const connack = await client.connect({ clientId: 'x'.repeat(129) });
      assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, code);
      await client.ended;
      assert.equal(loggedProtocolError()?.obj.clientId, 'x'.repeat(129));
    });
  }

  test('MQTT 3.1 (MQIsdp) clients are served like 3.1.1 clients', async () => {
    const v3 = await connected(3, { clientId: 'old-device' });
    assert.deepEqual(await v3.subscribe('legacy/#', 1), [1]);
    const v5 = await connected(5);
    v5.publish('legacy/x', 'hi', { qos: 1 });
    const packet = await v3.expect('publish');
    assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos], ['legacy/x', 'hi', 1]);
    assert.equal(broker.clients().find((c) => c.clientId === 'old-device')?.protocolVersion, 3);
  });

  test('MQTT 5 CONNACK advertises the broker capabilities', async () => {
    const client = new RawClient(broker, 5);
    const connack = await client.connect({ keepalive: 60, properties: { sessionExpiryInterval: 7200 } });
    assert.deepEqual(connack.properties, {
      receiveMaximum: 100,
      retainAvailable: true,
      wildcardSubscriptionAvailable: true,
      subscriptionIdentifiersAvailable: true,
      sharedSubscriptionAvailable: true,
      maximumPacketSize: 132 * 1024,
      topicAliasMaximum: 8,
      sessionExpiryInterval: 3600,
    });
    assert.equal(connack.sessionPresent, false);
  });

  test('[MQTT-4.12.0-1] MQTT 5 enhanced authentication is refused with 0x8C', async () => {
    const client = new RawClient(broker, 5);
    const connack = await client.connect({ properties: { authenticationMethod: 'SCRAM-SHA-1' } });
    assert.equal(connack.reasonCode, ReasonCode.badAuthenticationMethod);
    await client.ended;
  });

  test('MQTT 5 will with a wildcard topic is refused with CONNACK 0x90', async () => {
    const client = new RawClient(broker, 5);
    const connack = await client.connect({ will: { topic: 'a/+', payload: Buffer.from('x'), qos: 0, retain: false } });
    assert.equal(connack.reasonCode, ReasonCode.topicNameInvalid);
    await client.ended;
  });
});

describe('keep-alive', () => {
  test('[MQTT-3.1.2-24] 3.1.1 and [MQTT-3.1.2-22] 5: closed after 1.5 × keep-alive without packets; PINGREQ keeps it open', async () => {
    const started = Date.now();
    const silent4 = await connected(4, { keepalive: 1 });
    const silent5 = await connected(5, { keepalive: 1 });
    const pinging = await connected(4, { keepalive: 1 });
    const closed4 = silent4.ended.then(() => Date.now() - started);
    const closed5 = assertClosedBy(silent5, ReasonCode.keepAliveTimeout).then(() => Date.now() - started);
    for (let i = 0; i < 3; i++) {
      await delay(600);
      pinging.send({ cmd: 'pingreq' });
      await pinging.expect('pingresp'); // [MQTT-3.12.4-1]
    }
    const [elapsed4, elapsed5] = await Promise.all([closed4, closed5]);
    assert.ok(elapsed4 >= 1400 && elapsed4 < 1800 + 500, `closed after ${elapsed4} ms`);
    assert.ok(elapsed5 >= 1400 && elapsed5 < 1800 + 500, `closed after ${elapsed5} ms`);
    assert.equal(broker.clientCount, 1, 'the pinging client is still connected');
    assert.ok(lines.some((l) => /keep-alive timeout/.test(l.msg ?? '')));
  });

  test('MQTT 5 keep-alive 0 or above keepAliveMaxSeconds is replaced (Server Keep Alive)', async () => {
    const zero = new RawClient(broker, 5);
    assert.equal((await zero.connect({ keepalive: 0 })).properties?.serverKeepAlive, 1200);
    const large = new RawClient(broker, 5);
    assert.equal((await large.connect({ keepalive: 5000 })).properties?.serverKeepAlive, 1200);
    const fine = new RawClient(broker, 5);
    assert.equal((await fine.connect({ keepalive: 30 })).properties?.serverKeepAlive, undefined);
  });
});

describe('PUBLISH and SUBSCRIBE', () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-4.3.2-2] QoS 1 PUBLISH is acknowledged and delivered; [MQTT-3.8.4-6] delivered QoS is the minimum (MQTT ${protocolVersion})`, async () => {
      const publisher = await connected(protocolVersion);
      const sub1 = await connected(protocolVersion);
      const sub0 = await connected(protocolVersion);
      assert.deepEqual(await sub1.subscribe('a/+', 1), [1]);
      assert.deepEqual(await sub0.subscribe('a/#', 0), [0]);

      const messageId = publisher.publish('a/b', 'hello', { qos: 1 });
      const puback = await publisher.expect('puback');
      assert.equal(puback.messageId, messageId);

      const delivered1 = await sub1.expect('publish');
      assert.equal(delivered1.topic, 'a/b');
      assert.equal(delivered1.payload.toString(), 'hello');
      assert.equal(delivered1.qos, 1);
      assert.equal(delivered1.retain, false);
      assert.equal(typeof delivered1.messageId, 'number');
      sub1.send({ cmd: 'puback', messageId: delivered1.messageId!, reasonCode: 0 });

      const delivered0 = await sub0.expect('publish');
      assert.equal(delivered0.qos, 0);
      assert.equal(delivered0.messageId, undefined);

      publisher.publish('a/c', 'qos0', { qos: 0 });
      assert.equal((await sub1.expect('publish')).qos, 0);
      assert.equal(publisher.unread.length, 0, 'no PUBACK for QoS 0');
    });

    test(`[MQTT-3.3.2-2] wildcard in a PUBLISH topic name closes the connection (MQTT ${protocolVersion})`, async () => {
      const subscriber = await connected(4);
      await subscriber.subscribe(['#', 'sentinel']);
      const client = await connected(protocolVersion);
      client.publish('a/+', 'x', { qos: 1 });
      await assertClosedBy(client, ReasonCode.topicNameInvalid);
      assert.ok(loggedProtocolError());
      await assertNothingBeforeSentinel(subscriber);
    });

    test(`[MQTT-4.7.1-2] [MQTT-4.7.1-3] invalid filters fail in SUBACK, QoS 2 is granted (MQTT ${protocolVersion})`, async () => {
      const client = await connected(protocolVersion);
      const tooDeep = '1/2/3/4/5/6/7/8/9';
      const granted = await client.subscribe([
        { topic: 'a/#/b', qos: 0 },
        { topic: 'ok/+', qos: 0 },
        { topic: 'x+', qos: 1 },
        { topic: 'two/#', qos: 2 },
        { topic: tooDeep, qos: 1 },
      ]);
      const failure = protocolVersion === 5 ? ReasonCode.topicFilterInvalid : 0x80;
      assert.deepEqual(granted, [failure, 0, failure, 2, failure]);
      assert.deepEqual(broker.clients()[0]?.subscriptions, [
        { filter: 'ok/+', qos: 0 },
        { filter: 'two/#', qos: 2 },
      ]);
    });

    test(`[MQTT-3.10.4-1] UNSUBSCRIBE stops delivery (MQTT ${protocolVersion})`, async () => {
      const client = await connected(protocolVersion);
      await client.subscribe(['a/b', 'sentinel']);
      client.send({ cmd: 'unsubscribe', messageId: 77, unsubscriptions: ['a/b', 'never', 'bad/#/x'] });
      const unsuback = await client.expect('unsuback');
      assert.equal(unsuback.messageId, 77);
      if (protocolVersion === 5) {
        assert.deepEqual(unsuback.granted, [0x00, ReasonCode.noSubscriptionExisted, ReasonCode.topicFilterInvalid]);
      }
      broker.publish({ topic: 'a/b', payload: 'x', qos: 0, retain: false });
      await assertNothingBeforeSentinel(client);
    });

    test(`[MQTT-3.12.4-1] PINGREQ gets PINGRESP (MQTT ${protocolVersion})`, async () => {
      const client = await connected(protocolVersion);
      client.send({ cmd: 'pingreq' });
      await client.expect('pingresp');
    });

    test(`a packet above maxPacketBytes closes the connection (MQTT ${protocolVersion})`, async () => {
      newBroker({ maxPacketBytes: 1000 });
      const client = await connected(protocolVersion);
      client.publish('a', Buffer.alloc(2000), { qos: 0 });
      await assertClosedBy(client, ReasonCode.packetTooLarge);
    });
  }

  test('[MQTT-4.7.2-1] a # subscription does not receive $ topics; $SYS/# does', async () => {
    const all = await connected(4);
    await all.subscribe(['#']);
    const sys = await connected(5);
    await sys.subscribe(['$SYS/#', 'sentinel']);
    broker.publish({ topic: '$SYS/broker/uptime', payload: '1', qos: 0, retain: false });
    assert.equal((await sys.expect('publish')).topic, '$SYS/broker/uptime');
    await assertNothingBeforeSentinel(all);
  });

  test('overlapping subscriptions deliver one copy at the highest granted QoS', async () => {
    const client = await connected(5);
    await client.subscribe([
      { topic: 'a/+', qos: 0 },
      { topic: 'a/#', qos: 1 },
      { topic: 'sentinel', qos: 0 },
    ]);
    broker.publish({ topic: 'a/b', payload: 'once', qos: 1, retain: false });
    const packet = await client.expect('publish');
    assert.equal(packet.qos, 1);
    client.send({ cmd: 'puback', messageId: packet.messageId!, reasonCode: 0 });
    await assertNothingBeforeSentinel(client);
  });

  test('payload above maxPayloadBytes: MQTT 5 PUBACK 0x97, 3.1.1 closes', async () => {
    newBroker({ maxPayloadBytes: 10 });
    const v5 = await connected(5);
    const id = v5.publish('a', Buffer.alloc(11), { qos: 1 });
    const puback = await v5.expect('puback');
    assert.deepEqual([puback.messageId, puback.reasonCode], [id, ReasonCode.quotaExceeded]);
    const v4 = await connected(4);
    v4.publish('a', Buffer.alloc(11), { qos: 1 });
    await v4.ended;
    assert.equal(v4.unread.length, 0);
  });

  test('topic above maxTopicBytes is an invalid topic name', async () => {
    newBroker({ maxTopicBytes: 8 });
    const client = await connected(5);
    client.publish('123456789', 'x');
    await assertClosedBy(client, ReasonCode.topicNameInvalid);
  });

  test('[MQTT-3.3.2-9] MQTT 5 Topic Alias above the Topic Alias Maximum gets DISCONNECT 0x94', async () => {
    newBroker({ topicAliasMaximum: 0 });
    const client = await connected(5);
    client.publish('a', 'x', { properties: { topicAlias: 1 } });
    await assertClosedBy(client, ReasonCode.topicAliasInvalid);
  });

  test('[MQTT-3.8.3-3] MQTT 5 No Local: own messages are not delivered back', async () => {
    const client = await connected(5);
    await client.subscribe([
      { topic: 'chat', qos: 0, nl: true },
      { topic: 'sentinel', qos: 0 },
    ]);
    client.publish('chat', 'me', { qos: 1 });
    await client.expect('puback');
    await assertNothingBeforeSentinel(client);
  });

  test('MQTT 5 properties are forwarded to MQTT 5 subscribers only', async () => {
    const v5 = await connected(5);
    const v4 = await connected(4);
    await v5.subscribe('req');
    await v4.subscribe('req');
    const properties = {
      payloadFormatIndicator: true,
      contentType: 'application/json',
      responseTopic: 'res/1',
      correlationData: Buffer.from('c0ffee', 'hex'),
      userProperties: { a: '1', b: ['2', '3'] },
      messageExpiryInterval: 60,
    };
    const publisher = await connected(5);
    publisher.publish('req', '{}', { qos: 1, properties });
    await publisher.expect('puback');
    const forwarded = (await v5.expect('publish')).properties;
    // mqtt-packet decodes user properties into a null-prototype object.
    assert.deepEqual({ ...forwarded, userProperties: { ...forwarded?.userProperties } }, properties);
    assert.equal((await v4.expect('publish')).properties, undefined);
  });

  test('outgoing QoS 1 respects the MQTT 5 Receive Maximum and frees packet ids on PUBACK', async () => {
    const client = await connected(5, { properties: { receiveMaximum: 1 } });
    await client.subscribe('q');
    broker.publish({ topic: 'q', payload: 'first', qos: 1, retain: false });
    broker.publish({ topic: 'q', payload: 'second', qos: 1, retain: false });
    const first = await client.expect('publish');
    assert.equal(first.payload.toString(), 'first');
    // The second waits for the inflight slot: prove it did not arrive before our PINGRESP.
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
    client.send({ cmd: 'puback', messageId: first.messageId!, reasonCode: 0 });
    const second = await client.expect('publish');
    assert.equal(second.payload.toString(), 'second');
    assert.notEqual(second.messageId, first.messageId);
  });

  test('unexpected packets from a client (SUBACK) are protocol errors', async () => {
    const client = await connected(5);
    client.send({ cmd: 'suback', messageId: 1, granted: [0] });
    await assertClosedBy(client, ReasonCode.protocolError);
  });
});

describe('Will', () => {
  const will = { topic: 'status/dev', payload: Buffer.from('offline'), qos: 1 as const, retain: false };

  for (const protocolVersion of versions) {
    test(`[MQTT-3.1.2-8] the will is published when the connection closes without DISCONNECT (MQTT ${protocolVersion})`, async () => {
      const watcher = await connected(5);
      await watcher.subscribe('status/#');
      const device = await connected(protocolVersion, { will });
      device.end();
      const packet = await watcher.expect('publish');
      assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos], ['status/dev', 'offline', 1]);
    });

    test(`[MQTT-3.14.4-3] the will is discarded on DISCONNECT (MQTT ${protocolVersion})`, async () => {
      const watcher = await connected(4);
      await watcher.subscribe(['status/#', 'sentinel']);
      const device = await connected(protocolVersion, { will });
      device.send({ cmd: 'disconnect', reasonCode: 0 });
      await device.ended;
      await assertNothingBeforeSentinel(watcher);
    });
  }

  test('MQTT 5 DISCONNECT 0x04 publishes the will', async () => {
    const watcher = await connected(4);
    await watcher.subscribe('status/#');
    const device = await connected(5, { will });
    device.send({ cmd: 'disconnect', reasonCode: ReasonCode.disconnectWithWillMessage });
    assert.equal((await watcher.expect('publish')).payload.toString(), 'offline');
  });

  test('the will is published after a protocol error and can be retained', async () => {
    const device = await connected(5, { will: { ...will, retain: true } });
    device.publish('bad/#', 'x');
    await device.ended;
    const late = await connected(4);
    await late.subscribe('status/dev');
    const packet = await late.expect('publish');
    assert.deepEqual([packet.payload.toString(), packet.retain], ['offline', true]);
  });
});

describe('Retained messages', () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-3.3.1-6] [MQTT-3.3.1-8] a new subscription receives the retained message with RETAIN=1 (MQTT ${protocolVersion})`, async () => {
      const publisher = await connected(protocolVersion);
      publisher.publish('lamp/state', 'on', { qos: 1, retain: true });
      await publisher.expect('puback');
      const subscriber = await connected(protocolVersion);
      assert.deepEqual(await subscriber.subscribe('lamp/state', 1), [1]);
      const packet = await subscriber.expect('publish');
      assert.deepEqual(
        [packet.topic, packet.payload.toString(), packet.retain, packet.qos],
        ['lamp/state', 'on', true, 1],
      );
    });
  }

  test('[MQTT-3.3.1-9] live delivery to an existing subscription has RETAIN=0', async () => {
    const subscriber = await connected(4);
    await subscriber.subscribe('lamp/#');
    broker.publish({ topic: 'lamp/state', payload: 'on', qos: 0, retain: true });
    assert.equal((await subscriber.expect('publish')).retain, false);
  });

  test('[MQTT-3.3.1-13] MQTT 5 Retain As Published keeps RETAIN on live delivery', async () => {
    const subscriber = await connected(5);
    await subscriber.subscribe([{ topic: 'lamp/#', qos: 0, rap: true }]);
    broker.publish({ topic: 'lamp/state', payload: 'on', qos: 0, retain: true });
    assert.equal((await subscriber.expect('publish')).retain, true);
  });

  test('[MQTT-3.3.1-5] a new retained message replaces the previous one; wildcard filters receive it', async () => {
    broker.publish({ topic: 'lamp/1', payload: 'old', qos: 0, retain: true });
    broker.publish({ topic: 'lamp/1', payload: 'new', qos: 0, retain: true });
    broker.publish({ topic: 'lamp/2', payload: 'other', qos: 0, retain: true });
    broker.publish({ topic: 'lamp/3', payload: 'not retained', qos: 0, retain: false });
    const subscriber = await connected(4);
    await subscriber.subscribe(['lamp/+', 'sentinel']);
    const received = [await subscriber.expect('publish'), await subscriber.expect('publish')]
      .map((p) => `${p.topic}=${p.payload}`)
      .sort();
    assert.deepEqual(received, ['lamp/1=new', 'lamp/2=other']);
    await assertNothingBeforeSentinel(subscriber);
  });

  test('[MQTT-3.3.1-10] [MQTT-3.3.1-11] an empty retained payload deletes the retained message and is delivered', async () => {
    broker.publish({ topic: 'lamp/1', payload: 'on', qos: 0, retain: true });
    const existing = await connected(4);
    await existing.subscribe('lamp/1');
    await existing.expect('publish'); // the retained one
    const publisher = await connected(4);
    publisher.publish('lamp/1', '', { qos: 1, retain: true });
    await publisher.expect('puback');
    assert.equal((await existing.expect('publish')).payload.length, 0);
    assert.equal(await broker.retained.get('lamp/1'), undefined);
    const late = await connected(4);
    await late.subscribe(['lamp/1', 'sentinel']);
    await assertNothingBeforeSentinel(late);
  });

  test('MQTT 5 Retain Handling 2 sends no retained messages', async () => {
    broker.publish({ topic: 'lamp/1', payload: 'on', qos: 0, retain: true });
    const subscriber = await connected(5);
    await subscriber.subscribe([
      { topic: 'lamp/1', qos: 0, rh: 2 },
      { topic: 'sentinel', qos: 0 },
    ]);
    await assertNothingBeforeSentinel(subscriber);
  });

  test('MQTT 5 retained message carries the remaining Message Expiry Interval', async () => {
    const publisher = await connected(5);
    publisher.publish('lamp/1', 'on', { qos: 1, retain: true, properties: { messageExpiryInterval: 100 } });
    await publisher.expect('puback');
    const subscriber = await connected(5);
    await subscriber.subscribe('lamp/1');
    const expiry = (await subscriber.expect('publish')).properties?.messageExpiryInterval ?? 0;
    assert.ok(expiry > 0 && expiry <= 100);
  });
});

describe('Session takeover', () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-3.1.4-2] [MQTT-3.1.4-3] a CONNECT with a connected client id closes the old connection (MQTT ${protocolVersion})`, async () => {
      const watcher = await connected(4);
      await watcher.subscribe('status/#');
      const first = await connected(protocolVersion, {
        clientId: 'dup',
        will: { topic: 'status/dup', payload: Buffer.from('gone'), qos: 0, retain: false },
      });
      await first.subscribe('old/filter');
      const second = await connected(protocolVersion, { clientId: 'dup' });
      await assertClosedBy(first, ReasonCode.sessionTakenOver);
      // The old connection ended without DISCONNECT: its will is published.
      assert.equal((await watcher.expect('publish')).payload.toString(), 'gone');
      assert.equal(broker.clientCount, 2);
      // Clean session: the old subscriptions are gone.
      assert.deepEqual(broker.clients().find((c) => c.clientId === 'dup')?.subscriptions, []);
      second.send({ cmd: 'pingreq' });
      await second.expect('pingresp');
    });
  }
});

describe('Packet ordering', () => {
  test('packets in one chunk after CONNECT are handled in order', async () => {
    const client = new RawClient(broker, 4);
    const packets: IPublishPacket[] = [];
    for (let i = 0; i < 5; i++) {
      packets.push({
        cmd: 'publish',
        topic: 'seq',
        payload: String(i),
        qos: 1,
        retain: false,
        dup: false,
        messageId: i + 10,
      });
    }
    client.sendRaw(
      Buffer.concat([
        generate({ cmd: 'connect', protocolVersion: 4, clientId: 'batch', clean: true, keepalive: 10 }),
        generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'seq', qos: 0 }] }),
        ...packets.map((p) => generate(p)),
      ]),
    );
    await client.expect('connack');
    await client.expect('suback');
    const seen: string[] = [];
    while (seen.length < 10) {
      const packet = await client.next();
      seen.push(packet.cmd === 'puback' ? `ack${packet.messageId}` : `msg${(packet as IPublishPacket).payload}`);
    }
    assert.deepEqual(
      seen.filter((s) => s.startsWith('msg')),
      ['msg0', 'msg1', 'msg2', 'msg3', 'msg4'],
    );
    assert.deepEqual(
      seen.filter((s) => s.startsWith('ack')),
      ['ack10', 'ack11', 'ack12', 'ack13', 'ack14'],
    );
  });
});
