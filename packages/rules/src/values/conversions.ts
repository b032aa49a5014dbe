import { toJsonText } from './json-text.js';
import { decimalText, type Value, WholeDecimal } from './value.js';

/** Strings that convert to Decimal (AWS: `^-?\d+(\.\d+)?((?i)E-?\d+)?$`); `.5`, `+1`, `1.`, `0x10` do not. */
const DECIMAL_STRING = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

const utf8 = new TextDecoder();

/** Implicit conversion to Decimal: a number, `null` for Null, `undefined` when it cannot convert. */
export function toDecimal(value: Value): number | null | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDecimalString(value);
  if (value === null) return null;
  if (value instanceof WholeDecimal) return value.value;
  return undefined;
}

export function parseDecimalString(text: string): number | undefined {
  if (!DECIMAL_STRING.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Implicit conversion to Int: Decimals round to the nearest Int, strings parse as Decimal then truncate. */
export function toInt(value: Value): number | null | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : roundHalfAwayFromZero(value);
  if (typeof value === 'string') {
    const n = parseDecimalString(value);
    return n === undefined ? undefined : Math.trunc(n) + 0;
  }
  if (value === null) return null;
  if (value instanceof WholeDecimal) return value.value;
  return undefined;
}

/** Numeric argument of a function that "rounds down to the nearest Int" (strings via Decimal). */
export function toFlooredInt(value: Value): number | undefined {
  const n = toDecimal(value);
  return typeof n === 'number' ? Math.floor(n) + 0 : undefined;
}

export function roundHalfAwayFromZero(n: number): number {
  return (n < 0 ? -Math.round(-n) : Math.round(n)) + 0;
}

/** Implicit conversion to Boolean: Booleans, and the strings "true"/"false" in any case. */
export function toBoolean(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/**
 * Implicit conversion to String. Arrays and objects become compact JSON; Null and Undefined do not
 * convert. Binary payloads are read as UTF-8 text.
 */
export function toStringValue(value: Value): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isInteger(value) ? String(value) : decimalText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
  }
  if (value === null) return undefined;
  if (value instanceof WholeDecimal) return value.toString();
  if (value instanceof Uint8Array) return utf8.decode(value);
  return toJsonText(value);
}
