import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ShadowDocument } from '@meridian/shadow';
import { shadowStoreContract } from '@meridian/shadow/contracts';
import { tempDir } from '@meridian/test-utils';
import Database from 'better-sqlite3';
import { applyMigrations, type Db, openDatabase } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations.js';
import { SqliteShadowStore } from './sqlite-shadow-store.js';

const opened: Db[] = [];
after(() => {
  for (const database of opened) database.close();
});

shadowStoreContract(SqliteShadowStore.name, () => {
  const db = openDatabase(':memory:');
  opened.push(db);
  return new SqliteShadowStore(db);
});

describe(`${SqliteShadowStore.name} batching and row cache`, () => {
  const key = { thingName: 'lamp-1' };
  const documentAt = (version: number, state: ShadowDocument['state'] = { reported: { level: version } }) => ({
    version,
    state,
    metadata: {},
    timestamp: 1_700_000_000 + version,
  });

  async function onDisk() {
    const dir = await tempDir('meridian-shadow-store-');
    const file = join(dir.path, 'meridian.db');
    const db = openDatabase(file);
    const reader = new Database(file, { readonly: true });
    const storedVersion = (thingName: string) =>
      reader.prepare<[string], number>('SELECT version FROM shadows WHERE thing_name = ?').pluck().get(thingName);
    return {
      db,
      file,
      storedVersion,
      async remove() {
        reader.close();
        db.close();
        await dir.remove();
      },
    };
  }

  test('saves asked for in one turn of the event loop are committed together, before any of them resolves', async () => {
    const disk = await onDisk();
    try {
      const sut = new SqliteShadowStore(disk.db);
      const first = sut.save({ key, document: documentAt(1), expectedVersion: undefined, keepVersions: 5 });
      const second = sut.save({
        key: { thingName: 'lamp-2' },
        document: documentAt(1),
        expectedVersion: undefined,
        keepVersions: 5,
      });
      assert.equal(disk.storedVersion('lamp-1'), undefined, 'nothing is written before the batch commits');
      assert.equal(await first, true);
      assert.deepEqual([disk.storedVersion('lamp-1'), disk.storedVersion('lamp-2')], [1, 1]);
      assert.equal(await second, true);
    } finally {
      await disk.remove();
    }
  });

  test('while the commit gate is closed, saves wait and are then committed together', async () => {
    const disk = await onDisk();
    try {
      let open!: () => void;
      let gate: Promise<void> | undefined = new Promise<void>((resolve) => {
        open = resolve;
      });
      const sut = new SqliteShadowStore(disk.db, { commitGate: () => gate });
      let settled = 0;
      const first = sut.save({ key, document: documentAt(1), expectedVersion: undefined, keepVersions: 5 });
      void first.then(() => settled++);
      await new Promise((resolve) => setImmediate(resolve));
      const second = sut.save({
        key: { thingName: 'lamp-2' },
        document: documentAt(1),
        expectedVersion: undefined,
        keepVersions: 5,
      });
      void second.then(() => settled++);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(disk.storedVersion('lamp-1'), undefined, 'held at the gate');
      assert.equal(settled, 0);
      gate = undefined;
      open();
      assert.deepEqual(await Promise.all([first, second]), [true, true]);
      assert.deepEqual([disk.storedVersion('lamp-1'), disk.storedVersion('lamp-2')], [1, 1]);
    } finally {
      await disk.remove();
    }
  });

  test('a save that fails inside a batch is refused alone; the others are committed', async () => {
    const disk = await onDisk();
    try {
      const sut = new SqliteShadowStore(disk.db);
      const good = sut.save({ key, document: documentAt(1), expectedVersion: undefined, keepVersions: 5 });
      // JSON.stringify throws on a BigInt: this save fails halfway through its own savepoint.
      const bad = sut.save({
        key: { thingName: 'lamp-2' },
        document: documentAt(1, { reported: { level: 1n } as never }),
        expectedVersion: undefined,
        keepVersions: 5,
      });
      await assert.rejects(bad, TypeError);
      assert.equal(await good, true);
      assert.deepEqual([disk.storedVersion('lamp-1'), disk.storedVersion('lamp-2')], [1, undefined]);
      assert.deepEqual(await sut.load({ thingName: 'lamp-2' }), {});
    } finally {
      await disk.remove();
    }
  });

  test('writes the JSON text it is given, and loads hand it back with the document', async () => {
    const db = openDatabase(':memory:');
    opened.push(db);
    const sut = new SqliteShadowStore(db);
    const document = documentAt(1, { reported: { note: 'é "quoted"' } });
    const serialized = { state: JSON.stringify(document.state), metadata: JSON.stringify(document.metadata) };
    assert.equal(await sut.save({ key, document, serialized, expectedVersion: undefined, keepVersions: 5 }), true);
    assert.deepEqual(sut.load(key), { shadow: document, serialized });
    const fresh = new SqliteShadowStore(db);
    assert.deepEqual(fresh.load(key), { shadow: document, serialized }, 'read from the database');
  });

  test('a row changed by another writer is read again once a save finds its version changed', async () => {
    const disk = await onDisk();
    const other = openDatabase(disk.file);
    try {
      const sut = new SqliteShadowStore(disk.db);
      await sut.save({ key, document: documentAt(1), expectedVersion: undefined, keepVersions: 5 });
      assert.equal((await sut.load(key)).shadow?.version, 1);
      await new SqliteShadowStore(other).save({ key, document: documentAt(2), expectedVersion: 1, keepVersions: 5 });

      assert.equal(await sut.save({ key, document: documentAt(2), expectedVersion: 1, keepVersions: 5 }), false);
      assert.equal((await sut.load(key)).shadow?.version, 2);
      assert.equal(await sut.save({ key, document: documentAt(3), expectedVersion: 2, keepVersions: 5 }), true);
    } finally {
      other.close();
      await disk.remove();
    }
  });

  test('a lowered history length takes effect on the next save: the history never holds more', async () => {
    const db = openDatabase(':memory:');
    opened.push(db);
    const sut = new SqliteShadowStore(db);
    for (let version = 1; version <= 7; version++) {
      const expectedVersion = version === 1 ? undefined : version - 1;
      assert.equal(await sut.save({ key, document: documentAt(version), expectedVersion, keepVersions: 5 }), true);
    }
    assert.deepEqual(
      sut.listVersions(key, { limit: 10 }).map((d) => d.version),
      [7, 6, 5, 4, 3],
    );
    await sut.save({ key, document: documentAt(8), expectedVersion: 7, keepVersions: 2 });
    const kept = sut.listVersions(key, { limit: 10 }).map((d) => d.version);
    assert.equal(kept.length, 2);
    assert.equal(kept[0], 8);
  });

  test('the history of an older database moves into slots, the newest versions kept', async () => {
    const db = openDatabase(
      ':memory:',
      MIGRATIONS.filter((migration) => migration.version < 13),
    );
    opened.push(db);
    const insert = db.prepare(
      'INSERT INTO shadow_versions (thing_name, shadow_name, version, state, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.prepare(
      'INSERT INTO shadows (thing_name, shadow_name, version, state, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run('lamp-1', '', 150, '{}', '{}', 1);
    for (let version = 1; version <= 150; version++)
      insert.run('lamp-1', '', version, `{"v":${version}}`, '{}', version);
    assert.deepEqual(
      applyMigrations(
        db,
        MIGRATIONS.filter((migration) => migration.version <= 13),
      ),
      [13],
    );
    const sut = new SqliteShadowStore(db);
    const versions = sut.listVersions(key, { limit: 200 }).map((d) => d.version);
    assert.deepEqual(
      versions,
      Array.from({ length: 100 }, (_, i) => 150 - i),
    );
    assert.deepEqual(sut.loadVersion(key, 120)?.state, { v: 120 });
  });
});
