import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { duplexPair } from '@meridian/test-utils';
import type { IClientOptions, IDisconnectPacket, MqttClient } from 'mqtt';
import { Broker } from './broker.js';
import {
  captureLogger,
  connectMqtt,
  type LogLine,
  nextMessage,
  startTcpBroker,
  type TcpBroker,
} from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { PublishedMessage } from './types.js';

let tcp: TcpBroker | undefined;
let lines: LogLine[] = [];
const clients: MqttClient[] = [];

/** Taps also see the broker's `$aws/events/...` lifecycle events; these tests look at the rest. */
function isClientTopic(topic: string): boolean {
  return !topic.startsWith('$aws/events/');
}

async function start(): Promise<Broker> {
  const captured = captureLogger();
  lines = captured.lines;
  tcp = await startTcpBroker({}, {}, captured.logger);
  return tcp.broker;
}

async function client(options: IClientOptions): Promise<MqttClient> {
  const c = await connectMqtt(tcp!.url, options);
  clients.push(c);
  return c;
}

/** Resolves with the DISCONNECT packet (MQTT 5) or undefined once the client is closed. */
function serverDisconnect(c: MqttClient): Promise<IDisconnectPacket | undefined> {
  let packet: IDisconnectPacket | undefined;
  c.on('disconnect', (p) => {
    packet = p;
  });
  return new Promise((resolve) => c.once('close', () => resolve(packet)));
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await tcp?.close();
  tcp = undefined;
});

describe(Broker.name, () => {
  describe('publish()', () => {
    test('reaches 3.1.1 and MQTT 5 subscribers and the taps, without a client id', async () => {
      const sut = await start();
      const tapped: PublishedMessage[] = [];
      sut.onPublish((m) => isClientTopic(m.topic) && tapped.push(m));
      const v4 = await client({ protocolVersion: 4 });
      const v5 = await client({ protocolVersion: 5 });
      await v4.subscribeAsync('console/#', { qos: 1 });
      await v5.subscribeAsync('console/#', { qos: 1 });
      const at4 = nextMessage(v4);
      const at5 = nextMessage(v5);
      sut.publish({ topic: 'console/hello', payload: 'hi', qos: 1, retain: false });
      for (const got of [await at4, await at5]) {
        assert.deepEqual([got.topic, got.payload.toString(), got.packet.qos], ['console/hello', 'hi', 1]);
      }
      assert.equal(tapped.length, 1);
      assert.equal(tapped[0]?.clientId, undefined);
      assert.deepEqual(tapped[0]?.payload, Buffer.from('hi'));
      assert.ok(tapped[0]?.receivedAt instanceof Date);
    });

    test('stores retained messages like a client publish', async () => {
      const sut = await start();
      sut.publish({ topic: 'config/x', payload: Buffer.from('v1'), qos: 0, retain: true });
      assert.equal((await sut.retained.get('config/x'))?.payload.toString(), 'v1');
      sut.publish({ topic: 'config/x', payload: '', qos: 0, retain: true });
      assert.equal(await sut.retained.get('config/x'), undefined);
    });

    test('throws a TypeError for an invalid topic name', async () => {
      const sut = await start();
      assert.throws(() => sut.publish({ topic: 'a/+', payload: 'x', qos: 0, retain: false }), TypeError);
      assert.throws(() => sut.publish({ topic: '', payload: 'x', qos: 0, retain: false }), TypeError);
    });
  });

  describe('onPublish()', () => {
    test('taps client publishes with client id and MQTT 5 properties; the returned function unsubscribes', async () => {
      const sut = await start();
      const tapped: PublishedMessage[] = [];
      const off = sut.onPublish((m) => isClientTopic(m.topic) && tapped.push(m));
      const device = await client({ protocolVersion: 5, clientId: 'dev-1' });
      await device.publishAsync('telemetry', '{"t":1}', {
        qos: 1,
        retain: true,
        properties: { contentType: 'application/json' },
      });
      assert.equal(tapped.length, 1);
      const [message] = tapped;
      assert.deepEqual(
        [message?.topic, message?.payload.toString(), message?.qos, message?.retain, message?.clientId],
        ['telemetry', '{"t":1}', 1, true, 'dev-1'],
      );
      assert.deepEqual(message?.properties, { contentType: 'application/json' });
      assert.equal(message?.will, undefined);
      off();
      await device.publishAsync('telemetry', 'again', { qos: 1 });
      assert.equal(tapped.length, 1);
    });

    test('[MQTT-3.1.2-8] taps a Will Message with the client id and marked as a will', async () => {
      const sut = await start();
      const will = new Promise<PublishedMessage>((resolve) =>
        sut.onPublish((m) => m.topic === 'status/dev-2' && resolve(m)),
      );
      await client({
        protocolVersion: 4,
        clientId: 'dev-2',
        will: { topic: 'status/dev-2', payload: Buffer.from('offline'), qos: 1, retain: false },
      });
      sut.disconnect('dev-2');
      const message = await will;
      assert.deepEqual([message.payload.toString(), message.clientId, message.will], ['offline', 'dev-2', true]);
    });

    test('a tap that throws is logged and does not break delivery or other taps', async () => {
      const sut = await start();
      sut.onPublish(() => {
        throw new Error('tap bug');
      });
      const seen: string[] = [];
      sut.onPublish((m) => isClientTopic(m.topic) && seen.push(m.topic));
      const subscriber = await client({ protocolVersion: 4 });
      await subscriber.subscribeAsync('t');
      const got = nextMessage(subscriber);
      const publisher = await client({ protocolVersion: 4 });
      await publisher.publishAsync('t', 'x', { qos: 1 });
      assert.equal((await got).topic, 't');
      assert.deepEqual(seen, ['t']);
      assert.ok(lines.some((l) => l.level === 'error' && /tap failed/.test(l.msg ?? '')));
    });
  });

  describe('clients() and clientCount', () => {
    test('list connected clients with protocol, transport, address and subscriptions', async () => {
      const sut = await start();
      assert.equal(sut.clientCount, 0);
      const a = await client({ protocolVersion: 4, clientId: 'a' });
      await client({ protocolVersion: 5, clientId: 'b' });
      await a.subscribeAsync({ 'x/+': { qos: 1 }, y: { qos: 0 } });
      assert.equal(sut.clientCount, 2);
      const byId = new Map(sut.clients().map((c) => [c.clientId, c]));
      const infoA = byId.get('a');
      assert.deepEqual([infoA?.protocolVersion, infoA?.transport, infoA?.remoteAddress], [4, 'tcp', '127.0.0.1']);
      assert.deepEqual(infoA?.subscriptions, [
        { filter: 'x/+', qos: 1 },
        { filter: 'y', qos: 0 },
      ]);
      assert.equal(byId.get('b')?.protocolVersion, 5);
      assert.ok(infoA?.connectedAt instanceof Date);
      await a.endAsync();
      assert.deepEqual(
        sut.clients().map((c) => c.clientId),
        ['b'],
      );
    });
  });

  describe('disconnect()', () => {
    test('MQTT 5 gets DISCONNECT 0x98 (administrative action) by default; unknown ids return false', async () => {
      const sut = await start();
      const c = await client({ protocolVersion: 5, clientId: 'revoked' });
      const disconnected = serverDisconnect(c);
      assert.equal(sut.disconnect('revoked'), true);
      assert.equal((await disconnected)?.reasonCode, 0x98);
      assert.equal(sut.disconnect('revoked'), false);
      assert.equal(sut.disconnect('never-connected'), false);
      assert.equal(sut.clientCount, 0);
    });

    test('uses the given reason code; 3.1.1 clients are closed; the will is published', async () => {
      const sut = await start();
      const watcher = await client({ protocolVersion: 4 });
      await watcher.subscribeAsync('status/#');
      const v5 = await client({ protocolVersion: 5, clientId: 'v5' });
      const v4 = await client({
        protocolVersion: 4,
        clientId: 'v4',
        will: { topic: 'status/v4', payload: Buffer.from('offline'), qos: 0, retain: false },
      });
      const v5Closed = serverDisconnect(v5);
      const v4Closed = serverDisconnect(v4);
      const will = nextMessage(watcher);
      sut.disconnect('v5', 0x87);
      sut.disconnect('v4');
      assert.equal((await v5Closed)?.reasonCode, 0x87);
      assert.equal(await v4Closed, undefined);
      assert.equal((await will).payload.toString(), 'offline');
    });
  });

  describe('close()', () => {
    test('MQTT 5 clients get DISCONNECT 0x8B; wills are not published; new streams are refused', async () => {
      const sut = await start();
      const tapped: PublishedMessage[] = [];
      sut.onPublish((m) => isClientTopic(m.topic) && tapped.push(m));
      const v5 = await client({
        protocolVersion: 5,
        will: { topic: 'status/x', payload: Buffer.from('offline'), qos: 0, retain: false },
      });
      const v4 = await client({ protocolVersion: 4 });
      const v5Closed = serverDisconnect(v5);
      const v4Closed = serverDisconnect(v4);
      await sut.close();
      assert.equal((await v5Closed)?.reasonCode, 0x8b);
      assert.equal(await v4Closed, undefined);
      assert.equal(sut.clientCount, 0);
      assert.deepEqual(tapped, []);

      const [, server] = duplexPair();
      sut.handle(server, { transport: 'memory' });
      assert.equal(server.destroyed, true);
    });

    test('also closes connections that have not sent CONNECT yet, and can be awaited twice', async () => {
      const sut = new Broker();
      const idle = new RawClient(sut, 4);
      await Promise.all([sut.close(), sut.close(), idle.ended]);
    });
  });
});
