import type { ShadowDocument } from './shadow.document.js';
import type { Tombstone } from './shadow.update.js';

export type MaybePromise<T> = T | Promise<T>;

export interface ShadowKey {
  thingName: string;
  /** Absent for the classic (unnamed) shadow. */
  shadowName?: string;
}

/** A document's `state` and `metadata` as JSON text (`JSON.stringify` of each). */
export interface SerializedShadow {
  state: string;
  metadata: string;
}

export interface LoadedShadow {
  /** The live shadow, absent when it never existed or was deleted. */
  shadow?: ShadowDocument;
  /** The live shadow's JSON text, when the store has it at hand (saves the service serializing it). */
  serialized?: SerializedShadow;
  /** Present when the shadow was deleted and not re-created since. */
  tombstone?: Tombstone;
}

export interface SaveShadow {
  key: ShadowKey;
  document: ShadowDocument;
  /** `document`'s JSON text when the caller has it (the service does), for a store that writes text. */
  serialized?: SerializedShadow;
  /** Version of the live shadow the update was computed from; `undefined` when the update creates it. */
  expectedVersion: number | undefined;
  /** How many of the newest versions the history keeps (0: none). */
  keepVersions: number;
}

/**
 * Storage port of the shadow service (an in-memory and a SQLite implementation; a PostgreSQL one
 * later). Every method is atomic on its own; the service serializes requests per thing, and the
 * version compare-and-set keeps several nodes sharing one database correct.
 */
export interface ShadowStore {
  load(key: ShadowKey): MaybePromise<LoadedShadow>;
  /**
   * In one transaction: unless the live shadow's version is `expectedVersion` (or, for
   * `undefined`, a live shadow exists) change nothing and return false; otherwise write the
   * document, forget any tombstone, append the document to the history and trim the history to
   * `keepVersions` entries (right after `keepVersions` was lowered, not necessarily the newest ones).
   */
  save(operation: SaveShadow): MaybePromise<boolean>;
  /**
   * In one transaction: unless a live shadow with `expectedVersion` exists return false; otherwise
   * remove it and its history and leave a tombstone with its version and `deletedAt`.
   */
  delete(key: ShadowKey, expectedVersion: number, deletedAt: number): MaybePromise<boolean>;
  /** Names of a thing's live named shadows in ascending order, after `after` (exclusive), at most `limit`. */
  listNamedShadows(thingName: string, page: { after?: string; limit: number }): MaybePromise<string[]>;
  /** Stored versions, newest first, below `beforeVersion` (exclusive) when given, at most `limit`. */
  listVersions(key: ShadowKey, page: { beforeVersion?: number; limit: number }): MaybePromise<ShadowDocument[]>;
  loadVersion(key: ShadowKey, version: number): MaybePromise<ShadowDocument | undefined>;
}
