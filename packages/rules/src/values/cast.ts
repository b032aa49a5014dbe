import type { CastType } from '../sql/ast.js';
import { toBoolean, toDecimal, toStringValue } from './conversions.js';
import type { DecimalFactory } from './decimal-arithmetic.js';
import { type Value, WholeDecimal } from './value.js';

/**
 * `cast(value AS type)` (reference §2.6): like the implicit conversions, plus Boolean ↔ number;
 * Decimal → Int rounds down; Null casts to Undefined.
 */
export function castValue(value: Value, type: CastType, decimal: DecimalFactory): Value {
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'String':
      return toStringValue(value);
    case 'Int': {
      if (typeof value === 'boolean') return value ? 1 : 0;
      const n = toDecimal(value);
      return typeof n === 'number' ? Math.floor(n) + 0 : undefined;
    }
    case 'Decimal':
    case 'Double': {
      if (typeof value === 'boolean') return decimal(value ? 1 : 0);
      // An Int stays "a Decimal with no decimal point"; numeric strings become Decimals.
      if (typeof value === 'number' || value instanceof WholeDecimal) return value;
      const n = toDecimal(value);
      return typeof n === 'number' ? decimal(n) : undefined;
    }
    case 'Boolean': {
      if (typeof value === 'number') return value !== 0;
      if (value instanceof WholeDecimal) return value.value !== 0;
      return toBoolean(value);
    }
  }
}
