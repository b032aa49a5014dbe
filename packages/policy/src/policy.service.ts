import { randomBytes } from 'node:crypto';
import { DomainError, type IotArns } from '@meridian/contracts';
import { type CompiledPolicy, compilePolicy } from './compiled-policy.js';
import { DEFAULT_MAX_POLICY_SIZE, parsePolicyDocument } from './policy-document.js';
import {
  checkPageSize,
  checkPolicyName,
  decodeMarker,
  encodeMarker,
  type PolicyTarget,
  parsePolicyTarget,
  parseVersionId,
} from './policy-requests.js';
import type { MaybePromise, PolicyPosition, PolicyStore, StoredPolicy, StoredPolicyVersion } from './policy-store.js';

/** A change after which authorization decisions cached for connections may be wrong. */
export type PolicyChange =
  | { kind: 'default-version-changed'; policyName: string; policyVersionId: string }
  | { kind: 'attached'; policyName: string; target: string }
  | { kind: 'detached'; policyName: string; target: string }
  | { kind: 'deleted'; policyName: string };

export type PolicyChangeListener = (change: PolicyChange) => void;

export interface PolicyLimits {
  /** Non-whitespace characters per document. */
  maxDocumentSize: number;
  maxVersions: number;
  maxPoliciesPerCertificate: number;
  maxPoliciesPerThingGroup: number;
}

export const DEFAULT_POLICY_LIMITS: PolicyLimits = {
  maxDocumentSize: DEFAULT_MAX_POLICY_SIZE,
  maxVersions: 5,
  maxPoliciesPerCertificate: 10,
  maxPoliciesPerThingGroup: 2,
};

export interface PolicyServiceOptions {
  store: PolicyStore;
  arns: IotArns;
  limits?: Partial<PolicyLimits>;
  now?: () => Date;
  newGenerationId?: () => string;
  /** Whether the certificate or thing group exists; unknown targets are refused with ResourceNotFoundException. */
  targetExists?: (target: PolicyTarget) => MaybePromise<boolean>;
  /** Ancestor thing groups of a group (parent first), for recursive ListAttachedPolicies. */
  thingGroupAncestors?: (thingGroupName: string) => MaybePromise<readonly string[]>;
}

// Outputs are shaped like AWS IoT's (reference §7.2); dates are epoch seconds.
export interface PolicySummary {
  policyName: string;
  policyArn: string;
}
export interface CreatePolicyOutput extends PolicySummary {
  policyDocument: string;
  policyVersionId: string;
}
export interface GetPolicyOutput extends PolicySummary {
  policyDocument: string;
  defaultVersionId: string;
  creationDate: number;
  lastModifiedDate: number;
  generationId: string;
}
export interface CreatePolicyVersionOutput {
  policyArn: string;
  policyDocument: string;
  policyVersionId: string;
  isDefaultVersion: boolean;
}
export interface GetPolicyVersionOutput extends PolicySummary {
  policyDocument: string;
  policyVersionId: string;
  isDefaultVersion: boolean;
  creationDate: number;
  lastModifiedDate: number;
  generationId: string;
}
export interface PolicyVersionSummary {
  versionId: string;
  isDefaultVersion: boolean;
  createDate: number;
}
export interface ListPoliciesOutput {
  policies: PolicySummary[];
  nextMarker?: string;
}
export interface ListTargetsForPolicyOutput {
  targets: string[];
  nextMarker?: string;
}
export interface PageInput {
  marker?: string;
  pageSize?: number;
}

const notFound = (name: string): DomainError =>
  new DomainError('ResourceNotFoundException', `Policy ${name} does not exist`);

const toSeconds = (epochMs: number): number => epochMs / 1000;

const isPosition = (value: unknown): value is PolicyPosition =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as PolicyPosition).createdAt === 'number' &&
  typeof (value as PolicyPosition).name === 'string';

const isString = (value: unknown): value is string => typeof value === 'string';

const READ_ALL_PAGE = 500;

/** Every entry of a name-paged store listing, read READ_ALL_PAGE entries at a time. */
async function readAll(read: (after: string | undefined) => MaybePromise<string[]>): Promise<string[]> {
  const all: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await read(after);
    all.push(...page);
    if (page.length < READ_ALL_PAGE) return all;
    after = page[page.length - 1];
  }
}

/**
 * Policy lifecycle (reference §3.7) over a PolicyStore: versions, default version, attachments with
 * their limits, listings with marker paging. Mutations run one at a time, so the checks they make
 * (version count, attachment count, conflicts) hold when they write. Every change that can alter an
 * authorization decision is announced to the onChange listeners after it is stored.
 */
export class PolicyService {
  private readonly store: PolicyStore;
  private readonly arns: IotArns;
  private readonly limits: PolicyLimits;
  private readonly now: () => Date;
  private readonly newGenerationId: () => string;
  private readonly listeners = new Set<PolicyChangeListener>();
  private readonly compiled = new Map<string, CompiledPolicy>();
  /** Bumped whenever a compiled policy is invalidated, so a read that raced a change is not cached. */
  private compiledEpoch = 0;
  private mutations: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PolicyServiceOptions) {
    this.store = options.store;
    this.arns = options.arns;
    this.limits = { ...DEFAULT_POLICY_LIMITS, ...options.limits };
    this.now = options.now ?? (() => new Date());
    this.newGenerationId = options.newGenerationId ?? (() => randomBytes(32).toString('hex'));
  }

  /** Listeners run synchronously after the change is stored; returns a function that removes the listener. */
  onChange(listener: PolicyChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Parses and compiles a document the way create does, throwing MalformedPolicyException. */
  validateDocument(policyDocument: string): void {
    compilePolicy(parsePolicyDocument(policyDocument, { maxSize: this.limits.maxDocumentSize }), {
      policyName: 'validation',
      policyVersionId: '0',
    });
  }

  createPolicy(input: { policyName: string; policyDocument: string }): Promise<CreatePolicyOutput> {
    return this.exclusive(async () => {
      const { policyName, policyDocument } = input;
      checkPolicyName(policyName);
      this.validateDocument(policyDocument);
      if ((await this.store.getPolicy(policyName)) !== undefined) {
        const policyArn = this.arns.policy(policyName);
        throw new DomainError('ResourceAlreadyExistsException', `Policy ${policyName} already exists`, {
          resourceId: policyName,
          resourceArn: policyArn,
        });
      }
      const createdAt = this.now().getTime();
      await this.store.insertPolicy(
        {
          name: policyName,
          defaultVersion: 1,
          lastVersion: 1,
          generationId: this.newGenerationId(),
          createdAt,
          lastModifiedAt: createdAt,
        },
        { policyName, version: 1, document: policyDocument, createdAt },
      );
      return { policyName, policyArn: this.arns.policy(policyName), policyDocument, policyVersionId: '1' };
    });
  }

  async getPolicy(policyName: string): Promise<GetPolicyOutput> {
    const policy = await this.requirePolicy(policyName);
    const version = await this.requireVersion(policy, policy.defaultVersion);
    return {
      policyName,
      policyArn: this.arns.policy(policyName),
      policyDocument: version.document,
      defaultVersionId: String(policy.defaultVersion),
      creationDate: toSeconds(policy.createdAt),
      lastModifiedDate: toSeconds(policy.lastModifiedAt),
      generationId: policy.generationId,
    };
  }

  deletePolicy(policyName: string): Promise<void> {
    return this.exclusive(async () => {
      const policy = await this.requirePolicy(policyName);
      const versions = await this.store.listVersions(policyName);
      if (versions.length > 1)
        throw new DomainError(
          'DeleteConflictException',
          `Policy ${policyName} has ${versions.length - 1} non-default version(s); delete them first`,
        );
      const targets = await this.store.listTargets(policyName, { limit: 1 });
      if (targets.length > 0)
        throw new DomainError('DeleteConflictException', `Policy ${policyName} is attached; detach it first`);
      await this.store.deletePolicy(policy.name);
      this.changed({ kind: 'deleted', policyName });
    });
  }

  createPolicyVersion(input: {
    policyName: string;
    policyDocument: string;
    setAsDefault?: boolean;
  }): Promise<CreatePolicyVersionOutput> {
    return this.exclusive(async () => {
      const { policyName, policyDocument } = input;
      const setAsDefault = input.setAsDefault === true;
      const policy = await this.requirePolicy(policyName);
      this.validateDocument(policyDocument);
      const versions = await this.store.listVersions(policyName);
      if (versions.length >= this.limits.maxVersions)
        throw new DomainError(
          'VersionsLimitExceededException',
          `Policy ${policyName} already has ${versions.length} versions, the maximum; delete one first`,
        );
      const number = policy.lastVersion + 1;
      const createdAt = this.now().getTime();
      const updated: StoredPolicy = {
        ...policy,
        lastVersion: number,
        defaultVersion: setAsDefault ? number : policy.defaultVersion,
        generationId: setAsDefault ? this.newGenerationId() : policy.generationId,
        lastModifiedAt: createdAt,
      };
      await this.store.insertVersion({ policyName, version: number, document: policyDocument, createdAt }, updated);
      if (setAsDefault) this.defaultChanged(policyName, number);
      return {
        policyArn: this.arns.policy(policyName),
        policyDocument,
        policyVersionId: String(number),
        isDefaultVersion: setAsDefault,
      };
    });
  }

  async getPolicyVersion(policyName: string, policyVersionId: string): Promise<GetPolicyVersionOutput> {
    const number = parseVersionId(policyVersionId);
    const policy = await this.requirePolicy(policyName);
    const version = await this.requireVersion(policy, number);
    return {
      policyName,
      policyArn: this.arns.policy(policyName),
      policyDocument: version.document,
      policyVersionId: String(number),
      isDefaultVersion: number === policy.defaultVersion,
      creationDate: toSeconds(version.createdAt),
      lastModifiedDate: toSeconds(policy.lastModifiedAt),
      generationId: policy.generationId,
    };
  }

  async listPolicyVersions(policyName: string): Promise<{ policyVersions: PolicyVersionSummary[] }> {
    const policy = await this.requirePolicy(policyName);
    const versions = await this.store.listVersions(policyName);
    return {
      policyVersions: versions
        .map((version) => ({
          versionId: String(version.version),
          isDefaultVersion: version.version === policy.defaultVersion,
          createDate: toSeconds(version.createdAt),
        }))
        .reverse(),
    };
  }

  setDefaultPolicyVersion(policyName: string, policyVersionId: string): Promise<void> {
    return this.exclusive(async () => {
      const number = parseVersionId(policyVersionId);
      const policy = await this.requirePolicy(policyName);
      await this.requireVersion(policy, number);
      if (policy.defaultVersion === number) return;
      await this.store.updatePolicy({
        ...policy,
        defaultVersion: number,
        generationId: this.newGenerationId(),
        lastModifiedAt: this.now().getTime(),
      });
      this.defaultChanged(policyName, number);
    });
  }

  deletePolicyVersion(policyName: string, policyVersionId: string): Promise<void> {
    return this.exclusive(async () => {
      const number = parseVersionId(policyVersionId);
      const policy = await this.requirePolicy(policyName);
      await this.requireVersion(policy, number);
      if (policy.defaultVersion === number)
        throw new DomainError(
          'DeleteConflictException',
          `Version ${number} is the default version of policy ${policyName}; make another version the default first`,
        );
      await this.store.deleteVersion(policyName, number);
    });
  }

  attachPolicy(policyName: string, target: string): Promise<void> {
    return this.exclusive(async () => {
      const parsed = parsePolicyTarget(target, this.arns);
      await this.requirePolicy(policyName);
      await this.requireTarget(parsed);
      if (await this.store.isAttached(policyName, target)) return;
      const limit =
        parsed.kind === 'certificate' ? this.limits.maxPoliciesPerCertificate : this.limits.maxPoliciesPerThingGroup;
      const count = await this.store.countAttachedPolicies(target);
      if (count >= limit)
        throw new DomainError(
          'LimitExceededException',
          `${parsed.kind === 'certificate' ? 'A certificate' : 'A thing group'} can have at most ${limit} policies attached; ${target} has ${count}`,
        );
      await this.store.attach(policyName, target);
      this.changed({ kind: 'attached', policyName, target });
    });
  }

  detachPolicy(policyName: string, target: string): Promise<void> {
    return this.exclusive(async () => {
      parsePolicyTarget(target, this.arns);
      await this.requirePolicy(policyName);
      if (!(await this.store.isAttached(policyName, target))) return;
      await this.store.detach(policyName, target);
      this.changed({ kind: 'detached', policyName, target });
    });
  }

  /** Default order: newest first (AWS returns ascending creation order only with ascendingOrder=true). */
  async listPolicies(input: PageInput & { ascendingOrder?: boolean } = {}): Promise<ListPoliciesOutput> {
    const limit = checkPageSize(input.pageSize);
    const after = input.marker === undefined ? undefined : decodeMarker(input.marker, isPosition);
    const page = await this.store.listPolicies({
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
      descending: input.ascendingOrder !== true,
    });
    const shown = page.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      policies: shown.map((policy) => ({ policyName: policy.name, policyArn: this.arns.policy(policy.name) })),
      ...(page.length > limit && last !== undefined
        ? { nextMarker: encodeMarker({ createdAt: last.createdAt, name: last.name }) }
        : {}),
    };
  }

  async listTargetsForPolicy(policyName: string, input: PageInput = {}): Promise<ListTargetsForPolicyOutput> {
    const limit = checkPageSize(input.pageSize);
    const after = input.marker === undefined ? undefined : decodeMarker(input.marker, isString);
    await this.requirePolicy(policyName);
    const page = await this.store.listTargets(policyName, {
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    });
    const targets = page.slice(0, limit);
    return { targets, ...(page.length > limit ? { nextMarker: encodeMarker(targets[targets.length - 1]) } : {}) };
  }

  /**
   * Policies attached to a certificate or thing group, by name. `recursive` on a thing group adds the
   * policies of its ancestor groups (they apply to its things too).
   */
  async listAttachedPolicies(
    target: string,
    input: PageInput & { recursive?: boolean } = {},
  ): Promise<ListPoliciesOutput> {
    const parsed = parsePolicyTarget(target, this.arns);
    const limit = checkPageSize(input.pageSize);
    const after = input.marker === undefined ? undefined : decodeMarker(input.marker, isString);
    await this.requireTarget(parsed);
    let names: string[];
    if (input.recursive === true && parsed.kind === 'thing-group') {
      const targets = [target, ...(await this.ancestorGroupArns(parsed.thingGroupName))];
      const all = new Set<string>();
      for (const each of targets) for (const name of await this.attachedNames(each)) all.add(name);
      names = [...all].sort().filter((name) => after === undefined || name > after);
      names = names.slice(0, limit + 1);
    } else {
      names = await this.store.listAttachedPolicies(target, {
        ...(after === undefined ? {} : { after }),
        limit: limit + 1,
      });
    }
    const shown = names.slice(0, limit);
    return {
      policies: shown.map((policyName) => ({ policyName, policyArn: this.arns.policy(policyName) })),
      ...(names.length > limit ? { nextMarker: encodeMarker(shown[shown.length - 1]) } : {}),
    };
  }

  /**
   * Compiled default versions of every policy attached to any of `targets` (the certificate and the
   * thing groups, with their ancestors, of a connection), each policy once. Compiled documents are
   * cached until the policy's default version changes or it is deleted.
   */
  async effectivePolicies(targets: readonly string[]): Promise<CompiledPolicy[]> {
    const names = new Set<string>();
    for (const target of targets) for (const name of await this.attachedNames(target)) names.add(name);
    const policies: CompiledPolicy[] = [];
    for (const name of names) {
      const compiled = await this.compiledPolicy(name);
      if (compiled !== undefined) policies.push(compiled);
    }
    return policies;
  }

  private async compiledPolicy(policyName: string): Promise<CompiledPolicy | undefined> {
    const cached = this.compiled.get(policyName);
    if (cached !== undefined) return cached;
    const epoch = this.compiledEpoch;
    const policy = await this.store.getPolicy(policyName);
    if (policy === undefined) return undefined;
    const version = await this.store.getVersion(policyName, policy.defaultVersion);
    if (version === undefined) return undefined;
    const compiled = compilePolicy(parsePolicyDocument(version.document, { maxSize: Number.POSITIVE_INFINITY }), {
      policyName,
      policyVersionId: String(policy.defaultVersion),
    });
    if (epoch === this.compiledEpoch) this.compiled.set(policyName, compiled);
    return compiled;
  }

  private attachedNames(target: string): Promise<string[]> {
    return readAll((after) =>
      this.store.listAttachedPolicies(target, { ...(after === undefined ? {} : { after }), limit: READ_ALL_PAGE }),
    );
  }

  private async ancestorGroupArns(thingGroupName: string): Promise<string[]> {
    const ancestors = (await this.options.thingGroupAncestors?.(thingGroupName)) ?? [];
    return ancestors.map((name) => this.arns.thingGroup(name));
  }

  private async requirePolicy(policyName: string): Promise<StoredPolicy> {
    checkPolicyName(policyName);
    const policy = await this.store.getPolicy(policyName);
    if (policy === undefined) throw notFound(policyName);
    return policy;
  }

  private async requireVersion(policy: StoredPolicy, number: number): Promise<StoredPolicyVersion> {
    const version = await this.store.getVersion(policy.name, number);
    if (version === undefined)
      throw new DomainError('ResourceNotFoundException', `Policy ${policy.name} has no version ${number}`);
    return version;
  }

  private async requireTarget(target: PolicyTarget): Promise<void> {
    if (this.options.targetExists === undefined) return;
    if (await this.options.targetExists(target)) return;
    const what =
      target.kind === 'certificate' ? `Certificate ${target.certificateId}` : `Thing group ${target.thingGroupName}`;
    throw new DomainError('ResourceNotFoundException', `${what} does not exist`);
  }

  private defaultChanged(policyName: string, number: number): void {
    this.invalidate(policyName);
    this.changed({ kind: 'default-version-changed', policyName, policyVersionId: String(number) });
  }

  private invalidate(policyName: string): void {
    this.compiledEpoch++;
    this.compiled.delete(policyName);
  }

  private changed(change: PolicyChange): void {
    if (change.kind === 'deleted') this.invalidate(change.policyName);
    for (const listener of this.listeners) listener(change);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(work, work);
    this.mutations = run.catch(() => undefined);
    return run;
  }
}
