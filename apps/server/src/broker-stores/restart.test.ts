import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestPlatform, type TestPlatform } from '../../test/platform.fixture.js';

function connectTcp(port: number, options: mqtt.IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
}

async function restartable(dataDir: string): Promise<TestPlatform> {
  return startTestPlatform({ MQTT_TCP_PORT: '0' }, { dataDir });
}

describe('broker state in SQLite survives a restart', { timeout: 20_000 }, () => {
  test('[MQTT-3.3.1-5] retained messages are stored durably and delivered after a restart', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      first.platform.broker.publish({ topic: 'status/dev-1', payload: 'online', qos: 1, retain: true });
      await first.close();

      const second = await restartable(dir.path);
      try {
        const stored = await second.platform.broker.retained.get('status/dev-1');
        assert.equal(stored?.payload.toString(), 'online');
        const client = await connectTcp(second.ports.mqttTcp!, { clientId: 'reader' });
        const got = new Promise<[string, string, boolean]>((resolve) =>
          client.once('message', (topic, payload, packet) => resolve([topic, payload.toString(), packet.retain])),
        );
        await client.subscribeAsync('status/dev-1', { qos: 1 });
        assert.deepEqual(await got, ['status/dev-1', 'online', true]);
        await client.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });

  test('AWS §6.2 a QoS 1 message queued for an offline shared-subscription member survives a restart', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      const member = { clientId: 'worker-1', clean: false, protocolVersion: 5 as const };
      const worker = await connectTcp(first.ports.mqttTcp!, { ...member, properties: { sessionExpiryInterval: 600 } });
      await worker.subscribeAsync('$share/workers/jobs/#', { qos: 1 });
      await worker.endAsync();
      const publisher = await connectTcp(first.ports.mqttTcp!, { clientId: 'dispatcher' });
      await publisher.publishAsync('jobs/1', 'rebuild', { qos: 1 });
      const queued = first.platform.db.prepare("SELECT topic FROM mqtt_outgoing WHERE client_id = 'worker-1'").pluck();
      assert.deepEqual(queued.all(), ['jobs/1'], 'stored before the PUBACK');
      await publisher.endAsync();
      await first.close();

      const second = await restartable(dir.path);
      try {
        const resumed = mqtt.connect(`mqtt://127.0.0.1:${second.ports.mqttTcp}`, { ...member, reconnectPeriod: 0 });
        const got = new Promise<[string, string]>((resolve) => {
          resumed.once('message', (topic, payload) => resolve([topic, payload.toString()]));
        });
        assert.deepEqual(await got, ['jobs/1', 'rebuild']);
        await resumed.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });

  test('[MQTT-3.1.2-5] a persistent session and its queued QoS 1 messages survive a restart', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      const port = first.ports.mqttTcp!;
      const device = await connectTcp(port, { clientId: 'dev-7', clean: false, protocolVersion: 4 });
      await device.subscribeAsync('cmd/dev-7/#', { qos: 1 });
      await device.endAsync();
      const publisher = await connectTcp(port, { clientId: 'app' });
      // PUBACK means the message is queued in SQLite for the offline session.
      await publisher.publishAsync('cmd/dev-7/reboot', 'now', { qos: 1 });
      const queued = first.platform.db.prepare("SELECT topic FROM mqtt_outgoing WHERE client_id = 'dev-7'").pluck();
      assert.deepEqual(queued.all(), ['cmd/dev-7/reboot'], 'stored before the PUBACK');
      await publisher.endAsync();
      await first.close();

      const second = await restartable(dir.path);
      try {
        const resumed = mqtt.connect(`mqtt://127.0.0.1:${second.ports.mqttTcp}`, {
          clientId: 'dev-7',
          clean: false,
          protocolVersion: 4,
          reconnectPeriod: 0,
        });
        const got = new Promise<[string, string, number]>((resolve) => {
          resumed.once('message', (topic, payload, packet) => {
            resolve([topic, payload.toString(), packet.qos]);
          });
        });
        const connack = await new Promise<mqtt.IConnackPacket>((resolve) => resumed.once('connect', resolve));
        assert.equal(connack.sessionPresent, true);
        assert.deepEqual(await got, ['cmd/dev-7/reboot', 'now', 1]);
        await resumed.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
