/** Property tests for AWS IoT SQL operators and conversions (reference §2.6, §2.7). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { castValue } from './cast.js';
import { toBoolean, toDecimal, toInt, toStringValue } from './conversions.js';
import { decimal2015, decimal2016 } from './decimal-arithmetic.js';
import * as op from './operators.js';
import { numericValue, type Value } from './value.js';

const int = fc.integer({ min: -1_000_000, max: 1_000_000 });
const nonZeroInt = int.filter((n) => n !== 0);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
/** A decimal with up to 6 fraction digits, as its exact scaled integer and digit count. */
const scaledDecimal = fc.record({ units: fc.integer({ min: -1e9, max: 1e9 }), digits: fc.integer({ min: 1, max: 6 }) });

const decimalText = (units: bigint, digits: number): string => {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
};

const anyValue: fc.Arbitrary<Value> = fc.oneof(
  int,
  finite,
  fc.string({ maxLength: 5 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(int, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'c'), int, { maxKeys: 3 }),
);

describe('comparison operators', () => {
  it('numbers compare as numbers', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        assert.equal(op.lessThan(a, b), a < b);
        assert.equal(op.lessOrEqual(a, b), a <= b);
        assert.equal(op.greaterThan(a, b), a > b);
        assert.equal(op.greaterOrEqual(a, b), a >= b);
      }),
    );
  });

  it('numeric strings compare like the numbers they spell', () => {
    fc.assert(
      fc.property(int, scaledDecimal, (a, { units, digits }) => {
        const text = decimalText(BigInt(units), digits);
        assert.equal(op.lessThan(String(a), text), a < Number(text));
        assert.equal(op.greaterOrEqual(text, a), Number(text) >= a);
      }),
    );
  });

  it('anything that does not convert to Decimal makes a comparison Undefined', () => {
    const notNumeric = fc.oneof(
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.string().filter((s) => toDecimal(s) === undefined),
      fc.array(int),
    );
    fc.assert(
      fc.property(notNumeric, finite, (a, b) => op.lessThan(a, b) === undefined && op.greaterThan(b, a) === undefined),
    );
  });
});

describe('= and <>', () => {
  it('= is symmetric and <> is its negation whenever both sides are defined', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (a, b) => {
        assert.equal(op.equals(a, b), op.equals(b, a));
        if (a === undefined || b === undefined) {
          assert.equal(op.equals(a, b), undefined);
          assert.equal(op.notEquals(a, b), undefined);
        } else {
          assert.equal(op.notEquals(a, b), !op.equals(a, b));
        }
      }),
    );
  });

  it('every defined value equals itself and a deep copy of itself', () => {
    fc.assert(
      fc.property(anyValue, (a) => {
        fc.pre(a !== undefined);
        return op.equals(a, a) === true && op.equals(a, structuredClone(a)) === true;
      }),
    );
  });

  it('a number never equals a string, whatever it spells', () => {
    fc.assert(fc.property(int, (n) => op.equals(n, String(n)) === false && op.notEquals(n, String(n)) === true));
  });
});

describe('arithmetic', () => {
  it('Int op Int stays Int: +, -, *, / truncating toward zero, % with the sign of the dividend', () => {
    fc.assert(
      fc.property(int, nonZeroInt, (a, b) => {
        assert.equal(op.add(a, b, decimal2016), a + b);
        assert.equal(op.subtract(a, b, decimal2016), a - b);
        assert.equal(op.multiply(a, b, decimal2016), a * b + 0);
        const quotient = op.divide(a, b, decimal2016) as number;
        const rest = op.remainder(a, b, decimal2016) as number;
        assert.ok(Number.isInteger(quotient) && Number.isInteger(rest));
        assert.equal(quotient * b + rest, a);
        assert.ok(Math.abs(rest) < Math.abs(b));
        assert.ok(rest === 0 || Math.sign(rest) === Math.sign(a));
      }),
    );
  });

  // Exact while the result fits in a double's 15 significant digits (the generators keep it there).
  it('decimal sums, differences and products are exact in decimal (like 34-digit Decimals)', () => {
    const small = fc.record({ units: fc.integer({ min: -1e6, max: 1e6 }), digits: fc.integer({ min: 1, max: 6 }) });
    fc.assert(
      fc.property(scaledDecimal, scaledDecimal, small, small, (x, y, p, q) => {
        const digits = Math.max(x.digits, y.digits);
        const a = BigInt(x.units) * 10n ** BigInt(digits - x.digits);
        const b = BigInt(y.units) * 10n ** BigInt(digits - y.digits);
        const left = Number(decimalText(BigInt(x.units), x.digits));
        const right = Number(decimalText(BigInt(y.units), y.digits));
        assert.equal(op.add(left, right, decimal2016), Number(decimalText(a + b, digits)));
        assert.equal(op.subtract(left, right, decimal2016), Number(decimalText(a - b, digits)));
        const factor = Number(decimalText(BigInt(p.units), p.digits));
        const multiplier = Number(decimalText(BigInt(q.units), q.digits));
        assert.equal(
          op.multiply(factor, multiplier, decimal2016),
          Number(decimalText(BigInt(p.units) * BigInt(q.units), p.digits + q.digits)),
        );
      }),
    );
  });

  it('2015-10-08 and 2016-03-23 give the same numbers; 2015 only keeps whole Decimals boxed', () => {
    const operand = fc.oneof(int, finite);
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        for (const operation of [op.add, op.subtract, op.multiply, op.divide, op.remainder]) {
          const v2015 = operation(a, b, decimal2015);
          const v2016 = operation(a, b, decimal2016);
          assert.equal(numericValue(v2015), numericValue(v2016));
        }
      }),
    );
  });

  it('+ with a String on either side concatenates the String conversions', () => {
    fc.assert(
      fc.property(fc.string(), fc.oneof(int, fc.string(), fc.boolean()), (s, other) => {
        assert.equal(op.add(s, other, decimal2016), s + toStringValue(other));
        assert.equal(op.add(other, s, decimal2016), toStringValue(other) + s);
      }),
    );
  });

  it('Undefined, Null, Booleans, arrays and objects make arithmetic Undefined', () => {
    const bad = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.array(int),
      fc.dictionary(fc.string(), int),
    );
    fc.assert(
      fc.property(bad, int, (a, b) => {
        for (const operation of [op.subtract, op.multiply, op.divide, op.remainder]) {
          assert.equal(operation(a, b, decimal2016), undefined);
          assert.equal(operation(b, a, decimal2016), undefined);
        }
        assert.equal(op.add(a, b, decimal2016), undefined);
      }),
    );
  });
});

describe('logical operators', () => {
  const truthy = fc.oneof(
    fc.boolean(),
    fc.boolean().chain((b) => fc.mixedCase(fc.constant(String(b)))),
  );

  it('AND, OR, NOT follow Boolean logic on Booleans and "true"/"false" strings in any case', () => {
    fc.assert(
      fc.property(truthy, truthy, (a, b) => {
        const x = toBoolean(a) as boolean;
        const y = toBoolean(b) as boolean;
        assert.equal(op.and(a, b), x && y);
        assert.equal(op.or(a, b), x || y);
        assert.equal(op.not(a), !x);
      }),
    );
  });

  it('any other operand gives Undefined', () => {
    const other = fc.oneof(
      int,
      fc.constant(null),
      fc.constant(undefined),
      fc.string().filter((s) => toBoolean(s) === undefined),
    );
    fc.assert(
      fc.property(
        other,
        fc.boolean(),
        (a, b) => op.and(a, b) === undefined && op.or(b, a) === undefined && op.not(a) === undefined,
      ),
    );
  });
});

describe('conversions', () => {
  it('plain decimal text converts to the number it spells; Int conversion truncates', () => {
    fc.assert(
      fc.property(scaledDecimal, ({ units, digits }) => {
        const text = decimalText(BigInt(units), digits);
        assert.equal(toDecimal(text), Number(text));
        assert.equal(toInt(text), Math.trunc(Number(text)) + 0);
      }),
    );
  });

  it('Decimal → Int (implicit) rounds to nearest, halves away from zero', () => {
    fc.assert(
      fc.property(int, (n) => {
        assert.equal(toInt(n + 0.5), n >= 0 ? n + 1 : n);
        assert.equal(toInt(n + 0.25), n);
      }),
    );
  });

  it('cast to Int rounds down; cast to Boolean is "not zero"; cast to String of an Int is its digits', () => {
    fc.assert(
      fc.property(finite, int, (d, n) => {
        assert.equal(castValue(d, 'Int', decimal2016), Math.floor(d) + 0);
        assert.equal(castValue(d, 'Boolean', decimal2016), d !== 0);
        assert.equal(castValue(n, 'String', decimal2016), String(n));
        assert.equal(castValue(String(n), 'Int', decimal2016), n);
      }),
    );
  });

  it('String conversion of arrays and objects is compact JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(int, fc.string(), fc.boolean())),
        (items) => toStringValue(items) === JSON.stringify(items),
      ),
    );
  });
});
