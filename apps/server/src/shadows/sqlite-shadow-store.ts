import type { LoadedShadow, SaveShadow, ShadowDocument, ShadowKey, ShadowStore } from '@meridian/shadow';
import type { Db } from '../db/database.js';
import { type ShadowRow, ShadowRowCache } from './shadow-row-cache.js';

type VersionRow = Pick<ShadowRow, 'version' | 'updated_at'> & { state: string; metadata: string };

// The classic shadow has no name; shadow names are at least one character long, so '' is free.
const CLASSIC = '';
const nameOf = (key: ShadowKey): string => key.shadowName ?? CLASSIC;
// Names never contain '/'.
const cacheKeyOf = (key: ShadowKey): string => `${key.thingName}/${nameOf(key)}`;

function toDocument(row: VersionRow): ShadowDocument {
  return {
    version: row.version,
    state: JSON.parse(row.state),
    metadata: JSON.parse(row.metadata),
    timestamp: row.updated_at,
  };
}

interface PendingSave {
  operation: SaveShadow;
  resolve(saved: boolean): void;
  reject(error: unknown): void;
}

/** What one save of a batch did: the row it wrote, or nothing because the version did not match. */
type SaveOutcome = { written: ShadowRow | undefined } | { error: unknown };

export interface SqliteShadowStoreOptions {
  /** Memory for the most recently used shadow rows, which loads then read without a query. */
  cacheBytes?: number;
  /** While it returns a promise, batches wait for it before they commit (`WalCheckpointer.commitGate`). */
  commitGate?: () => Promise<void> | undefined;
}

/**
 * Shadows in SQLite (tables `shadows`, one row per shadow with a tombstone once deleted, and
 * `shadow_history`, the history: version v in slot v % keepVersions, rewritten in place). Every save
 * and delete is atomic and includes its version check.
 *
 * Saves are committed in batches: those requested during one turn of the event loop share one
 * transaction (should one of them fail, the batch is run again with each save in its own
 * savepoint, so that only the failing one is rolled back), and each save's
 * promise settles only after that commit, so an accepted update is on disk before the service
 * answers. A commit writes every page a transaction touched to the WAL; sharing it between many
 * updates is what makes a high update rate affordable.
 *
 * Recently used rows are also kept in memory, so loading the shadow an update applies to costs no
 * query. This assumes the process owns the database file, as the embedded setup does; should
 * another writer change a shadow anyway, the version check of the next save fails, the row is
 * dropped from memory and the service retries on the stored one.
 */
export class SqliteShadowStore implements ShadowStore {
  private readonly selectShadow;
  private readonly markDeleted;
  private readonly deleteVersions;
  private readonly selectNamed;
  private readonly selectVersions;
  private readonly selectVersion;
  private readonly saveBatch;
  private readonly saveBatchIsolated;
  private readonly deleteTransaction;
  private pendingSaves: PendingSave[] = [];
  private readonly cache: ShadowRowCache;
  private readonly commitGate: () => Promise<void> | undefined;

  constructor(db: Db, options: SqliteShadowStoreOptions = {}) {
    this.cache = new ShadowRowCache(options.cacheBytes ?? 32 * 1024 * 1024);
    this.commitGate = options.commitGate ?? (() => undefined);
    this.selectShadow = db.prepare<[string, string], ShadowRow>(
      'SELECT version, state, metadata, updated_at, deleted_at FROM shadows WHERE thing_name = ? AND shadow_name = ?',
    );
    // Creates the shadow or replaces its tombstone; changes nothing while a live shadow exists.
    const createShadow = db.prepare<[string, string, number, string, string, number]>(
      `INSERT INTO shadows (thing_name, shadow_name, version, state, metadata, updated_at, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (thing_name, shadow_name) DO UPDATE SET version = excluded.version, state = excluded.state,
         metadata = excluded.metadata, updated_at = excluded.updated_at, deleted_at = NULL
       WHERE shadows.deleted_at IS NOT NULL`,
    );
    const replaceShadow = db.prepare<[number, string, string, number, string, string, number]>(
      `UPDATE shadows SET version = ?, state = ?, metadata = ?, updated_at = ?
       WHERE thing_name = ? AND shadow_name = ? AND version = ? AND deleted_at IS NULL`,
    );
    this.markDeleted = db.prepare<[number, string, string]>(
      `UPDATE shadows SET state = NULL, metadata = NULL, deleted_at = ?
       WHERE thing_name = ? AND shadow_name = ?`,
    );
    const writeSlot = db.prepare<[string, string, number, number, string, string, number]>(
      `INSERT INTO shadow_history (thing_name, shadow_name, slot, version, state, metadata, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (thing_name, shadow_name, slot) DO UPDATE SET version = excluded.version,
         state = excluded.state, metadata = excluded.metadata, updated_at = excluded.updated_at`,
    );
    // Slots past the history's length exist only after SHADOW_HISTORY_LENGTH was lowered.
    const dropSlotsFrom = db.prepare<[string, string, number]>(
      'DELETE FROM shadow_history WHERE thing_name = ? AND shadow_name = ? AND slot >= ?',
    );
    this.deleteVersions = db.prepare<[string, string]>(
      'DELETE FROM shadow_history WHERE thing_name = ? AND shadow_name = ?',
    );
    this.selectNamed = db
      .prepare<[string, string, number], string>(
        `SELECT shadow_name FROM shadows
         WHERE thing_name = ? AND shadow_name > ? AND deleted_at IS NULL
         ORDER BY shadow_name LIMIT ?`,
      )
      .pluck();
    this.selectVersions = db.prepare<[string, string, number, number], VersionRow>(
      `SELECT version, state, metadata, updated_at FROM shadow_history
       WHERE thing_name = ? AND shadow_name = ? AND version < ?
       ORDER BY version DESC LIMIT ?`,
    );
    this.selectVersion = db.prepare<[string, string, number], VersionRow>(
      `SELECT version, state, metadata, updated_at FROM shadow_history
       WHERE thing_name = ? AND shadow_name = ? AND version = ?`,
    );
    const saveOne = (operation: SaveShadow): ShadowRow | undefined => {
      const { key, document, serialized, expectedVersion, keepVersions } = operation;
      const thing = key.thingName;
      const shadow = nameOf(key);
      const state = serialized?.state ?? JSON.stringify(document.state);
      const metadata = serialized?.metadata ?? JSON.stringify(document.metadata);
      const { version, timestamp } = document;
      // The version check is part of the write: no change means the live shadow is not the expected one.
      const written =
        expectedVersion === undefined
          ? createShadow.run(thing, shadow, version, state, metadata, timestamp)
          : replaceShadow.run(version, state, metadata, timestamp, thing, shadow, expectedVersion);
      if (written.changes === 0) return undefined;
      if (keepVersions > 0) writeSlot.run(thing, shadow, version % keepVersions, version, state, metadata, timestamp);
      dropSlotsFrom.run(thing, shadow, keepVersions);
      return { version, state, metadata, updated_at: timestamp, deleted_at: null };
    };
    this.saveBatch = db.transaction((batch: readonly PendingSave[]): SaveOutcome[] =>
      batch.map(({ operation }) => ({ written: saveOne(operation) })),
    );
    const saveInSavepoint = db.transaction(saveOne);
    this.saveBatchIsolated = db.transaction((batch: readonly PendingSave[]): SaveOutcome[] =>
      batch.map(({ operation }) => {
        try {
          // Nested in the batch's transaction, this runs in a savepoint of its own.
          return { written: saveInSavepoint(operation) };
        } catch (error) {
          return { error };
        }
      }),
    );
    this.deleteTransaction = db.transaction((key: ShadowKey, expectedVersion: number, deletedAt: number): boolean => {
      const row = this.selectShadow.get(key.thingName, nameOf(key));
      if (row === undefined || row.deleted_at !== null || row.version !== expectedVersion) return false;
      this.markDeleted.run(deletedAt, key.thingName, nameOf(key));
      this.deleteVersions.run(key.thingName, nameOf(key));
      return true;
    });
  }

  load(key: ShadowKey): LoadedShadow {
    const cacheKey = cacheKeyOf(key);
    let row = this.cache.get(cacheKey);
    if (row === undefined) {
      row = this.selectShadow.get(key.thingName, nameOf(key));
      if (row !== undefined) this.cache.set(cacheKey, row);
    }
    if (row === undefined) return {};
    if (row.deleted_at !== null) return { tombstone: { version: row.version, deletedAt: row.deleted_at } };
    const live = row as VersionRow;
    return { shadow: toDocument(live), serialized: { state: live.state, metadata: live.metadata } };
  }

  save(operation: SaveShadow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pendingSaves.push({ operation, resolve, reject });
      if (this.pendingSaves.length === 1) setImmediate(() => this.commitPendingSaves());
    });
  }

  private commitPendingSaves(): void {
    const gate = this.commitGate();
    if (gate !== undefined) {
      // Saves asked for meanwhile join this batch.
      gate.then(() => this.commitPendingSaves());
      return;
    }
    const batch = this.pendingSaves;
    this.pendingSaves = [];
    let outcomes: SaveOutcome[];
    try {
      outcomes = this.saveBatch.immediate(batch);
    } catch {
      // Rolled back as a whole: again, each save in a savepoint, so that only the failing one is lost.
      try {
        outcomes = this.saveBatchIsolated.immediate(batch);
      } catch (error) {
        for (const { operation, reject } of batch) {
          this.cache.delete(cacheKeyOf(operation.key));
          reject(error);
        }
        return;
      }
    }
    batch.forEach(({ operation, resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      const cacheKey = cacheKeyOf(operation.key);
      if ('error' in outcome) {
        this.cache.delete(cacheKey);
        reject(outcome.error);
      } else if (outcome.written === undefined) {
        this.cache.delete(cacheKey);
        resolve(false);
      } else {
        this.cache.set(cacheKey, outcome.written);
        resolve(true);
      }
    });
  }

  delete(key: ShadowKey, expectedVersion: number, deletedAt: number): boolean {
    // Deletes are rare: the next load reads the tombstone from the database.
    this.cache.delete(cacheKeyOf(key));
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
