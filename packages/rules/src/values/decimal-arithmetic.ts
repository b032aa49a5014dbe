import { type Value, WholeDecimal } from './value.js';

/** Builds a Decimal result; non-finite results (overflow, 0/0) are Undefined. */
export type DecimalFactory = (n: number) => Value;

/** 2016-03-23: a whole-number Decimal is an Int. */
export const decimal2016: DecimalFactory = (n) => (Number.isFinite(n) ? n + 0 : undefined);

/** 2015-10-08: a whole-number Decimal stays a Decimal (`10.0`). */
export const decimal2015: DecimalFactory = (n) => {
  if (!Number.isFinite(n)) return undefined;
  return Number.isInteger(n) ? new WholeDecimal(n + 0) : n;
};

/**
 * Digits after the decimal point in the shortest text of `n` (`0.25` → 2, `1e-7` → 7).
 * AWS computes with 34-digit decimals; sums, differences, products and remainders of decimals have at
 * most this many digits, so rounding the double result to them gives the decimal answer (`0.1 + 0.2` = 0.3).
 */
function fractionDigits(n: number): number {
  if (Number.isInteger(n)) return 0;
  const text = String(n);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? 0 : mantissa.length - dot - 1;
  return e < 0 ? digits : Math.max(0, digits - Number(text.slice(e + 1)));
}

function roundToDigits(n: number, digits: number): number {
  if (digits > 100 || !Number.isFinite(n)) return n;
  return Number(n.toFixed(digits));
}

export function decimalAdd(a: number, b: number): number {
  return roundToDigits(a + b, Math.max(fractionDigits(a), fractionDigits(b)));
}

export function decimalSubtract(a: number, b: number): number {
  return roundToDigits(a - b, Math.max(fractionDigits(a), fractionDigits(b)));
}

export function decimalMultiply(a: number, b: number): number {
  return roundToDigits(a * b, fractionDigits(a) + fractionDigits(b));
}

export function decimalRemainder(a: number, b: number): number {
  return roundToDigits(a % b, Math.max(fractionDigits(a), fractionDigits(b)));
}
