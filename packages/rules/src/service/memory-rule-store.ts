import type { RulePageQuery, RuleStore, StoredHttpDestination, StoredRule } from './rule-store.js';

const copy = <T>(value: T): T => structuredClone(value);

/** RuleStore in memory (tests, and a platform without persistence). */
export class MemoryRuleStore implements RuleStore {
  private readonly rules = new Map<string, StoredRule>();
  private readonly destinations = new Map<string, StoredHttpDestination>();

  getRule(name: string): StoredRule | undefined {
    const rule = this.rules.get(name);
    return rule && copy(rule);
  }

  listRules(query: RulePageQuery): StoredRule[] {
    return [...this.rules.keys()]
      .filter((name) => query.after === undefined || name > query.after)
      .sort()
      .slice(0, query.limit)
      .map((name) => copy(this.rules.get(name) as StoredRule));
  }

  insertRule(rule: StoredRule): void {
    if (this.rules.has(rule.name)) throw new Error(`Rule ${rule.name} already exists`);
    this.rules.set(rule.name, copy(rule));
  }

  updateRule(rule: StoredRule): void {
    if (this.rules.has(rule.name)) this.rules.set(rule.name, copy(rule));
  }

  deleteRule(name: string): boolean {
    return this.rules.delete(name);
  }

  getDestination(url: string): StoredHttpDestination | undefined {
    const destination = this.destinations.get(url);
    return destination && copy(destination);
  }

  listDestinations(): StoredHttpDestination[] {
    return [...this.destinations.keys()].sort().map((url) => copy(this.destinations.get(url) as StoredHttpDestination));
  }

  putDestination(destination: StoredHttpDestination): void {
    this.destinations.set(destination.url, copy(destination));
  }

  deleteDestination(url: string): boolean {
    return this.destinations.delete(url);
  }
}
