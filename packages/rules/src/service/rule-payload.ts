import { DomainError, type RuleAction, type RuleActionType, type TopicRulePayload } from '@meridian/contracts';
import { DEFAULT_API_SQL_VERSION, isSqlVersion, type SqlVersion } from '../sql/sql-version.js';

export const RULE_NAME = /^[a-zA-Z0-9_]{1,128}$/;
export const MAX_ACTIONS = 10;

/** AWS action types this platform does not run: refused with a clear message. */
const AWS_ONLY_ACTIONS = new Set([
  'dynamoDB',
  'dynamoDBv2',
  'lambda',
  's3',
  'sns',
  'sqs',
  'kinesis',
  'firehose',
  'cloudwatchMetric',
  'cloudwatchAlarm',
  'cloudwatchLogs',
  'elasticsearch',
  'openSearch',
  'salesforce',
  'iotAnalytics',
  'iotEvents',
  'iotSiteWise',
  'stepFunctions',
  'timestream',
  'kafka',
  'location',
  'influxDB',
]);

const ACTION_FIELDS: Readonly<Record<RuleActionType, { required: string[]; optional: string[] }>> = {
  republish: { required: ['topic'], optional: ['roleArn', 'qos', 'retain', 'headers'] },
  http: { required: ['url'], optional: ['confirmationUrl', 'headers', 'auth'] },
  timeseries: { required: ['deviceKey'], optional: ['time'] },
  shadow: { required: ['thingName'], optional: ['shadowName'] },
  function: { required: ['code'], optional: ['timeoutMs', 'memoryLimitMb'] },
};

const REPUBLISH_HEADERS = [
  'payloadFormatIndicator',
  'contentType',
  'responseTopic',
  'correlationData',
  'messageExpiry',
];

/** A TopicRulePayload with defaults applied. */
export interface NormalizedRulePayload {
  sql: string;
  description?: string;
  actions: RuleAction[];
  errorAction?: RuleAction;
  ruleDisabled: boolean;
  awsIotSqlVersion: SqlVersion;
}

const invalid = (message: string) => new DomainError('InvalidRequestException', message);

export function checkRuleName(name: string): void {
  if (!RULE_NAME.test(name)) {
    throw invalid(`Rule name "${name}" must be 1 to 128 characters of letters, digits and underscores`);
  }
}

/**
 * Checks the shape of a TopicRulePayload as AWS's API does (the SQL and templates are checked when
 * the rule is compiled) and applies the defaults; throws InvalidRequestException.
 */
export function normalizeRulePayload(raw: unknown): NormalizedRulePayload {
  if (!isRecord(raw)) throw invalid('The rule payload must be a JSON object');
  const known = new Set(['sql', 'description', 'actions', 'ruleDisabled', 'awsIotSqlVersion', 'errorAction']);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw invalid(`Unknown rule payload member "${key}"`);
  const payload = raw as Partial<TopicRulePayload>;
  if (typeof payload.sql !== 'string' || payload.sql.trim() === '') throw invalid('sql is required');
  if (payload.description !== undefined && typeof payload.description !== 'string') {
    throw invalid('description must be a string');
  }
  if (!Array.isArray(payload.actions)) throw invalid('actions is required (a list of 0 to 10 actions)');
  if (payload.actions.length > MAX_ACTIONS) throw invalid(`A rule has at most ${MAX_ACTIONS} actions`);
  if (payload.ruleDisabled !== undefined && typeof payload.ruleDisabled !== 'boolean') {
    throw invalid('ruleDisabled must be true or false');
  }
  if (payload.awsIotSqlVersion !== undefined && !isSqlVersion(payload.awsIotSqlVersion)) {
    throw invalid('awsIotSqlVersion must be 2015-10-08, 2016-03-23 or beta');
  }
  const actions = payload.actions.map((action, i) => checkAction(action, `actions[${i}]`));
  const errorAction = payload.errorAction === undefined ? undefined : checkAction(payload.errorAction, 'errorAction');
  return {
    sql: payload.sql,
    ...(payload.description === undefined ? {} : { description: payload.description }),
    actions,
    ...(errorAction === undefined ? {} : { errorAction }),
    ruleDisabled: payload.ruleDisabled ?? false,
    awsIotSqlVersion: payload.awsIotSqlVersion ?? DEFAULT_API_SQL_VERSION,
  };
}

function checkAction(raw: unknown, where: string): RuleAction {
  if (!isRecord(raw)) throw invalid(`${where} must be an object`);
  const keys = Object.keys(raw);
  if (keys.length === 0) {
    // What an AWS SDK sends for an action type its model lacks (it drops the unknown key).
    throw invalid(
      `${where} is empty; it needs one key naming the action type (the AWS SDKs leave out action types they do not know, such as the platform's timeseries, shadow and function)`,
    );
  }
  if (keys.length !== 1) throw invalid(`${where} must have exactly one key naming the action type`);
  const type = keys[0] as string;
  if (AWS_ONLY_ACTIONS.has(type)) throw invalid(`${where}: the ${type} action is not supported by this platform`);
  if (!Object.hasOwn(ACTION_FIELDS, type)) throw invalid(`${where}: unknown action type "${type}"`);
  const spec = raw[type];
  if (!isRecord(spec)) throw invalid(`${where}.${type} must be an object`);
  const fields = ACTION_FIELDS[type as RuleActionType];
  for (const key of Object.keys(spec)) {
    if (!fields.required.includes(key) && !fields.optional.includes(key)) {
      throw invalid(`${where}.${type}: unknown member "${key}"`);
    }
  }
  for (const key of fields.required) {
    if (typeof spec[key] !== 'string' || spec[key] === '') throw invalid(`${where}.${type}.${key} is required`);
  }
  const path = `${where}.${type}`;
  switch (type as RuleActionType) {
    case 'republish':
      checkOptionalString(spec, 'roleArn', path);
      if (spec.qos !== undefined && spec.qos !== 0 && spec.qos !== 1) throw invalid(`${path}.qos must be 0 or 1`);
      if (spec.retain !== undefined && typeof spec.retain !== 'boolean')
        throw invalid(`${path}.retain must be true or false`);
      if (spec.headers !== undefined) checkRepublishHeaders(spec.headers, `${path}.headers`);
      break;
    case 'http':
      checkOptionalString(spec, 'confirmationUrl', path);
      if (spec.headers !== undefined) checkKeyValues(spec.headers, `${path}.headers`);
      break;
    case 'timeseries':
      checkOptionalString(spec, 'time', path);
      break;
    case 'shadow':
      checkOptionalString(spec, 'shadowName', path);
      break;
    case 'function':
      for (const key of ['timeoutMs', 'memoryLimitMb']) {
        if (spec[key] !== undefined && (!Number.isInteger(spec[key]) || (spec[key] as number) < 1)) {
          throw invalid(`${path}.${key} must be a whole number greater than 0`);
        }
      }
      break;
  }
  return structuredClone(raw) as RuleAction;
}

function checkRepublishHeaders(raw: unknown, path: string): void {
  if (!isRecord(raw)) throw invalid(`${path} must be an object`);
  for (const key of Object.keys(raw)) {
    if (key === 'userProperties') checkKeyValues(raw[key], `${path}.userProperties`);
    else if (REPUBLISH_HEADERS.includes(key)) checkOptionalString(raw, key, path);
    else throw invalid(`${path}: unknown header "${key}"`);
  }
}

function checkKeyValues(raw: unknown, path: string): void {
  if (!Array.isArray(raw)) throw invalid(`${path} must be a list of {key, value}`);
  raw.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.key !== 'string' || entry.key === '' || typeof entry.value !== 'string') {
      throw invalid(`${path}[${i}] must be {key, value} with a non-empty key`);
    }
    for (const key of Object.keys(entry))
      if (key !== 'key' && key !== 'value') throw invalid(`${path}[${i}]: unknown member "${key}"`);
  });
}

function checkOptionalString(spec: Record<string, unknown>, key: string, path: string): void {
  if (spec[key] !== undefined && typeof spec[key] !== 'string') throw invalid(`${path}.${key} must be a string`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
