import { DateTime } from 'luxon';
import { type PatternPart, tokenizeDatePattern } from './date-pattern.js';

type FieldFormatter = (time: DateTime, count: number) => string;

const pad = (n: number, width: number): string => {
  const text = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${text}` : text;
};

const twoDigits = (n: number): string => pad(((n % 100) + 100) % 100, 2);

function offsetText(minutes: number, withColon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${withColon ? ':' : ''}${pad(abs % 60, 2)}`;
}

/** Joda-Time `DateTimeFormat` letters (English names). */
const JODA_FIELDS: Readonly<Record<string, FieldFormatter>> = {
  G: (t) => (t.year > 0 ? 'AD' : 'BC'),
  C: (t, n) => pad(Math.floor(Math.abs(t.year) / 100), n),
  Y: (t, n) => (n === 2 ? twoDigits(t.year) : pad(Math.abs(t.year), n)),
  x: (t, n) => (n === 2 ? twoDigits(t.weekYear) : pad(t.weekYear, n)),
  w: (t, n) => pad(t.weekNumber, n),
  e: (t, n) => pad(t.weekday, n),
  E: (t, n) => t.setLocale('en-US').toFormat(n >= 4 ? 'cccc' : 'ccc'),
  y: (t, n) => (n === 2 ? twoDigits(t.year) : pad(t.year, n)),
  D: (t, n) => pad(t.ordinal, n),
  M: (t, n) => (n >= 3 ? t.setLocale('en-US').toFormat(n >= 4 ? 'LLLL' : 'LLL') : pad(t.month, n)),
  d: (t, n) => pad(t.day, n),
  a: (t) => (t.hour < 12 ? 'AM' : 'PM'),
  K: (t, n) => pad(t.hour % 12, n),
  h: (t, n) => pad(t.hour % 12 === 0 ? 12 : t.hour % 12, n),
  H: (t, n) => pad(t.hour, n),
  k: (t, n) => pad(t.hour === 0 ? 24 : t.hour, n),
  m: (t, n) => pad(t.minute, n),
  s: (t, n) => pad(t.second, n),
  S: (t, n) => pad(t.millisecond, 3).slice(0, n).padEnd(n, '0'),
  z: (t, n) => (t.zoneName === 'UTC' ? 'UTC' : ((n >= 4 ? t.offsetNameLong : t.offsetNameShort) ?? '')),
  Z: (t, n) => (n >= 3 ? (t.zoneName ?? '') : offsetText(t.offset, n === 2)),
};

/** Why a Joda pattern cannot be used, or undefined. */
export function jodaPatternProblem(pattern: string): string | undefined {
  const parts = tokenizeDatePattern(pattern);
  if (typeof parts === 'string') return parts;
  const unknown = parts.find((part) => part.kind === 'field' && !JODA_FIELDS[part.letter]);
  return unknown?.kind === 'field' ? `unknown pattern letter "${unknown.letter}"` : undefined;
}

/**
 * Formats epoch milliseconds with a Joda-Time pattern in a time zone (`parse_time`). Returns undefined
 * for a bad pattern or an unknown zone.
 */
export function formatJodaTime(pattern: string, epochMillis: number, zone: string): string | undefined {
  const parts = tokenizeDatePattern(pattern);
  if (typeof parts === 'string') return undefined;
  const time = DateTime.fromMillis(epochMillis, { zone: zone === 'UTC' ? 'utc' : zone, locale: 'en-US' });
  if (!time.isValid) return undefined;
  let text = '';
  for (const part of parts as PatternPart[]) {
    if (part.kind === 'literal') {
      text += part.text;
      continue;
    }
    const format = JODA_FIELDS[part.letter];
    if (!format) return undefined;
    text += format(time, part.count);
  }
  return text;
}
