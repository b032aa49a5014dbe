import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { ACCESS_KEY_ID_PATTERN, DomainError } from '@meridian/contracts';
import { tempDir } from '@meridian/test-utils';
import { UsersStore } from '../auth/users.store.js';
import { openDatabase } from '../db/database.js';
import { AccessKeysService } from './access-keys.service.js';
import { AccessKeysStore } from './access-keys.store.js';
import { SecretBox } from './secret-box.js';

describe(AccessKeysService.name, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** A real SQLite file, a real key and a clock the test moves. */
  async function setup() {
    const dir = await tempDir('meridian-access-keys-');
    const file = join(dir.path, 'meridian.db');
    const db = openDatabase(file);
    cleanups.push(async () => {
      db.close();
      await dir.remove();
    });
    const user = new UsersStore(db).create({ username: 'ada', passwordHash: 'x', role: 'admin' });
    let now = new Date('2026-03-01T12:00:00.000Z');
    const sut = new AccessKeysService(new AccessKeysStore(db), SecretBox.fromKey(randomBytes(32)), () => now);
    return { sut, db, file, user, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  }

  test('creates a key with an AWS-shaped id and a 40-character secret, listed without the secret', async () => {
    const { sut, user } = await setup();
    const created = sut.create(user.id, 'CI pipeline');
    assert.match(created.accessKeyId, new RegExp(ACCESS_KEY_ID_PATTERN));
    assert.match(created.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    const { secretAccessKey: _secret, ...summary } = created;
    assert.deepEqual(summary, {
      accessKeyId: created.accessKeyId,
      owner: 'ada',
      description: 'CI pipeline',
      status: 'Active',
      createdAt: '2026-03-01T12:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });
    assert.deepEqual(sut.list(), [summary]);
    assert.notEqual(sut.create(user.id).accessKeyId, created.accessKeyId);
  });

  test('gives verification the secret and owner of an active key, and nothing for unknown ones', async () => {
    const { sut, user } = await setup();
    const created = sut.create(user.id);
    assert.deepEqual(sut.credentialsFor(created.accessKeyId), {
      secretAccessKey: created.secretAccessKey,
      owner: { accessKeyId: created.accessKeyId, userId: user.id, username: 'ada', role: 'admin' },
    });
    assert.equal(sut.credentialsFor('AKIAAAAAAAAAAAAAAAAA'), undefined);
  });

  test('a key of a disabled account signs nothing until the account is enabled again', async () => {
    const { sut, db, user } = await setup();
    const created = sut.create(user.id);
    const users = new UsersStore(db);
    users.setDisabled(user.username, true);
    assert.equal(sut.credentialsFor(created.accessKeyId), undefined);
    users.setDisabled(user.username, false);
    assert.equal(sut.credentialsFor(created.accessKeyId)?.secretAccessKey, created.secretAccessKey);
  });

  test('stores the secret only encrypted, in the database file and its WAL', async () => {
    const { sut, db, file, user } = await setup();
    const { secretAccessKey } = sut.create(user.id);
    db.pragma('wal_checkpoint(PASSIVE)');
    for (const path of [file, `${file}-wal`]) {
      assert.ok(!readFileSync(path).toString('latin1').includes(secretAccessKey), `secret found in ${path}`);
    }
  });

  test('records the last use at most once a minute', async () => {
    const { sut, user, advance } = await setup();
    const { accessKeyId } = sut.create(user.id);
    sut.recordUse(accessKeyId);
    assert.equal(sut.list()[0]?.lastUsedAt, '2026-03-01T12:00:00.000Z');
    advance(30_000);
    sut.recordUse(accessKeyId);
    assert.equal(sut.list()[0]?.lastUsedAt, '2026-03-01T12:00:00.000Z');
    advance(31_000);
    sut.recordUse(accessKeyId);
    assert.equal(sut.list()[0]?.lastUsedAt, '2026-03-01T12:01:01.000Z');
  });

  test('revoking wipes the secret for good; revoking again answers the same; unknown keys are not found', async () => {
    const { sut, db, user, advance } = await setup();
    const { accessKeyId } = sut.create(user.id);
    advance(1000);
    const revoked = sut.revoke(accessKeyId);
    assert.equal(revoked.status, 'Revoked');
    assert.equal(revoked.revokedAt, '2026-03-01T12:00:01.000Z');
    assert.equal(sut.credentialsFor(accessKeyId), undefined);
    assert.equal(db.prepare('SELECT secret_ciphertext FROM access_keys').pluck().get(), null);
    advance(1000);
    assert.deepEqual(sut.revoke(accessKeyId), revoked);
    assert.throws(
      () => sut.revoke('AKIAAAAAAAAAAAAAAAAA'),
      (error: unknown) => error instanceof DomainError && error.type === 'ResourceNotFoundException',
    );
  });

  test('is empty until the first key is created, and stays non-empty after revoking it', async () => {
    const { sut, user } = await setup();
    assert.equal(sut.isEmpty(), true);
    const { accessKeyId } = sut.create(user.id);
    sut.revoke(accessKeyId);
    assert.equal(sut.isEmpty(), false);
  });
});
