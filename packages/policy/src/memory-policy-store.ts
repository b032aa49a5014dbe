import type {
  NamePageQuery,
  PolicyPageQuery,
  PolicyPosition,
  PolicyStore,
  StoredPolicy,
  StoredPolicyVersion,
} from './policy-store.js';

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function comparePositions(a: PolicyPosition, b: PolicyPosition): number {
  return a.createdAt - b.createdAt || compareText(a.name, b.name);
}

function page(sorted: string[], query: NamePageQuery): string[] {
  const { after } = query;
  return (after === undefined ? sorted : sorted.filter((entry) => entry > after)).slice(0, query.limit);
}

/** PolicyStore in memory, for unit tests and single-process development. */
export class MemoryPolicyStore implements PolicyStore {
  private readonly policies = new Map<string, StoredPolicy>();
  private readonly versions = new Map<string, Map<number, StoredPolicyVersion>>();
  private readonly targets = new Map<string, Set<string>>();

  getPolicy(name: string): StoredPolicy | undefined {
    const policy = this.policies.get(name);
    return policy === undefined ? undefined : { ...policy };
  }

  listPolicies(query: PolicyPageQuery): StoredPolicy[] {
    const direction = query.descending ? -1 : 1;
    const { after } = query;
    return [...this.policies.values()]
      .sort((a, b) => direction * comparePositions(a, b))
      .filter((policy) => after === undefined || direction * comparePositions(policy, after) > 0)
      .slice(0, query.limit)
      .map((policy) => ({ ...policy }));
  }

  insertPolicy(policy: StoredPolicy, firstVersion: StoredPolicyVersion): void {
    if (this.policies.has(policy.name)) throw new Error(`Policy ${policy.name} already exists`);
    this.policies.set(policy.name, { ...policy });
    this.versions.set(policy.name, new Map([[firstVersion.version, { ...firstVersion }]]));
  }

  updatePolicy(policy: StoredPolicy): void {
    if (this.policies.has(policy.name)) this.policies.set(policy.name, { ...policy });
  }

  deletePolicy(name: string): void {
    this.policies.delete(name);
    this.versions.delete(name);
    this.targets.delete(name);
  }

  getVersion(name: string, version: number): StoredPolicyVersion | undefined {
    const stored = this.versions.get(name)?.get(version);
    return stored === undefined ? undefined : { ...stored };
  }

  listVersions(name: string): StoredPolicyVersion[] {
    return [...(this.versions.get(name)?.values() ?? [])]
      .sort((a, b) => a.version - b.version)
      .map((version) => ({ ...version }));
  }

  insertVersion(version: StoredPolicyVersion, policy: StoredPolicy): void {
    const versions = this.versions.get(version.policyName);
    if (versions === undefined) throw new Error(`Policy ${version.policyName} does not exist`);
    if (versions.has(version.version)) throw new Error(`Version ${version.version} already exists`);
    versions.set(version.version, { ...version });
    this.updatePolicy(policy);
  }

  deleteVersion(name: string, version: number): void {
    this.versions.get(name)?.delete(version);
  }

  attach(name: string, target: string): void {
    if (!this.policies.has(name)) throw new Error(`Policy ${name} does not exist`);
    const targets = this.targets.get(name) ?? new Set<string>();
    targets.add(target);
    this.targets.set(name, targets);
  }

  detach(name: string, target: string): void {
    this.targets.get(name)?.delete(target);
  }

  isAttached(name: string, target: string): boolean {
    return this.targets.get(name)?.has(target) ?? false;
  }

  listTargets(name: string, query: NamePageQuery): string[] {
    return page([...(this.targets.get(name) ?? [])].sort(compareText), query);
  }

  listAttachedPolicies(target: string, query: NamePageQuery): string[] {
    const names = [...this.targets].filter(([, targets]) => targets.has(target)).map(([name]) => name);
    return page(names.sort(compareText), query);
  }

  countAttachedPolicies(target: string): number {
    let count = 0;
    for (const targets of this.targets.values()) if (targets.has(target)) count++;
    return count;
  }
}
