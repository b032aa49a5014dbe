import type { Role } from '@meridian/contracts';
import type { Db } from '../db/database.js';

export interface AccessKeyRecord {
  accessKeyId: string;
  userId: number;
  owner: string;
  ownerRole: Role;
  /** The owner's account is disabled: the key signs nothing until it is enabled again. */
  ownerDisabled: boolean;
  description: string;
  /** Null once revoked: the secret is wiped with the revocation. */
  secretCiphertext: Buffer | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface AccessKeyRow {
  access_key_id: string;
  user_id: number;
  username: string;
  role: Role;
  disabled_at: string | null;
  description: string;
  secret_ciphertext: Buffer | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const SELECT_WITH_OWNER = `
  SELECT k.*, u.username, u.role, u.disabled_at FROM access_keys k JOIN users u ON u.id = k.user_id`;

const toRecord = (row: AccessKeyRow): AccessKeyRecord => ({
  accessKeyId: row.access_key_id,
  userId: row.user_id,
  owner: row.username,
  ownerRole: row.role,
  ownerDisabled: row.disabled_at !== null,
  description: row.description,
  secretCiphertext: row.secret_ciphertext,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export class AccessKeysStore {
  constructor(private readonly db: Db) {}

  insert(key: {
    accessKeyId: string;
    userId: number;
    description: string;
    secretCiphertext: Buffer;
    createdAt: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO access_keys (access_key_id, user_id, description, secret_ciphertext, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(key.accessKeyId, key.userId, key.description, key.secretCiphertext, key.createdAt);
  }

  find(accessKeyId: string): AccessKeyRecord | undefined {
    const row = this.db.prepare(`${SELECT_WITH_OWNER} WHERE k.access_key_id = ?`).get(accessKeyId) as
      | AccessKeyRow
      | undefined;
    return row && toRecord(row);
  }

  list(): AccessKeyRecord[] {
    const rows = this.db.prepare(`${SELECT_WITH_OWNER} ORDER BY k.created_at, k.access_key_id`).all() as AccessKeyRow[];
    return rows.map(toRecord);
  }

  /** Every key ever created, revoked ones included. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM access_keys').get() as { n: number }).n;
  }

  /** Marks the key revoked and wipes its secret; false when it was unknown or already revoked. */
  revoke(accessKeyId: string, revokedAt: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE access_keys SET revoked_at = ?, secret_ciphertext = NULL
           WHERE access_key_id = ? AND revoked_at IS NULL`,
        )
        .run(revokedAt, accessKeyId).changes === 1
    );
  }

  /** Records a use, writing only when the stored time is older than `staleBefore` (one write per key per interval). */
  touch(accessKeyId: string, usedAt: string, staleBefore: string): void {
    this.db
      .prepare(
        `UPDATE access_keys SET last_used_at = ?
         WHERE access_key_id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
      )
      .run(usedAt, accessKeyId, staleBefore);
  }
}
