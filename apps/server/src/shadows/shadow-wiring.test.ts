import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Broker } from '@meridian/broker';
import { defaultShadowSettings } from '@meridian/shadow';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { RULES_PRINCIPAL } from './shadow-access.js';
import { shadowSettingsFrom, wireShadows } from './shadow-wiring.js';

const silent = { error() {} };

describe('shadow settings', () => {
  test('default to the shadow service defaults (AWS limits)', () => {
    const db = openDatabase(':memory:');
    try {
      const { service } = wireShadows(new Broker(), db, shadowSettingsFrom(loadConfig({})), silent);
      assert.deepEqual(service.settings, defaultShadowSettings);
    } finally {
      db.close();
    }
  });

  test('come from the environment and govern the service', async () => {
    const config = loadConfig({
      SHADOW_MAX_DOCUMENT_BYTES: '40',
      SHADOW_MAX_DEPTH: '3',
      SHADOW_MAX_REQUEST_BYTES: '1000',
      SHADOW_HISTORY_LENGTH: '0',
      SHADOW_TOMBSTONE_RETENTION_SECONDS: '60',
      SHADOW_MAX_IN_FLIGHT_PER_THING: '4',
      SHADOW_MAX_IN_FLIGHT_PER_CLIENT: '5',
      SHADOW_MAX_REQUESTS_PER_SECOND_PER_THING: '2',
    });
    const db = openDatabase(':memory:');
    try {
      const { service, close } = wireShadows(new Broker(), db, shadowSettingsFrom(config), silent);
      assert.deepEqual(service.settings, {
        ...defaultShadowSettings,
        maxDocumentBytes: 40,
        maxDepth: 3,
        maxRequestBytes: 1000,
        keepVersions: 0,
        tombstoneRetentionSeconds: 60,
        maxInFlightPerThing: 4,
        maxInFlightPerClient: 5,
        maxRequestsPerSecondPerThing: 2,
      });
      const update = (reported: object) =>
        service.updateShadow({
          thingName: 'lamp',
          principal: RULES_PRINCIPAL,
          payload: JSON.stringify({ state: { reported } }),
        });
      await update({ note: 'short' });
      await assert.rejects(update({ note: 'x'.repeat(40) }), { name: 'RequestEntityTooLargeException' });
      assert.deepEqual(
        await service.listVersions({ thingName: 'lamp', principal: RULES_PRINCIPAL }),
        [],
        'no history kept',
      );
      await assert.rejects(update({ note: 'third request this second' }), {
        name: 'ThrottlingException',
        message: 'Rate limit exceeded',
      });
      await close();
    } finally {
      db.close();
    }
  });

  test('bad values stop loading with the variable named', () => {
    assert.throws(
      () => loadConfig({ SHADOW_MAX_DEPTH: '0', SHADOW_HISTORY_LENGTH: '-1' }),
      (error: Error) => {
        assert.match(error.message, /SHADOW_MAX_DEPTH=/);
        assert.match(error.message, /SHADOW_HISTORY_LENGTH=/);
        return true;
      },
    );
  });
});
