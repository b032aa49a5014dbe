import { roundHalfAwayFromZero, toDecimal, toFlooredInt } from '../values/conversions.js';
import { remainder } from '../values/operators.js';
import { numericValue, type Value, WholeDecimal } from '../values/value.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

/** Number or numeric string argument of a math function; anything else (Null included) is undefined. */
function numberArg(value: Value): number | undefined {
  const n = toDecimal(value);
  return typeof n === 'number' ? n : undefined;
}

/** A function computed in double precision: `Decimal (with double precision)` in AWS's tables. */
function doubleFunction(name: string, compute: (x: number) => number): SqlFunction {
  return defineFunction(name, 1, '2015-10-08', ([x], _message, runtime) => {
    const n = numberArg(x);
    return n === undefined ? undefined : runtime.decimal(compute(n));
  });
}

/** Int → Int; Decimal or numeric string → the Int the rounding gives. */
function toIntFunction(name: string, round: (x: number) => number): SqlFunction {
  return defineFunction(name, 1, '2015-10-08', ([x]) => {
    if (typeof x === 'number' && Number.isInteger(x)) return x;
    const n = numberArg(x);
    return n === undefined ? undefined : round(n) + 0;
  });
}

/** Bitwise functions work on the arguments rounded down to 64-bit Ints. */
function bitwise(name: string, combine: (a: bigint, b: bigint) => bigint): SqlFunction {
  return defineFunction(name, 2, '2015-10-08', ([a, b]) => {
    const x = toFlooredInt(a as Value);
    const y = toFlooredInt(b as Value);
    if (x === undefined || y === undefined) return undefined;
    return Number(BigInt.asIntN(64, combine(BigInt(x), BigInt(y))));
  });
}

/** Truncates toward zero at `digits` decimals, working on the decimal text so `1.13` stays 1.13. */
export function truncateDecimal(n: number, digits: number): number {
  const text = plainDecimalText(n);
  const dot = text.indexOf('.');
  if (dot < 0) return n;
  return Number(digits === 0 ? text.slice(0, dot) : text.slice(0, dot + 1 + digits)) + 0;
}

/** The shortest decimal text of `n` without exponent (`1.5e-7` → `0.00000015`). */
function plainDecimalText(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const exponent = Number(text.slice(e + 1));
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (dot < 0 ? mantissa.length : dot) + exponent;
  const plain =
    pointAt <= 0
      ? `0.${'0'.repeat(-pointAt)}${digits}`
      : pointAt >= digits.length
        ? digits + '0'.repeat(pointAt - digits.length)
        : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${plain}` : plain;
}

export const mathFunctions: readonly SqlFunction[] = [
  defineFunction('abs', 1, '2015-10-08', ([x], _message, runtime) => {
    if (typeof x === 'number') return Math.abs(x);
    if (x instanceof WholeDecimal) return new WholeDecimal(Math.abs(x.value));
    const n = typeof x === 'string' ? numberArg(x) : undefined;
    return n === undefined ? undefined : runtime.decimal(Math.abs(n));
  }),
  doubleFunction('acos', Math.acos),
  doubleFunction('asin', Math.asin),
  doubleFunction('atan', Math.atan),
  defineFunction('atan2', 2, '2015-10-08', ([y, x], _message, runtime) => {
    const a = numberArg(y as Value);
    const b = numberArg(x as Value);
    return a === undefined || b === undefined ? undefined : runtime.decimal(Math.atan2(a, b));
  }),
  bitwise('bitand', (a, b) => a & b),
  bitwise('bitor', (a, b) => a | b),
  bitwise('bitxor', (a, b) => a ^ b),
  defineFunction('bitnot', 1, '2015-10-08', ([x]) => {
    const n = toFlooredInt(x as Value);
    return n === undefined ? undefined : Number(BigInt.asIntN(64, ~BigInt(n)));
  }),
  toIntFunction('ceil', Math.ceil),
  doubleFunction('cos', Math.cos),
  doubleFunction('cosh', Math.cosh),
  doubleFunction('exp', Math.exp),
  toIntFunction('floor', Math.floor),
  doubleFunction('ln', Math.log),
  doubleFunction('log', Math.log10),
  defineFunction('mod', 2, '2015-10-08', ([a, b], _message, runtime) => remainder(a, b, runtime.decimal)),
  defineFunction('nanvl', 2, '2015-10-08', ([a, b]) => {
    if (a === undefined || a === null || (typeof a === 'number' && Number.isNaN(a))) return b;
    return a;
  }),
  defineFunction('power', 2, '2015-10-08', ([a, b], _message, runtime) => {
    const x = numberArg(a as Value);
    const y = numberArg(b as Value);
    return x === undefined || y === undefined ? undefined : runtime.decimal(x ** y);
  }),
  defineFunction('rand', 0, '2015-10-08', (_args, _message, runtime) => runtime.env.random()),
  defineFunction('remainder', 2, '2015-10-08', ([a, b], _message, runtime) => remainder(a, b, runtime.decimal)),
  toIntFunction('round', roundHalfAwayFromZero),
  defineFunction('sign', 1, '2015-10-08', ([x]) => {
    const n = numberArg(x);
    return n === undefined ? undefined : Math.sign(n) + 0;
  }),
  doubleFunction('sin', Math.sin),
  doubleFunction('sinh', Math.sinh),
  doubleFunction('sqrt', Math.sqrt),
  doubleFunction('tan', Math.tan),
  doubleFunction('tanh', Math.tanh),
  defineFunction('trunc', 2, '2015-10-08', ([x, d]) => {
    if (typeof x === 'number' && Number.isInteger(x) && typeof d === 'number' && Number.isInteger(d)) return x;
    const n = numberArg(x);
    const digits = numericValue(d as Value);
    if (n === undefined || digits === undefined) return undefined;
    return truncateDecimal(n, Math.min(34, Math.max(0, Math.floor(digits))));
  }),
];
