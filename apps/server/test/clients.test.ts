import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConnectedClient, ConnectedClientList, DeviceCredentials, Role } from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import mqtt, { type IDisconnectPacket, type MqttClient } from 'mqtt';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const OTHER_PASSWORD = 'another-long-password';

/** Resolves with the client once connected; rejects with the first error or close before that. */
function connected(client: MqttClient): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

describe('connected clients API', () => {
  let sut: TestPlatform;
  let cookie: string;
  let device: DeviceCredentials;
  const cookies = new Map<Role, string>();
  const logLines: string[] = [];
  const clients: MqttClient[] = [];

  const inject = (options: InjectOptions) => sut.platform.app.inject(options);

  async function signInAs(role: Role): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({ username, passwordHash: await hashPassword(OTHER_PASSWORD), role });
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: OTHER_PASSWORD },
    });
    assert.equal(response.statusCode, 200, response.body);
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session);
    return `${session.name}=${session.value}`;
  }

  async function listClients(as = cookie): Promise<ConnectedClient[]> {
    const response = await inject({ method: 'GET', url: '/api/clients', headers: { cookie: as } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<ConnectedClientList>().clients;
  }

  async function connectDevice(clientId: string, protocolVersion: 4 | 5 = 5): Promise<MqttClient> {
    const client = mqtt.connect(`mqtts://127.0.0.1:${sut.ports.mqtts}`, {
      key: device.privateKeyPem,
      cert: device.certificatePem,
      ca: device.caCertificatePem,
      servername: 'localhost',
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clientId,
      protocolVersion,
    });
    clients.push(client);
    return connected(client);
  }

  before(async () => {
    sut = await startTestPlatform({}, { logLines });
    cookie = await sut.login();
    const created = await inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'clients-probe' },
    });
    assert.equal(created.statusCode, 201, created.body);
    device = created.json();
    for (const role of ['operator', 'viewer', 'end-user'] as const) cookies.set(role, await signInAs(role));
  });
  after(async () => {
    for (const client of clients) client.end(true);
    await sut.close();
  });

  for (const [method, url] of [
    ['GET', '/api/clients'],
    ['DELETE', '/api/clients/anyone'],
  ] as const) {
    test(`${method} ${url} without a session is refused with 401`, async () => {
      const response = await inject({ method, url });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, 'AUTH_ERR_REQUIRED');
    });
  }

  test('an end-user may not list clients; a viewer may list but not disconnect', async () => {
    const endUser = await inject({ method: 'GET', url: '/api/clients', headers: { cookie: cookies.get('end-user') } });
    assert.equal(endUser.statusCode, 403);
    assert.equal(endUser.json().code, 'AUTH_ERR_FORBIDDEN');

    assert.ok(Array.isArray(await listClients(cookies.get('viewer'))));

    const client = await connectDevice('viewer-target');
    const refused = await inject({
      method: 'DELETE',
      url: '/api/clients/viewer-target',
      headers: { cookie: cookies.get('viewer') },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'AUTH_ERR_FORBIDDEN');
    assert.equal(client.connected, true);
    client.end(true);
  });

  for (const [protocolVersion, label] of [
    [4, '3.1.1'],
    [5, '5.0'],
  ] as const) {
    test(`a device over MQTTS (MQTT ${label}) is listed with its subscription, and DELETE disconnects it`, async () => {
      const clientId = `listed-v${protocolVersion}`;
      const client = await connectDevice(clientId, protocolVersion);
      await client.subscribeAsync(`devices/${clientId}/commands`, { qos: 1 });

      const listed = (await listClients()).find((c) => c.clientId === clientId);
      assert.ok(listed, 'the device is listed');
      assert.equal(listed.protocolVersion, label);
      assert.equal(listed.transport, 'tls');
      assert.match(listed.remoteAddress ?? '', /127\.0\.0\.1/);
      assert.equal(listed.certificateId, device.certificateId);
      assert.ok(Math.abs(Date.parse(listed.connectedAt) - Date.now()) < 60_000, listed.connectedAt);
      assert.deepEqual(listed.subscriptions, [{ filter: `devices/${clientId}/commands`, qos: 1 }]);

      let disconnectPacket: IDisconnectPacket | undefined;
      client.once('disconnect', (packet) => {
        disconnectPacket = packet;
      });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      const response = await inject({
        method: 'DELETE',
        url: `/api/clients/${clientId}`,
        headers: { cookie: cookies.get('operator') },
      });
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');

      await closed;
      if (protocolVersion === 5) {
        // [MQTT-3.14.2-1] the server names its reason: 0x98 administrative action.
        assert.equal(disconnectPacket?.reasonCode, 0x98);
      } else {
        assert.equal(disconnectPacket, undefined, 'MQTT 3.1.1 has no server DISCONNECT: the socket just closes');
      }
      assert.equal(
        (await listClients()).some((c) => c.clientId === clientId),
        false,
      );
      const logged = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'MQTT client disconnected from the console' && line.clientId === clientId);
      assert.equal(logged?.by, 'operator-user');
    });
  }

  test('the list is sorted by connection time, oldest first', async () => {
    const first = await connectDevice('sorted-a');
    const second = await connectDevice('sorted-b');
    const ids = (await listClients()).map((c) => c.clientId).filter((id) => id.startsWith('sorted-'));
    assert.deepEqual(ids, ['sorted-a', 'sorted-b']);
    const times = (await listClients()).map((c) => Date.parse(c.connectedAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    first.end(true);
    second.end(true);
  });

  test('DELETE of a client that is not connected answers 404', async () => {
    const response = await inject({ method: 'DELETE', url: '/api/clients/nobody-here', headers: { cookie } });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'CLIENT_ERR_NOT_CONNECTED');
    assert.match(response.json().message, /nobody-here/);
  });
});
