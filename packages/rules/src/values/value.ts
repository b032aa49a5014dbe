/**
 * Runtime values of AWS IoT SQL.
 *
 * - Undefined is JavaScript `undefined` (a missing attribute, a failed conversion); Null is `null`.
 * - Int and Decimal are JavaScript numbers: a whole number is an Int, any other number a Decimal.
 *   SQL version 2015-10-08 keeps whole-number Decimals produced by the SQL itself (`10.0`, `2.5 * 4`,
 *   `sqrt(9)`) as Decimals; those are boxed in {@link WholeDecimal}. Numbers read from a JSON payload
 *   are parsed by `JSON.parse`, so a payload's `10.0` is the Int 10 in both versions.
 * - Binary (non-JSON) payloads referenced with `*` are `Uint8Array`s.
 */
export type Value = undefined | null | boolean | number | string | WholeDecimal | Uint8Array | Value[] | ValueObject;

export interface ValueObject {
  [key: string]: Value;
}

/** A Decimal whose value is a whole number (SQL 2015-10-08 only), e.g. the literal `10.0`. */
export class WholeDecimal {
  constructor(readonly value: number) {}

  toString(): string {
    const text = decimalText(this.value);
    return text.includes('E') ? text : `${text}.0`;
  }

  toJSON(): number {
    return this.value;
  }
}

export type ValueType = 'Int' | 'Decimal' | 'Boolean' | 'String' | 'Array' | 'Object' | 'Null' | 'Undefined' | 'Binary';

export function typeOfValue(value: Value): ValueType {
  switch (typeof value) {
    case 'undefined':
      return 'Undefined';
    case 'boolean':
      return 'Boolean';
    case 'number':
      return Number.isInteger(value) ? 'Int' : 'Decimal';
    case 'string':
      return 'String';
  }
  if (value === null) return 'Null';
  if (value instanceof WholeDecimal) return 'Decimal';
  if (value instanceof Uint8Array) return 'Binary';
  return Array.isArray(value) ? 'Array' : 'Object';
}

export function isObjectValue(value: Value): value is ValueObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof WholeDecimal) &&
    !(value instanceof Uint8Array)
  );
}

/** The numeric value of an Int or Decimal, or undefined for anything else (no conversion). */
export function numericValue(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof WholeDecimal) return value.value;
  return undefined;
}

export function isDecimal(value: Value): boolean {
  return (typeof value === 'number' && !Number.isInteger(value)) || value instanceof WholeDecimal;
}

/** Java BigDecimal-like text of a number: JavaScript's shortest form with an upper-case exponent. */
export function decimalText(n: number): string {
  const text = String(n);
  return text.includes('e') ? text.replace('e', 'E') : text;
}
