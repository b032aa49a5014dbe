import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DeviceCredentials } from '@meridian/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const THING = 'meter-7';
const PREFIX = `$aws/things/${THING}/shadow`;

describe('shadow requests over MQTT are governed by the device policy (iot:Publish on the request topic)', {
  timeout: 30_000,
}, () => {
  let sut: TestPlatform;
  let credentials: DeviceCredentials;
  const clients: MqttClient[] = [];

  before(async () => {
    sut = await startTestPlatform();
    const arn = `arn:aws:iot:${sut.platform.account.region}:${sut.platform.account.accountId}:`;
    await sut.platform.policies.createPolicy({
      policyName: 'shadow-read-only',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iot:Connect', Resource: `${arn}client/*` },
          { Effect: 'Allow', Action: 'iot:Subscribe', Resource: `${arn}topicfilter/${PREFIX}/*` },
          { Effect: 'Allow', Action: 'iot:Receive', Resource: `${arn}topic/${PREFIX}/*` },
          { Effect: 'Allow', Action: 'iot:Publish', Resource: `${arn}topic/${PREFIX}/get` },
        ],
      }),
    });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie: await sut.login() },
      payload: { deviceName: THING, policyName: 'shadow-read-only' },
    });
    assert.equal(response.statusCode, 201, response.body);
    credentials = response.json();
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await sut.close();
  });

  async function device(protocolVersion: 4 | 5): Promise<MqttClient> {
    const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${sut.ports.mqtts}`, {
      clientId: `${THING}-v${protocolVersion}`,
      protocolVersion,
      servername: 'localhost',
      key: credentials.privateKeyPem,
      cert: credentials.certificatePem,
      ca: credentials.caCertificatePem,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    return client;
  }

  function next(client: MqttClient, topic: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const listener = (received: string, payload: Buffer) => {
        if (received !== topic) return;
        client.off('message', listener);
        resolve(JSON.parse(payload.toString()));
      };
      client.on('message', listener);
    });
  }

  test('MQTT 5: the update is refused with PUBACK 0x87 and changes no shadow; get still works', async () => {
    const client = await device(5);
    await client.subscribeAsync(`${PREFIX}/+/+`, { qos: 1 });
    const update = JSON.stringify({ state: { reported: { kwh: 12 } }, clientToken: 'u-1' });
    await assert.rejects(
      client.publishAsync(`${PREFIX}/update`, update, { qos: 1 }),
      (error: Error & { code?: number }) => error.code === 0x87,
    );
    const answer = next(client, `${PREFIX}/get/rejected`);
    await client.publishAsync(`${PREFIX}/get`, JSON.stringify({ clientToken: 'g-1' }), { qos: 1 });
    assert.deepEqual(await answer, {
      code: 404,
      message: `No shadow exists with name: '${THING}'`,
      timestamp: (await answer).timestamp,
      clientToken: 'g-1',
    });
    await assert.rejects(sut.platform.shadows.getShadow({ thingName: THING, principal: { role: 'admin' } }), {
      name: 'ResourceNotFoundException',
    });
  });

  test('MQTT 3.1.1: the unauthorized update closes the connection and changes no shadow', async () => {
    const client = await device(4);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(`${PREFIX}/update`, JSON.stringify({ state: { reported: { kwh: 13 } } }), { qos: 1 });
    await closed;
    await assert.rejects(sut.platform.shadows.getShadow({ thingName: THING, principal: { role: 'admin' } }), {
      name: 'ResourceNotFoundException',
    });
  });
});
