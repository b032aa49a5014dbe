import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { applyMigrations, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';

describe('openDatabase', () => {
  test('creates a WAL database file and applies every migration once', async () => {
    const dir = await tempDir();
    const file = join(dir.path, 'nested', 'test.db');
    const db = openDatabase(file);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    assert.deepEqual(
      versions,
      MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(applyMigrations(db, MIGRATIONS), [], 'a second run applies nothing');
    db.close();
    const reopened = openDatabase(file);
    assert.equal(reopened.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), MIGRATIONS.length);
    reopened.close();
    await dir.remove();
  });

  test('a failing migration is rolled back and not recorded', () => {
    const db = openDatabase(':memory:', []);
    assert.throws(() =>
      applyMigrations(db, [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' }]),
    );
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), 0);
    db.close();
  });
});
