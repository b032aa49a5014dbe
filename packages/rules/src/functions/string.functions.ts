import { toDecimal, toFlooredInt, toStringValue } from '../values/conversions.js';
import type { Value } from '../values/value.js';
import { compileRegex } from './regex-cache.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

const MAX_PAD = 1000;

/** A function of the String conversions of all its arguments; any failed conversion gives Undefined. */
function stringFunction(
  name: string,
  arity: number,
  since: SqlFunction['since'],
  compute: (...texts: string[]) => Value,
): SqlFunction {
  return defineFunction(name, arity, since, (args) => {
    const texts: string[] = [];
    for (const arg of args) {
      const text = toStringValue(arg);
      if (text === undefined) return undefined;
      texts.push(text);
    }
    return compute(...texts);
  });
}

function padFunction(name: string, pad: (text: string, spaces: string) => string): SqlFunction {
  return defineFunction(name, 2, '2015-10-08', ([value, count]) => {
    const text = toStringValue(value);
    const n = toFlooredInt(count as Value);
    if (text === undefined || n === undefined) return undefined;
    return pad(text, ' '.repeat(Math.min(MAX_PAD, Math.max(0, n))));
  });
}

/** Java's `String.replace(target, replacement)`: literal, all occurrences; an empty target goes between chars. */
function replaceAllLiteral(text: string, target: string, replacement: string): string {
  if (target === '') return replacement + [...text].join(replacement) + (text === '' ? '' : replacement);
  return text.split(target).join(replacement);
}

/** Clamps a substring index to [0, length]; indices are rounded down. */
function clampIndex(value: Value, length: number): number | undefined {
  const n = toDecimal(value);
  if (typeof n !== 'number') return undefined;
  return Math.min(length, Math.max(0, Math.floor(n)));
}

export const stringFunctions: readonly SqlFunction[] = [
  defineFunction('chr', 1, '2015-10-08', ([code]) => {
    const n = toFlooredInt(code as Value);
    return n === undefined || n < 0 || n > 127 ? undefined : String.fromCharCode(n);
  }),
  defineFunction('concat', [0, Number.POSITIVE_INFINITY], '2015-10-08', (args) => {
    if (args.length === 0) return undefined;
    if (args.length === 1) return args[0];
    if (args.some(Array.isArray)) {
      const items: Value[] = [];
      for (const arg of args) {
        if (Array.isArray(arg)) items.push(...arg);
        else if (arg !== undefined) items.push(arg);
      }
      return items;
    }
    let text = '';
    for (const arg of args) {
      const part = toStringValue(arg);
      if (part === undefined) return undefined;
      text += part;
    }
    return text;
  }),
  stringFunction('endswith', 2, '2015-10-08', (text, suffix) => text.endsWith(suffix)),
  stringFunction('indexof', 2, '2016-03-23', (text, part) => text.indexOf(part)),
  stringFunction('length', 1, '2016-03-23', (text) => text.length),
  stringFunction('lower', 1, '2015-10-08', (text) => text.toLowerCase()),
  padFunction('lpad', (text, spaces) => spaces + text),
  stringFunction('ltrim', 1, '2015-10-08', (text) => text.replace(/^[ \t]+/, '')),
  stringFunction('numbytes', 1, '2016-03-23', (text) => Buffer.byteLength(text, 'utf8')),
  stringFunction('regexp_matches', 2, '2015-10-08', (text, pattern) => compileRegex(pattern, false)?.test(text)),
  stringFunction('regexp_replace', 3, '2015-10-08', (text, pattern, replacement) => {
    const regex = compileRegex(pattern, true);
    return regex ? text.replace(regex, replacement) : undefined;
  }),
  stringFunction('regexp_substr', 2, '2015-10-08', (text, pattern) => compileRegex(pattern, false)?.exec(text)?.[0]),
  stringFunction('replace', 3, '2015-10-08', replaceAllLiteral),
  padFunction('rpad', (text, spaces) => text + spaces),
  stringFunction('rtrim', 1, '2015-10-08', (text) => text.replace(/[ \t]+$/, '')),
  stringFunction('startswith', 2, '2015-10-08', (text, prefix) => text.startsWith(prefix)),
  defineFunction('substring', [2, 3], '2015-10-08', (args) => {
    const text = toStringValue(args[0]);
    if (text === undefined) return undefined;
    const start = clampIndex(args[1], text.length);
    const end = args.length === 2 ? text.length : clampIndex(args[2], text.length);
    if (start === undefined || end === undefined) return undefined;
    return start >= end ? '' : text.slice(start, end);
  }),
  stringFunction('trim', 1, '2015-10-08', (text) => text.replace(/^[ \t]+|[ \t]+$/g, '')),
  stringFunction('upper', 1, '2015-10-08', (text) => text.toUpperCase()),
];
