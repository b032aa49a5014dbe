import { DomainError } from '@meridian/contracts';
import { isValidActionPattern } from './actions.js';

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Exactly one of action / notAction is set. */
  action?: string[];
  notAction?: string[];
  /** Exactly one of resource / notResource is set. */
  resource?: string[];
  notResource?: string[];
  /** operator → condition key → values (numbers and booleans turned into strings). */
  condition: Record<string, Record<string, string[]>>;
}

/** A policy document in normalized form: every string-or-array element is an array. */
export interface PolicyDocument {
  /** Absent means IAM's default, 2008-10-17, where `${...}` is literal text. */
  version: (typeof POLICY_VERSIONS)[number] | undefined;
  id?: string;
  statements: PolicyStatement[];
}

export interface ParseOptions {
  /** Characters excluding whitespace (reference §3.1: 2048). */
  maxSize?: number;
}

export const DEFAULT_MAX_POLICY_SIZE = 2048;

export const malformed = (message: string): DomainError => new DomainError('MalformedPolicyException', message);

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function countNonWhitespace(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) count++;
  }
  return count;
}

/** `Statement[2]`, or `Statement[2] (Sid "Publish")` when the statement has a Sid. */
export function statementLabel(index: number, sid: string | undefined): string {
  return sid === undefined ? `Statement[${index}]` : `Statement[${index}] (Sid ${JSON.stringify(sid)})`;
}

function stringList(value: Json | undefined, where: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw malformed(`${where} must not be an empty list`);
  return items.map((item, i) => {
    const at = Array.isArray(value) ? `${where}[${i}]` : where;
    if (typeof item !== 'string') throw malformed(`${at} must be a string or a list of strings`);
    if (item === '') throw malformed(`${at} must not be empty`);
    return item;
  });
}

function actions(value: Json | undefined, where: string): string[] {
  const list = stringList(value, where);
  list.forEach((action, i) => {
    if (!isValidActionPattern(action))
      throw malformed(
        `${Array.isArray(value) ? `${where}[${i}]` : where} "${action}" is not an action (expected "*" or "iot:Name")`,
      );
  });
  return list;
}

/** `*`, or an ARN: `arn:` and at least six colon-separated components. */
function resources(value: Json | undefined, where: string): string[] {
  const list = stringList(value, where);
  list.forEach((resource, i) => {
    if (resource !== '*' && !(resource.startsWith('arn:') && resource.split(':').length >= 6))
      throw malformed(
        `${Array.isArray(value) ? `${where}[${i}]` : where} "${resource}" is not an ARN (expected "*" or "arn:aws:iot:region:account:type/name")`,
      );
  });
  return list;
}

function conditionValues(value: Json, where: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw malformed(`${where} must not be an empty list`);
  return items.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw malformed(`${where} values must be strings, numbers or booleans`);
  });
}

function conditionBlock(value: Json | undefined, where: string): PolicyStatement['condition'] {
  if (value === undefined) return {};
  if (!isObject(value)) throw malformed(`${where} must be an object of operators`);
  const block: PolicyStatement['condition'] = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys)) throw malformed(`${where}.${operator} must be an object of condition keys`);
    if (Object.keys(keys).length === 0) throw malformed(`${where}.${operator} has no condition keys`);
    block[operator] = {};
    for (const [key, values] of Object.entries(keys)) {
      block[operator][key] = conditionValues(values, `${where}.${operator}[${JSON.stringify(key)}]`);
    }
  }
  return block;
}

function statement(value: Json, index: number): PolicyStatement {
  if (!isObject(value)) throw malformed(`Statement[${index}] must be an object`);
  const sid = value.Sid;
  if (sid !== undefined && typeof sid !== 'string') throw malformed(`Statement[${index}].Sid must be a string`);
  const label = statementLabel(index, sid);
  for (const key of Object.keys(value)) {
    if (key === 'Principal' || key === 'NotPrincipal')
      throw malformed(`${label}: ${key} is not allowed (a policy applies to the principals it is attached to)`);
    if (!STATEMENT_KEYS.has(key)) throw malformed(`${label}: unknown element "${key}"`);
  }
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') throw malformed(`${label}.Effect must be "Allow" or "Deny"`);
  const result: PolicyStatement = { effect: value.Effect, condition: {} };
  if (sid !== undefined) result.sid = sid;

  if ((value.Action === undefined) === (value.NotAction === undefined))
    throw malformed(`${label} needs exactly one of Action or NotAction`);
  if (value.Action !== undefined) result.action = actions(value.Action, `${label}.Action`);
  else result.notAction = actions(value.NotAction, `${label}.NotAction`);

  if ((value.Resource === undefined) === (value.NotResource === undefined))
    throw malformed(`${label} needs exactly one of Resource or NotResource`);
  if (value.Resource !== undefined) result.resource = resources(value.Resource, `${label}.Resource`);
  else result.notResource = resources(value.NotResource, `${label}.NotResource`);

  result.condition = conditionBlock(value.Condition, `${label}.Condition`);
  return result;
}

/**
 * Parses and checks a policy document against the IAM grammar of reference §3.1. Throws
 * MalformedPolicyException naming the offending statement and element. Variables and conditions are
 * checked when the document is compiled (compilePolicy), which the service does on every write.
 */
export function parsePolicyDocument(text: string, options: ParseOptions = {}): PolicyDocument {
  const maxSize = options.maxSize ?? DEFAULT_MAX_POLICY_SIZE;
  const size = countNonWhitespace(text);
  if (size > maxSize)
    throw malformed(`Policy document is ${size} characters long excluding whitespace; the limit is ${maxSize}`);
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    throw malformed(`Policy document is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw malformed('Policy document must be a JSON object');
  for (const key of Object.keys(parsed)) {
    if (!DOCUMENT_KEYS.has(key)) throw malformed(`Policy document has an unknown element "${key}"`);
  }
  const { Version: version, Id: id, Statement: statements } = parsed;
  if (version !== undefined && !POLICY_VERSIONS.includes(version as never))
    throw malformed(`Version must be one of ${POLICY_VERSIONS.map((v) => `"${v}"`).join(', ')}`);
  if (id !== undefined && typeof id !== 'string') throw malformed('Id must be a string');
  if (statements === undefined) throw malformed('Policy document needs a Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformed('Statement must not be an empty list');
  const document: PolicyDocument = {
    version: version as PolicyDocument['version'],
    statements: list.map((item, index) => statement(item, index)),
  };
  if (id !== undefined) document.id = id;
  return document;
}
