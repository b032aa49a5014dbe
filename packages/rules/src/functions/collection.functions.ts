import { toInt } from '../values/conversions.js';
import { toJsonText } from '../values/json-text.js';
import { isObjectValue, type Value, type ValueObject } from '../values/value.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

const TRANSFORM_LIMIT_BYTES = 128 * 1024;

/** `get(collection, key)` and `collection[key]`: 0-based array/string index, or an object's own key. */
export function getMember(collection: Value, key: Value): Value {
  if (Array.isArray(collection) || typeof collection === 'string') {
    const index = toInt(key);
    if (typeof index !== 'number' || index < 0 || index >= collection.length) return undefined;
    return collection[index];
  }
  if (isObjectValue(collection) && typeof key === 'string') {
    return Object.hasOwn(collection, key) ? collection[key] : undefined;
  }
  return undefined;
}

/** `transform('enrichArray', object, array)`: each object element gets the object's keys added. */
function enrichArray(extra: Value, array: Value): Value {
  if (!isObjectValue(extra) || !Array.isArray(array)) return undefined;
  const result: ValueObject[] = [];
  for (const element of array) {
    if (isObjectValue(element)) result.push({ ...element, ...extra });
  }
  return toJsonText(result).length > TRANSFORM_LIMIT_BYTES ? undefined : result;
}

export const collectionFunctions: readonly SqlFunction[] = [
  defineFunction('get', 2, '2015-10-08', ([collection, key]) => getMember(collection, key)),
  /** The default replaces Undefined and Null. */
  defineFunction('get_or_default', 2, '2016-03-23', ([value, fallback]) =>
    value === undefined || value === null ? fallback : value,
  ),
  defineFunction('isnull', 1, '2015-10-08', ([value]) => value === null),
  defineFunction('isundefined', 1, '2016-03-23', ([value]) => value === undefined),
  defineFunction('transform', 3, '2016-03-23', ([mode, extra, array]) =>
    mode === 'enrichArray' ? enrichArray(extra, array) : undefined,
  ),
];
