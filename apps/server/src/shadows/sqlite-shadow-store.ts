import type { LoadedShadow, SaveShadow, ShadowDocument, ShadowKey, ShadowStore } from '@meridian/shadow';
import type { Db } from '../db/database.js';

interface ShadowRow {
  version: number;
  state: string | null;
  metadata: string | null;
  updated_at: number;
  deleted_at: number | null;
}

type VersionRow = Pick<ShadowRow, 'version' | 'updated_at'> & { state: string; metadata: string };

// The classic shadow has no name; shadow names are at least one character long, so '' is free.
const CLASSIC = '';
const nameOf = (key: ShadowKey): string => key.shadowName ?? CLASSIC;

function toDocument(row: VersionRow): ShadowDocument {
  return {
    version: row.version,
    state: JSON.parse(row.state),
    metadata: JSON.parse(row.metadata),
    timestamp: row.updated_at,
  };
}

/**
 * Shadows in SQLite (tables `shadows`, one row per shadow with a tombstone once deleted, and
 * `shadow_versions`, the history). Every save and delete is one transaction including its version
 * check, so an accepted update is on disk before the service answers.
 */
export class SqliteShadowStore implements ShadowStore {
  private readonly selectShadow;
  private readonly upsertShadow;
  private readonly markDeleted;
  private readonly insertVersion;
  private readonly trimVersions;
  private readonly deleteVersions;
  private readonly selectNamed;
  private readonly selectVersions;
  private readonly selectVersion;
  private readonly saveTransaction;
  private readonly deleteTransaction;

  constructor(db: Db) {
    this.selectShadow = db.prepare<[string, string], ShadowRow>(
      'SELECT version, state, metadata, updated_at, deleted_at FROM shadows WHERE thing_name = ? AND shadow_name = ?',
    );
    this.upsertShadow = db.prepare<[string, string, number, string, string, number]>(
      `INSERT INTO shadows (thing_name, shadow_name, version, state, metadata, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (thing_name, shadow_name) DO UPDATE SET version = excluded.version, state = excluded.state,
         metadata = excluded.metadata, updated_at = excluded.updated_at, deleted_at = NULL`,
    );
    this.markDeleted = db.prepare<[number, string, string]>(
      `UPDATE shadows SET state = NULL, metadata = NULL, deleted_at = ?
       WHERE thing_name = ? AND shadow_name = ?`,
    );
    this.insertVersion = db.prepare<[string, string, number, string, string, number]>(
      `INSERT OR REPLACE INTO shadow_versions (thing_name, shadow_name, version, state, metadata, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // Versions of one shadow's history are consecutive (cleared on delete), so "newest N" is a range.
    this.trimVersions = db.prepare<[string, string, number]>(
      'DELETE FROM shadow_versions WHERE thing_name = ? AND shadow_name = ? AND version <= ?',
    );
    this.deleteVersions = db.prepare<[string, string]>(
      'DELETE FROM shadow_versions WHERE thing_name = ? AND shadow_name = ?',
    );
    this.selectNamed = db
      .prepare<[string, string, number], string>(
        `SELECT shadow_name FROM shadows
         WHERE thing_name = ? AND shadow_name > ? AND deleted_at IS NULL
         ORDER BY shadow_name LIMIT ?`,
      )
      .pluck();
    this.selectVersions = db.prepare<[string, string, number, number], VersionRow>(
      `SELECT version, state, metadata, updated_at FROM shadow_versions
       WHERE thing_name = ? AND shadow_name = ? AND version < ?
       ORDER BY version DESC LIMIT ?`,
    );
    this.selectVersion = db.prepare<[string, string, number], VersionRow>(
      `SELECT version, state, metadata, updated_at FROM shadow_versions
       WHERE thing_name = ? AND shadow_name = ? AND version = ?`,
    );
    this.saveTransaction = db.transaction((operation: SaveShadow): boolean => {
      const { key, document, expectedVersion, keepVersions } = operation;
      const thing = key.thingName;
      const shadow = nameOf(key);
      const row = this.selectShadow.get(thing, shadow);
      const liveVersion = row !== undefined && row.deleted_at === null ? row.version : undefined;
      if (liveVersion !== expectedVersion) return false;
      const state = JSON.stringify(document.state);
      const metadata = JSON.stringify(document.metadata);
      this.upsertShadow.run(thing, shadow, document.version, state, metadata, document.timestamp);
      if (keepVersions > 0) {
        this.insertVersion.run(thing, shadow, document.version, state, metadata, document.timestamp);
      }
      this.trimVersions.run(thing, shadow, document.version - keepVersions);
      return true;
    });
    this.deleteTransaction = db.transaction((key: ShadowKey, expectedVersion: number, deletedAt: number): boolean => {
      const row = this.selectShadow.get(key.thingName, nameOf(key));
      if (row === undefined || row.deleted_at !== null || row.version !== expectedVersion) return false;
      this.markDeleted.run(deletedAt, key.thingName, nameOf(key));
      this.deleteVersions.run(key.thingName, nameOf(key));
      return true;
    });
  }

  load(key: ShadowKey): LoadedShadow {
    const row = this.selectShadow.get(key.thingName, nameOf(key));
    if (row === undefined) return {};
    if (row.deleted_at !== null) return { tombstone: { version: row.version, deletedAt: row.deleted_at } };
    return { shadow: toDocument(row as VersionRow) };
  }

  save(operation: SaveShadow): boolean {
    return this.saveTransaction.immediate(operation);
  }

  delete(key: ShadowKey, expectedVersion: number, deletedAt: number): boolean {
    return this.deleteTransaction.immediate(key, expectedVersion, deletedAt);
  }

  listNamedShadows(thingName: string, page: { after?: string; limit: number }): string[] {
    return this.selectNamed.all(thingName, page.after ?? CLASSIC, page.limit);
  }

  listVersions(key: ShadowKey, page: { beforeVersion?: number; limit: number }): ShadowDocument[] {
    const before = page.beforeVersion ?? Number.MAX_SAFE_INTEGER;
    return this.selectVersions.all(key.thingName, nameOf(key), before, page.limit).map(toDocument);
  }

  loadVersion(key: ShadowKey, version: number): ShadowDocument | undefined {
    const row = this.selectVersion.get(key.thingName, nameOf(key), version);
    return row === undefined ? undefined : toDocument(row);
  }
}
