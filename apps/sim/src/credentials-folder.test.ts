import assert from 'node:assert/strict';
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { CredentialsFolder } from './credentials-folder.js';

describe(CredentialsFolder.name, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let sut: CredentialsFolder;
  before(async () => {
    dir = await tempDir('meridian-sim-');
    sut = new CredentialsFolder(join(dir.path, 'sim'));
  });
  after(() => dir.remove());

  test('saved credentials load again; the private key is owner-only', async () => {
    const device = { thingName: 'sim-1', certificatePem: 'CERT', privateKeyPem: 'KEY' };
    await sut.save(device);
    assert.deepEqual(await sut.load('sim-1'), device);
    assert.equal((await stat(join(sut.dir, 'sim-1.private.key'))).mode & 0o777, 0o600);
  });

  test('a device with no files, or with only one of them, has no credentials', async () => {
    assert.equal(await sut.load('sim-2'), undefined);
    await sut.save({ thingName: 'sim-3', certificatePem: 'CERT', privateKeyPem: 'KEY' });
    await unlink(join(sut.dir, 'sim-3.cert.pem'));
    assert.equal(await sut.load('sim-3'), undefined);
  });

  test('the CA certificate is kept next to them', async () => {
    const empty = new CredentialsFolder(join(dir.path, 'other'));
    assert.equal(await empty.loadCa(), undefined);
    await sut.saveCa('CA');
    assert.equal(await sut.loadCa(), 'CA');
  });
});
