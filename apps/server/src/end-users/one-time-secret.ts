import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Only hashes of invitation tokens and claim codes are stored, as for session tokens. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A 192-bit URL-safe token (invitation links). */
export const generateToken = () => randomBytes(24).toString('base64url');

// Crockford's base32: no I, L, O or U, so a printed code cannot be misread.
const CLAIM_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CLAIM_GROUPS = 3;
const CLAIM_GROUP_LENGTH = 4;

/** A claim code to print for a device, like `7KQ2-M9XD-4RWE` (60 bits). */
export function generateClaimCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < CLAIM_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < CLAIM_GROUP_LENGTH; i++) group += CLAIM_ALPHABET[randomInt(CLAIM_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** What a person typed, reduced to the code's characters: case, spaces and dashes do not matter; O→0, I/L→1. */
export function normalizeClaimCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
