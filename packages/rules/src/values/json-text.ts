import { type Value, WholeDecimal } from './value.js';

/**
 * Compact JSON text of a value. Unlike `JSON.stringify` it writes 2015-10-08 whole Decimals as `10.0`,
 * and binary values as base64 strings. Undefined object members are left out; Undefined alone is "".
 */
export function toJsonText(value: Value): string {
  switch (typeof value) {
    case 'undefined':
      return '';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value === null) return 'null';
  if (value instanceof WholeDecimal) return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      const item = value[i];
      text += item === undefined ? 'null' : toJsonText(item);
    }
    return `${text}]`;
  }
  let text = '{';
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = value[key];
    if (member === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${toJsonText(member)}`;
    first = false;
  }
  return `${text}}`;
}
