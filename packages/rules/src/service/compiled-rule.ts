import { DomainError, type RuleAction } from '@meridian/contracts';
import type { CompiledAction } from '../actions/action.js';
import { type FunctionActionSettings, functionAction, MIN_FUNCTION_MEMORY_MB } from '../actions/function.action.js';
import { checkFunctionSyntax } from '../actions/function-sandbox.js';
import { type HttpActionSettings, httpAction } from '../actions/http.action.js';
import type { RuleActionPorts } from '../actions/ports.js';
import { type HopAwarePublish, republishAction } from '../actions/republish.action.js';
import { shadowAction } from '../actions/shadow.action.js';
import { timeseriesAction } from '../actions/timeseries.action.js';
import type { RuleEnvironment } from '../eval/context.js';
import { SqlParseError } from '../sql/sql-parse-error.js';
import type { SqlVersion } from '../sql/sql-version.js';
import { compileSql, type SqlQuery } from '../sql-query.js';
import { compileTemplate } from '../template/substitution-template.js';
import { topicFilterProblem } from '../topic/topic-filter.js';
import type { NormalizedRulePayload } from './rule-payload.js';

/** A rule ready to evaluate messages: its query and its actions, compiled once per revision. */
export interface CompiledRule {
  readonly name: string;
  readonly revision: number;
  readonly enabled: boolean;
  readonly topicFilter: string | undefined;
  readonly query: SqlQuery;
  readonly actions: readonly CompiledAction[];
  readonly errorAction: CompiledAction | undefined;
  /** Releases function workers. */
  close(): void;
}

export interface RuleCompilerDeps {
  environment: RuleEnvironment;
  ports: RuleActionPorts;
  publish: HopAwarePublish;
  http: HttpActionSettings;
  functions: FunctionActionSettings;
}

const invalid = (message: string) => new DomainError('InvalidRequestException', message);

/**
 * Compiles a validated payload. Throws DomainError: SqlParseException (with line and column) for the
 * SQL, InvalidRequestException for a bad template, FROM filter, URL or function.
 */
export function compileRule(
  name: string,
  revision: number,
  payload: NormalizedRulePayload,
  deps: RuleCompilerDeps,
): CompiledRule {
  let query: SqlQuery;
  try {
    query = compileSql(payload.sql, { version: payload.awsIotSqlVersion, environment: deps.environment });
  } catch (error) {
    if (error instanceof SqlParseError) throw error.toDomainError();
    throw error;
  }
  const filter = query.topicFilter;
  if (filter !== undefined) {
    const problem = topicFilterProblem(filter);
    if (problem) throw new DomainError('SqlParseException', `FROM '${filter}' is not a valid topic filter: ${problem}`);
  }
  const actions = payload.actions.map((action, i) =>
    compileAction(action, `actions[${i}]`, payload.awsIotSqlVersion, true, deps),
  );
  const errorAction =
    payload.errorAction === undefined
      ? undefined
      : compileAction(payload.errorAction, 'errorAction', payload.awsIotSqlVersion, false, deps);
  if (errorAction?.kind === 'transform') throw invalid('errorAction cannot be a function action');
  return {
    name,
    revision,
    enabled: !payload.ruleDisabled,
    topicFilter: filter,
    query,
    actions,
    errorAction,
    close() {
      for (const action of actions) action.close?.();
      errorAction?.close?.();
    },
  };
}

function compileAction(
  action: RuleAction,
  where: string,
  version: SqlVersion,
  externalFunctions: boolean,
  deps: RuleCompilerDeps,
): CompiledAction {
  const compile = (source: string) => {
    try {
      return compileTemplate(source, { version, environment: deps.environment, externalFunctions });
    } catch (error) {
      if (error instanceof SqlParseError) throw invalid(`${where}: template "${source}": ${error.message}`);
      throw error;
    }
  };
  if ('republish' in action) return republishAction(action.republish, compile, deps.publish);
  if ('http' in action) {
    checkHttp(action.http.url, action.http.confirmationUrl, where);
    return httpAction(action.http, compile, deps.ports, deps.http);
  }
  if ('timeseries' in action) return timeseriesAction(action.timeseries, compile, deps.ports.appendTimeseries);
  if ('shadow' in action) {
    return shadowAction(action.shadow, compile, deps.ports.updateShadow?.bind(deps.ports));
  }
  const spec = action.function;
  const limits = deps.functions;
  if (spec.timeoutMs !== undefined && spec.timeoutMs > limits.maxTimeoutMs) {
    throw invalid(`${where}.function.timeoutMs is at most ${limits.maxTimeoutMs}`);
  }
  if (
    spec.memoryLimitMb !== undefined &&
    (spec.memoryLimitMb < MIN_FUNCTION_MEMORY_MB || spec.memoryLimitMb > limits.maxMemoryLimitMb)
  ) {
    throw invalid(
      `${where}.function.memoryLimitMb must be from ${MIN_FUNCTION_MEMORY_MB} to ${limits.maxMemoryLimitMb}`,
    );
  }
  try {
    checkFunctionSyntax(spec.code);
  } catch (error) {
    throw invalid(`${where}.function.code does not compile: ${(error as Error).message}`);
  }
  return functionAction(spec, limits);
}

/** A static URL must be http(s); AWS requires the confirmation URL to be a prefix of the URL. */
function checkHttp(url: string, confirmationUrl: string | undefined, where: string): void {
  const staticPart = url.split('${')[0] as string;
  if (!url.includes('${')) {
    let parsed: URL;
    try {
      parsed = new URL(url.replaceAll('$$', '$'));
    } catch {
      throw invalid(`${where}.http.url "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw invalid(`${where}.http.url must be http or https`);
  } else if (!/^https?:\/\/[^/]/i.test(staticPart)) {
    throw invalid(`${where}.http.url must start with http:// or https:// and a host before any substitution`);
  }
  if (confirmationUrl !== undefined && !url.startsWith(confirmationUrl)) {
    throw invalid(`${where}.http.confirmationUrl must be a prefix of the url`);
  }
}
