import { ACTION_INDEX, type IotAction } from './actions.js';
import type { AuthorizationContext } from './authorization-context.js';
import type { CompiledPolicy, CompiledStatement, Decision } from './compiled-policy.js';
import { matchResolved, resolveTemplate } from './template.js';

export const DEFAULT_DENY: Decision = Object.freeze({ allowed: false, reason: 'default-deny' });

/**
 * Resource: some pattern matches. NotResource: no pattern matches. A pattern whose variables do not
 * resolve matches nothing, and makes a NotResource statement not apply at all (reference §3.4: a
 * statement that needs an unresolved variable does not match).
 */
function resourceMatches(statement: CompiledStatement, resource: string, context: AuthorizationContext): boolean {
  const { resources, notResource } = statement;
  for (let i = 0; i < resources.length; i++) {
    const pattern = resources[i]!;
    const resolved = pattern.variables.length === 0 || resolveTemplate(pattern, context);
    if (!resolved) {
      if (notResource) return false;
      continue;
    }
    if (matchResolved(pattern, resource)) return !notResource;
  }
  return notResource;
}

function statementMatches(statement: CompiledStatement, resource: string, context: AuthorizationContext): boolean {
  if (!resourceMatches(statement, resource, context)) return false;
  const { conditions } = statement;
  for (let i = 0; i < conditions.length; i++) if (!conditions[i]!(context)) return false;
  return true;
}

/**
 * Decides `action` on `resource` (a full ARN, see IotArns) under the default versions of every policy
 * that applies to the principal (reference §3.6): any matching Deny denies, otherwise any matching
 * Allow allows, otherwise deny. Returns the statement that decided; allocates nothing.
 */
export function evaluate(
  policies: readonly CompiledPolicy[],
  action: IotAction,
  resource: string,
  context: AuthorizationContext,
): Decision {
  const actionIndex = ACTION_INDEX[action];
  if (actionIndex === undefined) return DEFAULT_DENY;
  let allow: Decision | undefined;
  for (let p = 0; p < policies.length; p++) {
    const statements = policies[p]!.statementsByAction[actionIndex]!;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      if (!statement.deny && allow !== undefined) continue;
      if (!statementMatches(statement, resource, context)) continue;
      if (statement.deny) return statement.decision;
      allow = statement.decision;
    }
  }
  return allow ?? DEFAULT_DENY;
}
