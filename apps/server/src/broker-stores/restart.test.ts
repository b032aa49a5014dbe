import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Broker } from '@meridian/broker';
import { tempDir } from '@meridian/test-utils';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestPlatform, type TestPlatform } from '../../test/platform.fixture.js';
import { openDatabase } from '../db/database.js';

function connectTcp(port: number, options: mqtt.IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
}

async function restartable(dataDir: string): Promise<TestPlatform> {
  return startTestPlatform({ MQTT_TCP_PORT: '0' }, { dataDir });
}

/** Resolves when the broker published the client's `$aws/events/presence/disconnected` event. */
function disconnected(broker: Broker, clientId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = broker.onPublish((message) => {
      if (message.topic !== `$aws/events/presence/disconnected/${clientId}`) return;
      off();
      resolve();
    });
  });
}

/** An MQTT 5 device with a persistent session and a will delayed by `delaySeconds`, dropped without DISCONNECT. */
async function dropDeviceWithDelayedWill(platform: TestPlatform, delaySeconds: number): Promise<void> {
  const device = await connectTcp(platform.ports.mqttTcp!, {
    clientId: 'dev-9',
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 600 },
    will: {
      topic: 'status/dev-9',
      payload: Buffer.from('offline'),
      qos: 1,
      retain: false,
      properties: { willDelayInterval: delaySeconds },
    },
  });
  const gone = disconnected(platform.platform.broker, 'dev-9');
  device.stream.destroy();
  await gone;
}

const WILL_DUE = "SELECT publish_at FROM mqtt_wills WHERE client_id = 'dev-9'";

// The suite timeouts only guard against a hang: each test starts and restarts a whole platform (TLS,
// SQLite), which takes several seconds on a loaded 2-core machine.
describe('broker state in SQLite survives a restart', { timeout: 120_000 }, () => {
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

describe('shared-subscription queues in SQLite survive a restart', { timeout: 120_000 }, () => {
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
});

// Each test starts the platform twice; the first also waits for a 3 s will delay.
describe('MQTT 5 delayed wills in SQLite survive a restart', { timeout: 120_000 }, () => {
  test('[MQTT-3.1.2-8] a delayed will pending at shutdown is published by the restarted platform when it falls due', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      await dropDeviceWithDelayedWill(first, 3);
      await first.close();
      const db = openDatabase(join(dir.path, 'meridian.db'));
      const publishAt = db.prepare(WILL_DUE).pluck().get() as number;
      db.close();
      assert.ok(publishAt > Date.now(), 'still pending at shutdown');

      const second = await restartable(dir.path);
      try {
        const watcher = await connectTcp(second.ports.mqttTcp!, { clientId: 'watcher' });
        const got = new Promise<[string, string]>((resolve) => {
          watcher.once('message', (topic, payload) => resolve([topic, payload.toString()]));
        });
        await watcher.subscribeAsync('status/#', { qos: 1 });
        assert.deepEqual(await got, ['status/dev-9', 'offline']);
        assert.ok(Date.now() >= publishAt - 5, 'not before it was due');
        assert.equal(second.platform.db.prepare(WILL_DUE).get(), undefined, 'removed once published');
        await watcher.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });

  test('[MQTT-3.1.2-8] a delayed will that fell due while the platform was down is published right after the restart', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      const watching = { clientId: 'watcher', clean: false, protocolVersion: 4 as const };
      const watcher = await connectTcp(first.ports.mqttTcp!, watching);
      await watcher.subscribeAsync('status/#', { qos: 1 });
      await watcher.endAsync();
      await dropDeviceWithDelayedWill(first, 600);
      await first.close();
      // The downtime outlasted the delay.
      const db = openDatabase(join(dir.path, 'meridian.db'));
      db.prepare("UPDATE mqtt_wills SET publish_at = ? WHERE client_id = 'dev-9'").run(Date.now() - 1000);
      db.close();

      const second = await restartable(dir.path);
      try {
        // Published before anyone could connect: queued for the watcher's persistent session.
        const resumed = mqtt.connect(`mqtt://127.0.0.1:${second.ports.mqttTcp}`, { ...watching, reconnectPeriod: 0 });
        const got = new Promise<[string, string]>((resolve) => {
          resumed.once('message', (topic, payload) => resolve([topic, payload.toString()]));
        });
        assert.deepEqual(await got, ['status/dev-9', 'offline']);
        assert.equal(second.platform.db.prepare(WILL_DUE).get(), undefined);
        await resumed.endAsync();
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });

  test('[MQTT-3.1.3-9] a device that resumes its session after the restart cancels its stored delayed will', async () => {
    const dir = await tempDir('meridian-restart-');
    try {
      const first = await restartable(dir.path);
      await dropDeviceWithDelayedWill(first, 600);
      await first.close();

      const second = await restartable(dir.path);
      try {
        const published: string[] = [];
        second.platform.broker.onPublish((message) => published.push(message.topic));
        const device = mqtt.connect(`mqtt://127.0.0.1:${second.ports.mqttTcp}`, {
          clientId: 'dev-9',
          clean: false,
          protocolVersion: 5,
          properties: { sessionExpiryInterval: 600 },
          reconnectPeriod: 0,
        });
        const connack = await new Promise<mqtt.IConnackPacket>((resolve) => device.once('connect', resolve));
        assert.equal(connack.sessionPresent, true);
        await device.endAsync();
        assert.equal(second.platform.db.prepare(WILL_DUE).get(), undefined);
        assert.ok(!published.includes('status/dev-9'), 'the will was not published');
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
