import {
  DomainError,
  type GetTopicRuleResponse,
  type HttpDestination,
  type HttpDestinationStatus,
  IotArns,
  type ListTopicRulesResponse,
  type TopicRuleListItem,
} from '@meridian/contracts';
import { DEFAULT_ACCOUNT_ID } from '../environment.js';
import { compileTopicFilter, topicFilterProblem } from '../topic/topic-filter.js';
import type { RuleEngine } from './rule-engine.js';
import { checkRuleName, normalizeRulePayload } from './rule-payload.js';
import type { RuleStore, StoredHttpDestination, StoredRule } from './rule-store.js';

export interface RuleServiceOptions {
  store: RuleStore;
  engine: RuleEngine;
  region?: string;
  accountId?: string;
  /** When true, http actions may only call URLs under a CONFIRMED destination (AWS's topic rule destinations). */
  requireConfirmedDestinations?: boolean;
  now?: () => number;
}

export interface ListTopicRulesRequest {
  topic?: string;
  maxResults?: number;
  nextToken?: string;
  ruleDisabled?: boolean;
}

const DEFAULT_PAGE_SIZE = 1000;
const MAX_PAGE_SIZE = 10_000;

const notFound = (name: string) => new DomainError('ResourceNotFoundException', `Rule ${name} does not exist`);

/**
 * The rules control plane, shaped like AWS's CreateTopicRule / GetTopicRule / ListTopicRules /
 * ReplaceTopicRule / EnableTopicRule / DisableTopicRule / DeleteTopicRule (reference §2.1, §7.2), plus HTTP
 * destinations. Mutations run one at a time; each stored change is installed in the engine.
 */
export class RuleService {
  private readonly store: RuleStore;
  private readonly engine: RuleEngine;
  private readonly arns: IotArns;
  private readonly now: () => number;
  private mutations: Promise<unknown> = Promise.resolve();
  private confirmed: StoredHttpDestination[] = [];

  readonly requireConfirmedDestinations: boolean;

  constructor(options: RuleServiceOptions) {
    this.store = options.store;
    this.engine = options.engine;
    this.arns = new IotArns(options.region ?? 'us-east-1', options.accountId ?? DEFAULT_ACCOUNT_ID);
    this.now = options.now ?? Date.now;
    this.requireConfirmedDestinations = options.requireConfirmedDestinations ?? false;
  }

  /** Loads every stored rule into the engine. A rule that no longer compiles is skipped and reported. */
  async start(): Promise<Array<{ ruleName: string; error: Error }>> {
    const skipped: Array<{ ruleName: string; error: Error }> = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listRules({ ...(after === undefined ? {} : { after }), limit: 500 });
      for (const rule of page) {
        try {
          this.engine.install(rule);
        } catch (error) {
          skipped.push({ ruleName: rule.name, error: error as Error });
        }
      }
      if (page.length < 500) break;
      after = page[page.length - 1]?.name;
    }
    await this.refreshDestinations();
    return skipped;
  }

  ruleArn(name: string): string {
    return this.arns.rule(name);
  }

  createTopicRule(ruleName: string, payload: unknown): Promise<void> {
    return this.serialized(async () => {
      checkRuleName(ruleName);
      const normalized = normalizeRulePayload(payload);
      const topicPattern = this.check(ruleName, normalized);
      if ((await this.store.getRule(ruleName)) !== undefined) {
        throw new DomainError('ResourceAlreadyExistsException', `Rule ${ruleName} already exists`, {
          resourceId: ruleName,
          resourceArn: this.ruleArn(ruleName),
        });
      }
      const now = this.now();
      const rule: StoredRule = {
        name: ruleName,
        ...normalized,
        ...(topicPattern === undefined ? {} : { topicPattern }),
        createdAt: now,
        updatedAt: now,
        revision: 1,
      };
      await this.store.insertRule(rule);
      await this.registerDestinations(rule);
      this.engine.install(rule);
    });
  }

  async getTopicRule(ruleName: string): Promise<GetTopicRuleResponse> {
    const rule = await this.store.getRule(ruleName);
    if (rule === undefined) throw notFound(ruleName);
    return {
      ruleArn: this.ruleArn(rule.name),
      rule: {
        ruleName: rule.name,
        sql: rule.sql,
        ...(rule.description === undefined ? {} : { description: rule.description }),
        createdAt: rule.createdAt / 1000,
        actions: rule.actions,
        ruleDisabled: rule.ruleDisabled,
        awsIotSqlVersion: rule.awsIotSqlVersion,
        ...(rule.errorAction === undefined ? {} : { errorAction: rule.errorAction }),
      },
    };
  }

  /**
   * Rules in name order. `topic` keeps rules whose FROM filter is that text or matches that topic;
   * `nextToken` is opaque (the last name of the page).
   */
  async listTopicRules(request: ListTopicRulesRequest = {}): Promise<ListTopicRulesResponse> {
    const limit = request.maxResults ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new DomainError('InvalidRequestException', `maxResults must be from 1 to ${MAX_PAGE_SIZE}`);
    }
    let scanned = request.nextToken === undefined ? undefined : decodeToken(request.nextToken);
    const topic = request.topic;
    const keep = (rule: StoredRule) =>
      (request.ruleDisabled === undefined || rule.ruleDisabled === request.ruleDisabled) &&
      (topic === undefined || filterSelects(rule.topicPattern, topic));
    const page = (after: string | undefined, size: number) =>
      this.store.listRules({ ...(after === undefined ? {} : { after }), limit: size });
    const rules: TopicRuleListItem[] = [];
    let exhausted = false;
    // Filters apply while scanning the store, so a page is full unless the list has ended.
    scan: for (;;) {
      const batch = await page(scanned, limit);
      for (const rule of batch) {
        scanned = rule.name;
        if (!keep(rule)) continue;
        rules.push(this.listItem(rule));
        if (rules.length === limit) break scan;
      }
      if (batch.length < limit) {
        exhausted = true;
        break;
      }
    }
    const more = !exhausted && (await page(scanned, 1)).length > 0;
    return { rules, ...(more && scanned !== undefined ? { nextToken: encodeToken(scanned) } : {}) };
  }

  replaceTopicRule(ruleName: string, payload: unknown): Promise<void> {
    return this.serialized(async () => {
      const current = await this.existing(ruleName);
      const normalized = normalizeRulePayload(payload);
      const topicPattern = this.check(ruleName, normalized);
      const rule: StoredRule = {
        name: ruleName,
        ...normalized,
        ...(topicPattern === undefined ? {} : { topicPattern }),
        createdAt: current.createdAt,
        updatedAt: this.now(),
        revision: current.revision + 1,
      };
      await this.store.updateRule(rule);
      await this.registerDestinations(rule);
      this.engine.install(rule);
    });
  }

  enableTopicRule(ruleName: string): Promise<void> {
    return this.setDisabled(ruleName, false);
  }

  disableTopicRule(ruleName: string): Promise<void> {
    return this.setDisabled(ruleName, true);
  }

  deleteTopicRule(ruleName: string): Promise<void> {
    return this.serialized(async () => {
      if (!(await this.store.deleteRule(ruleName))) throw notFound(ruleName);
      this.engine.remove(ruleName);
    });
  }

  async listDestinations(): Promise<HttpDestination[]> {
    return (await this.store.listDestinations()).map(toDestination);
  }

  /** The operator's confirmation (or disabling) of a destination URL prefix; creates it when new. */
  putDestination(url: string, status: HttpDestinationStatus): Promise<HttpDestination> {
    return this.serialized(async () => {
      checkDestinationUrl(url);
      const now = this.now();
      const current = await this.store.getDestination(url);
      const destination = { url, status, createdAt: current?.createdAt ?? now, updatedAt: now };
      await this.store.putDestination(destination);
      await this.refreshDestinations();
      return toDestination(destination);
    });
  }

  deleteDestination(url: string): Promise<void> {
    return this.serialized(async () => {
      if (!(await this.store.deleteDestination(url))) {
        throw new DomainError('ResourceNotFoundException', `Destination ${url} does not exist`);
      }
      await this.refreshDestinations();
    });
  }

  /** Whether an http action may call this URL (the engine's `isUrlAllowed` port). */
  isUrlAllowed(url: string): boolean {
    if (!this.requireConfirmedDestinations) return true;
    return this.confirmed.some((destination) => url.startsWith(destination.url));
  }

  private async setDisabled(ruleName: string, ruleDisabled: boolean): Promise<void> {
    return this.serialized(async () => {
      const current = await this.existing(ruleName);
      if (current.ruleDisabled === ruleDisabled) return;
      const rule = { ...current, ruleDisabled, updatedAt: this.now(), revision: current.revision + 1 };
      await this.store.updateRule(rule);
      this.engine.install(rule);
    });
  }

  private async existing(ruleName: string): Promise<StoredRule> {
    const rule = await this.store.getRule(ruleName);
    if (rule === undefined) throw notFound(ruleName);
    return rule;
  }

  /** Compiles the payload once to refuse what would not run; returns the FROM filter. */
  private check(ruleName: string, payload: ReturnType<typeof normalizeRulePayload>): string | undefined {
    const compiled = this.engine.compile(ruleName, 0, payload);
    compiled.close();
    return compiled.topicFilter;
  }

  /** A new http action's destination (its confirmationUrl, else its URL's origin) is listed as PENDING. */
  private async registerDestinations(rule: StoredRule): Promise<void> {
    if (!this.requireConfirmedDestinations) return;
    const now = this.now();
    for (const action of [...rule.actions, ...(rule.errorAction ? [rule.errorAction] : [])]) {
      if (!('http' in action)) continue;
      const url = action.http.confirmationUrl ?? originOf(action.http.url);
      if (url === undefined || (await this.store.getDestination(url)) !== undefined) continue;
      await this.store.putDestination({ url, status: 'PENDING', createdAt: now, updatedAt: now });
    }
  }

  private async refreshDestinations(): Promise<void> {
    this.confirmed = (await this.store.listDestinations()).filter((destination) => destination.status === 'CONFIRMED');
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(work);
    this.mutations = run.catch(() => {});
    return run;
  }

  private listItem(rule: StoredRule): TopicRuleListItem {
    return {
      ruleArn: this.ruleArn(rule.name),
      ruleName: rule.name,
      ...(rule.topicPattern === undefined ? {} : { topicPattern: rule.topicPattern }),
      createdAt: rule.createdAt / 1000,
      ruleDisabled: rule.ruleDisabled,
    };
  }
}

function filterSelects(pattern: string | undefined, topic: string): boolean {
  if (pattern === undefined) return false;
  if (pattern === topic) return true;
  return topicFilterProblem(pattern) === undefined && compileTopicFilter(pattern).matches(topic);
}

function originOf(url: string): string | undefined {
  if (url.includes('${')) {
    const match = /^(https?:\/\/[^/$]+)/i.exec(url);
    return match ? `${match[1]}/` : undefined;
  }
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return undefined;
  }
}

function checkDestinationUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('InvalidRequestException', `Destination "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DomainError('InvalidRequestException', 'A destination must be an http or https URL');
  }
}

function toDestination(destination: StoredHttpDestination): HttpDestination {
  return {
    url: destination.url,
    status: destination.status,
    createdAt: new Date(destination.createdAt).toISOString(),
    updatedAt: new Date(destination.updatedAt).toISOString(),
  };
}

const encodeToken = (name: string) => Buffer.from(name, 'utf8').toString('base64url');

function decodeToken(token: string): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^[a-zA-Z0-9_]{1,128}$/.test(name)) throw new DomainError('InvalidRequestException', 'Invalid nextToken');
  return name;
}
