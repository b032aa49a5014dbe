import { randomBytes, randomInt } from 'node:crypto';
import { type AccessKeySummary, type CreatedAccessKey, DomainError, type Role } from '@meridian/contracts';
import type { AccessKeyRecord, AccessKeysStore } from './access-keys.store.js';
import type { SecretBox } from './secret-box.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// "Last used" is for operators, not auditing: one write per key per minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/** `AKIA` + 16 random base32 characters: 20 characters, like an AWS access key id. */
export function generateAccessKeyId(): string {
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += BASE32[randomInt(BASE32.length)];
  return id;
}

/** 40 characters of base64 (240 random bits), the shape of an AWS secret access key. */
export function generateSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Who an authenticated request of the AWS-compatible API acts for. */
export interface AccessKeyOwner {
  accessKeyId: string;
  userId: number;
  username: string;
  role: Role;
}

/** What request verification needs: the secret and the owner of an active key. */
export interface SigningCredentials {
  secretAccessKey: string;
  owner: AccessKeyOwner;
}

const toSummary = (record: AccessKeyRecord): AccessKeySummary => ({
  accessKeyId: record.accessKeyId,
  owner: record.owner,
  description: record.description,
  status: record.revokedAt ? 'Revoked' : 'Active',
  createdAt: record.createdAt,
  lastUsedAt: record.lastUsedAt,
  revokedAt: record.revokedAt,
});

/** Creates, lists and revokes access keys; secrets are sealed at rest and shown only at creation. */
export class AccessKeysService {
  constructor(
    private readonly store: AccessKeysStore,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(userId: number, description = ''): CreatedAccessKey {
    const accessKeyId = generateAccessKeyId();
    const secretAccessKey = generateSecretAccessKey();
    this.store.insert({
      accessKeyId,
      userId,
      description,
      secretCiphertext: this.box.seal(secretAccessKey, accessKeyId),
      createdAt: this.now().toISOString(),
    });
    const record = this.store.find(accessKeyId);
    if (!record) throw new Error(`access key ${accessKeyId} vanished after insert`);
    return { ...toSummary(record), secretAccessKey };
  }

  list(): AccessKeySummary[] {
    return this.store.list().map(toSummary);
  }

  /** Idempotent: revoking a revoked key answers it unchanged. */
  revoke(accessKeyId: string): AccessKeySummary {
    this.store.revoke(accessKeyId, this.now().toISOString());
    const record = this.store.find(accessKeyId);
    if (!record) throw new DomainError('ResourceNotFoundException', `Access key ${accessKeyId} does not exist`);
    return toSummary(record);
  }

  /** True until the first key has been created (revoked keys count). */
  isEmpty(): boolean {
    return this.store.count() === 0;
  }

  /** The secret and owner of an active key; undefined for unknown or revoked keys and disabled owners. */
  credentialsFor(accessKeyId: string): SigningCredentials | undefined {
    const record = this.store.find(accessKeyId);
    if (!record || record.revokedAt || !record.secretCiphertext || record.ownerDisabled) return undefined;
    return {
      secretAccessKey: this.box.open(record.secretCiphertext, accessKeyId),
      owner: { accessKeyId, userId: record.userId, username: record.owner, role: record.ownerRole },
    };
  }

  /** Called after a request signed with the key was verified. */
  recordUse(accessKeyId: string): void {
    const now = this.now();
    this.store.touch(accessKeyId, now.toISOString(), new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString());
  }
}
