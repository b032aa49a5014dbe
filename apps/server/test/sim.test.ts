import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PublishedMessage } from '@meridian/broker';
import type { Simulator } from '@meridian/sim';
import { startSimulator } from '@meridian/sim';
import { ConsoleApiClient, type ProvisionedDevice } from '@meridian/sim/provisioning';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from './platform.fixture.js';

type Event = { thingName: string; type: string; [key: string]: unknown };

describe('device simulator against the platform', { timeout: 60_000 }, () => {
  let sut: TestPlatform;
  let api: ConsoleApiClient;
  const simulators: Simulator[] = [];

  /** Resolves with the first publish that passes through the broker and matches. */
  function nextPublish(matches: (message: PublishedMessage) => boolean): Promise<PublishedMessage> {
    return new Promise((resolve) => {
      const stop = sut.platform.broker.onPublish((message) => {
        if (!matches(message)) return;
        stop();
        resolve(message);
      });
    });
  }

  /** The simulator's device events, and a way to wait for one. */
  function eventLog() {
    const events: Event[] = [];
    const waiters: { matches: (event: Event) => boolean; resolve: (event: Event) => void }[] = [];
    return {
      events,
      observe: (thingName: string, event: { type: string }) => {
        const entry = { thingName, ...event };
        events.push(entry);
        for (const waiter of waiters.filter((w) => w.matches(entry))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      },
      next: (matches: (event: Event) => boolean) =>
        new Promise<Event>((resolve) => {
          waiters.push({ matches, resolve });
        }),
    };
  }

  async function provision(...thingNames: string[]): Promise<ProvisionedDevice[]> {
    return Promise.all(thingNames.map((thingName) => api.provisionDevice(thingName)));
  }

  async function simulate(devices: ProvisionedDevice[], options: Partial<Parameters<typeof startSimulator>[0]> = {}) {
    const log = eventLog();
    const simulator = await startSimulator(
      {
        mqttsUrl: `mqtts://127.0.0.1:${sut.ports.mqtts}`,
        caCertificatePem: devices[0]?.caCertificatePem ?? '',
        devices,
        ...options,
      },
      log.observe,
    );
    simulators.push(simulator);
    return { simulator, log };
  }

  const setDesired = (thingName: string, desired: Record<string, unknown>) =>
    sut.platform.shadows.updateShadow({
      thingName,
      principal: { platform: 'test' },
      payload: JSON.stringify({ state: { desired } }),
    });
  const getShadow = (thingName: string) =>
    sut.platform.shadows.getShadow({ thingName, principal: { platform: 'test' } });

  before(async () => {
    // A deleted shadow starts over at version 1, as on AWS after 48 h.
    sut = await startTestPlatform({ SHADOW_TOMBSTONE_RETENTION_SECONDS: '0' });
    api = await ConsoleApiClient.signIn(`http://127.0.0.1:${sut.ports.http}`, 'admin', ADMIN_PASSWORD);
  });
  after(async () => {
    await Promise.all(simulators.map((simulator) => simulator.close()));
    await sut.close();
  });

  test('provisioning creates the thing and an ACTIVE certificate with the default device policy, attached to the thing', async () => {
    const [device] = await provision('sim-provisioned');
    assert.ok(device);
    assert.match(device.privateKeyPem, /PRIVATE KEY/);
    assert.equal(device.caCertificatePem, sut.platform.pki.ca.certificatePem);
    const { certificateDescription } = sut.platform.certificates.describeCertificate(device.certificateId);
    assert.equal(certificateDescription.status, 'ACTIVE');
    const { principals } = await sut.platform.registry.principals.listForThing({ thingName: 'sim-provisioned' });
    assert.deepEqual(principals, [certificateDescription.certificateArn]);
    const { policies } = await sut.platform.policies.listAttachedPolicies(certificateDescription.certificateArn);
    assert.deepEqual(
      policies.map((policy) => policy.policyName),
      ['meridian-default-device'],
    );

    const again = await api.provisionDevice('sim-provisioned');
    assert.notEqual(again.certificateId, device.certificateId, 'an existing thing gets one more certificate');
  });

  test('devices connect over TLS with their certificates, report their initial state and publish telemetry', async () => {
    const devices = await provision('sim-tele-1', 'sim-tele-2');
    const telemetry = nextPublish((m) => m.topic === 'factory/sim-tele-2/telemetry');
    const { simulator } = await simulate(devices, {
      telemetry: { topic: 'factory/{thing}/telemetry', intervalMs: 50, fields: { rpm: { min: 100, max: 200 } } },
      initialReported: { lamp: false, brightness: 40 },
    });

    const connected = sut.platform.broker.clients().map((client) => client.clientId);
    assert.ok(connected.includes('sim-tele-1') && connected.includes('sim-tele-2'), `connected: ${connected}`);
    assert.deepEqual(
      simulator.devices.map((device) => [device.thingName, device.online]),
      [
        ['sim-tele-1', true],
        ['sim-tele-2', true],
      ],
    );
    const shadow = await getShadow('sim-tele-1');
    assert.deepEqual(shadow.state, { reported: { lamp: false, brightness: 40 } });
    assert.deepEqual(simulator.device('sim-tele-1').reported(), { lamp: false, brightness: 40 });

    const message = await telemetry;
    assert.equal(message.clientId, 'sim-tele-2');
    const reading = JSON.parse(message.payload.toString()) as Record<string, number>;
    assert.deepEqual(Object.keys(reading).sort(), ['rpm', 'timestamp']);
    assert.ok(reading.rpm !== undefined && reading.rpm >= 100 && reading.rpm <= 200, `rpm ${reading.rpm}`);
  });

  test('a desired change produces a delta; the device reports it after the report delay and the delta is gone', async () => {
    const { simulator, log } = await simulate(await provision('sim-lamp-1'), {
      reportDelayMs: 300,
      initialReported: { lamp: false },
    });
    const device = simulator.device('sim-lamp-1');
    const reportedEvent = log.next((e) => e.thingName === 'sim-lamp-1' && e.type === 'reported');
    const report = nextPublish(
      (m) => m.clientId === 'sim-lamp-1' && m.topic === '$aws/things/sim-lamp-1/shadow/update',
    );

    const delta = nextPublish((m) => m.topic === '$aws/things/sim-lamp-1/shadow/update/delta');

    const changedAt = Date.now();
    await setDesired('sim-lamp-1', { lamp: true, color: { r: 255 } });
    assert.deepEqual(JSON.parse((await delta).payload.toString()).state, { lamp: true, color: { r: 255 } });

    const reported = JSON.parse((await report).payload.toString()) as { state: unknown };
    // Timers may fire up to a millisecond early against Date.now(); without the delay it would take a few ms.
    assert.ok(Date.now() - changedAt >= 295, 'reported only after the delay');
    assert.deepEqual(reported.state, { reported: { lamp: true, color: { r: 255 } } });
    await reportedEvent;
    assert.deepEqual(device.reported(), { lamp: true, color: { r: 255 } });
    const shadow = await getShadow('sim-lamp-1');
    assert.equal(shadow.state.delta, undefined);
    assert.deepEqual(shadow.state.reported, { lamp: true, color: { r: 255 } });
  });

  test('goOffline disconnects cleanly (presence event) and answers no deltas; goOnline applies the pending desired state', async () => {
    const { simulator } = await simulate(await provision('sim-away-1'), { reportDelayMs: 0 });
    const device = simulator.device('sim-away-1');

    const disconnected = nextPublish((m) => m.topic === '$aws/events/presence/disconnected/sim-away-1');
    await device.goOffline();
    assert.equal(device.online, false);
    const event = JSON.parse((await disconnected).payload.toString()) as Record<string, unknown>;
    assert.equal(event.clientInitiatedDisconnect, true);
    assert.equal(event.disconnectReason, 'CLIENT_INITIATED_DISCONNECT');

    const fromDevice: PublishedMessage[] = [];
    const stop = sut.platform.broker.onPublish((m) => {
      if (m.clientId === 'sim-away-1') fromDevice.push(m);
    });
    await setDesired('sim-away-1', { fan: 'high' });
    await device.goOffline(); // a second call is harmless
    assert.deepEqual(fromDevice, [], 'an offline device publishes nothing');
    assert.deepEqual((await getShadow('sim-away-1')).state.delta, { fan: 'high' });

    await device.goOnline();
    stop();
    assert.equal(device.online, true);
    assert.deepEqual(device.reported(), { fan: 'high' });
    const shadow = await getShadow('sim-away-1');
    assert.equal(shadow.state.delta, undefined);
    assert.deepEqual(shadow.state.reported, { fan: 'high' });
  });

  test('after a reconnect the shadow it fetches counts, even when its version is lower than an earlier delta', async () => {
    const { simulator, log } = await simulate(await provision('sim-reset-1'), { reportDelayMs: 0 });
    const device = simulator.device('sim-reset-1');
    for (const level of [1, 2, 3]) {
      const reported = log.next((e) => e.thingName === 'sim-reset-1' && e.type === 'reported');
      await setDesired('sim-reset-1', { level });
      await reported;
    }
    await device.goOffline();
    await sut.platform.shadows.deleteShadow({ thingName: 'sim-reset-1', principal: { platform: 'test' } });
    const { version } = await setDesired('sim-reset-1', { level: 9 });
    assert.equal(version, 1);

    await device.goOnline();
    assert.deepEqual(device.reported(), { level: 9 });
    assert.equal((await getShadow('sim-reset-1')).state.delta, undefined);
  });

  test('setIgnoreDeltas keeps the device online without answering; turned off, the next delta is answered in full', async () => {
    const { simulator, log } = await simulate(await provision('sim-stubborn-1'), {
      reportDelayMs: 0,
      initialReported: { valve: 'closed' },
    });
    const device = simulator.device('sim-stubborn-1');
    device.setIgnoreDeltas(true);

    const ignored = log.next((e) => e.thingName === 'sim-stubborn-1' && e.type === 'delta-ignored');
    await setDesired('sim-stubborn-1', { valve: 'open' });
    await ignored;
    assert.equal(device.online, true);
    assert.deepEqual(device.reported(), { valve: 'closed' });
    assert.deepEqual((await getShadow('sim-stubborn-1')).state.delta, { valve: 'open' });

    device.setIgnoreDeltas(false);
    device.setReportDelayMs(50);
    const reported = log.next((e) => e.thingName === 'sim-stubborn-1' && e.type === 'reported');
    await setDesired('sim-stubborn-1', { pressure: 3 });
    await reported;
    assert.deepEqual(device.reported(), { valve: 'open', pressure: 3 });
    assert.equal((await getShadow('sim-stubborn-1')).state.delta, undefined);
  });

  test('a device whose certificate is revoked fails to start, naming the device', async () => {
    const [device] = await provision('sim-revoked-1');
    assert.ok(device);
    sut.platform.certificates.updateCertificate(device.certificateId, 'REVOKED');
    await assert.rejects(simulate([device]), /^Error: device sim-revoked-1 could not start: /);
  });
});
