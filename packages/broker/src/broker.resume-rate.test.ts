import assert from 'node:assert/strict';
import { afterEach, describe, type TestContext, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { Broker } from './broker.js';
import { connectMqtt, startTcpBroker, type TcpBroker } from './testing/helpers.js';
import { RawClient } from './testing/raw-client.js';
import type { BrokerOptions } from './types.js';

const brokers: Broker[] = [];
afterEach(async () => {
  await Promise.all(brokers.splice(0).map((broker) => broker.close()));
});

/**
 * A broker whose timers run on node:test's mock clock: the resume pacing advances only with
 * `t.mock.timers.tick`. The broker must be closed before the test ends (mock timers are reset then).
 */
function pacedBroker(t: TestContext, options: Partial<BrokerOptions> = {}): Broker {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const broker = new Broker({ resumeRatePerSecond: 10, ...options });
  brokers.push(broker);
  return broker;
}

const CLIENT = 'paced';

/** A persistent 3.1.1 session subscribed to `t/#` at QoS 1, now offline with `count` queued messages. */
async function offlineWithBacklog(broker: Broker, count: number): Promise<void> {
  const first = new RawClient(broker, 4);
  await first.connect({ clientId: CLIENT, clean: false });
  await first.subscribe('t/#', 1);
  first.end();
  await first.ended;
  for (let i = 0; i < count; i++) broker.publish({ topic: `t/${i}`, payload: String(i), qos: 1, retain: false });
}

async function resume(broker: Broker): Promise<RawClient> {
  const client = new RawClient(broker, 4);
  const connack = await client.connect({ clientId: CLIENT, clean: false });
  assert.equal(connack.sessionPresent, true);
  return client;
}

/** The next publish is `topic`; it is acknowledged. */
async function receives(client: RawClient, topic: string): Promise<void> {
  const packet = await client.expect('publish');
  assert.equal(packet.topic, topic);
  client.send({ cmd: 'puback', messageId: packet.messageId! });
}

/** Nothing was sent before the answer to a PINGREQ. */
async function nothingPending(client: RawClient): Promise<void> {
  client.send({ cmd: 'pingreq' });
  await client.expect('pingresp');
}

describe('AWS §6.4 resume rate (resumeRatePerSecond)', { timeout: 10_000 }, () => {
  test('messages queued while offline are sent one per 1/rate seconds after CONNACK, the first at once', async (t) => {
    const broker = pacedBroker(t);
    await offlineWithBacklog(broker, 3);
    const client = await resume(broker);
    await receives(client, 't/0');
    t.mock.timers.tick(99);
    await nothingPending(client);
    t.mock.timers.tick(1);
    await receives(client, 't/1');
    await nothingPending(client);
    t.mock.timers.tick(100);
    await receives(client, 't/2');
    t.mock.timers.tick(1000);
    await nothingPending(client);
    await broker.close();
  });

  test('a message arriving after CONNACK is delivered at once, not behind the backlog', async (t) => {
    const broker = pacedBroker(t);
    await offlineWithBacklog(broker, 3);
    const client = await resume(broker);
    await receives(client, 't/0');
    broker.publish({ topic: 't/live', payload: 'now', qos: 1, retain: false });
    await receives(client, 't/live');
    t.mock.timers.tick(100);
    await receives(client, 't/1');
    await broker.close();
  });

  test('a backlog message due while the in-flight window is full goes out with the next PUBACK', async (t) => {
    const broker = pacedBroker(t, { maxInflightOutgoing: 1 });
    await offlineWithBacklog(broker, 3);
    const client = await resume(broker);
    const first = await client.expect('publish');
    assert.equal(first.topic, 't/0');
    t.mock.timers.tick(100);
    await nothingPending(client);
    client.send({ cmd: 'puback', messageId: first.messageId! });
    await receives(client, 't/1');
    await broker.close();
  });

  test('a client that drops during the trickle gets the rest in order on its next resume', async (t) => {
    const broker = pacedBroker(t);
    await offlineWithBacklog(broker, 3);
    const interrupted = await resume(broker);
    await receives(interrupted, 't/0');
    await nothingPending(interrupted);
    interrupted.end();
    await interrupted.ended;
    const client = await resume(broker);
    await receives(client, 't/1');
    t.mock.timers.tick(100);
    await receives(client, 't/2');
    await nothingPending(client);
    await broker.close();
  });

  test('resumeRatePerSecond 0 sends the whole backlog right after CONNACK', async () => {
    const broker = new Broker({ resumeRatePerSecond: 0 });
    brokers.push(broker);
    await offlineWithBacklog(broker, 4);
    const client = await resume(broker);
    client.send({ cmd: 'pingreq' });
    for (let i = 0; i < 4; i++) await receives(client, `t/${i}`);
    await client.expect('pingresp');
  });
});

describe('resume rate over TCP with mqtt.js', { timeout: 10_000 }, () => {
  let server: TcpBroker | undefined;
  let client: MqttClient | undefined;
  afterEach(async () => {
    await client?.endAsync();
    await server?.close();
  });

  test('the backlog arrives spread over (count - 1) / rate seconds', async () => {
    server = await startTcpBroker({ resumeRatePerSecond: 20 });
    const options = { clientId: 'tcp-paced', clean: false, protocolVersion: 4 as const };
    const first = await connectMqtt(server.url, options);
    await first.subscribeAsync('t/#', { qos: 1 });
    await first.endAsync();
    for (let i = 0; i < 4; i++) server.broker.publish({ topic: `t/${i}`, payload: String(i), qos: 1, retain: false });
    const arrivals: Array<[string, number]> = [];
    // Listening from the start: the first message follows the CONNACK at once.
    client = mqtt.connect(server.url, { ...options, reconnectPeriod: 0 });
    const all = new Promise<void>((resolve) => {
      client!.on('message', (topic) => {
        arrivals.push([topic, performance.now()]);
        if (arrivals.length === 4) resolve();
      });
    });
    await all;
    assert.deepEqual(
      arrivals.map(([topic]) => topic),
      ['t/0', 't/1', 't/2', 't/3'],
    );
    // Nominally 3 × 50 ms; the first one may be held up on its way, hence the margin.
    const spread = arrivals[3]![1] - arrivals[0]![1];
    assert.ok(spread >= 100, `spread over ${spread.toFixed(1)} ms`);
  });
});
