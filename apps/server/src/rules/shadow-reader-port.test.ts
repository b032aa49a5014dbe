import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ShadowService } from '@meridian/shadow';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteShadowStore } from '../shadows/sqlite-shadow-store.js';
import { thingShadowReader } from './shadow-reader-port.js';

const NOW = 1_767_225_600;

describe(thingShadowReader.name, () => {
  let db: Db;
  let removeDir: () => Promise<void>;
  let shadows: ShadowService<string>;
  let sut: ReturnType<typeof thingShadowReader>;
  let clock = NOW;

  before(async () => {
    const dir = await tempDir('meridian-shadow-reader-');
    removeDir = dir.remove;
    db = openDatabase(join(dir.path, 'meridian.db'));
    const store = new SqliteShadowStore(db);
    shadows = new ShadowService<string>({ store, publish: () => {}, clock: () => clock });
    sut = thingShadowReader(store, () => clock + 5);
  });
  after(async () => {
    db.close();
    await removeDir();
  });

  const update = (thingName: string, state: object, shadowName?: string) =>
    shadows.updateShadow({
      thingName,
      ...(shadowName === undefined ? {} : { shadowName }),
      principal: 'test',
      payload: JSON.stringify({ state }),
    });

  test('answers the stored document as GetThingShadow does: state with delta, metadata, version, timestamp', async () => {
    await update('lamp', { desired: { power: 'on', level: 3 }, reported: { power: 'off', level: 3 } });
    clock += 10;
    await update('lamp', { reported: { level: 4 } });
    const expected = await shadows.getShadow({ thingName: 'lamp', principal: 'test' });
    assert.deepEqual(sut('lamp', undefined), { ...expected, timestamp: clock + 5 });
    assert.deepEqual(sut('lamp', undefined), {
      state: {
        desired: { power: 'on', level: 3 },
        reported: { power: 'off', level: 4 },
        delta: { power: 'on', level: 3 },
      },
      metadata: {
        desired: { power: { timestamp: NOW }, level: { timestamp: NOW } },
        reported: { power: { timestamp: NOW }, level: { timestamp: NOW + 10 } },
      },
      version: 2,
      timestamp: clock + 5,
    });
  });

  test('a named shadow is read by its name and is separate from the classic one', async () => {
    await update('meter', { reported: { kwh: 12.5 } }, 'energy');
    assert.deepEqual((sut('meter', 'energy') as { state: unknown }).state, { reported: { kwh: 12.5 } });
    assert.equal(sut('meter', undefined), undefined);
    assert.equal(sut('meter', 'other'), undefined);
  });

  test('the latest accepted update is visible at once, without waiting for anything else', async () => {
    await update('fan', { reported: { rpm: 1 } });
    await update('fan', { reported: { rpm: 2 } });
    const read = sut('fan', undefined) as { state: { reported: { rpm: number } }; version: number };
    assert.deepEqual([read.state.reported.rpm, read.version], [2, 2]);
  });

  test('a missing or deleted shadow, or names that cannot name a shadow, are Undefined', async () => {
    assert.equal(sut('nobody', undefined), undefined);
    await update('doomed', { reported: { x: 1 } });
    await shadows.deleteShadow({ thingName: 'doomed', principal: 'test' });
    assert.equal(sut('doomed', undefined), undefined);
    // '' would otherwise be the classic shadow's stored name; '/' would reach another key.
    await update('lamp2', { reported: { x: 1 } });
    assert.equal(sut('lamp2', ''), undefined);
    assert.equal(sut('', undefined), undefined);
    assert.equal(sut('lamp2/x', undefined), undefined);
  });

  test('each read is a fresh copy: SQL cannot change what the next read sees', async () => {
    await update('copy', { reported: { v: 1 } });
    const first = sut('copy', undefined) as { state: { reported: { v: number } } };
    first.state.reported.v = 99;
    assert.equal((sut('copy', undefined) as { state: { reported: { v: number } } }).state.reported.v, 1);
  });
});
