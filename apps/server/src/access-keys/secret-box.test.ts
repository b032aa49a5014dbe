import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { SecretBox } from './secret-box.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe(SecretBox.name, () => {
  test('opens what it sealed; the sealed bytes hide the secret and differ every time', () => {
    const sut = SecretBox.fromKey(randomBytes(32));
    const first = sut.seal(SECRET, 'AKIA1');
    const second = sut.seal(SECRET, 'AKIA1');
    assert.equal(sut.open(first, 'AKIA1'), SECRET);
    assert.notDeepEqual(first, second);
    assert.ok(!first.toString('latin1').includes(SECRET.slice(0, 8)));
  });

  test('refuses a value sealed for another context, with another key, or altered', () => {
    const sut = SecretBox.fromKey(randomBytes(32));
    const sealed = sut.seal(SECRET, 'AKIA1');
    assert.throws(() => sut.open(sealed, 'AKIA2'));
    assert.throws(() => SecretBox.fromKey(randomBytes(32)).open(sealed, 'AKIA1'));
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] = (altered.at(-1) ?? 0) ^ 1;
    assert.throws(() => sut.open(altered, 'AKIA1'));
    assert.throws(() => sut.open(Buffer.from([9, 1, 2]), 'AKIA1'), /not a sealed secret/);
  });

  test('creates its key file owner-only on first use and reads the same key afterwards', async () => {
    const dir = await tempDir('meridian-secret-box-');
    try {
      const file = join(dir.path, 'access-keys.key');
      const first = SecretBox.loadOrCreate(file);
      assert.equal(first.created, true);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const sealed = first.box.seal(SECRET, 'AKIA1');

      const again = SecretBox.loadOrCreate(file);
      assert.equal(again.created, false);
      assert.equal(again.box.open(sealed, 'AKIA1'), SECRET);
    } finally {
      await dir.remove();
    }
  });

  test('refuses a key file that does not hold a 32-byte key', async () => {
    const dir = await tempDir('meridian-secret-box-');
    try {
      const file = join(dir.path, 'access-keys.key');
      writeFileSync(file, 'c2hvcnQ=\n');
      assert.throws(() => SecretBox.loadOrCreate(file), /does not hold a 32-byte base64 key/);
    } finally {
      await dir.remove();
    }
  });
});
