import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

interface Received {
  topic: string;
  document: Record<string, unknown>;
  qos: number;
}

describe('shadow service on the platform broker (mqtt.js)', { timeout: 30_000 }, () => {
  let sut: TestPlatform;
  const clients: MqttClient[] = [];

  async function device(clientId: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${sut.ports.mqttTcp}`, {
      clientId,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...options,
    });
    clients.push(client);
    return client;
  }

  function nextOn(client: MqttClient, topic: string): Promise<Received> {
    return new Promise((resolve) => {
      const listener = (received: string, payload: Buffer, packet: mqtt.IPublishPacket) => {
        if (received !== topic) return;
        client.off('message', listener);
        resolve({ topic: received, document: JSON.parse(payload.toString()), qos: packet.qos });
      };
      client.on('message', listener);
    });
  }

  /** Publishes a request and resolves with the first answer on `/accepted` or `/rejected`. */
  async function request(client: MqttClient, prefix: string, operation: string, payload: object | string) {
    await client.subscribeAsync([`${prefix}/${operation}/accepted`, `${prefix}/${operation}/rejected`], { qos: 1 });
    const answer = Promise.race([
      nextOn(client, `${prefix}/${operation}/accepted`),
      nextOn(client, `${prefix}/${operation}/rejected`),
    ]);
    await client.publishAsync(
      `${prefix}/${operation}`,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      {
        qos: 1,
      },
    );
    return answer;
  }

  before(async () => {
    sut = await startTestPlatform({ MQTT_TCP_PORT: '0' });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await sut.close();
  });

  test('a named shadow: update answers on /accepted and /documents at QoS 1, get returns the document', async () => {
    const client = await device('pump-1');
    const prefix = '$aws/things/pump-1/shadow/name/config';
    await client.subscribeAsync(`${prefix}/update/documents`, { qos: 1 });
    const documents = nextOn(client, `${prefix}/update/documents`);
    const accepted = await request(client, prefix, 'update', { state: { desired: { rpm: 1200 } }, clientToken: 'c-1' });
    assert.equal(accepted.topic, `${prefix}/update/accepted`);
    assert.equal(accepted.qos, 1);
    assert.deepEqual([accepted.document.version, accepted.document.clientToken], [1, 'c-1']);
    const { document } = await documents;
    assert.deepEqual((document.current as { state: unknown }).state, { desired: { rpm: 1200 } });

    const got = await request(client, prefix, 'get', { clientToken: 'c-2' });
    assert.equal(got.topic, `${prefix}/get/accepted`);
    assert.deepEqual(got.document.state, { desired: { rpm: 1200 }, delta: { rpm: 1200 } });
    const classic = await request(client, '$aws/things/pump-1/shadow', 'get', {});
    assert.deepEqual(classic.document.code, 404, 'the named shadow is separate from the classic one');
  });

  test('a malformed request is answered on /rejected with the AWS code and the clientToken', async () => {
    const client = await device('pump-2');
    const rejected = await request(client, '$aws/things/pump-2/shadow', 'update', { state: 5, clientToken: 'bad-1' });
    assert.equal(rejected.topic, '$aws/things/pump-2/shadow/update/rejected');
    assert.deepEqual(
      [rejected.document.code, rejected.document.message, rejected.document.clientToken],
      [400, 'State node must be an object', 'bad-1'],
    );
  });

  test('retained publishes, wills and platform publishes on request topics are not shadow requests', async () => {
    const prefix = '$aws/things/pump-3/shadow';
    const update = JSON.stringify({ state: { reported: { on: true } } });
    const watcher = await device('watcher');
    await watcher.subscribeAsync(`${prefix}/update`, { qos: 1 });

    const retained = nextOn(watcher, `${prefix}/update`);
    const publisher = await device('pump-3');
    await publisher.publishAsync(`${prefix}/update`, update, { qos: 1, retain: true });
    await retained;

    const platformPublish = nextOn(watcher, `${prefix}/update`);
    sut.platform.broker.publish({ topic: `${prefix}/update`, payload: update, qos: 1, retain: false });
    await platformPublish;

    const will = nextOn(watcher, `${prefix}/update`);
    await device('pump-3-will', {
      will: { topic: `${prefix}/update`, payload: Buffer.from(update), qos: 1, retain: false },
    });
    sut.platform.broker.disconnect('pump-3-will');
    await will;

    // Each of them reached the broker's taps before this request, and requests for one thing are
    // answered in order: had any been taken as an update, the shadow would exist.
    const got = await request(publisher, prefix, 'get', {});
    assert.deepEqual([got.topic, got.document.code], [`${prefix}/get/rejected`, 404]);
  });

  test('§1.2 devices cannot publish into the service’s response topics: MQTT 5 PUBACK 0x87, MQTT 3.1.1 disconnect', async () => {
    const prefix = '$aws/things/pump-5/shadow';
    const app = await device('pump-5-app');
    await app.subscribeAsync([`${prefix}/#`, 'pump-5/sentinel'], { qos: 1 });
    const seen: string[] = [];
    app.on('message', (topic) => seen.push(topic));

    const forger = await device('pump-5-forger', { protocolVersion: 5 });
    for (const topic of [`${prefix}/update/delta`, `${prefix}/name/config/update/accepted`]) {
      await assert.rejects(
        forger.publishAsync(topic, JSON.stringify({ state: { on: true }, version: 7 }), { qos: 1 }),
        (error: Error & { code?: number }) => error.code === 0x87,
        topic,
      );
    }
    assert.equal(forger.connected, true, 'MQTT 5 keeps the connection');

    const legacy = await device('pump-5-legacy', { protocolVersion: 4 });
    const closed = new Promise<void>((resolve) => legacy.once('close', () => resolve()));
    legacy.publish(`${prefix}/get/accepted`, '{}', { qos: 1 });
    await closed;

    const sentinel = nextOn(app, 'pump-5/sentinel');
    await forger.publishAsync('pump-5/sentinel', '{}', { qos: 1 });
    await sentinel;
    assert.deepEqual(seen, ['pump-5/sentinel'], 'no forged response reached a subscriber');
  });

  test('responses reach a persistent session that is offline, at QoS 1, after it reconnects', async () => {
    const prefix = '$aws/things/pump-4/shadow';
    const sleeper = await device('pump-4', { clean: false, protocolVersion: 4 });
    await sleeper.subscribeAsync(`${prefix}/update/delta`, { qos: 1 });
    await sleeper.endAsync();

    const app = await device('pump-4-app');
    const accepted = await request(app, prefix, 'update', { state: { desired: { on: true } } });
    assert.equal(accepted.document.version, 1);

    const resumed = mqtt.connect(`mqtt://127.0.0.1:${sut.ports.mqttTcp}`, {
      clientId: 'pump-4',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    clients.push(resumed);
    const delta = await nextOn(resumed, `${prefix}/update/delta`);
    assert.deepEqual([delta.qos, delta.document.state, delta.document.version], [1, { on: true }, 1]);
  });
});
