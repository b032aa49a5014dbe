import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import Database from 'better-sqlite3';
import { startTestPlatform } from './platform.fixture.js';
import {
  connectShadowClient,
  createDeviceCredentials,
  endShadowClient,
  shadowOperation,
} from './shadow-device-sdk.fixture.js';

describe('device shadows survive a restart of the platform', { timeout: 60_000 }, () => {
  test('an update accepted over MQTT is in the database when answered and is served after a restart', async () => {
    const dir = await tempDir('meridian-shadow-restart-');
    try {
      const first = await startTestPlatform({}, { dataDir: dir.path });
      const credentials = await createDeviceCredentials(first, 'boiler-1');
      const device = await connectShadowClient(first, credentials, 'boiler-1', 'boiler-1', { qos: 1 });
      await shadowOperation(device, () => device.update('boiler-1', { state: { reported: { temperature: 61 } } }));
      const [status, accepted] = await shadowOperation(device, () =>
        device.update('boiler-1', { state: { desired: { temperature: 70 } } }),
      );
      assert.equal(status, 'accepted');
      assert.equal(accepted.version, 2);

      // Another connection to the file sees the accepted version as soon as the device has its answer.
      const reader = new Database(join(dir.path, 'meridian.db'), { readonly: true });
      try {
        const row = reader
          .prepare<[], { version: number }>("SELECT version FROM shadows WHERE thing_name = 'boiler-1'")
          .get();
        assert.equal(row?.version, 2);
      } finally {
        reader.close();
      }
      await endShadowClient(device);
      await first.close();

      const second = await startTestPlatform({}, { dataDir: dir.path });
      try {
        const again = await connectShadowClient(second, credentials, 'boiler-1', 'boiler-1');
        try {
          const [getStatus, document] = await shadowOperation(again, () => again.get('boiler-1'));
          assert.equal(getStatus, 'accepted');
          assert.equal(document.version, 2);
          assert.deepEqual(document.state, {
            desired: { temperature: 70 },
            reported: { temperature: 61 },
            delta: { temperature: 70 },
          });
        } finally {
          await endShadowClient(again);
        }
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
