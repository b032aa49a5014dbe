import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePassword, hashPassword, verifyPassword } from './password.js';

test('passwords are hashed with argon2id and verified', async () => {
  const hash = await hashPassword('s3cret-password');
  assert.match(hash, /^\$argon2id\$/);
  assert.equal(await verifyPassword(hash, 's3cret-password'), true);
  assert.equal(await verifyPassword(hash, 'wrong'), false);
  assert.equal(await verifyPassword('not-a-hash', 'wrong'), false);
});

test('generated passwords are long and different each time', () => {
  const a = generatePassword();
  assert.ok(a.length >= 24);
  assert.notEqual(a, generatePassword());
});
