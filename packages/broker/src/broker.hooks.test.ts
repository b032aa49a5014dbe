import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { generate, type IPublishPacket } from 'mqtt-packet';
import { Broker } from './broker.js';
import { ReasonCode } from './reason-codes.js';
import { captureLogger, type LogLine } from './testing/helpers.js';
import { connectRaw, RawClient } from './testing/raw-client.js';
import type { AuthenticateRequest, AuthenticateResult, BrokerHooks, ClientInfo } from './types.js';

const versions = [4, 5] as const;
let broker: Broker;
let lines: LogLine[];

function newBroker(hooks: BrokerHooks): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  broker = new Broker({}, hooks, captured.logger);
  return broker;
}

const connected = (protocolVersion: 3 | 4 | 5, fields: Parameters<RawClient['connect']>[0] = {}) =>
  connectRaw(broker, protocolVersion, fields);

async function assertNothingBeforeSentinel(client: RawClient): Promise<void> {
  broker.publish({ topic: 'sentinel', payload: 'end', qos: 0, retain: false });
  assert.equal((await client.expect('publish')).topic, 'sentinel');
}

afterEach(() => broker.close());

const recordInto =
  (requests: AuthenticateRequest[]): BrokerHooks['authenticate'] =>
  (request) => {
    requests.push(request);
    return { ok: true };
  };

describe('authenticate hook', () => {
  const connectAttributeCases: Array<[string, 4 | 5, Parameters<RawClient['connect']>[0], boolean]> = [
    ['3.1.1 CleanSession=0', 4, { clean: false }, true],
    ['3.1.1 CleanSession=1', 4, { clean: true }, false],
    ['MQTT 5 session expiry > 0', 5, { properties: { sessionExpiryInterval: 60 } }, true],
    ['MQTT 5 session expiry 0', 5, {}, false],
  ];
  for (const [name, protocolVersion, fields, persistent] of connectAttributeCases) {
    test(`tells whether the client asks for a persistent session (${name})`, async () => {
      const requests: AuthenticateRequest[] = [];
      newBroker({ authenticate: recordInto(requests) });
      await connected(protocolVersion, { clientId: 'attrs-1', ...fields });
      assert.equal(requests[0]?.persistentSession, persistent);
      assert.equal(requests[0]?.will, undefined);
    });
  }

  test('a context returned by authenticate reaches every authorize hook and the client list', async () => {
    const grant = { device: 'dev-ctx' };
    const seen: unknown[] = [];
    const record = (client: ClientInfo): boolean => {
      seen.push(client.context);
      return true;
    };
    newBroker({
      authenticate: () => ({ ok: true, context: grant }),
      authorizePublish: record,
      authorizeSubscribe: record,
      authorizeReceive: record,
    });
    const client = await connected(5, { clientId: 'dev-ctx' });
    await client.subscribe(['t']);
    client.publish('t', 'x', { qos: 1 });
    await client.expect('publish');
    assert.deepEqual(seen, [grant, grant, grant]);
    assert.equal(broker.clients()[0]?.context, grant);
  });

  test('receives the will topic, QoS and retain flag set in CONNECT', async () => {
    const requests: AuthenticateRequest[] = [];
    newBroker({ authenticate: recordInto(requests) });
    await connected(4, {
      clientId: 'will-1',
      will: { topic: 'wills/will-1', payload: Buffer.from('x'), qos: 1, retain: true },
    });
    assert.deepEqual(requests[0]?.will, { topic: 'wills/will-1', qos: 1, retain: true });
  });

  const table: Array<[Extract<AuthenticateResult, { ok: false }>['reason'], number, number]> = [
    ['not-authorized', 0x05, 0x87],
    ['bad-credentials', 0x04, 0x86],
    ['banned', 0x05, 0x8a],
    ['server-unavailable', 0x03, 0x88],
  ];
  for (const [reason, v4, v5] of table) {
    for (const protocolVersion of versions) {
      const code = protocolVersion === 5 ? v5 : v4;
      test(`[MQTT-3.2.2-5] refusal '${reason}' gets CONNACK 0x${code.toString(16)} and close (MQTT ${protocolVersion})`, async () => {
        newBroker({ authenticate: () => ({ ok: false, reason, message: 'nope' }) });
        const client = new RawClient(broker, protocolVersion);
        const connack = await client.connect({ clientId: 'refused-1' });
        assert.equal(protocolVersion === 5 ? connack.reasonCode : connack.returnCode, code);
        await client.ended;
        assert.equal(broker.clientCount, 0);
        const line = lines.find((l) => l.level === 'info' && /refused/.test(l.msg ?? ''));
        assert.equal(line?.obj.clientId, 'refused-1');
        assert.equal(line?.obj.remoteAddress, 'memory');
      });
    }
  }

  test('receives client id, credentials, protocol version and connection meta', async () => {
    const requests: AuthenticateRequest[] = [];
    newBroker({
      authenticate: (request) => {
        requests.push(request);
        return { ok: true };
      },
    });
    const meta = { transport: 'tls' as const, remoteAddress: '10.0.0.7', certificateId: 'ab'.repeat(32) };
    const client = new RawClient(broker, 5, meta);
    await client.connect({ clientId: 'dev-1', username: 'user', password: Buffer.from('secret') });
    assert.deepEqual(requests, [
      {
        clientId: 'dev-1',
        username: 'user',
        password: Buffer.from('secret'),
        protocolVersion: 5,
        meta,
        persistentSession: false,
      },
    ]);
    assert.deepEqual(broker.clients()[0], {
      clientId: 'dev-1',
      protocolVersion: 5,
      transport: 'tls',
      remoteAddress: '10.0.0.7',
      certificateId: 'ab'.repeat(32),
      connectedAt: broker.clients()[0]?.connectedAt,
      subscriptions: [],
    });
  });

  for (const [label, hook] of [
    [
      'throws',
      () => {
        throw new Error('db down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('db down'))],
  ] as const) {
    test(`a hook that ${label} is a denial and is logged`, async () => {
      newBroker({ authenticate: hook });
      const client = new RawClient(broker, 5);
      const connack = await client.connect();
      assert.equal(connack.reasonCode, ReasonCode.notAuthorized);
      await client.ended;
      assert.ok(lines.some((l) => l.level === 'warn' && /authenticate hook failed/.test(l.msg ?? '')));
    });
  }

  test('packets sent before an asynchronous CONNACK are handled after it, in order', async () => {
    newBroker({
      authenticate: async () => {
        await delay(20);
        return { ok: true };
      },
    });
    const client = new RawClient(broker, 4);
    client.sendRaw(
      Buffer.concat([
        generate({ cmd: 'connect', protocolVersion: 4, clientId: 'early', clean: true, keepalive: 10 }),
        generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'x', qos: 0 }] }),
        generate({ cmd: 'publish', topic: 'x', payload: 'early', qos: 1, messageId: 2, retain: false, dup: false }),
      ]),
    );
    assert.equal((await client.expect('connack')).returnCode, 0);
    await client.expect('suback');
    const [first, second] = [await client.next(), await client.next()];
    const cmds = [first.cmd, second.cmd].sort();
    assert.deepEqual(cmds, ['puback', 'publish']);
  });

  test('a client that leaves during authentication is cleaned up', async () => {
    let release: (r: AuthenticateResult) => void = () => {};
    newBroker({ authenticate: () => new Promise((resolve) => (release = resolve)) });
    const client = new RawClient(broker, 4);
    client.send({ cmd: 'connect', protocolVersion: 4, clientId: 'gone', clean: true, keepalive: 10 });
    client.end();
    // The stream is paused while the hook runs; the end is seen once it settles.
    release({ ok: true });
    await client.ended;
    assert.equal(broker.clientCount, 0);
  });
});

describe('authorizePublish hook', () => {
  function denyTopic(denied: string, seen: Array<[ClientInfo, string]> = []): BrokerHooks {
    return {
      authorizePublish: (client, topic) => {
        seen.push([client, topic]);
        return topic !== denied;
      },
    };
  }

  test('receives the client info and topic', async () => {
    const seen: Array<[ClientInfo, string]> = [];
    newBroker(denyTopic('forbidden', seen));
    const client = new RawClient(broker, 5, { transport: 'wss', remoteAddress: '1.2.3.4' });
    await client.connect({ clientId: 'pub-1' });
    client.publish('allowed', 'x', { qos: 1 });
    await client.expect('puback');
    assert.equal(seen.length, 1);
    const [info, topic] = seen[0]!;
    assert.equal(topic, 'allowed');
    assert.deepEqual(
      [info.clientId, info.protocolVersion, info.transport, info.remoteAddress],
      ['pub-1', 5, 'wss', '1.2.3.4'],
    );
  });

  test('is told whether the PUBLISH carries RETAIN, so retained publishing can be refused on its own', async () => {
    const seen: Array<[string, boolean]> = [];
    newBroker({
      authorizePublish: (_client, topic, retain) => {
        seen.push([topic, retain]);
        return !retain;
      },
    });
    const client = await connected(5);
    client.publish('plain', 'x', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, 0);
    client.publish('kept', 'x', { qos: 1, retain: true });
    assert.equal((await client.expect('puback')).reasonCode, ReasonCode.notAuthorized);
    assert.deepEqual(seen, [
      ['plain', false],
      ['kept', true],
    ]);
  });

  test('MQTT 5: denied QoS 1 gets PUBACK 0x87, denied QoS 0 is dropped, the connection stays', async () => {
    newBroker(denyTopic('forbidden'));
    const subscriber = await connected(4);
    await subscriber.subscribe(['forbidden', 'sentinel']);
    const client = await connected(5);
    const id = client.publish('forbidden', 'x', { qos: 1 });
    const puback = await client.expect('puback');
    assert.deepEqual([puback.messageId, puback.reasonCode], [id, ReasonCode.notAuthorized]);
    client.publish('forbidden', 'x', { qos: 0 });
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
    await assertNothingBeforeSentinel(subscriber);
    assert.ok(lines.some((l) => /publish not authorized/.test(l.msg ?? '')));
  });

  test('3.1.1: a denied publish closes the connection (AWS behaviour)', async () => {
    newBroker(denyTopic('forbidden'));
    const client = await connected(4, { clientId: 'v4-denied' });
    client.publish('forbidden', 'x', { qos: 1 });
    await client.ended;
    assert.equal(client.unread.length, 0);
    const line = lines.find((l) => /not authorized/.test(l.msg ?? ''));
    assert.equal(line?.obj.clientId, 'v4-denied');
  });

  test('a hook that throws is a denial and is logged', async () => {
    newBroker({
      authorizePublish: () => {
        throw new Error('policy engine down');
      },
    });
    const client = await connected(5);
    client.publish('t', 'x', { qos: 1 });
    assert.equal((await client.expect('puback')).reasonCode, ReasonCode.notAuthorized);
    assert.ok(lines.some((l) => l.level === 'warn' && /authorizePublish hook failed/.test(l.msg ?? '')));
  });

  test('an asynchronous hook keeps the publish order', async () => {
    let n = 0;
    newBroker({
      authorizePublish: async () => {
        await delay(n++ % 2 === 0 ? 15 : 1);
        return true;
      },
    });
    const subscriber = await connected(5);
    await subscriber.subscribe('seq');
    const client = await connected(5);
    for (let i = 0; i < 6; i++) client.publish('seq', String(i), { qos: i % 2 === 0 ? 0 : 1 });
    const payloads: string[] = [];
    for (let i = 0; i < 6; i++) payloads.push(String((await subscriber.expect('publish')).payload));
    assert.deepEqual(payloads, ['0', '1', '2', '3', '4', '5']);
  });

  test('a will to a topic the client may not publish to is not published', async () => {
    newBroker(denyTopic('status/dev'));
    const watcher = await connected(4);
    await watcher.subscribe(['status/#', 'sentinel']);
    const device = await connected(5, {
      will: { topic: 'status/dev', payload: Buffer.from('x'), qos: 0, retain: false },
    });
    device.end();
    await device.ended; // the will is handled before the broker ends the stream
    await assertNothingBeforeSentinel(watcher);
  });
});

describe('authorizeSubscribe hook', () => {
  for (const protocolVersion of versions) {
    test(`denied filters get SUBACK ${protocolVersion === 5 ? '0x87' : '0x80'} and receive nothing (MQTT ${protocolVersion})`, async () => {
      newBroker({ authorizeSubscribe: async (_client, filter) => filter !== 'secret/#' });
      const client = await connected(protocolVersion);
      const granted = await client.subscribe(['open/+', 'secret/#', 'sentinel']);
      assert.deepEqual(granted, [1, protocolVersion === 5 ? 0x87 : 0x80, 1]);
      broker.publish({ topic: 'secret/x', payload: 'x', qos: 0, retain: false });
      broker.publish({ topic: 'open/x', payload: 'x', qos: 0, retain: false });
      assert.equal((await client.expect('publish')).topic, 'open/x');
      await assertNothingBeforeSentinel(client);
    });
  }

  test('a hook that throws or rejects is a denial and is logged', async () => {
    newBroker({
      authorizeSubscribe: (_client, filter) => {
        if (filter === 'throws') throw new Error('boom');
        if (filter === 'rejects') return Promise.reject(new Error('boom'));
        return true;
      },
    });
    const client = await connected(5);
    assert.deepEqual(await client.subscribe(['throws', 'ok', 'rejects']), [0x87, 1, 0x87]);
    assert.equal(lines.filter((l) => l.level === 'warn' && /authorizeSubscribe/.test(l.msg ?? '')).length, 2);
  });
});

describe('hooks and retained messages', () => {
  test('a retained publish denied by authorizePublish is not stored', async () => {
    newBroker({ authorizePublish: () => false });
    const client = await connected(5);
    client.publish('r', 'x', { qos: 1, retain: true } as Partial<IPublishPacket>);
    await client.expect('puback');
    assert.equal(await broker.retained.get('r'), undefined);
  });
});
