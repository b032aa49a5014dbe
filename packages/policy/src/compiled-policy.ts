import { actionsMatching, IOT_ACTIONS } from './actions.js';
import { type CompiledCondition, ConditionError, compileCondition } from './conditions.js';
import { malformed, type PolicyDocument, type PolicyStatement, statementLabel } from './policy-document.js';
import { type CompiledTemplate, compileTemplate, TemplateError } from './template.js';

/** Which statement of which policy version decided. */
export interface DecidingStatement {
  readonly policyName: string;
  readonly policyVersionId: string;
  /** Position in the document's Statement list (0-based). */
  readonly statementIndex: number;
  readonly sid?: string;
}

export type Decision =
  | { readonly allowed: true; readonly reason: 'allowed'; readonly statement: DecidingStatement }
  | { readonly allowed: false; readonly reason: 'explicit-deny'; readonly statement: DecidingStatement }
  | { readonly allowed: false; readonly reason: 'default-deny'; readonly statement?: undefined };

export interface CompiledStatement {
  readonly deny: boolean;
  readonly resources: readonly CompiledTemplate[];
  readonly notResource: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** Returned as is when this statement decides, so evaluation allocates nothing. */
  readonly decision: Decision;
}

export interface CompiledPolicy {
  readonly policyName: string;
  readonly policyVersionId: string;
  /** Statements whose Action/NotAction covers IOT_ACTIONS[i], in document order. */
  readonly statementsByAction: readonly (readonly CompiledStatement[])[];
}

export interface PolicySource {
  policyName: string;
  policyVersionId: string;
}

function actionIndexes(statement: PolicyStatement): Set<number> {
  const named = new Set((statement.action ?? statement.notAction ?? []).flatMap(actionsMatching));
  if (statement.action !== undefined) return named;
  return new Set(IOT_ACTIONS.map((_, index) => index).filter((index) => !named.has(index)));
}

function compileStatement(
  statement: PolicyStatement,
  index: number,
  source: PolicySource,
  variables: boolean,
): CompiledStatement {
  const label = statementLabel(index, statement.sid);
  const element = statement.resource === undefined ? 'NotResource' : 'Resource';
  const resources = (statement.resource ?? statement.notResource ?? []).map((resource, i) => {
    try {
      return compileTemplate(resource, { wildcards: true, variables });
    } catch (error) {
      if (error instanceof TemplateError) throw malformed(`${label}.${element}[${i}]: ${error.message}`);
      throw error;
    }
  });
  const conditions: CompiledCondition[] = [];
  for (const [operator, keys] of Object.entries(statement.condition)) {
    for (const [key, values] of Object.entries(keys)) {
      try {
        conditions.push(compileCondition(operator, key, values, variables));
      } catch (error) {
        if (error instanceof ConditionError)
          throw malformed(`${label}.Condition.${operator}[${JSON.stringify(key)}]: ${error.message}`);
        throw error;
      }
    }
  }
  const deciding: DecidingStatement = Object.freeze({
    policyName: source.policyName,
    policyVersionId: source.policyVersionId,
    statementIndex: index,
    ...(statement.sid === undefined ? {} : { sid: statement.sid }),
  });
  const decision: Decision =
    statement.effect === 'Deny'
      ? { allowed: false, reason: 'explicit-deny', statement: deciding }
      : { allowed: true, reason: 'allowed', statement: deciding };
  return {
    deny: statement.effect === 'Deny',
    resources,
    notResource: statement.resource === undefined,
    conditions,
    decision: Object.freeze(decision),
  };
}

/**
 * Compiles a parsed document into per-action statement lists with precompiled resource globs and
 * conditions. Throws MalformedPolicyException for unknown variables, condition operators or keys and
 * bad condition values, naming the statement and element.
 */
export function compilePolicy(document: PolicyDocument, source: PolicySource): CompiledPolicy {
  const variables = document.version === '2012-10-17';
  const statementsByAction: CompiledStatement[][] = IOT_ACTIONS.map(() => []);
  document.statements.forEach((statement, index) => {
    const compiled = compileStatement(statement, index, source, variables);
    for (const actionIndex of actionIndexes(statement)) statementsByAction[actionIndex]!.push(compiled);
  });
  return { policyName: source.policyName, policyVersionId: source.policyVersionId, statementsByAction };
}
