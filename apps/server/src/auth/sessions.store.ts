import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@meridian/contracts';
import type { Db } from '../db/database.js';

export interface SessionRecord {
  userId: number;
  username: string;
  role: Role;
  expiresAt: Date;
}

export type SessionLookup = { status: 'valid'; session: SessionRecord } | { status: 'expired' } | { status: 'unknown' };

/** Only a hash of the token is stored, so a copy of the database does not hand out live sessions. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionsStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(userId: number): { token: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), userId, createdAt.toISOString(), expiresAt.toISOString());
    return { token, expiresAt };
  }

  lookup(token: string): SessionLookup {
    const row = this.db
      .prepare(
        `SELECT s.user_id, s.expires_at, u.username, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND u.disabled_at IS NULL`,
      )
      .get(hashToken(token)) as { user_id: number; expires_at: string; username: string; role: Role } | undefined;
    if (!row) return { status: 'unknown' };
    const expiresAt = new Date(row.expires_at);
    if (expiresAt.getTime() <= this.now().getTime()) {
      this.delete(token);
      return { status: 'expired' };
    }
    return { status: 'valid', session: { userId: row.user_id, username: row.username, role: row.role, expiresAt } };
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  deleteExpired(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now().toISOString()).changes;
  }
}
