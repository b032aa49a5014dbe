import { toBoolean, toDecimal, toStringValue } from './conversions.js';
import {
  type DecimalFactory,
  decimalAdd,
  decimalMultiply,
  decimalRemainder,
  decimalSubtract,
} from './decimal-arithmetic.js';
import { isObjectValue, type Value, WholeDecimal } from './value.js';

/**
 * AWS IoT SQL operator semantics (reference §2.7), shared by the compiled evaluator and the AST interpreter.
 * Every function is total: bad operand types give Undefined, never an exception.
 */

const isInt = (v: Value): v is number => typeof v === 'number' && Number.isInteger(v);

/** `=`: Undefined on either side → Undefined; mismatched types → false. */
export function equals(a: Value, b: Value): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  return sameValue(a, b);
}

/** `<>`: Undefined on either side → Undefined; Null <> Null → false; mismatched types → true. */
export function notEquals(a: Value, b: Value): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  return !sameValue(a, b);
}

function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'string' || typeof b === 'string' || typeof a === 'boolean' || typeof b === 'boolean') {
    return a === b;
  }
  const na = a instanceof WholeDecimal ? a.value : a;
  const nb = b instanceof WholeDecimal ? b.value : b;
  if (typeof na === 'number' || typeof nb === 'number') return na === nb;
  if (a === null || b === null) return a === b;
  if (a === undefined || b === undefined) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isObjectValue(a) || !isObjectValue(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b, key) || !sameValue(a[key] as Value, b[key] as Value)) return false;
  }
  return true;
}

/** Operands of `<` `<=` `>` `>=`, both converted to Decimal; a failed conversion (or Null) → Undefined. */
function comparable(a: Value, b: Value): [number, number] | undefined {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : undefined;
}

export function lessThan(a: Value, b: Value): boolean | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  const pair = comparable(a, b);
  return pair && pair[0] < pair[1];
}

export function lessOrEqual(a: Value, b: Value): boolean | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  const pair = comparable(a, b);
  return pair && pair[0] <= pair[1];
}

export function greaterThan(a: Value, b: Value): boolean | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  const pair = comparable(a, b);
  return pair && pair[0] > pair[1];
}

export function greaterOrEqual(a: Value, b: Value): boolean | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  const pair = comparable(a, b);
  return pair && pair[0] >= pair[1];
}

/** `+`: string concatenation when either side is a String, else Int/Decimal addition. */
export function add(a: Value, b: Value, decimal: DecimalFactory): Value {
  if (typeof a === 'string' || typeof b === 'string') {
    const left = toStringValue(a);
    const right = toStringValue(b);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (isInt(a) && isInt(b)) return a + b;
  const x = a instanceof WholeDecimal ? a.value : a;
  const y = b instanceof WholeDecimal ? b.value : b;
  return typeof x === 'number' && typeof y === 'number' ? decimal(decimalAdd(x, y)) : undefined;
}

/** Operands of `-` `*` `/` `%` that are not both Int: numbers and numeric strings as Decimal. */
function decimalOperands(a: Value, b: Value): [number, number] | undefined {
  if (typeof a === 'boolean' || typeof b === 'boolean' || a === null || b === null) return undefined;
  return comparable(a, b);
}

export function subtract(a: Value, b: Value, decimal: DecimalFactory): Value {
  if (isInt(a) && isInt(b)) return a - b;
  const pair = decimalOperands(a, b);
  return pair && decimal(decimalSubtract(pair[0], pair[1]));
}

export function multiply(a: Value, b: Value, decimal: DecimalFactory): Value {
  if (isInt(a) && isInt(b)) return a * b + 0;
  const pair = decimalOperands(a, b);
  return pair && decimal(decimalMultiply(pair[0], pair[1]));
}

/** `/`: Int / Int truncates toward zero (Java integer division); division by zero → Undefined. */
export function divide(a: Value, b: Value, decimal: DecimalFactory): Value {
  if (isInt(a) && isInt(b)) return b === 0 ? undefined : Math.trunc(a / b) + 0;
  const pair = decimalOperands(a, b);
  if (!pair || pair[1] === 0) return undefined;
  return decimal(pair[0] / pair[1]);
}

/** `%`, `mod()`, `remainder()`: the remainder takes the sign of the dividend; by zero → Undefined. */
export function remainder(a: Value, b: Value, decimal: DecimalFactory): Value {
  if (isInt(a) && isInt(b)) return b === 0 ? undefined : (a % b) + 0;
  const pair = decimalOperands(a, b);
  if (!pair || pair[1] === 0) return undefined;
  return decimal(decimalRemainder(pair[0], pair[1]));
}

/** Unary `-`: Int stays Int, Decimal and numeric strings give a Decimal. */
export function negate(a: Value, decimal: DecimalFactory): Value {
  if (isInt(a)) return -a + 0;
  if (a instanceof WholeDecimal) return decimal(-a.value);
  if (typeof a === 'number') return -a;
  if (typeof a === 'string') {
    const n = toDecimal(a);
    return typeof n === 'number' ? decimal(-n) : undefined;
  }
  return undefined;
}

/** `AND`: Booleans or "true"/"false" strings on both sides, else Undefined. */
export function and(a: Value, b: Value): boolean | undefined {
  const x = toBoolean(a);
  const y = toBoolean(b);
  return x === undefined || y === undefined ? undefined : x && y;
}

export function or(a: Value, b: Value): boolean | undefined {
  const x = toBoolean(a);
  const y = toBoolean(b);
  return x === undefined || y === undefined ? undefined : x || y;
}

export function not(a: Value): boolean | undefined {
  const x = toBoolean(a);
  return x === undefined ? undefined : !x;
}
