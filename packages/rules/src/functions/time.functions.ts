import type { Expr } from '../sql/ast.js';
import { toDecimal, toStringValue } from '../values/conversions.js';
import { javaPatternProblem, parseJavaTime } from './java-time-parse.js';
import { formatJodaTime, jodaPatternProblem } from './joda-format.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

/** Refuses a pattern written as a literal that cannot work, so the rule fails at creation instead. */
function checkLiteralPattern(index: number, problem: (pattern: string) => string | undefined) {
  return (args: readonly Expr[]): string | undefined => {
    const arg = args[index];
    return arg?.kind === 'literal' && typeof arg.value === 'string' ? problem(arg.value) : undefined;
  };
}

export const timeFunctions: readonly SqlFunction[] = [
  /** `parse_time(jodaPattern, epochMillis[, timeZone])` formats a timestamp (default zone UTC). */
  defineFunction(
    'parse_time',
    [2, 3],
    '2016-03-23',
    (args) => {
      const pattern = toStringValue(args[0]);
      const millis = toDecimal(args[1]);
      const zone = args.length === 3 ? toStringValue(args[2]) : 'UTC';
      if (pattern === undefined || typeof millis !== 'number' || zone === undefined) return undefined;
      return formatJodaTime(pattern, Math.trunc(millis), zone);
    },
    checkLiteralPattern(0, jodaPatternProblem),
  ),
  /** `time_to_epoch(text, javaTimePattern)` parses a timestamp into epoch milliseconds. */
  defineFunction(
    'time_to_epoch',
    2,
    '2016-03-23',
    ([text, pattern]) => {
      if (typeof text !== 'string' || typeof pattern !== 'string') return undefined;
      return parseJavaTime(text, pattern);
    },
    checkLiteralPattern(1, javaPatternProblem),
  ),
];
