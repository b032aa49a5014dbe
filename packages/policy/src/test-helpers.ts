import { IotArns } from '@meridian/contracts';
import type { IotAction } from './actions.js';
import { createAuthorizationContext, type RequestFacts } from './authorization-context.js';
import { type CompiledPolicy, compilePolicy, type Decision } from './compiled-policy.js';
import { evaluate } from './evaluate.js';
import { parsePolicyDocument } from './policy-document.js';

export const arns = new IotArns('us-east-1', '123456789012');
/** `arn:aws:iot:us-east-1:123456789012:` */
export const ARN = arns.prefix;

export type StatementJson = Record<string, unknown>;

export function policy(
  name: string,
  statements: StatementJson[],
  version: string | null = '2012-10-17',
): CompiledPolicy {
  const document = version === null ? { Statement: statements } : { Version: version, Statement: statements };
  return compilePolicy(parsePolicyDocument(JSON.stringify(document)), { policyName: name, policyVersionId: '1' });
}

export const allow = (action: string | string[], resource: string | string[], extra: StatementJson = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

export const deny = (action: string | string[], resource: string | string[], extra: StatementJson = {}) => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

/** Decides with a context built from `facts` (client id `dev-1` unless given). */
export function decide(
  policies: CompiledPolicy | CompiledPolicy[],
  action: IotAction,
  resource: string,
  facts: RequestFacts = { clientId: 'dev-1' },
): Decision {
  const list = Array.isArray(policies) ? policies : [policies];
  return evaluate(list, action, resource, createAuthorizationContext(facts, arns));
}

export const allowed = (...args: Parameters<typeof decide>): boolean => decide(...args).allowed;
