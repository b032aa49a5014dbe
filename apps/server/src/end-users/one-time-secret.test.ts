import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateClaimCode, generateToken, hashSecret, normalizeClaimCode } from './one-time-secret.js';

describe('one-time secrets', () => {
  test('claim codes are three groups of four unambiguous characters, different each time', () => {
    const code = generateClaimCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.notEqual(code, generateClaimCode());
  });

  test('a typed claim code matches whatever its case, spacing and look-alike letters', () => {
    assert.equal(normalizeClaimCode(' 7kq2 m9xd-4rwe '), '7KQ2M9XD4RWE');
    assert.equal(normalizeClaimCode('O1IL'), '0111');
    assert.equal(normalizeClaimCode(generateClaimCode()).length, 12);
  });

  test('tokens are long and random; hashes are stable and hide the secret', () => {
    const token = generateToken();
    assert.ok(token.length >= 32);
    assert.notEqual(token, generateToken());
    assert.equal(hashSecret(token), hashSecret(token));
    assert.ok(!hashSecret(token).includes(token));
  });
});
