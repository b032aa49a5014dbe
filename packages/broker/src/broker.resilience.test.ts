import assert from 'node:assert/strict';
import { connect as connectTcp, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { generate } from 'mqtt-packet';
import { Broker } from './broker.js';
import { captureLogger, type LogLine, startTcpBroker, type TcpBroker } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const brokers: Broker[] = [];
const tcpBrokers: TcpBroker[] = [];
let lines: LogLine[] = [];

function newBroker(options: Partial<BrokerOptions> = {}): Broker {
  const captured = captureLogger();
  lines = captured.lines;
  const broker = new Broker({ publishRatePerSecond: 0, ...options }, {}, captured.logger);
  brokers.push(broker);
  return broker;
}

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()));
  await Promise.all(tcpBrokers.splice(0).map((b) => b.close()));
});

const connectBytes = (clientId: string) =>
  generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: true, keepalive: 10 });

/** A raw TCP socket to the broker; resolves once connected. */
async function rawSocket(url: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connectTcp(Number(port), hostname);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.resume();
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed };
}

/** A pub/sub round trip between two new clients: the broker still serves. */
async function assertServing(broker: Broker): Promise<void> {
  const subscriber = new RawClient(broker, 5);
  assert.equal((await subscriber.connect({ clientId: 'check-sub' })).reasonCode, 0);
  await subscriber.subscribe('check', 1);
  const publisher = new RawClient(broker, 4);
  assert.equal((await publisher.connect({ clientId: 'check-pub' })).returnCode, 0);
  publisher.publish('check', 'still here', { qos: 1 });
  await publisher.expect('puback');
  const packet = await subscriber.expect('publish');
  assert.equal(packet.payload.toString(), 'still here');
  publisher.send({ cmd: 'disconnect' });
  subscriber.send({ cmd: 'disconnect' });
  await Promise.all([publisher.ended, subscriber.ended]);
}

describe('half-open connections (slowloris)', () => {
  // A connection that sends nothing in memory: broker.protocol.test.ts
  // 'a connection without CONNECT is closed after connectTimeoutMs'.

  test('a connection that sends only part of a CONNECT is closed after connectTimeoutMs', async () => {
    const broker = newBroker({ connectTimeoutMs: 50 });
    const client = new RawClient(broker, 4);
    const bytes = connectBytes('partial');
    client.sendRaw(bytes.subarray(0, bytes.length - 3));
    await client.ended;
    assert.ok(lines.some((l) => /no CONNECT/.test(l.msg ?? '')));
    assert.equal(broker.clientCount, 0);
    await assertServing(broker);
  });

  test('TCP: a socket that sends nothing and one that sends a partial CONNECT are both closed', async () => {
    const tcp = await startTcpBroker({ connectTimeoutMs: 50 });
    tcpBrokers.push(tcp);
    const silent = await rawSocket(tcp.url);
    const partial = await rawSocket(tcp.url);
    // The fixed header and a few bytes of the variable header, then nothing more.
    partial.socket.write(connectBytes('slowloris').subarray(0, 6));
    await Promise.all([silent.closed, partial.closed]);
    assert.equal(tcp.broker.clientCount, 0);
  });

  // A connected client that goes silent is closed at 1.5 × keep-alive: broker.protocol.test.ts
  // 'keep-alive' › '[MQTT-3.1.2-24] 3.1.1 and [MQTT-3.1.2-22] 5: closed after 1.5 × keep-alive…'.
});

describe('reconnect storm', () => {
  test('200 distinct clients connecting and leaving, then 20 rapid reconnects of one client id', async () => {
    const broker = newBroker({ connectRatePerSecond: 0 });
    const observer = new RawClient(broker, 4);
    await observer.connect({ clientId: 'observer' });

    // 200 distinct client ids, 20 at a time; half leave with DISCONNECT, half drop the connection.
    for (let batch = 0; batch < 10; batch++) {
      const clients = Array.from({ length: 20 }, () => new RawClient(broker, batch % 2 === 0 ? 4 : 5));
      await Promise.all(
        clients.map(async (client, i) => {
          const id = `storm-${batch}-${i}`;
          const connack = await client.connect({ clientId: id });
          assert.equal(client.protocolVersion === 5 ? connack.reasonCode : connack.returnCode, 0);
          await client.subscribe(`storm/${id}`, 1);
          if (i % 2 === 0) client.send({ cmd: 'disconnect' });
          else client.end();
          await client.ended;
        }),
      );
    }
    assert.equal(broker.clientCount, 1);
    assert.equal(broker.sessionCount, 1, 'clean sessions end with their connection');

    // 20 reconnects of the same client id without waiting: each takes over the previous session.
    const same = Array.from({ length: 20 }, () => new RawClient(broker, 4));
    const connacks = same.map((client) => client.connect({ clientId: 'flapper', clean: false }));
    const settled = Promise.allSettled(connacks);
    const last = same[same.length - 1]!;
    assert.equal((await connacks[connacks.length - 1]!).returnCode, 0);
    await Promise.all(same.slice(0, -1).map((client) => client.ended));
    await settled;
    assert.equal(broker.clientCount, 2);
    assert.equal(broker.sessionCount, 2, 'one session for the flapping client id');
    assert.equal(broker.clients().find((c) => c.clientId === 'flapper') !== undefined, true);

    await assertServing(broker);
    assert.equal(broker.clientCount, 2);
    assert.equal(broker.sessionCount, 2);

    // The surviving connection of the flapping client works.
    await last.subscribe('flapper/in', 1);
    broker.publish({ topic: 'flapper/in', payload: 'ok', qos: 1, retain: false });
    assert.equal((await last.expect('publish')).payload.toString(), 'ok');
  });
});
