import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DeviceCredentials } from '@meridian/contracts';
import type { thingShadow } from 'aws-iot-device-sdk';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';
import {
  connectShadowClient,
  createDeviceCredentials,
  endShadowClient,
  nextEvent,
  type SdkDocument,
  shadowOperation,
} from './shadow-device-sdk.fixture.js';

describe('device shadows through the AWS IoT Device SDK v1 (thingShadow, MQTT over TLS)', { timeout: 60_000 }, () => {
  let sut: TestPlatform;
  let credentials: DeviceCredentials;
  const clients: thingShadow[] = [];
  const connect = async (
    ...args: Parameters<typeof connectShadowClient> extends [unknown, unknown, ...infer R] ? R : never
  ) => {
    const client = await connectShadowClient(sut, credentials, ...args);
    clients.push(client);
    return client;
  };

  before(async () => {
    sut = await startTestPlatform();
    credentials = await createDeviceCredentials(sut, 'lamp-1');
  });
  after(async () => {
    await Promise.all(clients.map(endShadowClient));
    await sut.close();
  });

  test('register, update desired, receive the delta, report, get, delete and re-create', async () => {
    const device = await connect('lamp-1', 'lamp-1', { qos: 1 });
    const app = await connect('lamp-1-app', 'lamp-1', { ignoreDeltas: true });

    const deltaAtDevice = nextEvent<[string, SdkDocument]>(device, 'delta');
    const [desiredStatus, desired] = await shadowOperation(app, () =>
      app.update('lamp-1', { state: { desired: { on: true, brightness: 80 } } }),
    );
    assert.equal(desiredStatus, 'accepted');
    assert.deepEqual(desired.state, { desired: { on: true, brightness: 80 } });
    assert.equal(desired.version, 1);
    assert.equal(
      typeof (desired.metadata as { desired: { on: { timestamp: unknown } } }).desired.on.timestamp,
      'number',
    );

    const [thingName, delta] = await deltaAtDevice;
    assert.equal(thingName, 'lamp-1');
    assert.deepEqual(delta.state, { on: true, brightness: 80 });
    assert.equal(delta.version, 1);

    const appSeesReport = nextEvent<[string, string, SdkDocument]>(app, 'foreignStateChange');
    const [reportStatus, reported] = await shadowOperation(device, () =>
      device.update('lamp-1', { state: { reported: delta.state } }),
    );
    assert.equal(reportStatus, 'accepted');
    assert.equal(reported.version, 2);
    const [, operation, foreign] = await appSeesReport;
    assert.deepEqual(
      [operation, foreign.version, foreign.state],
      ['update', 2, { reported: { on: true, brightness: 80 } }],
    );

    const [getStatus, document] = await shadowOperation(app, () => app.get('lamp-1'));
    assert.equal(getStatus, 'accepted');
    assert.deepEqual(document.state, {
      desired: { on: true, brightness: 80 },
      reported: { on: true, brightness: 80 },
    });
    assert.equal(document.version, 2);

    const [deleteStatus, deleted] = await shadowOperation(app, () => app.delete('lamp-1'));
    assert.equal(deleteStatus, 'accepted');
    assert.equal(deleted.version, 2);

    const [goneStatus, gone] = await shadowOperation(app, () => app.get('lamp-1'));
    assert.equal(goneStatus, 'rejected');
    assert.deepEqual([gone.code, gone.message], [404, "No shadow exists with name: 'lamp-1'"]);

    // The SDK sends the last version it saw (2); a shadow re-created after a delete continues from it.
    const [recreatedStatus, recreated] = await shadowOperation(device, () =>
      device.update('lamp-1', { state: { reported: { on: false } } }),
    );
    assert.equal(recreatedStatus, 'accepted');
    assert.equal(recreated.version, 3);
  });

  test('an update carrying a stale version is rejected with 409 on /update/rejected', async () => {
    // Without persistent subscriptions each client only sees the answers to its own requests, so
    // the first one keeps version 1 while the second moves the shadow on to version 2.
    const first = await connect('lamp-1-a', 'lamp-1-lock', { persistentSubscribe: false, ignoreDeltas: true });
    const second = await connect('lamp-1-b', 'lamp-1-lock', { persistentSubscribe: false, ignoreDeltas: true });
    const [, one] = await shadowOperation(first, () =>
      first.update('lamp-1-lock', { state: { desired: { mode: 'eco' } } }),
    );
    assert.equal(one.version, 1);
    const [, two] = await shadowOperation(second, () =>
      second.update('lamp-1-lock', { state: { desired: { mode: 'boost' } } }),
    );
    assert.equal(two.version, 2);

    const [status, conflict] = await shadowOperation(first, () =>
      first.update('lamp-1-lock', { state: { desired: { mode: 'off' } } }),
    );
    assert.equal(status, 'rejected');
    assert.deepEqual([conflict.code, conflict.message], [409, 'Version conflict']);
    const [, current] = await shadowOperation(second, () => second.get('lamp-1-lock'));
    assert.deepEqual([current.version, current.state?.desired], [2, { mode: 'boost' }]);
  });
});
