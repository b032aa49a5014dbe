import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { UsersStore } from '../auth/users.store.js';
import { openDatabase } from '../db/database.js';
import { AccessKeysService } from './access-keys.service.js';
import { AccessKeysStore } from './access-keys.store.js';
import { bootstrapAccessKey } from './bootstrap-access-key.js';
import { SecretBox } from './secret-box.js';

/** The `key = value` lines of one `[profile]` section. */
function readProfile(text: string, profile: string): Record<string, string> {
  const section = text.split(/^\[/m).find((part) => part.startsWith(`${profile}]`)) ?? '';
  return Object.fromEntries(
    section
      .split('\n')
      .slice(1)
      .map((line) => /^(\w+)\s*=\s*(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}

describe(bootstrapAccessKey.name, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup() {
    const dir = await tempDir('meridian-bootstrap-key-');
    const db = openDatabase(join(dir.path, 'meridian.db'));
    cleanups.push(async () => {
      db.close();
      await dir.remove();
    });
    const admin = new UsersStore(db).create({ username: 'admin', passwordHash: 'x', role: 'admin' });
    const accessKeys = new AccessKeysService(new AccessKeysStore(db), SecretBox.fromKey(randomBytes(32)));
    const file = {
      path: join(dir.path, 'aws-credentials'),
      region: 'us-east-1',
      endpointUrl: 'https://iot.example.test:9443',
      caBundlePath: join(dir.path, 'pki', 'ca.crt'),
    };
    return { accessKeys, admin: { userId: admin.id, username: 'admin' }, file };
  }

  test('on first start writes a working key to an owner-only credentials file, once', async () => {
    const { accessKeys, admin, file } = await setup();
    const result = bootstrapAccessKey(accessKeys, admin, file);
    assert.ok(result.created);
    assert.equal(result.file, file.path);
    assert.equal(statSync(file.path).mode & 0o777, 0o600);

    const text = readFileSync(file.path, 'utf8');
    const profile = readProfile(text, 'meridian');
    assert.deepEqual(profile, {
      aws_access_key_id: result.accessKeyId,
      aws_secret_access_key: accessKeys.credentialsFor(result.accessKeyId)?.secretAccessKey,
      region: 'us-east-1',
      endpoint_url: 'https://iot.example.test:9443',
      ca_bundle: file.caBundlePath,
    });
    assert.match(text, /--endpoint-url https:\/\/iot\.example\.test:9443 --ca-bundle /);
    assert.equal(accessKeys.list()[0]?.owner, 'admin');

    assert.deepEqual(bootstrapAccessKey(accessKeys, admin, file), { created: false });
    assert.equal(readFileSync(file.path, 'utf8'), text);
    assert.equal(accessKeys.list().length, 1);
  });

  test('never overwrites an existing file; the key it could not hand out is revoked', async () => {
    const { accessKeys, admin, file } = await setup();
    writeFileSync(file.path, 'mine\n');
    assert.throws(() => bootstrapAccessKey(accessKeys, admin, file), { code: 'EEXIST' });
    assert.equal(readFileSync(file.path, 'utf8'), 'mine\n');
    assert.deepEqual(
      accessKeys.list().map((key) => key.status),
      ['Revoked'],
    );
  });
});
