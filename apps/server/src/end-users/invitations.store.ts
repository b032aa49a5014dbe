import type { Role } from '@meridian/contracts';
import type { Db } from '../db/database.js';
import { generateToken, hashSecret } from './one-time-secret.js';

export interface InvitationRecord {
  id: number;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

interface InvitationRow {
  id: number;
  role: Role;
  created_by: string;
  created_at: string;
  expires_at: string;
}

const toRecord = (row: InvitationRow): InvitationRecord => ({
  id: row.id,
  role: row.role,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** One-time sign-up invitations; only a hash of each token is stored, and a used invitation is deleted. */
export class InvitationsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(invitation: { role: Role; createdBy: string; ttlMs: number }): InvitationRecord & { token: string } {
    const token = generateToken();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + invitation.ttlMs).toISOString();
    const result = this.db
      .prepare(
        'INSERT INTO user_invitations (token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(hashSecret(token), invitation.role, invitation.createdBy, createdAt.toISOString(), expiresAt);
    return {
      id: Number(result.lastInsertRowid),
      role: invitation.role,
      createdBy: invitation.createdBy,
      createdAt: createdAt.toISOString(),
      expiresAt,
      token,
    };
  }

  /** Invitations not used and not expired, newest first. */
  listPending(): InvitationRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM user_invitations WHERE expires_at > ? ORDER BY id DESC')
      .all(this.now().toISOString()) as InvitationRow[];
    return rows.map(toRecord);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM user_invitations WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Uses the invitation of `token`: `createAccount` runs with its role inside the same transaction, so
   * when it throws (username taken) the invitation stays usable. Undefined for an unknown, used or
   * expired token.
   */
  redeem<T>(token: string, createAccount: (role: Role) => T): T | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM user_invitations WHERE token_hash = ?').get(hashSecret(token)) as
        | InvitationRow
        | undefined;
      if (!row || row.expires_at <= this.now().toISOString()) return undefined;
      this.db.prepare('DELETE FROM user_invitations WHERE id = ?').run(row.id);
      return createAccount(row.role);
    })();
  }
}
