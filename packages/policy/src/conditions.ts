import type { AuthorizationContext } from './authorization-context.js';
import { IpRanges } from './ip-ranges.js';
import {
  type CompiledTemplate,
  compileTemplate,
  matchResolved,
  resolvedText,
  resolveTemplate,
  TemplateError,
} from './template.js';
import { parseVariableName, type VariableRef } from './variables.js';

/** One `"Operator": { "key": values }` entry of a Condition block, ready to evaluate. */
export type CompiledCondition = (context: AuthorizationContext) => boolean;

type Family = 'string' | 'like' | 'arn' | 'bool' | 'ip' | 'numeric' | 'null';
type NumericComparison = (request: number, policy: number) => boolean;

interface OperatorSpec {
  family: Family;
  /** Per request value: true when no policy value matches (StringNotEquals, NotIpAddress, …). */
  negated: boolean;
  compare?: NumericComparison;
}

const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ['StringEquals', { family: 'string', negated: false }],
  ['StringNotEquals', { family: 'string', negated: true }],
  ['StringLike', { family: 'like', negated: false }],
  ['StringNotLike', { family: 'like', negated: true }],
  // IAM checks ArnEquals like ArnLike: each of the six ARN components is globbed on its own.
  ['ArnEquals', { family: 'arn', negated: false }],
  ['ArnNotEquals', { family: 'arn', negated: true }],
  ['ArnLike', { family: 'arn', negated: false }],
  ['ArnNotLike', { family: 'arn', negated: true }],
  ['Bool', { family: 'bool', negated: false }],
  ['IpAddress', { family: 'ip', negated: false }],
  ['NotIpAddress', { family: 'ip', negated: true }],
  ['NumericEquals', { family: 'numeric', negated: false, compare: (a, b) => a === b }],
  ['NumericNotEquals', { family: 'numeric', negated: true, compare: (a, b) => a === b }],
  ['NumericLessThan', { family: 'numeric', negated: false, compare: (a, b) => a < b }],
  ['NumericLessThanEquals', { family: 'numeric', negated: false, compare: (a, b) => a <= b }],
  ['NumericGreaterThan', { family: 'numeric', negated: false, compare: (a, b) => a > b }],
  ['NumericGreaterThanEquals', { family: 'numeric', negated: false, compare: (a, b) => a >= b }],
  ['Null', { family: 'null', negated: false }],
]);

export const CONDITION_OPERATORS: readonly string[] = [...OPERATORS.keys()];

type Qualifier = 'none' | 'any' | 'all';

interface ParsedOperator {
  spec: OperatorSpec;
  qualifier: Qualifier;
  ifExists: boolean;
}

export class ConditionError extends Error {}

export function parseOperator(operator: string): ParsedOperator {
  let name = operator;
  let qualifier: Qualifier = 'none';
  if (name.startsWith('ForAnyValue:')) {
    qualifier = 'any';
    name = name.slice('ForAnyValue:'.length);
  } else if (name.startsWith('ForAllValues:')) {
    qualifier = 'all';
    name = name.slice('ForAllValues:'.length);
  }
  const ifExists = name !== 'Null' && name.endsWith('IfExists');
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  const spec = OPERATORS.get(name);
  if (spec === undefined)
    throw new ConditionError(`unknown condition operator "${operator}" (supported: ${CONDITION_OPERATORS.join(', ')})`);
  if (spec.family === 'null' && qualifier !== 'none')
    throw new ConditionError(`"${operator}": Null cannot take ForAnyValue/ForAllValues`);
  return { spec, qualifier, ifExists };
}

const ARN_COMPONENT_SEPARATORS = 5;

/** Index just after the fifth colon of an ARN, or -1 when `value` has fewer than six components. */
function arnGuardEnd(value: string): number {
  let index = -1;
  for (let seen = 0; seen < ARN_COMPONENT_SEPARATORS; seen++) {
    index = value.indexOf(':', index + 1);
    if (index === -1) return -1;
  }
  return index + 1;
}

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function parseBool(text: string): 'true' | 'false' | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : undefined;
}

const NO_VALUES: readonly string[] = [];

/** A test of one request value against all policy values (already resolved). */
type ValueTest = (requestValue: string) => boolean;

function positiveTest(
  spec: OperatorSpec,
  values: readonly string[],
  templates: readonly CompiledTemplate[],
): ValueTest {
  switch (spec.family) {
    case 'string':
    case 'like':
      return (requestValue) => {
        for (const template of templates) if (matchResolved(template, requestValue)) return true;
        return false;
      };
    case 'arn':
      return (requestValue) => {
        const guardEnd = arnGuardEnd(requestValue);
        if (guardEnd === -1) return false;
        for (const template of templates) if (matchResolved(template, requestValue, guardEnd)) return true;
        return false;
      };
    case 'bool': {
      const expected = values.map((value) => {
        const bool = parseBool(value);
        if (bool === undefined) throw new ConditionError(`Bool value "${value}" must be "true" or "false"`);
        return bool;
      });
      return (requestValue) => expected.includes(requestValue.toLowerCase() as 'true' | 'false');
    }
    case 'ip': {
      const ranges = new IpRanges();
      for (const value of values) {
        if (value.includes('${')) throw new ConditionError(`IP ranges cannot use policy variables ("${value}")`);
        try {
          ranges.add(value);
        } catch (error) {
          throw new ConditionError((error as Error).message);
        }
      }
      return (requestValue) => ranges.contains(requestValue);
    }
    case 'numeric': {
      const literals = templates.map((template) => {
        if (template.literal === undefined) return undefined;
        const number = parseNumber(template.literal);
        if (number === undefined) throw new ConditionError(`"${template.literal}" is not a number`);
        return number;
      });
      const compare = spec.compare!;
      return (requestValue) => {
        const request = parseNumber(requestValue);
        if (request === undefined) return false;
        for (let i = 0; i < templates.length; i++) {
          const policy = literals[i] ?? parseNumber(resolvedText(templates[i]!));
          if (policy !== undefined && compare(request, policy)) return true;
        }
        return false;
      };
    }
    case 'null':
      throw new Error('Null has no value test');
  }
}

function compileNull(key: VariableRef, values: readonly string[]): CompiledCondition {
  const expected = values.map((value) => {
    const bool = parseBool(value);
    if (bool === undefined) throw new ConditionError(`Null value "${value}" must be "true" or "false"`);
    return bool === 'true';
  });
  return (context) => {
    const absent = key.multiValued ? (key.list(context)?.length ?? 0) === 0 : key.scalar(context) === undefined;
    return expected.includes(absent);
  };
}

/**
 * Compiles one condition. Semantics (reference §3.5, IAM): values of one key are ORed; a plain operator
 * on an absent key is false (`...IfExists`: true); `ForAnyValue:` needs one request value to pass,
 * `ForAllValues:` needs every one to pass and is true for an empty set; negated operators pass a request
 * value that matches none of the policy values. A policy value with an unresolved variable makes the
 * condition false, so the statement does not match.
 */
export function compileCondition(
  operator: string,
  keyName: string,
  values: readonly string[],
  variables: boolean,
): CompiledCondition {
  const { spec, qualifier, ifExists } = parseOperator(operator);
  const key = parseVariableName(keyName);
  if (key === undefined) throw new ConditionError(`unknown condition key "${keyName}"`);
  if (values.length === 0) throw new ConditionError('needs at least one value');
  if (spec.family === 'null') return compileNull(key, values);

  let templates: CompiledTemplate[];
  try {
    templates = values.map((value) =>
      compileTemplate(value, { wildcards: spec.family === 'like' || spec.family === 'arn', variables }),
    );
  } catch (error) {
    if (error instanceof TemplateError) throw new ConditionError(error.message);
    throw error;
  }
  if (spec.family === 'arn') {
    for (const template of templates)
      if (template.variables.length === 0 && arnGuardEnd(template.source) === -1)
        throw new ConditionError(`"${template.source}" is not an ARN (arn:partition:service:region:account:resource)`);
  }
  const positive = positiveTest(spec, values, templates);
  const test: ValueTest = spec.negated ? (value) => !positive(value) : positive;
  const templatesWithVariables = templates.filter((template) => template.variables.length > 0);

  return (context) => {
    for (const template of templatesWithVariables) if (!resolveTemplate(template, context)) return false;
    if (!key.multiValued) {
      const value = key.scalar(context);
      if (value === undefined) return qualifier === 'all' || ifExists;
      return test(value);
    }
    const requestValues = key.list(context) ?? NO_VALUES;
    if (requestValues.length === 0) return qualifier === 'all' || ifExists;
    if (qualifier === 'any' || (qualifier === 'none' && !spec.negated)) {
      for (const value of requestValues) if (test(value)) return true;
      return false;
    }
    for (const value of requestValues) if (!test(value)) return false;
    return true;
  };
}
