import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { MemoryRetainedStore } from './retained-store.js';
import {
  MemorySessionStore,
  type SessionStore,
  type SessionStoreOp,
  type StoredSession,
  type StoredWill,
} from './session-store.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerHooks, BrokerOptions, ClientInfo, PublishedMessage } from './types.js';

const versions = [4, 5] as const;
const brokers: Broker[] = [];
let lines: LogLine[] = [];
let logged: (msg: string, count?: number) => Promise<void> = () => Promise.reject(new Error('no broker yet'));

function newBroker(options: Partial<BrokerOptions> = {}, hooks: BrokerHooks = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  logged = captured.logged;
  const broker = new Broker(options, hooks, captured.logger);
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

/** Connects a persistent session: 3.1.1 CleanSession=0, MQTT 5 Clean Start=0 with an expiry. */
async function persistent(
  broker: Broker,
  protocolVersion: 4 | 5,
  clientId: string,
  fields: Parameters<RawClient['connect']>[0] = {},
): Promise<{ client: RawClient; sessionPresent: boolean }> {
  const client = new RawClient(broker, protocolVersion);
  const connack = await client.connect({
    clientId,
    clean: false,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 600 } } : {}),
    ...fields,
  });
  assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
  return { client, sessionPresent: connack.sessionPresent };
}

/** Closes the client without DISCONNECT and waits until the broker noticed. */
async function drop(broker: Broker, client: RawClient, clientId: string): Promise<void> {
  client.end();
  await client.ended;
  while (broker.clients().some((c) => c.clientId === clientId)) await new Promise((r) => setImmediate(r));
}

async function nothingBeforeSentinel(broker: Broker, client: RawClient): Promise<void> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  const packet = await client.expect('publish');
  assert.equal(packet.topic, 'sentinel', `unexpected ${JSON.stringify(packet)}`);
}

describe('persistent sessions', { timeout: 10_000 }, () => {
  for (const protocolVersion of versions) {
    test(`[MQTT-3.1.2-4] [MQTT-3.2.2-3] a resumed session keeps its subscriptions and sets Session Present (MQTT ${protocolVersion})`, async () => {
      const broker = newBroker();
      const first = await persistent(broker, protocolVersion, 'dev-1');
      assert.equal(first.sessionPresent, false, '[MQTT-3.2.2-2] no session existed');
      await first.client.subscribe('cmd/#', 1);
      await drop(broker, first.client, 'dev-1');
      assert.equal(broker.sessionCount, 1);

      const second = await persistent(broker, protocolVersion, 'dev-1');
      assert.equal(second.sessionPresent, true);
      assert.deepEqual(broker.clients()[0]?.subscriptions, [{ filter: 'cmd/#', qos: 1 }]);
      broker.publish({ topic: 'cmd/x', payload: 'go', qos: 1, retain: false });
      const packet = await second.client.expect('publish');
      assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos], ['cmd/x', 'go', 1]);
    });

    test(`[MQTT-3.1.2-5] QoS 1/2 messages are queued while offline and delivered in order on reconnect; QoS 0 is not (MQTT ${protocolVersion})`, async () => {
      const broker = newBroker();
      const first = await persistent(broker, protocolVersion, 'dev-2');
      await first.client.subscribe(['t/#', 'sentinel'], 2);
      await drop(broker, first.client, 'dev-2');
      const publisher = new RawClient(broker, 5);
      await publisher.connect();
      publisher.publish('t/a', 'one', { qos: 1 });
      await publisher.expect('puback');
      publisher.publish('t/b', 'zero', { qos: 0 });
      publisher.publish('t/c', 'two', { qos: 2 });
      await publisher.expect('pubrec');

      const second = await persistent(broker, protocolVersion, 'dev-2');
      const a = await second.client.expect('publish');
      const c = await second.client.expect('publish');
      assert.deepEqual([a.topic, a.qos, c.topic, c.qos], ['t/a', 1, 't/c', 2]);
      second.client.send({ cmd: 'puback', messageId: a.messageId! });
      second.client.send({ cmd: 'pubrec', messageId: c.messageId! });
      assert.equal((await second.client.expect('pubrel')).messageId, c.messageId);
      second.client.send({ cmd: 'pubcomp', messageId: c.messageId! });
      await nothingBeforeSentinel(broker, second.client);
    });

    test(`[MQTT-3.1.2-6] clean start discards the previous session; Session Present is 0 (MQTT ${protocolVersion})`, async () => {
      const broker = newBroker();
      const first = await persistent(broker, protocolVersion, 'dev-3');
      await first.client.subscribe('t/#', 1);
      await drop(broker, first.client, 'dev-3');
      broker.publish({ topic: 't/1', payload: 'queued', qos: 1, retain: false });
      const second = await persistent(broker, protocolVersion, 'dev-3', { clean: true });
      assert.equal(second.sessionPresent, false);
      assert.deepEqual(broker.clients()[0]?.subscriptions, []);
      await second.client.subscribe('sentinel', 0);
      await nothingBeforeSentinel(broker, second.client);
    });

    test(`[MQTT-3.1.4-3] session takeover keeps the session when clean start is 0 (MQTT ${protocolVersion})`, async () => {
      const broker = newBroker();
      const first = await persistent(broker, protocolVersion, 'dev-4');
      await first.client.subscribe('t/#', 1);
      const second = await persistent(broker, protocolVersion, 'dev-4');
      if (protocolVersion === 5) {
        assert.equal((await first.client.expect('disconnect')).reasonCode, ReasonCode.sessionTakenOver);
      }
      await first.client.ended;
      assert.equal(second.sessionPresent, true);
      broker.publish({ topic: 't/x', payload: 'still subscribed', qos: 1, retain: false });
      assert.equal((await second.client.expect('publish')).topic, 't/x');
    });
  }

  test('[MQTT-3.1.2-23] MQTT 5 without Session Expiry Interval: the session ends with the connection', async () => {
    const broker = newBroker();
    const client = new RawClient(broker, 5);
    await client.connect({ clientId: 'v5-clean', clean: false });
    await client.subscribe('t/#', 1);
    await drop(broker, client, 'v5-clean');
    assert.equal(broker.sessionCount, 0);
    const again = new RawClient(broker, 5);
    assert.equal((await again.connect({ clientId: 'v5-clean', clean: false })).sessionPresent, false);
  });

  test('[MQTT-3.1.2-23] the session is removed when the Session Expiry Interval has passed', async () => {
    const broker = newBroker();
    const { client } = await persistent(broker, 5, 'short', { properties: { sessionExpiryInterval: 1 } });
    await client.subscribe('t/#', 1);
    await drop(broker, client, 'short');
    assert.equal(broker.sessionCount, 1);
    await logged('MQTT session expired');
    assert.equal(broker.sessionCount, 0);
    const again = await persistent(broker, 5, 'short');
    assert.equal(again.sessionPresent, false);
  });

  test('the Session Expiry Interval is capped by maxSessionExpirySeconds and returned in CONNACK', async () => {
    const broker = newBroker({ maxSessionExpirySeconds: 60 });
    const client = new RawClient(broker, 5);
    const connack = await client.connect({
      clientId: 'capped',
      clean: false,
      properties: { sessionExpiryInterval: 600 },
    });
    assert.equal(connack.properties?.sessionExpiryInterval, 60);
  });

  test('[MQTT-3.14.2-2] DISCONNECT must not change the Session Expiry Interval from 0', async () => {
    const broker = newBroker();
    const client = new RawClient(broker, 5);
    await client.connect({ clientId: 'zero' });
    client.send({ cmd: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 60 } });
    assert.equal((await client.expect('disconnect')).reasonCode, ReasonCode.protocolError);
    await client.ended;
  });

  test('[MQTT-3.14.2-2] DISCONNECT with Session Expiry Interval 0 ends a persistent session', async () => {
    const broker = newBroker();
    const { client } = await persistent(broker, 5, 'ending');
    client.send({ cmd: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 0 } });
    await client.ended;
    while (broker.clientCount > 0) await new Promise((r) => setImmediate(r));
    assert.equal(broker.sessionCount, 0);
  });

  test('maxQueuedMessages bounds the offline queue: the oldest message is dropped, logged and counted', async () => {
    const broker = newBroker({ maxQueuedMessages: 2 });
    const first = await persistent(broker, 4, 'slow');
    await first.client.subscribe('t', 1);
    await drop(broker, first.client, 'slow');
    for (const payload of ['m1', 'm2', 'm3']) broker.publish({ topic: 't', payload, qos: 1, retain: false });
    assert.equal(broker.droppedMessageCount, 1);
    const line = lines.find((l) => l.msg === 'MQTT session queue full, oldest message dropped');
    assert.deepEqual([line?.level, line?.obj.clientId], ['warn', 'slow']);
    const second = await persistent(broker, 4, 'slow');
    const got = [await second.client.expect('publish'), await second.client.expect('publish')];
    assert.deepEqual(
      got.map((p) => p.payload.toString()),
      ['m2', 'm3'],
    );
  });
});

describe('SessionStore', { timeout: 10_000 }, () => {
  test('a broker on the same store resumes stored sessions with their queued messages (restart)', async () => {
    const store = new MemorySessionStore();
    const before = newBroker({ sessionStore: store });
    const first = await persistent(before, 5, 'restart-1');
    await first.client.subscribe([{ topic: 't/#', qos: 1 }]);
    await drop(before, first.client, 'restart-1');
    before.publish({ topic: 't/a', payload: 'kept', qos: 1, retain: false });
    await before.close();
    assert.equal(store.size, 1);

    const after = newBroker({ sessionStore: store });
    const second = await persistent(after, 5, 'restart-1');
    assert.equal(second.sessionPresent, true);
    const packet = await second.client.expect('publish');
    assert.deepEqual([packet.topic, packet.payload.toString(), packet.qos], ['t/a', 'kept', 1]);
  });

  test('with an asynchronous store, CONNECT waits until the stored sessions are loaded', async () => {
    const memory = new MemorySessionStore();
    memory.apply([
      { op: 'putSession', session: { clientId: 'async-1', protocolVersion: 4, expiryIntervalSeconds: 60 } },
      {
        op: 'putSubscription',
        clientId: 'async-1',
        subscription: { filter: 'a/#', qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 },
      },
    ]);
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store: SessionStore = {
      load: async () => {
        await gate;
        return memory.load();
      },
      apply: async (ops) => memory.apply(ops),
    };
    const broker = newBroker({ sessionStore: store });
    const connecting = persistent(broker, 4, 'async-1');
    // Let the CONNECT reach the broker while the store is still loading.
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    assert.equal(broker.sessionCount, 0);
    release!();
    const { client, sessionPresent } = await connecting;
    assert.equal(sessionPresent, true);
    broker.publish({ topic: 'a/b', payload: 'x', qos: 1, retain: false });
    assert.equal((await client.expect('publish')).topic, 'a/b');
  });

  test('expired sessions are removed when the store is loaded', async () => {
    const store = new MemorySessionStore();
    store.apply([
      {
        op: 'putSession',
        session: {
          clientId: 'old',
          protocolVersion: 4,
          expiryIntervalSeconds: 60,
          expiresAt: new Date(Date.now() - 1),
        },
      },
    ]);
    const broker = newBroker({ sessionStore: store });
    assert.equal(broker.sessionCount, 0);
    const { sessionPresent } = await persistent(broker, 4, 'old');
    assert.equal(sessionPresent, false);
  });

  test('[MQTT-4.3.2-2] a QoS 1 PUBLISH is acknowledged only after the message is stored for an offline session', async () => {
    const memory = new MemorySessionStore();
    const applied: SessionStoreOp[][] = [];
    let release: (() => void) | undefined;
    let onApply: (() => void) | undefined;
    let hold = false;
    const store: SessionStore = {
      load: () => memory.load(),
      apply(ops) {
        applied.push([...ops]);
        memory.apply(ops);
        onApply?.();
        if (!hold) return;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    };
    const broker = newBroker({ sessionStore: store });
    const sub = await persistent(broker, 4, 'offline');
    await sub.client.subscribe('t', 1);
    await drop(broker, sub.client, 'offline');

    const publisher = new RawClient(broker, 4);
    await publisher.connect();
    const callsBefore = applied.length;
    publisher.publish('t', 'qos0', { qos: 0 });
    publisher.send({ cmd: 'pingreq' });
    await publisher.expect('pingresp');
    assert.equal(applied.length, callsBefore, 'QoS 0 needs no storage I/O');

    hold = true;
    const applying = new Promise<void>((resolve) => {
      onApply = resolve;
    });
    publisher.publish('t', 'durable', { qos: 1 });
    await applying;
    const queued = applied.at(-1)!.find((op) => op.op === 'putOutgoing');
    assert.equal(queued?.op === 'putOutgoing' && queued.message.payload.toString(), 'durable');
    publisher.send({ cmd: 'pingreq' });
    await publisher.expect('pingresp');
    assert.equal(publisher.unread.length, 0, 'no PUBACK before the store finished');
    release!();
    await publisher.expect('puback');
  });

  test('[MQTT-3.3.2-5] [MQTT-3.3.2-6] MQTT 5 Message Expiry: a queued message is forwarded with the remaining interval; an expired one is dropped', async () => {
    const store = new MemorySessionStore();
    const stored: StoredSession['outgoing'][number] = {
      seq: 1,
      packetId: 0,
      state: 'queued',
      qos: 1,
      retain: false,
      topic: 't/fresh',
      payload: Buffer.from('x'),
      properties: { messageExpiryInterval: 60 },
      receivedAt: new Date(Date.now() - 10_500),
    };
    store.apply([
      { op: 'putSession', session: { clientId: 'exp', protocolVersion: 5, expiryIntervalSeconds: 600 } },
      {
        op: 'putOutgoing',
        clientId: 'exp',
        message: { ...stored, topic: 't/stale', properties: { messageExpiryInterval: 5 } },
      },
      { op: 'putOutgoing', clientId: 'exp', message: { ...stored, seq: 2 } },
    ]);
    const broker = newBroker({ sessionStore: store });
    const { client } = await persistent(broker, 5, 'exp');
    const packet = await client.expect('publish');
    assert.equal(packet.topic, 't/fresh');
    assert.equal(packet.properties?.messageExpiryInterval, 50);
  });
});

describe('MQTT 5 Will Delay Interval', { timeout: 10_000 }, () => {
  const will = (willDelayInterval: number) => ({
    topic: 'status/dev',
    payload: Buffer.from('offline'),
    qos: 1 as const,
    retain: false,
    properties: { willDelayInterval },
  });

  async function watcher(broker: Broker): Promise<RawClient> {
    const client = new RawClient(broker, 5);
    await client.connect();
    await client.subscribe(['status/#', 'sentinel'], 1);
    return client;
  }

  test('[MQTT-3.1.3-9] the will is not published when the session resumes within the delay', async () => {
    const broker = newBroker();
    const watching = await watcher(broker);
    const first = await persistent(broker, 5, 'delayed', { will: will(60) });
    await drop(broker, first.client, 'delayed');
    const second = await persistent(broker, 5, 'delayed');
    assert.equal(second.sessionPresent, true);
    await nothingBeforeSentinel(broker, watching);
  });

  test('[MQTT-3.1.2-8] the will is published once the Will Delay Interval has passed', async () => {
    const broker = newBroker();
    const watching = await watcher(broker);
    const first = await persistent(broker, 5, 'delayed', { will: will(1) });
    const started = Date.now();
    await drop(broker, first.client, 'delayed');
    const packet = await watching.expect('publish');
    assert.deepEqual([packet.topic, packet.payload.toString()], ['status/dev', 'offline']);
    assert.ok(Date.now() - started >= 900, 'not before the delay');
  });

  test('the will is published when the session ends before the delay (session expiry 0)', async () => {
    const broker = newBroker();
    const watching = await watcher(broker);
    const client = new RawClient(broker, 5);
    await client.connect({ clientId: 'short-session', will: will(600) });
    client.end();
    assert.equal((await watching.expect('publish')).topic, 'status/dev');
  });

  test('the will is published when a clean start ends the waiting session', async () => {
    const broker = newBroker();
    const watching = await watcher(broker);
    const first = await persistent(broker, 5, 'restarted', { will: will(600) });
    await drop(broker, first.client, 'restarted');
    await persistent(broker, 5, 'restarted', { clean: true });
    assert.equal((await watching.expect('publish')).topic, 'status/dev');
  });
});

describe('MQTT 5 delayed wills in the SessionStore (restart)', { timeout: 10_000 }, () => {
  const will = {
    topic: 'status/dev',
    payload: Buffer.from('offline'),
    qos: 1 as const,
    retain: false,
    properties: { willDelayInterval: 1, userProperties: { why: 'power' } },
  };

  function storedWill(publishAt: number, fields: Partial<StoredWill> = {}): StoredWill {
    return {
      topic: 'status/dev',
      payload: Buffer.from('offline'),
      qos: 1,
      retain: false,
      publishAt: new Date(publishAt),
      client: {
        protocolVersion: 5,
        transport: 'tls',
        certificateId: 'cert-1',
        connectedAt: new Date(publishAt - 60_000),
      },
      ...fields,
    };
  }

  /** A store holding `clientId`'s session (expiring at `expiresAt`) with a pending will. */
  function storeWithWill(clientId: string, expiresAt: number, stored: StoredWill): MemorySessionStore {
    const store = new MemorySessionStore();
    store.apply([
      {
        op: 'putSession',
        session: { clientId, protocolVersion: 5, expiryIntervalSeconds: 600, expiresAt: new Date(expiresAt) },
      },
      { op: 'putWill', clientId, will: stored },
    ]);
    return store;
  }

  function nextTap(broker: Broker): Promise<PublishedMessage> {
    return new Promise((resolve) => {
      const off = broker.onPublish((message) => {
        off();
        resolve(message);
      });
    });
  }

  async function storedWillOf(store: MemorySessionStore, clientId: string): Promise<StoredWill | undefined> {
    return store.load().find((s) => s.clientId === clientId)?.will;
  }

  test('a delayed will waits in the store, due Will Delay Interval after the disconnect, and leaves it on resume [MQTT-3.1.3-9]', async () => {
    const store = new MemorySessionStore();
    const broker = newBroker({ sessionStore: store });
    const first = await persistent(broker, 5, 'stored-will', { will });
    const droppedAt = Date.now();
    await drop(broker, first.client, 'stored-will');
    const pending = await storedWillOf(store, 'stored-will');
    assert.equal(pending?.topic, 'status/dev');
    assert.deepEqual({ ...pending?.properties?.userProperties }, { why: 'power' });
    const delayMs = (pending?.publishAt.getTime() ?? 0) - droppedAt;
    assert.ok(delayMs >= 950 && delayMs <= 1100, `due ${delayMs} ms after the disconnect`);
    const resumed = await persistent(broker, 5, 'stored-will');
    resumed.client.send({ cmd: 'pingreq' });
    await resumed.client.expect('pingresp');
    assert.equal(await storedWillOf(store, 'stored-will'), undefined);
  });

  test('[MQTT-3.1.2-8] a will pending when the broker stops is published by the next broker when it falls due', async () => {
    const store = new MemorySessionStore();
    const before = newBroker({ sessionStore: store });
    const first = await persistent(before, 5, 'restart-will', { will });
    await drop(before, first.client, 'restart-will');
    await before.close();
    const publishAt = (await storedWillOf(store, 'restart-will'))?.publishAt.getTime() ?? 0;

    const after = newBroker({ sessionStore: store });
    const watcher = new RawClient(after, 5);
    await watcher.connect();
    await watcher.subscribe('status/#', 1);
    const packet = await watcher.expect('publish');
    assert.deepEqual([packet.topic, packet.payload.toString()], ['status/dev', 'offline']);
    assert.ok(Date.now() >= publishAt - 5, 'not before it was due');
    assert.equal(await storedWillOf(store, 'restart-will'), undefined, 'published once: removed from the store');
  });

  test('a will that fell due while the broker was down is published right after the start, to taps and persistent subscribers', async () => {
    const now = Date.now();
    const store = storeWithWill('overdue', now + 600_000, storedWill(now - 5_000));
    store.apply([
      { op: 'putSession', session: { clientId: 'watcher', protocolVersion: 5, expiryIntervalSeconds: 600 } },
      {
        op: 'putSubscription',
        clientId: 'watcher',
        subscription: { filter: 'status/#', qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 },
      },
    ]);
    const broker = newBroker({ sessionStore: store, resumeRatePerSecond: 0 });
    const tapped = await nextTap(broker);
    assert.deepEqual([tapped.topic, tapped.payload.toString(), tapped.clientId], ['status/dev', 'offline', 'overdue']);
    const { client } = await persistent(broker, 5, 'watcher');
    const packet = await client.expect('publish');
    assert.deepEqual([packet.topic, packet.payload.toString()], ['status/dev', 'offline']);
  });

  test('a session that expired while the broker was down is removed and its will is published after the start', async () => {
    const now = Date.now();
    const store = storeWithWill('expired', now - 1_000, storedWill(now + 60_000));
    const broker = newBroker({ sessionStore: store });
    assert.equal(broker.sessionCount, 0);
    const tapped = await nextTap(broker);
    assert.deepEqual([tapped.topic, tapped.clientId], ['status/dev', 'expired']);
    assert.equal(store.size, 0);
  });

  test('[MQTT-3.1.3-9] a client resuming its session after a restart cancels the stored will', async () => {
    const now = Date.now();
    const store = storeWithWill('comes-back', now + 600_000, storedWill(now + 60_000));
    const broker = newBroker({ sessionStore: store });
    const published: string[] = [];
    broker.onPublish((message) => published.push(message.topic));
    const { client, sessionPresent } = await persistent(broker, 5, 'comes-back');
    assert.equal(sessionPresent, true);
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
    assert.equal(await storedWillOf(store, 'comes-back'), undefined);
    assert.ok(!published.includes('status/dev'));
  });

  test('a restored will is authorized with the client that left it (authorizePublish)', async () => {
    const now = Date.now();
    const store = storeWithWill('checked', now + 600_000, storedWill(now - 1));
    const asked: Array<[ClientInfo, string]> = [];
    let decided: (() => void) | undefined;
    const decision = new Promise<void>((resolve) => {
      decided = resolve;
    });
    const broker = newBroker(
      { sessionStore: store },
      {
        authorizePublish: (client, topic) => {
          asked.push([client, topic]);
          decided?.();
          return false;
        },
      },
    );
    const published: string[] = [];
    broker.onPublish((message) => published.push(message.topic));
    await decision;
    const [client, topic] = asked[0]!;
    assert.deepEqual(
      [client.clientId, client.certificateId, client.protocolVersion, client.transport, topic],
      ['checked', 'cert-1', 5, 'tls', 'status/dev'],
    );
    await logged('MQTT will message not authorized');
    assert.deepEqual(published, []);
  });
});

describe('MQTT 5 Message Expiry Interval', { timeout: 10_000 }, () => {
  test('[MQTT-3.3.2-5] an expired retained message is not sent; a live one carries the remaining interval [MQTT-3.3.2-6]', async () => {
    const retainedStore = new MemoryRetainedStore();
    const tenSecondsAgo = new Date(Date.now() - 10_500);
    const payload = Buffer.from('x');
    retainedStore.put({
      topic: 'r/old',
      payload,
      qos: 1,
      properties: { messageExpiryInterval: 5 },
      receivedAt: tenSecondsAgo,
    });
    retainedStore.put({
      topic: 'r/new',
      payload,
      qos: 1,
      properties: { messageExpiryInterval: 60 },
      receivedAt: tenSecondsAgo,
    });
    const broker = newBroker({ retainedStore });
    const client = new RawClient(broker, 5);
    await client.connect();
    await client.subscribe(['r/old', 'r/new', 'sentinel'], 1);
    const packet = await client.expect('publish');
    assert.deepEqual([packet.topic, packet.retain, packet.properties?.messageExpiryInterval], ['r/new', true, 50]);
    client.send({ cmd: 'puback', messageId: packet.messageId! });
    await nothingBeforeSentinel(broker, client);
  });
});
