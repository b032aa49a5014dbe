import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import mqtt, { type IClientOptions, type IConnackPacket, type IDisconnectPacket, type MqttClient } from 'mqtt';
import { connectMqtt, nextMessage, startTcpBroker, type TcpBroker } from './testing/helpers.js';
import type { BrokerHooks } from './types.js';

let tcp: TcpBroker | undefined;
const clients: MqttClient[] = [];

async function start(hooks: BrokerHooks = {}): Promise<TcpBroker> {
  tcp = await startTcpBroker({}, hooks);
  return tcp;
}

async function client(options: IClientOptions): Promise<MqttClient> {
  const c = await connectMqtt(tcp!.url, options);
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await tcp?.close();
  tcp = undefined;
});

for (const protocolVersion of [4, 5] as const) {
  describe(`mqtt.js ${protocolVersion === 5 ? 'MQTT 5' : 'MQTT 3.1.1'} over TCP`, () => {
    test('publish and subscribe with QoS 0, 1 and 2', async () => {
      await start();
      const subscriber = await client({ protocolVersion, clientId: 'sub' });
      const publisher = await client({ protocolVersion, clientId: 'pub' });
      const granted = await subscriber.subscribeAsync({ 'home/+/temp': { qos: 2 }, 'home/#': { qos: 0 } });
      assert.deepEqual(
        granted.map((g) => [g.topic, g.qos]),
        [
          ['home/+/temp', 2],
          ['home/#', 0],
        ],
      );
      const got1 = nextMessage(subscriber);
      await publisher.publishAsync('home/kitchen/temp', '21.5', { qos: 1 });
      const m1 = await got1;
      assert.deepEqual([m1.topic, m1.payload.toString(), m1.packet.qos], ['home/kitchen/temp', '21.5', 1]);
      const got0 = nextMessage(subscriber);
      await publisher.publishAsync('home/kitchen/temp', '22', { qos: 0 });
      assert.equal((await got0).packet.qos, 0);
      const got2 = nextMessage(subscriber);
      await publisher.publishAsync('home/kitchen/temp', '23', { qos: 2 });
      const m2 = await got2;
      assert.deepEqual([m2.payload.toString(), m2.packet.qos], ['23', 2]);
    });

    test('[MQTT-3.10.4-1] unsubscribe stops delivery', async () => {
      const { broker } = await start();
      const subscriber = await client({ protocolVersion });
      await subscriber.subscribeAsync(['a/b', 'sentinel']);
      await subscriber.unsubscribeAsync('a/b');
      const got = nextMessage(subscriber);
      broker.publish({ topic: 'a/b', payload: 'x', qos: 0, retain: false });
      broker.publish({ topic: 'sentinel', payload: 'x', qos: 0, retain: false });
      assert.equal((await got).topic, 'sentinel');
    });

    test('[MQTT-3.3.1-6] a new subscription receives the retained message', async () => {
      await start();
      const publisher = await client({ protocolVersion });
      await publisher.publishAsync('lamp/state', 'on', { qos: 1, retain: true });
      const subscriber = await client({ protocolVersion });
      const got = nextMessage(subscriber);
      await subscriber.subscribeAsync('lamp/+', { qos: 1 });
      const message = await got;
      assert.deepEqual([message.topic, message.payload.toString(), message.packet.retain], ['lamp/state', 'on', true]);
    });

    test('[MQTT-3.1.2-8] the will is published when the client drops the connection', async () => {
      await start();
      const watcher = await client({ protocolVersion });
      await watcher.subscribeAsync('status/#', { qos: 1 });
      const device = await client({
        protocolVersion,
        clientId: 'device-7',
        will: { topic: 'status/device-7', payload: Buffer.from('offline'), qos: 1, retain: false },
      });
      const got = nextMessage(watcher);
      device.stream.destroy();
      const message = await got;
      assert.deepEqual([message.topic, message.payload.toString()], ['status/device-7', 'offline']);
    });

    test('[MQTT-3.1.4-2] a second connection with the same client id takes over', async () => {
      const { broker } = await start();
      const first = await client({ protocolVersion, clientId: 'same' });
      const disconnectPacket = new Promise<IDisconnectPacket | undefined>((resolve) => {
        first.on('disconnect', (packet) => resolve(packet));
        first.on('close', () => resolve(undefined));
      });
      const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
      const second = await client({ protocolVersion, clientId: 'same' });
      await closed;
      const packet = await disconnectPacket;
      if (protocolVersion === 5) assert.equal(packet?.reasonCode, 0x8e);
      else assert.equal(packet, undefined);
      assert.equal(broker.clientCount, 1);
      assert.equal(second.connected, true);
    });
  });
}

describe('mqtt.js MQTT 3.1.1 and MQTT 5 together', () => {
  test('a 3.1.1 publish reaches an MQTT 5 subscriber and vice versa', async () => {
    await start();
    const v4 = await client({ protocolVersion: 4 });
    const v5 = await client({ protocolVersion: 5 });
    await v4.subscribeAsync('to/v4', { qos: 1 });
    await v5.subscribeAsync('to/v5', { qos: 1 });
    const at5 = nextMessage(v5);
    const at4 = nextMessage(v4);
    await v4.publishAsync('to/v5', 'from 4', { qos: 1 });
    await v5.publishAsync('to/v4', 'from 5', { qos: 1, properties: { contentType: 'text/plain' } });
    assert.equal((await at5).payload.toString(), 'from 4');
    const received4 = await at4;
    assert.equal(received4.payload.toString(), 'from 5');
    assert.equal(received4.packet.properties, undefined);
  });

  test('MQTT 5 user properties, content type, payload format, response topic and correlation data are forwarded', async () => {
    await start();
    const requester = await client({ protocolVersion: 5 });
    const responder = await client({ protocolVersion: 5 });
    await responder.subscribeAsync('svc/request', { qos: 1 });
    const got = nextMessage(responder);
    const properties = {
      userProperties: { trace: 'abc', tags: ['x', 'y'] },
      contentType: 'application/json',
      payloadFormatIndicator: true,
      responseTopic: 'svc/response/1',
      correlationData: Buffer.from([1, 2, 3]),
    };
    await requester.publishAsync('svc/request', '{"q":1}', { qos: 1, properties });
    const received = (await got).packet.properties;
    assert.deepEqual(
      { ...received, userProperties: { ...received?.userProperties } },
      { ...properties, userProperties: { trace: 'abc', tags: ['x', 'y'] } },
    );
  });

  test('MQTT 5 denied publish rejects with PUBACK reason 0x87; the client stays connected', async () => {
    await start({ authorizePublish: (_client, topic) => !topic.startsWith('admin/') });
    const v5 = await client({ protocolVersion: 5 });
    await assert.rejects(v5.publishAsync('admin/reboot', 'now', { qos: 1 }), (error: Error & { code?: number }) => {
      assert.equal(error.code, 0x87);
      return true;
    });
    await v5.publishAsync('ok', 'x', { qos: 1 });
    assert.equal(v5.connected, true);
  });

  test('MQTT 5 empty client id gets an Assigned Client Identifier', async () => {
    const { broker } = await start();
    const v5 = mqtt.connect(tcp!.url, { protocolVersion: 5, clientId: '', reconnectPeriod: 0 });
    clients.push(v5);
    const connack = await new Promise<IConnackPacket>((resolve) => v5.once('connect', resolve));
    const assigned = connack.properties?.assignedClientIdentifier;
    assert.match(String(assigned), /^\$auto-/);
    assert.deepEqual(
      broker.clients().map((c) => c.clientId),
      [assigned],
    );
  });
});
