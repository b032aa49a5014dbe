import type { HttpDestinationStatus, RuleAction } from '@meridian/contracts';
import type { SqlVersion } from '../sql/sql-version.js';

export type MaybePromise<T> = T | Promise<T>;

/** A rule as stored: the validated TopicRulePayload plus identity and bookkeeping. */
export interface StoredRule {
  name: string;
  sql: string;
  description?: string;
  actions: RuleAction[];
  errorAction?: RuleAction;
  ruleDisabled: boolean;
  awsIotSqlVersion: SqlVersion;
  /** The FROM filter, or undefined for Basic Ingest-only rules (kept for listing without parsing). */
  topicPattern?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Incremented by every change; compiled rules are cached per (name, revision). */
  revision: number;
}

export interface StoredHttpDestination {
  url: string;
  status: HttpDestinationStatus;
  createdAt: number;
  updatedAt: number;
}

export interface RulePageQuery {
  /** Only rules whose name is strictly greater (code-unit order). */
  after?: string;
  limit: number;
}

/**
 * Storage port for rules and HTTP destinations. Stores only keep data; validation, conflicts and paging
 * tokens live in RuleService, which runs one mutation at a time.
 */
export interface RuleStore {
  getRule(name: string): MaybePromise<StoredRule | undefined>;
  /** Rules in ascending name order. */
  listRules(query: RulePageQuery): MaybePromise<StoredRule[]>;
  /** Throws when the name is taken. */
  insertRule(rule: StoredRule): MaybePromise<void>;
  /** Replaces an existing rule; no-op for an unknown name. */
  updateRule(rule: StoredRule): MaybePromise<void>;
  /** Returns false for an unknown name. */
  deleteRule(name: string): MaybePromise<boolean>;
  getDestination(url: string): MaybePromise<StoredHttpDestination | undefined>;
  /** Destinations in ascending URL order. */
  listDestinations(): MaybePromise<StoredHttpDestination[]>;
  /** Inserts or replaces by URL. */
  putDestination(destination: StoredHttpDestination): MaybePromise<void>;
  deleteDestination(url: string): MaybePromise<boolean>;
}
