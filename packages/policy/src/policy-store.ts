export type MaybePromise<T> = T | Promise<T>;

export interface StoredPolicy {
  name: string;
  defaultVersion: number;
  /** Highest version number ever created: version ids are never reused. */
  lastVersion: number;
  generationId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastModifiedAt: number;
}

export interface StoredPolicyVersion {
  policyName: string;
  version: number;
  /** The document text exactly as it was submitted. */
  document: string;
  createdAt: number;
}

/** Position in the creation-ordered policy list: policies created at the same time sort by name. */
export interface PolicyPosition {
  createdAt: number;
  name: string;
}

export interface PolicyPageQuery {
  /** Only policies strictly after this position (in the requested direction). */
  after?: PolicyPosition;
  limit: number;
  /** Newest first instead of oldest first. */
  descending: boolean;
}

export interface NamePageQuery {
  /** Only entries strictly greater than this one (ascending code-unit order). */
  after?: string;
  limit: number;
}

/**
 * Storage port for policies, their versions and their attachments to targets (certificate and thing
 * group ARNs). Stores only keep data; every rule (limits, conflicts, defaults) lives in PolicyService,
 * which runs one mutation at a time. The embedded store answers synchronously; a networked one may
 * return promises.
 */
export interface PolicyStore {
  getPolicy(name: string): MaybePromise<StoredPolicy | undefined>;
  listPolicies(query: PolicyPageQuery): MaybePromise<StoredPolicy[]>;
  /** Stores a new policy with its first version; throws when the name is taken. */
  insertPolicy(policy: StoredPolicy, firstVersion: StoredPolicyVersion): MaybePromise<void>;
  /** Replaces the stored state of an existing policy (default version, generation, dates). */
  updatePolicy(policy: StoredPolicy): MaybePromise<void>;
  /** Removes the policy with its versions and attachments; no-op for an unknown name. */
  deletePolicy(name: string): MaybePromise<void>;
  getVersion(name: string, version: number): MaybePromise<StoredPolicyVersion | undefined>;
  /** All versions of the policy, ascending. */
  listVersions(name: string): MaybePromise<StoredPolicyVersion[]>;
  /** Adds a version and stores the policy's new state together (both or neither). */
  insertVersion(version: StoredPolicyVersion, policy: StoredPolicy): MaybePromise<void>;
  deleteVersion(name: string, version: number): MaybePromise<void>;
  /** No-op when the policy is already attached to the target. */
  attach(name: string, target: string): MaybePromise<void>;
  /** No-op when it is not attached. */
  detach(name: string, target: string): MaybePromise<void>;
  isAttached(name: string, target: string): MaybePromise<boolean>;
  /** Targets of a policy, ascending. */
  listTargets(name: string, query: NamePageQuery): MaybePromise<string[]>;
  /** Names of the policies attached to a target, ascending. */
  listAttachedPolicies(target: string, query: NamePageQuery): MaybePromise<string[]>;
  countAttachedPolicies(target: string): MaybePromise<number>;
}
