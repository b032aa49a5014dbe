import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Broker } from './broker.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerHooks, BrokerOptions } from './types.js';

let broker: Broker;
let lines: LogLine[];

function newBroker(hooks: BrokerHooks, options: Partial<BrokerOptions> = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  broker = new Broker({ lifecycleEvents: false, ...options }, hooks, captured.logger);
  return broker;
}

async function connected(protocolVersion: 4 | 5, clientId: string) {
  const client = new RawClient(broker, protocolVersion);
  const connack = await client.connect({ clientId });
  assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
  return client;
}

/** Publishes `sentinel` and returns the payloads `client` got on other topics before it. */
let sentinels = 0;
async function receivedBeforeSentinel(client: RawClient): Promise<string[]> {
  // A fresh payload each time: other subscribers may still hold earlier sentinels unread.
  const mark = `end-${++sentinels}`;
  broker.publish({ topic: 'sentinel', payload: mark, qos: 0, retain: false });
  const got: string[] = [];
  for (;;) {
    const packet = await client.expect('publish');
    if (packet.topic === 'sentinel') {
      if (packet.payload.toString() === mark) return got;
      continue;
    }
    got.push(`${packet.topic}:${packet.payload.toString()}`);
  }
}

afterEach(() => broker?.close());

describe('authorizeReceive hook', () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`a denied delivery is not sent to that subscriber; others still get it (MQTT ${protocolVersion})`, async () => {
      newBroker({ authorizeReceive: (client, topic) => !(client.clientId === 'blocked' && topic === 'secret') });
      const blocked = await connected(protocolVersion, 'blocked');
      const allowed = await connected(protocolVersion, 'allowed');
      for (const client of [blocked, allowed]) await client.subscribe(['#', 'sentinel'], 1);
      const publisher = await connected(5, 'publisher');
      publisher.publish('secret', 's', { qos: 1 });
      publisher.publish('public', 'p', { qos: 0 });
      await publisher.expect('puback');
      assert.deepEqual(await receivedBeforeSentinel(blocked), ['public:p']);
      assert.deepEqual(await receivedBeforeSentinel(allowed), ['secret:s', 'public:p']);
    });
  }

  test('a synchronous hook decides during publish(): the QoS 0 path stays synchronous', async () => {
    const calls: string[] = [];
    newBroker({
      authorizeReceive: (client, topic) => {
        calls.push(`${client.clientId}:${topic}`);
        return true;
      },
    });
    const client = await connected(5, 'sync');
    await client.subscribe(['t', 'sentinel'], 0);
    broker.publish({ topic: 't', payload: 'x', qos: 0, retain: false });
    assert.deepEqual(calls, ['sync:t']);
    assert.deepEqual(await receivedBeforeSentinel(client), ['t:x']);
  });

  test('an asynchronous hook: allowed deliveries arrive once it resolves, denied ones never', async () => {
    newBroker({
      authorizeReceive: async (_client, topic) => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        return topic !== 'no';
      },
    });
    const client = await connected(5, 'async');
    await client.subscribe(['yes', 'no', 'end'], 0);
    broker.publish({ topic: 'no', payload: '1', qos: 0, retain: false });
    broker.publish({ topic: 'yes', payload: '2', qos: 0, retain: false });
    broker.publish({ topic: 'end', payload: '3', qos: 0, retain: false });
    const got = [(await client.expect('publish')).topic, (await client.expect('publish')).topic];
    assert.deepEqual(got, ['yes', 'end']);
    assert.equal(client.unread.length, 0);
  });

  test('a hook that throws or rejects denies the delivery and is logged', async () => {
    newBroker({
      authorizeReceive: (_client, topic) => {
        if (topic === 'throws') throw new Error('hook bug');
        if (topic === 'rejects') return Promise.reject(new Error('backend down'));
        return true;
      },
    });
    const client = await connected(5, 'errors');
    await client.subscribe(['throws', 'rejects', 'sentinel'], 0);
    broker.publish({ topic: 'throws', payload: 'x', qos: 0, retain: false });
    broker.publish({ topic: 'rejects', payload: 'x', qos: 0, retain: false });
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(await receivedBeforeSentinel(client), []);
    assert.equal(lines.filter((l) => l.level === 'warn' && /authorizeReceive hook failed/.test(l.msg ?? '')).length, 2);
  });

  test('retained messages sent on SUBSCRIBE are checked too', async () => {
    newBroker({ authorizeReceive: (_client, topic) => topic !== 'r/hidden' });
    broker.publish({ topic: 'r/hidden', payload: 'h', qos: 0, retain: true });
    broker.publish({ topic: 'r/shown', payload: 's', qos: 0, retain: true });
    const client = await connected(5, 'retained');
    await client.subscribe(['r/+', 'sentinel'], 0);
    assert.deepEqual(await receivedBeforeSentinel(client), ['r/shown:s']);
  });
});

describe('authorization cache', () => {
  function countingHooks(calls: Map<string, number>, decide: (topic: string) => boolean = () => true): BrokerHooks {
    const count = (key: string): void => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
    };
    return {
      authorizePublish: (client, topic) => {
        count(`publish:${client.clientId}:${topic}`);
        return decide(topic);
      },
      authorizeSubscribe: async (client, filter) => {
        count(`subscribe:${client.clientId}:${filter}`);
        return decide(filter);
      },
      authorizeReceive: (client, topic) => {
        count(`receive:${client.clientId}:${topic}`);
        return decide(topic);
      },
    };
  }

  test('without cacheAuthorization every check calls the hook', async () => {
    const calls = new Map<string, number>();
    newBroker(countingHooks(calls));
    const client = await connected(5, 'c');
    await client.subscribe(['t', 'sentinel'], 0);
    for (let i = 0; i < 3; i++) client.publish('t', String(i));
    assert.deepEqual(await receivedBeforeSentinel(client), ['t:0', 't:1', 't:2']);
    assert.equal(calls.get('publish:c:t'), 3);
    assert.equal(calls.get('receive:c:t'), 3);
  });

  test('with cacheAuthorization decisions are cached per connection until invalidateAuthorization()', async () => {
    const calls = new Map<string, number>();
    let allow = true;
    newBroker(
      countingHooks(calls, (topic) => topic !== 't' || allow),
      { cacheAuthorization: true },
    );
    const client = await connected(5, 'c');
    const other = await connected(5, 'o');
    await client.subscribe(['t', 'sentinel'], 0);
    await client.subscribe(['t'], 0);
    await other.subscribe(['t', 'sentinel'], 0);
    for (let i = 0; i < 3; i++) client.publish('t', String(i));
    assert.deepEqual(await receivedBeforeSentinel(client), ['t:0', 't:1', 't:2']);
    assert.deepEqual(await receivedBeforeSentinel(other), ['t:0', 't:1', 't:2']);
    assert.deepEqual(
      [calls.get('publish:c:t'), calls.get('subscribe:c:t'), calls.get('receive:c:t'), calls.get('receive:o:t')],
      [1, 1, 1, 1],
    );

    // The decision changes: cached answers stay until invalidated, for one client or all.
    allow = false;
    broker.publish({ topic: 't', payload: 'cached', qos: 0, retain: false });
    assert.deepEqual(await receivedBeforeSentinel(client), ['t:cached']);
    broker.invalidateAuthorization('c');
    broker.publish({ topic: 't', payload: 'after', qos: 0, retain: false });
    assert.deepEqual(await receivedBeforeSentinel(client), []);
    assert.deepEqual(await receivedBeforeSentinel(other), ['t:cached', 't:after']);
    broker.invalidateAuthorization();
    broker.publish({ topic: 't', payload: 'all', qos: 0, retain: false });
    assert.deepEqual(await receivedBeforeSentinel(other), []);
    assert.equal(calls.get('receive:c:t'), 3);
    assert.equal(calls.get('receive:o:t'), 2);
  });

  test('a new connection of the same client starts with an empty cache', async () => {
    const calls = new Map<string, number>();
    newBroker(countingHooks(calls), { cacheAuthorization: true });
    const first = await connected(5, 'again');
    first.publish('x', '1', { qos: 1 });
    await first.expect('puback');
    first.send({ cmd: 'disconnect' });
    await first.ended;
    const second = await connected(5, 'again');
    second.publish('x', '2', { qos: 1 });
    await second.expect('puback');
    assert.equal(calls.get('publish:again:x'), 2);
  });
});
