import type { DeviceAssignment } from '@meridian/contracts';
import type { Db } from '../db/database.js';
import { generateClaimCode, hashSecret, normalizeClaimCode } from './one-time-secret.js';

interface AssignmentRow {
  thing_name: string;
  username: string;
  assigned_at: string;
}

export type ClaimOutcome =
  | { status: 'claimed'; thingName: string }
  /** No such code, or it expired or was used. */
  | { status: 'invalid' }
  /** The device belongs to another user; the code stays unused. */
  | { status: 'owned-by-another' };

/**
 * Which end user owns which device (a thing has at most one owner), and the one-time claim codes that
 * let an end user take a device. Claim codes are stored hashed; a new code for a thing replaces the old one.
 */
export class DeviceOwnershipStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  assign(thingName: string, userId: number): void {
    this.db
      .prepare(
        `INSERT INTO device_assignments (thing_name, user_id, assigned_at) VALUES (?, ?, ?)
         ON CONFLICT (thing_name) DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at`,
      )
      .run(thingName, userId, this.now().toISOString());
  }

  unassign(thingName: string): boolean {
    return this.db.prepare('DELETE FROM device_assignments WHERE thing_name = ?').run(thingName).changes > 0;
  }

  /** False for a disabled owner too: a live socket they still hold gets nothing more. */
  isOwnedBy(thingName: string, userId: number): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM device_assignments a JOIN users u ON u.id = a.user_id
           WHERE a.thing_name = ? AND a.user_id = ? AND u.disabled_at IS NULL`,
        )
        .pluck()
        .get(thingName, userId) !== undefined
    );
  }

  thingsOf(userId: number): string[] {
    return this.db
      .prepare('SELECT thing_name FROM device_assignments WHERE user_id = ? ORDER BY thing_name')
      .pluck()
      .all(userId) as string[];
  }

  list(filter: { userId?: number; thingName?: string } = {}): DeviceAssignment[] {
    const rows = this.db
      .prepare(
        `SELECT a.thing_name, u.username, a.assigned_at FROM device_assignments a JOIN users u ON u.id = a.user_id
         WHERE (@userId IS NULL OR a.user_id = @userId) AND (@thingName IS NULL OR a.thing_name = @thingName)
         ORDER BY a.thing_name`,
      )
      .all({ userId: filter.userId ?? null, thingName: filter.thingName ?? null }) as AssignmentRow[];
    return rows.map((row) => ({ thingName: row.thing_name, username: row.username, assignedAt: row.assigned_at }));
  }

  deviceCounts(): Map<number, number> {
    const rows = this.db.prepare('SELECT user_id, count(*) AS n FROM device_assignments GROUP BY user_id').all() as {
      user_id: number;
      n: number;
    }[];
    return new Map(rows.map((row) => [row.user_id, row.n]));
  }

  /** A deleted thing keeps no owner and no claim code (a new thing of the same name starts unowned). */
  forgetThing(thingName: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM device_assignments WHERE thing_name = ?').run(thingName);
      this.db.prepare('DELETE FROM device_claim_codes WHERE thing_name = ?').run(thingName);
    })();
  }

  createClaimCode(thingName: string, ttlMs: number): { code: string; expiresAt: string } {
    const code = generateClaimCode();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + ttlMs).toISOString();
    this.db
      .prepare(
        `INSERT INTO device_claim_codes (code_hash, thing_name, created_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (thing_name) DO UPDATE SET code_hash = excluded.code_hash,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
      )
      .run(hashSecret(normalizeClaimCode(code)), thingName, createdAt.toISOString(), expiresAt);
    return { code, expiresAt };
  }

  /** Uses a claim code: the device becomes the user's and the code is gone. */
  claim(typedCode: string, userId: number): ClaimOutcome {
    return this.db.transaction((): ClaimOutcome => {
      const codeHash = hashSecret(normalizeClaimCode(typedCode));
      const row = this.db
        .prepare('SELECT thing_name, expires_at FROM device_claim_codes WHERE code_hash = ?')
        .get(codeHash) as { thing_name: string; expires_at: string } | undefined;
      if (!row) return { status: 'invalid' };
      if (row.expires_at <= this.now().toISOString()) {
        this.db.prepare('DELETE FROM device_claim_codes WHERE code_hash = ?').run(codeHash);
        return { status: 'invalid' };
      }
      const owner = this.db
        .prepare('SELECT user_id FROM device_assignments WHERE thing_name = ?')
        .pluck()
        .get(row.thing_name) as number | undefined;
      if (owner !== undefined && owner !== userId) return { status: 'owned-by-another' };
      this.db.prepare('DELETE FROM device_claim_codes WHERE code_hash = ?').run(codeHash);
      this.assign(row.thing_name, userId);
      return { status: 'claimed', thingName: row.thing_name };
    })();
  }
}
