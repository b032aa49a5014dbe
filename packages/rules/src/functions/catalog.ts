import { collectionFunctions } from './collection.functions.js';
import { contextFunctions } from './context.functions.js';
import { encodingFunctions } from './encoding.functions.js';
import { mathFunctions } from './math.functions.js';
import type { SqlFunction } from './sql-function.js';
import { stringFunctions } from './string.functions.js';
import { timeFunctions } from './time.functions.js';

const FUNCTIONS: ReadonlyMap<string, SqlFunction> = new Map(
  [
    ...mathFunctions,
    ...stringFunctions,
    ...encodingFunctions,
    ...contextFunctions,
    ...collectionFunctions,
    ...timeFunctions,
  ].map((fn) => [fn.name, fn]),
);

/** AWS functions that call other AWS services; this platform has none of them. */
const EXTERNAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'aws_lambda',
  'get_dynamodb',
  'get_registry_data',
  'get_secret',
  'machinelearning_predict',
]);

export function lookupFunction(name: string): SqlFunction | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

export function unsupportedFunctionReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  return EXTERNAL_FUNCTIONS.has(lower)
    ? `Function ${lower}() calls an AWS service and is not available here`
    : undefined;
}

/** Names of every function the SQL accepts, for editor completion. */
export function functionNames(): string[] {
  return [...FUNCTIONS.keys()].sort();
}
