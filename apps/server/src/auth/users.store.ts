import type { Role } from '@meridian/contracts';
import type { Db } from '../db/database.js';

export interface UserRecord {
  id: number;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  createdAt: row.created_at,
});

export class UsersStore {
  constructor(private readonly db: Db) {}

  findByUsername(username: string): UserRecord | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toRecord(row);
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
