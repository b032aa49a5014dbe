import type { Role } from '@meridian/contracts';
import type { Db } from '../db/database.js';

export interface UserRecord {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
  /** Set when an admin disabled the account: no sign-in, no session. */
  disabledAt?: string;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  disabled_at: string | null;
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  createdAt: row.created_at,
  ...(row.disabled_at === null ? {} : { disabledAt: row.disabled_at }),
});

export class UsersStore {
  constructor(private readonly db: Db) {}

  findByUsername(username: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toRecord(row);
  }

  list(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toRecord);
  }

  /** False when there is no such user. Their sessions go with them. */
  delete(username: string): boolean {
    return this.db.prepare('DELETE FROM users WHERE username = ?').run(username).changes > 0;
  }

  /** Disabling also ends the user's sessions. False when there is no such user. */
  setDisabled(username: string, disabled: boolean): boolean {
    return this.db.transaction(() => {
      const user = this.findByUsername(username);
      if (!user) return false;
      this.db
        .prepare('UPDATE users SET disabled_at = ? WHERE id = ?')
        .run(disabled ? (user.disabledAt ?? new Date().toISOString()) : null, user.id);
      if (disabled) this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      return true;
    })();
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  create(user: { username: string; passwordHash: string; role: Role }): UserRecord {
    const createdAt = new Date().toISOString();
    const result = this.db
      .prepare('INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)')
      .run(user.username, user.passwordHash, user.role, createdAt);
    return { id: Number(result.lastInsertRowid), createdAt, ...user };
  }
}
