import { randomUUID } from 'node:crypto';
import type { RuleTestRequest, RuleTestResult } from '@meridian/contracts';
import { ActionError, type ActionInvocation, type CompiledAction, STOP } from '../actions/action.js';
import { DEFAULT_FUNCTION_ACTION_SETTINGS, type FunctionActionSettings } from '../actions/function.action.js';
import { DEFAULT_HTTP_ACTION_SETTINGS, type HttpActionSettings } from '../actions/http.action.js';
import type { RepublishMessage, RuleActionPorts } from '../actions/ports.js';
import { ruleEnvironment } from '../environment.js';
import type { MessageContext, MqttMessageProperties, RuleEnvironment } from '../eval/context.js';
import { SqlEvaluationError } from '../eval/sql-evaluation-error.js';
import { parsePayload } from '../payload.js';
import { SqlParseError } from '../sql/sql-parse-error.js';
import { DEFAULT_API_SQL_VERSION } from '../sql/sql-version.js';
import { compileSql, NO_MATCH } from '../sql-query.js';
import { compileTopicFilter } from '../topic/topic-filter.js';
import { toJsonText } from '../values/json-text.js';
import type { Value } from '../values/value.js';
import { type CompiledRule, compileRule } from './compiled-rule.js';
import { type ActionFailure, ruleErrorDocument } from './error-document.js';
import { RuleMonitor } from './rule-monitor.js';
import type { NormalizedRulePayload } from './rule-payload.js';
import type { StoredRule } from './rule-store.js';
import { TopicIndex } from './topic-index.js';

/** A message as the broker accepted it. */
export interface IncomingMessage {
  topic: string;
  /** Pass the broker's payload object unchanged: loop protection recognises republished payloads by identity. */
  payload: Uint8Array;
  clientId?: string;
  /** The publisher's certificate id (else looked up with `principalOf` when a rule matches). */
  principal?: string;
  /** Epoch milliseconds. */
  timestamp: number;
  properties?: MqttMessageProperties;
}

export interface RuleEngineOptions {
  ports: RuleActionPorts;
  environment?: RuleEnvironment;
  http?: Partial<HttpActionSettings>;
  functions?: Partial<FunctionActionSettings>;
  /**
   * Rule invocations whose actions are still running; past it a matching message's actions fail at once
   * (counted, with the error action skipped) instead of queueing without bound or slowing the broker.
   */
  maxInFlightActions?: number;
  /** Republish chains longer than this are stopped (AWS has no such limit; an endless loop is never useful). */
  maxRepublishHops?: number;
  recentActivityPerRule?: number;
  /** Told about failures that are not the rule's fault (for the log). */
  onInternalError?(error: unknown, ruleName: string): void;
  newTraceId?: () => string;
  now?: () => number;
  /** The certificate id of a connected client, asked only for messages that match a rule. */
  principalOf?(clientId: string): string | undefined;
}

/**
 * Evaluates enabled rules for each accepted publish and runs their actions. Matching goes through a
 * topic index of the rules' FROM filters; SQL runs synchronously in the publish tap (compiled once per
 * rule revision), actions run afterwards, never holding up the broker. One failing action does not stop
 * the others; the error action gets one error document per rule and message.
 */
export class RuleEngine {
  readonly monitor: RuleMonitor;
  readonly environment: RuleEnvironment;
  private readonly rules = new Map<string, CompiledRule>();
  private readonly index = new TopicIndex<CompiledRule>();
  private readonly hops = new WeakMap<object, number>();
  private readonly http: HttpActionSettings;
  private readonly functions: FunctionActionSettings;
  private readonly maxInFlight: number;
  private readonly maxHops: number;
  private readonly newTraceId: () => string;
  private readonly now: () => number;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: RuleEngineOptions) {
    this.environment = options.environment ?? ruleEnvironment();
    this.http = { ...DEFAULT_HTTP_ACTION_SETTINGS, ...options.http };
    this.functions = { ...DEFAULT_FUNCTION_ACTION_SETTINGS, ...options.functions };
    this.maxInFlight = options.maxInFlightActions ?? 10_000;
    this.maxHops = options.maxRepublishHops ?? 8;
    this.newTraceId = options.newTraceId ?? randomUUID;
    this.now = options.now ?? Date.now;
    this.monitor = new RuleMonitor(options.recentActivityPerRule);
  }

  /** Compiles a payload as the engine would run it; throws DomainError for what does not compile. */
  compile(name: string, revision: number, payload: NormalizedRulePayload): CompiledRule {
    return compileRule(name, revision, payload, {
      environment: this.environment,
      ports: this.options.ports,
      publish: (message, invocation) => this.republish(message, invocation),
      http: this.http,
      functions: this.functions,
    });
  }

  /** Installs or replaces a stored rule (a no-op when this revision is already installed). */
  install(rule: StoredRule): void {
    const current = this.rules.get(rule.name);
    if (current?.revision === rule.revision) return;
    const compiled = this.compile(rule.name, rule.revision, rule);
    this.uninstall(rule.name, false);
    this.rules.set(rule.name, compiled);
    if (compiled.enabled && compiled.topicFilter !== undefined) this.index.add(compiled.topicFilter, compiled);
  }

  remove(name: string): void {
    this.uninstall(name, true);
  }

  /** Enabled rules with a FROM filter (those the index holds). */
  get indexedRuleCount(): number {
    return this.index.size;
  }

  /** Every accepted publish (the broker's tap). */
  handlePublish(message: IncomingMessage): void {
    this.handlePublishOf(message.topic, message, (same) => same);
  }

  /** Like `handlePublish`, converting `source` into the engine's message only when a rule's topic matches. */
  handlePublishOf<Source>(topic: string, source: Source, toMessage: (source: Source) => IncomingMessage): void {
    const matching = this.index.match(topic);
    if (matching.length === 0) return;
    this.evaluate(matching, toMessage(source));
  }

  /** Basic Ingest: `$aws/rules/{ruleName}/<rest>` goes to that rule only; `message.topic` is `<rest>`. */
  handleBasicIngest(ruleName: string, message: IncomingMessage): void {
    const rule = this.rules.get(ruleName);
    if (rule === undefined || !rule.enabled) return;
    this.evaluate([rule], message);
  }

  /** The console's test panel: the production evaluator on one sample message, with the reason of a non-match. */
  test(request: RuleTestRequest): RuleTestResult {
    let query: ReturnType<typeof compileSql>;
    try {
      query = compileSql(request.sql, {
        version: request.sqlVersion ?? DEFAULT_API_SQL_VERSION,
        environment: this.environment,
      });
    } catch (error) {
      if (error instanceof SqlParseError) {
        return { result: 'parse-error', message: error.message, line: error.line, column: error.column };
      }
      throw error;
    }
    if (query.topicFilter !== undefined && !compileTopicFilter(query.topicFilter).matches(request.topic)) {
      return {
        result: 'no-match',
        reason: 'topic',
        message: `The topic "${request.topic}" does not match FROM '${query.topicFilter}'`,
      };
    }
    const raw = Buffer.from(request.payload, request.payloadEncoding === 'base64' ? 'base64' : 'utf8');
    const payload = parsePayload(raw);
    const context: MessageContext = {
      topic: request.topic,
      ...(request.clientId === undefined ? {} : { clientId: request.clientId }),
      timestamp: this.now(),
      traceId: this.newTraceId(),
      raw,
    };
    try {
      const condition = query.condition(payload, context);
      if (condition !== true) {
        const shown = condition === undefined ? 'Undefined' : toJsonText(condition);
        return { result: 'no-match', reason: 'where', message: `WHERE evaluated to ${shown}, not true` };
      }
      return showOutput(query.select(payload, context));
    } catch (error) {
      if (error instanceof SqlEvaluationError) return { result: 'evaluation-error', message: error.message };
      throw error;
    }
  }

  /** Resolves when no action is running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops function workers and waits for running actions. */
  async close(): Promise<void> {
    for (const name of [...this.rules.keys()]) this.uninstall(name, false);
    await this.whenIdle();
  }

  private uninstall(name: string, forget: boolean): void {
    const rule = this.rules.get(name);
    if (rule === undefined) return;
    this.rules.delete(name);
    if (rule.topicFilter !== undefined) this.index.remove(rule.topicFilter, rule);
    rule.close();
    if (forget) this.monitor.forget(name);
  }

  private evaluate(rules: readonly CompiledRule[], incoming: IncomingMessage): void {
    const hops = this.hops.get(incoming.payload) ?? 0;
    if (hops > this.maxHops) {
      for (const rule of rules) {
        this.monitor.activity({
          kind: 'error',
          ruleName: rule.name,
          topic: incoming.topic,
          at: this.now(),
          failedAction: 'RepublishAction',
          failedResource: incoming.topic,
          errorMessage: `Stopped a republish loop after ${this.maxHops} hops`,
        });
      }
      return;
    }
    const payload = parsePayload(incoming.payload);
    const principal =
      incoming.principal ??
      (incoming.clientId === undefined ? undefined : this.options.principalOf?.(incoming.clientId));
    const message: MessageContext = {
      topic: incoming.topic,
      ...(incoming.clientId === undefined ? {} : { clientId: incoming.clientId }),
      ...(principal === undefined ? {} : { principal }),
      timestamp: incoming.timestamp,
      traceId: this.newTraceId(),
      raw: incoming.payload,
      ...(incoming.properties === undefined ? {} : { mqttProperties: incoming.properties }),
    };
    for (const rule of rules) {
      let output: Value | typeof NO_MATCH;
      try {
        output = rule.query.evaluate(payload, message);
      } catch (error) {
        this.evaluationFailed(rule, message, error);
        continue;
      }
      if (output === NO_MATCH) continue;
      this.monitor.matched(rule.name);
      this.monitor.activity({ kind: 'output', ruleName: rule.name, topic: message.topic, at: this.now(), output });
      if (rule.actions.length === 0) continue;
      if (this.inFlight >= this.maxInFlight) {
        this.overloaded(rule, message);
        continue;
      }
      this.track(this.runActions(rule, { ruleName: rule.name, payload, message, output, hops }));
    }
  }

  private evaluationFailed(rule: CompiledRule, message: MessageContext, error: unknown): void {
    this.monitor.counter(rule.name).evaluationErrors++;
    const errorMessage =
      error instanceof SqlEvaluationError ? error.message : `SQL failed: ${(error as Error).message}`;
    this.monitor.activity({
      kind: 'error',
      ruleName: rule.name,
      topic: message.topic,
      at: this.now(),
      failedAction: 'Sql',
      failedResource: rule.name,
      errorMessage,
    });
    if (!(error instanceof SqlEvaluationError)) this.options.onInternalError?.(error, rule.name);
  }

  private overloaded(rule: CompiledRule, message: MessageContext): void {
    this.monitor.counter(rule.name).actionsFailed += rule.actions.length;
    this.monitor.activity({
      kind: 'error',
      ruleName: rule.name,
      topic: message.topic,
      at: this.now(),
      failedAction: 'Rule',
      failedResource: rule.name,
      errorMessage: `Actions dropped: ${this.maxInFlight} rule invocations are already running`,
    });
  }

  private async runActions(rule: CompiledRule, invocation: ActionInvocation): Promise<void> {
    const indexed: IndexedFailure[] = [];
    await this.runFrom(rule, 0, invocation, indexed);
    const failures = indexed.sort((a, b) => a.index - b.index).map(({ index: _, ...failure }) => failure);
    const counters = this.monitor.counter(rule.name);
    counters.actionsFailed += failures.length;
    for (const failure of failures) {
      this.monitor.activity({
        kind: 'error',
        ruleName: rule.name,
        topic: invocation.message.topic,
        at: this.now(),
        ...failure,
      });
    }
    if (failures.length === 0 || rule.errorAction === undefined) return;
    const errorAction = rule.errorAction;
    const document = ruleErrorDocument(rule.name, invocation.message, failures);
    try {
      await this.runOne(errorAction, { ...invocation, output: document as unknown as Value });
      counters.errorActionsSucceeded++;
    } catch (error) {
      counters.errorActionsFailed++;
      const failure = toFailure(errorAction, error);
      this.monitor.activity({
        kind: 'error',
        ruleName: rule.name,
        topic: invocation.message.topic,
        at: this.now(),
        ...failure,
        failedAction: `ErrorAction ${failure.failedAction}`,
      });
    }
  }

  /** Runs actions from `start` together; a function action's result feeds the actions after it. */
  private async runFrom(rule: CompiledRule, start: number, invocation: ActionInvocation, failures: IndexedFailure[]) {
    const running: Promise<void>[] = [];
    const counters = this.monitor.counter(rule.name);
    for (let i = start; i < rule.actions.length; i++) {
      const action = rule.actions[i] as CompiledAction;
      if (action.kind === 'transform') {
        running.push(
          action.transform(invocation).then(
            (next) => {
              counters.actionsSucceeded++;
              if (next !== STOP) return this.runFrom(rule, i + 1, { ...invocation, output: next }, failures);
            },
            (error) => {
              failures.push({ index: i, ...toFailure(action, error) });
            },
          ),
        );
        break;
      }
      running.push(
        action.run(invocation).then(
          () => {
            counters.actionsSucceeded++;
          },
          (error) => {
            failures.push({ index: i, ...toFailure(action, error) });
          },
        ),
      );
    }
    await Promise.all(running);
  }

  private async runOne(action: CompiledAction, invocation: ActionInvocation): Promise<void> {
    if (action.kind === 'effect') await action.run(invocation);
    else await action.transform(invocation);
  }

  private republish(message: RepublishMessage, invocation: ActionInvocation): void {
    this.hops.set(message.payload, invocation.hops + 1);
    this.options.ports.publish(message);
  }

  private track(work: Promise<void>): void {
    this.inFlight++;
    work
      .catch((error) => this.options.onInternalError?.(error, 'rules'))
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }
}

type IndexedFailure = ActionFailure & { index: number };

function toFailure(action: CompiledAction, error: unknown): ActionFailure {
  if (error instanceof ActionError) {
    return { failedAction: action.failedAction, failedResource: error.resource, errorMessage: error.message };
  }
  return {
    failedAction: action.failedAction,
    failedResource: action.type,
    errorMessage: String((error as Error)?.message ?? error),
  };
}

function showOutput(output: Value): RuleTestResult {
  if (output instanceof Uint8Array) {
    return { result: 'output', output: Buffer.from(output).toString('base64'), outputEncoding: 'base64' };
  }
  return { result: 'output', output: toJsonText(output ?? null), outputEncoding: 'json' };
}
