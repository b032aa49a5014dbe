import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import type { DeviceCredentials, LiveServerFrame } from '@meridian/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

interface Identity {
  key: string;
  cert: string;
  ca: string;
}

function connectDevice(url: string, identity: Partial<Identity> & { ca: string }, options: mqtt.IClientOptions = {}) {
  return mqtt.connect(url, {
    ...identity,
    servername: 'localhost',
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
}

/** Resolves with the client once connected; rejects with the first error or close before that. */
function connected(client: MqttClient): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

function nextMessage(client: MqttClient): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve) =>
    client.once('message', (topic, payload) => resolve({ topic, payload: String(payload) })),
  );
}

describe('device endpoint', () => {
  let sut: TestPlatform;
  let cookie: string;
  let device: DeviceCredentials;
  const clients: MqttClient[] = [];
  const identity = (): Identity => ({
    key: device.privateKeyPem,
    cert: device.certificatePem,
    ca: device.caCertificatePem,
  });

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'thermo-1' },
    });
    device = response.json();
  });
  after(async () => {
    for (const client of clients) client.end(true);
    await sut.close();
  });

  for (const protocolVersion of [4, 5] as const) {
    test(`a device with a platform certificate publishes JSON to a subscriber over MQTTS (v${protocolVersion === 4 ? '3.1.1' : '5'})`, async () => {
      const url = `mqtts://127.0.0.1:${sut.ports.mqtts}`;
      const subscriber = await connected(
        connectDevice(url, identity(), { clientId: `sub-${protocolVersion}`, protocolVersion }),
      );
      const publisher = await connected(
        connectDevice(url, identity(), { clientId: `pub-${protocolVersion}`, protocolVersion }),
      );
      clients.push(subscriber, publisher);
      await subscriber.subscribeAsync(`devices/+/telemetry/${protocolVersion}`, { qos: 1 });
      const received = nextMessage(subscriber);
      await publisher.publishAsync(`devices/thermo-1/telemetry/${protocolVersion}`, JSON.stringify({ t: 21.5 }), {
        qos: 1,
      });
      const message = await received;
      assert.equal(message.topic, `devices/thermo-1/telemetry/${protocolVersion}`);
      assert.deepEqual(JSON.parse(message.payload), { t: 21.5 });
    });
  }

  test('MQTT over secure WebSocket at /mqtt works with the same certificate', async () => {
    const client = await connected(
      connectDevice(`wss://127.0.0.1:${sut.ports.wss}/mqtt`, identity(), { clientId: 'ws-1' }),
    );
    clients.push(client);
    await client.subscribeAsync('ws/echo');
    const received = nextMessage(client);
    await client.publishAsync('ws/echo', 'hello');
    assert.equal((await received).payload, 'hello');
  });

  test('a TLS client without a certificate is closed right after the handshake', async () => {
    const client = connectDevice(
      `mqtts://127.0.0.1:${sut.ports.mqtts}`,
      { ca: device.caCertificatePem },
      { clientId: 'anon' },
    );
    clients.push(client);
    await assert.rejects(connected(client));
  });

  test('a WebSocket client without a certificate is closed right after the handshake', async () => {
    const client = connectDevice(
      `wss://127.0.0.1:${sut.ports.wss}/mqtt`,
      { ca: device.caCertificatePem },
      { clientId: 'anon-ws' },
    );
    clients.push(client);
    await assert.rejects(connected(client));
  });

  test('a certificate from an unregistered CA is refused at CONNECT', async () => {
    const otherCa = await createCertificateAuthority({ commonName: 'Someone Else CA' });
    const foreign = await issueDeviceCertificate(otherCa, { commonName: 'thermo-1' });
    const client = connectDevice(
      `mqtts://127.0.0.1:${sut.ports.mqtts}`,
      { ca: device.caCertificatePem, key: foreign.privateKeyPem, cert: foreign.certificatePem },
      { clientId: 'foreign', protocolVersion: 5 },
    );
    clients.push(client);
    await assert.rejects(connected(client), /Not authorized/i);
  });

  test('a CA-signed certificate the platform does not know is refused at CONNECT', async () => {
    const unregistered = await issueDeviceCertificate(sut.platform.pki.ca, { commonName: 'ghost' });
    const client = connectDevice(
      `mqtts://127.0.0.1:${sut.ports.mqtts}`,
      { ca: device.caCertificatePem, key: unregistered.privateKeyPem, cert: unregistered.certificatePem },
      { clientId: 'ghost', protocolVersion: 5 },
    );
    clients.push(client);
    await assert.rejects(connected(client), /Not authorized/i);
  });

  test('garbage bytes on the MQTT port close that connection and the server keeps serving', async () => {
    const socket = tlsConnect({ port: sut.ports.mqtts, host: '127.0.0.1', servername: 'localhost', ...identity() });
    await once(socket, 'secureConnect');
    socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.resume();
    await once(socket, 'close');
    const raw = (await import('node:net')).connect(sut.ports.mqtts, '127.0.0.1');
    raw.on('error', () => {});
    raw.write(Buffer.alloc(64, 0xff));
    await once(raw, 'close');
    const client = await connected(
      connectDevice(`mqtts://127.0.0.1:${sut.ports.mqtts}`, identity(), { clientId: 'after-garbage' }),
    );
    clients.push(client);
    const health = await sut.platform.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
  });

  test('the live socket streams a device publish to a logged-in console', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${sut.ports.http}/api/live`, { headers: { cookie } });
    const frames: LiveServerFrame[] = [];
    const waitFor = (predicate: (frame: LiveServerFrame) => boolean) =>
      new Promise<LiveServerFrame>((resolve) => {
        const check = (data: WebSocket.RawData) => {
          const frame = JSON.parse(String(data)) as LiveServerFrame;
          frames.push(frame);
          if (predicate(frame)) {
            socket.off('message', check);
            resolve(frame);
          }
        };
        socket.on('message', check);
      });
    await once(socket, 'open');
    const subscribed = waitFor((frame) => frame.type === 'subscribed');
    socket.send(JSON.stringify({ type: 'subscribe', filters: ['plant/#'] }));
    await subscribed;
    const publisher = await connected(
      connectDevice(`mqtts://127.0.0.1:${sut.ports.mqtts}`, identity(), { clientId: 'live-pub' }),
    );
    clients.push(publisher);
    const message = waitFor((frame) => frame.type === 'message');
    await publisher.publishAsync('plant/line-1/temp', JSON.stringify({ c: 80 }), { qos: 1 });
    const frame = await message;
    assert.equal(frame.type === 'message' && frame.topic, 'plant/line-1/temp');
    assert.equal(frame.type === 'message' && frame.clientId, 'live-pub');
    assert.equal(frame.type === 'message' && frame.payload, '{"c":80}');
    const invalid = waitFor((f) => f.type === 'error');
    socket.send('not json');
    assert.equal((await invalid).type, 'error');
    socket.close();
  });

  test('the live socket is refused without a session', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${sut.ports.http}/api/live`);
    const [, response] = await once(socket, 'unexpected-response');
    assert.equal(response.statusCode, 401);
  });
});

describe('broker limits from the configuration', () => {
  test('a payload above MQTT_MAX_PAYLOAD_BYTES gets PUBACK 0x97 and is not delivered', async () => {
    const sut = await startTestPlatform({ MQTT_MAX_PAYLOAD_BYTES: '1024' });
    const cookie = await sut.login();
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'big' },
    });
    const device = response.json() as DeviceCredentials;
    const identity = { key: device.privateKeyPem, cert: device.certificatePem, ca: device.caCertificatePem };
    const client = await connected(
      connectDevice(`mqtts://127.0.0.1:${sut.ports.mqtts}`, identity, { clientId: 'big', protocolVersion: 5 }),
    );
    await client.subscribeAsync('limits/#', { qos: 1 });
    await assert.rejects(client.publishAsync('limits/big', Buffer.alloc(2048, 1), { qos: 1 }), /Quota exceeded|151/i);
    const small = nextMessage(client);
    await client.publishAsync('limits/small', Buffer.alloc(512, 1), { qos: 1 });
    assert.equal((await small).topic, 'limits/small', 'the first message delivered is the small one');
    client.end(true);
    await sut.close();
  });
});

describe('shutdown', () => {
  test('close() disconnects devices and closes the database', async () => {
    const sut = await startTestPlatform();
    const cookie = await sut.login();
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'd' },
    });
    const device = response.json() as DeviceCredentials;
    const client = await connected(
      connectDevice(
        `mqtts://127.0.0.1:${sut.ports.mqtts}`,
        { key: device.privateKeyPem, cert: device.certificatePem, ca: device.caCertificatePem },
        { clientId: 'd' },
      ),
    );
    const closedByServer = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await sut.close();
    await closedByServer;
    assert.equal(sut.platform.db.open, false);
    client.end(true);
  });
});
