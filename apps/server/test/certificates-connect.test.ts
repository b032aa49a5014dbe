import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type CertificateAuthority,
  certificateId as certificateIdOf,
  createCertificateAuthority,
  issueDeviceCertificate,
} from '@meridian/certs';
import { DomainError } from '@meridian/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { DEFAULT_DEVICE_POLICY } from '../src/authorization/default-device-policy.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

/** Live connections must be closed this fast after the change that ends their right to be connected. */
const LIVE_EFFECT_LIMIT_MS = 1000;
/** A missed disconnect would otherwise wait forever. */
const TEST_TIMEOUT_MS = 10_000;

interface Identity {
  key: string;
  cert: string;
}

let clientSequence = 0;

describe('certificates at connect time and on live connections (real TLS)', () => {
  let sut: TestPlatform;
  const clients: MqttClient[] = [];

  const url = (transport: 'mqtts' | 'wss') =>
    transport === 'mqtts' ? `mqtts://127.0.0.1:${sut.ports.mqtts}` : `wss://127.0.0.1:${sut.ports.wss}/mqtt`;

  /** Connects a real mqtt.js client; resolves on CONNACK, rejects on the first error or close. */
  async function connect(identity: Identity, transport: 'mqtts' | 'wss' = 'mqtts', protocolVersion: 4 | 5 = 5) {
    await allowEverything(identity.cert);
    const client = mqtt.connect(url(transport), {
      ...identity,
      ca: sut.platform.pki.ca.certificatePem,
      servername: 'localhost',
      clientId: `device-${++clientSequence}`,
      protocolVersion,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    return new Promise<MqttClient>((resolve, reject) => {
      client.once('connect', () => resolve(client));
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    });
  }

  /** These tests are about certificates, not policies: registered certificates get the permissive default policy. */
  async function allowEverything(certificatePem: string): Promise<void> {
    const { region, accountId } = sut.platform.account;
    const arn = `arn:aws:iot:${region}:${accountId}:cert/${certificateIdOf(certificatePem)}`;
    try {
      await sut.platform.policies.attachPolicy(DEFAULT_DEVICE_POLICY, arn);
    } catch (error) {
      // Not registered (yet): the connection is refused for its certificate before any policy applies.
      if (!(error instanceof DomainError && error.type === 'ResourceNotFoundException')) throw error;
    }
  }

  /** Resolves with the time (ms since `since`) at which the client's connection closed. */
  function closedAfter(client: MqttClient, since: () => number): Promise<number> {
    return new Promise((resolve) => client.once('close', () => resolve(performance.now() - since())));
  }

  /** A CA made in the test, registered with proof of possession (GetRegistrationCode + verification certificate). */
  async function registeredCa(options: { allowAutoRegistration?: boolean } = {}) {
    const ca = await createCertificateAuthority({ commonName: `Test Fleet CA ${++clientSequence}` });
    const { registrationCode } = sut.platform.caCertificates.getRegistrationCode();
    const verification = await issueDeviceCertificate(ca, { commonName: registrationCode });
    const { certificateId } = sut.platform.caCertificates.registerCACertificate({
      caCertificate: ca.certificatePem,
      verificationCertificate: verification.certificatePem,
      setAsActive: true,
      allowAutoRegistration: options.allowAutoRegistration ?? false,
    });
    return { ca, caCertificateId: certificateId };
  }

  async function registeredDevice(ca: CertificateAuthority, commonName: string) {
    const device = await issueDeviceCertificate(ca, { commonName });
    await sut.platform.certificates.registerCertificate({ certificatePem: device.certificatePem, status: 'ACTIVE' });
    return { id: device.certificateId, identity: { key: device.privateKeyPem, cert: device.certificatePem } };
  }

  async function platformDevice(setAsActive: boolean) {
    const created = await sut.platform.certificates.createKeysAndCertificate({ setAsActive, keyType: 'ec-p256' });
    return {
      id: created.certificateId,
      identity: { key: created.keyPair.PrivateKey, cert: created.certificatePem },
    };
  }

  before(async () => {
    sut = await startTestPlatform();
  });
  after(async () => {
    for (const client of clients) client.end(true);
    await sut.close();
  });

  test('a certificate that is not ACTIVE cannot connect (MQTT 3.1.1 and 5); once ACTIVE it can', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const device = await platformDevice(false);
    await assert.rejects(connect(device.identity, 'mqtts', 4), /Not authorized/i);
    await assert.rejects(connect(device.identity, 'mqtts', 5), /Not authorized/i);
    sut.platform.certificates.updateCertificate(device.id, 'ACTIVE');
    await connect(device.identity, 'mqtts');
    await connect(device.identity, 'wss');
  });

  test('a REVOKED certificate cannot connect', { timeout: TEST_TIMEOUT_MS }, async () => {
    const device = await platformDevice(true);
    sut.platform.certificates.updateCertificate(device.id, 'REVOKED');
    await assert.rejects(connect(device.identity), /Not authorized/i);
  });

  test('a certificate of a registered CA connects while that CA is ACTIVE, and not once it is INACTIVE', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { ca, caCertificateId } = await registeredCa();
    const device = await registeredDevice(ca, 'fleet-device');
    await connect(device.identity, 'mqtts');
    await connect(device.identity, 'wss');
    sut.platform.caCertificates.updateCACertificate(caCertificateId, { newStatus: 'INACTIVE' });
    await assert.rejects(connect(device.identity), /Not authorized/i);
    sut.platform.caCertificates.updateCACertificate(caCertificateId, { newStatus: 'ACTIVE' });
    await connect(device.identity);
  });

  test('a certificate registered without CA (issuer unknown to the platform) connects when ACTIVE', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const elsewhere = await createCertificateAuthority({ commonName: 'Unregistered Issuer' });
    const device = await issueDeviceCertificate(elsewhere, { commonName: 'sni-device' });
    const identity = { key: device.privateKeyPem, cert: device.certificatePem };
    await assert.rejects(connect(identity), /Not authorized/i);
    await sut.platform.certificates.registerCertificateWithoutCA({
      certificatePem: device.certificatePem,
      status: 'ACTIVE',
    });
    await connect(identity);
  });

  test('deactivating a certificate disconnects its live connections (MQTTS and WSS) within a second', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const device = await platformDevice(true);
    const bystander = await platformDevice(true);
    const overTls = await connect(device.identity, 'mqtts');
    const overWss = await connect(device.identity, 'wss', 4);
    const other = await connect(bystander.identity);
    let changedAt = 0;
    const closes = [closedAfter(overTls, () => changedAt), closedAfter(overWss, () => changedAt)];
    const disconnectPacket = new Promise<number | undefined>((resolve) =>
      overTls.once('disconnect', (packet) => resolve(packet.reasonCode)),
    );
    changedAt = performance.now();
    sut.platform.certificates.updateCertificate(device.id, 'INACTIVE');
    for (const elapsed of await Promise.all(closes)) assert.ok(elapsed < LIVE_EFFECT_LIMIT_MS, `${elapsed} ms`);
    assert.equal(await disconnectPacket, 0x87, 'MQTT 5 DISCONNECT "not authorized"');
    assert.equal(other.connected, true, 'connections with other certificates stay');
    await other.publishAsync('still/here', 'yes', { qos: 1 });
  });

  test('revoking a certificate through the console API disconnects the device within a second', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const cookie = await sut.login();
    const device = await platformDevice(true);
    const client = await connect(device.identity);
    let changedAt = 0;
    const closed = closedAfter(client, () => changedAt);
    changedAt = performance.now();
    const response = await sut.platform.app.inject({
      method: 'PUT',
      url: `/api/certificates/${device.id}/status`,
      headers: { cookie },
      payload: { status: 'REVOKED' },
    });
    assert.equal(response.statusCode, 200);
    assert.ok((await closed) < LIVE_EFFECT_LIMIT_MS);
  });

  test('deactivating a CA disconnects the live connections of its certificates within a second', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { ca, caCertificateId } = await registeredCa();
    const first = await registeredDevice(ca, 'fleet-a');
    const second = await registeredDevice(ca, 'fleet-b');
    const platformOwn = await platformDevice(true);
    const fleet = [await connect(first.identity), await connect(second.identity, 'wss')];
    const unrelated = await connect(platformOwn.identity);
    let changedAt = 0;
    const closes = fleet.map((client) => closedAfter(client, () => changedAt));
    changedAt = performance.now();
    sut.platform.caCertificates.updateCACertificate(caCertificateId, { newStatus: 'INACTIVE' });
    for (const elapsed of await Promise.all(closes)) assert.ok(elapsed < LIVE_EFFECT_LIMIT_MS, `${elapsed} ms`);
    assert.equal(unrelated.connected, true);
  });

  test('just-in-time registration: first connection registers PENDING_ACTIVATION, is refused, and each attempt publishes the event', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const { ca, caCertificateId } = await registeredCa({ allowAutoRegistration: true });
    const listener = await connect((await platformDevice(true)).identity);
    const topic = `$aws/events/certificates/registered/${caCertificateId}`;
    await listener.subscribeAsync(topic, { qos: 1 });
    const events: Array<Record<string, unknown>> = [];
    let onEvent: (() => void) | undefined;
    listener.on('message', (received, payload) => {
      if (received !== topic) return;
      events.push(JSON.parse(String(payload)));
      onEvent?.();
    });
    const nextEvent = () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const count = events.length;
        onEvent = () => {
          if (events.length > count) resolve(events[count] as Record<string, unknown>);
        };
      });

    const device = await issueDeviceCertificate(ca, { commonName: 'jitr-device' });
    const identity = { key: device.privateKeyPem, cert: device.certificatePem };
    const firstEvent = nextEvent();
    await assert.rejects(connect(identity), /Not authorized/i);
    const first = await firstEvent;
    assert.deepEqual(Object.keys(first).sort(), [
      'awsAccountId',
      'caCertificateId',
      'certificateId',
      'certificateRegistrationTimestamp',
      'certificateStatus',
      'timestamp',
    ]);
    assert.equal(first.certificateId, device.certificateId);
    assert.equal(first.caCertificateId, caCertificateId);
    assert.equal(first.certificateStatus, 'PENDING_ACTIVATION');
    assert.equal(first.awsAccountId, sut.platform.account.accountId);
    assert.equal(typeof first.timestamp, 'number');
    assert.match(String(first.certificateRegistrationTimestamp), /^\d{13}$/);
    const described = sut.platform.certificates.describeCertificate(device.certificateId).certificateDescription;
    assert.equal(described.status, 'PENDING_ACTIVATION');
    assert.equal(described.caCertificateId, caCertificateId);

    const secondEvent = nextEvent();
    await assert.rejects(connect(identity, 'wss'), /Not authorized/i);
    const second = await secondEvent;
    assert.equal(second.certificateId, device.certificateId);
    assert.equal(second.certificateRegistrationTimestamp, first.certificateRegistrationTimestamp);

    sut.platform.certificates.updateCertificate(device.certificateId, 'ACTIVE');
    await connect(identity);
  });

  test('a TLS client without a certificate is closed before CONNECT', { timeout: TEST_TIMEOUT_MS }, async () => {
    const client = mqtt.connect(url('mqtts'), {
      ca: sut.platform.pki.ca.certificatePem,
      servername: 'localhost',
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    await assert.rejects(
      new Promise((resolve, reject) => {
        client.once('connect', resolve);
        client.once('error', reject);
        client.once('close', () => reject(new Error('closed before CONNACK')));
      }),
      /closed before CONNACK|ECONNRESET|socket hang up/,
    );
  });
});
