import { DateTime, FixedOffsetZone, IANAZone, Info, type Zone } from 'luxon';
import { tokenizeDatePattern } from './date-pattern.js';

/** Parsed pieces of a date-time string, before they are resolved into an instant. */
interface Fields {
  year?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hourOfDay?: number;
  hourOfHalfDay?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millisecond?: number;
  zone?: Zone;
}

interface Element {
  readonly regex: string;
  /** Stores the captured text; false when the text is not a valid value. */
  readonly apply?: (text: string, fields: Fields) => boolean;
}

const MONTHS_LONG = Info.months('long', { locale: 'en-US' });
const MONTHS_SHORT = Info.months('short', { locale: 'en-US' });
const WEEKDAYS = [...Info.weekdays('long', { locale: 'en-US' }), ...Info.weekdays('short', { locale: 'en-US' })];

/** Abbreviations `z` understands, mapped the way java.time prefers them. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  JST: 'Asia/Tokyo',
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type NumericField = 'year' | 'month' | 'day' | 'dayOfYear' | 'hourOfDay' | 'hourOfHalfDay' | 'minute' | 'second';

function number(min: number, max: number, field: NumericField, adjust: (n: number) => number = (n) => n): Element {
  return {
    regex: `(\\d{${min},${max}})`,
    apply: (text, fields) => {
      fields[field] = adjust(Number(text));
      return true;
    },
  };
}

function zoneFromId(id: string): Zone | undefined {
  if (id === 'Z') return FixedOffsetZone.utcInstance;
  const normalized = id.replace(/^(GMT|UT)(?=[+-]|$)/, 'UTC');
  if (/^UTC([+-]|$)/.test(normalized)) {
    const offset = offsetMinutes(normalized.slice(3) || '+00:00');
    return offset === undefined ? undefined : FixedOffsetZone.instance(offset);
  }
  const iana = ZONE_ABBREVIATIONS[id] ?? id;
  return IANAZone.isValidZone(iana) ? IANAZone.create(iana) : undefined;
}

/** `+01`, `+0130`, `+01:30`, `-5`, `Z` → minutes east of UTC. */
function offsetMinutes(text: string): number | undefined {
  if (text === 'Z') return 0;
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function zoneElement(regex: string, resolve: (text: string) => Zone | undefined): Element {
  return {
    regex: `(${regex})`,
    apply: (text, fields) => {
      const zone = resolve(text);
      if (!zone) return false;
      fields.zone = zone;
      return true;
    },
  };
}

const fixedOffset = (text: string) => {
  const minutes = offsetMinutes(text);
  return minutes === undefined ? undefined : FixedOffsetZone.instance(minutes);
};

/** Matches one of `names` (any case); stores its 1-based position in `field` when given. */
function textElement(names: readonly string[], field?: 'month' | 'halfDay'): Element {
  return {
    regex: `(${names.map(escapeRegex).join('|')})`,
    apply: (text, fields) => {
      const index = names.findIndex((name) => name.toLowerCase() === text.toLowerCase());
      if (field === 'month') fields.month = index + 1;
      if (field === 'halfDay') fields.pm = index === 1;
      return index >= 0;
    },
  };
}

/** java.time `DateTimeFormatter` letters that `time_to_epoch` parses. */
function fieldElement(letter: string, count: number): Element | undefined {
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? number(2, 2, 'year', (n) => 2000 + n) : number(count, 9, 'year');
    case 'M':
    case 'L':
      if (count >= 4) return textElement(MONTHS_LONG, 'month');
      if (count === 3) return textElement(MONTHS_SHORT, 'month');
      return number(count, 2, 'month');
    case 'd':
      return number(count, 2, 'day');
    case 'D':
      return number(count, 3, 'dayOfYear');
    case 'E':
      return textElement(WEEKDAYS);
    case 'G':
      return textElement(['AD', 'CE']);
    case 'a':
      return textElement(['AM', 'PM'], 'halfDay');
    case 'H':
      return number(count, 2, 'hourOfDay');
    case 'k':
      return number(count, 2, 'hourOfDay', (n) => n % 24);
    case 'h':
      return number(count, 2, 'hourOfHalfDay', (n) => n % 12);
    case 'K':
      return number(count, 2, 'hourOfHalfDay');
    case 'm':
      return number(count, 2, 'minute');
    case 's':
      return number(count, 2, 'second');
    case 'S':
      return {
        regex: `(\\d{${count}})`,
        apply: (text, f) => {
          f.millisecond = Math.floor(Number(`0.${text}`) * 1000);
          return true;
        },
      };
    case 'V':
      return count === 2 ? zoneElement('[A-Za-z][A-Za-z0-9_/+\\-:]*', zoneFromId) : undefined;
    case 'z':
      return zoneElement('[A-Za-z][A-Za-z0-9_/+\\-:]*', zoneFromId);
    case 'X':
    case 'x':
    case 'Z':
      return zoneElement('Z|[+-]\\d{2}(?::?\\d{2})?(?::?\\d{2})?', fixedOffset);
    case 'O':
      return zoneElement('GMT(?:[+-]\\d{1,2}(?::\\d{2})?)?', zoneFromId);
    default:
      return undefined;
  }
}

interface CompiledPattern {
  readonly regex: RegExp;
  readonly elements: readonly Element[];
}

function compilePattern(pattern: string): CompiledPattern | string {
  const parts = tokenizeDatePattern(pattern);
  if (typeof parts === 'string') return parts;
  const elements: Element[] = [];
  let source = '^';
  for (const part of parts) {
    if (part.kind === 'literal') {
      if (part.text === '[' || part.text === ']') return 'optional sections "[...]" are not supported';
      source += escapeRegex(part.text);
      continue;
    }
    const element = fieldElement(part.letter, part.count);
    if (!element) return `unsupported pattern letter "${part.letter.repeat(part.count)}"`;
    source += element.regex;
    elements.push(element);
  }
  return { regex: new RegExp(`${source}$`, 'i'), elements };
}

/** Why a java.time pattern cannot be used by `time_to_epoch`, or undefined. */
export function javaPatternProblem(pattern: string): string | undefined {
  const compiled = compilePattern(pattern);
  return typeof compiled === 'string' ? compiled : undefined;
}

/**
 * `time_to_epoch(text, pattern)`: parses with a java.time pattern; UTC when the text names no zone.
 * Returns epoch milliseconds, or undefined when the text does not match or names an invalid date.
 */
export function parseJavaTime(text: string, pattern: string): number | undefined {
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return undefined;
  const match = compiled.regex.exec(text);
  if (!match) return undefined;
  const fields: Fields = {};
  for (let i = 0; i < compiled.elements.length; i++) {
    const apply = compiled.elements[i]?.apply;
    if (apply && !apply(match[i + 1] as string, fields)) return undefined;
  }
  if (fields.year === undefined) return undefined;
  const hasDate = fields.dayOfYear !== undefined || (fields.month !== undefined && fields.day !== undefined);
  if (!hasDate) return undefined;
  const hour = fields.hourOfDay ?? (fields.hourOfHalfDay ?? 0) + (fields.pm ? 12 : 0);
  const time = { hour, minute: fields.minute ?? 0, second: fields.second ?? 0, millisecond: fields.millisecond ?? 0 };
  const zone = fields.zone ?? FixedOffsetZone.utcInstance;
  const date =
    fields.dayOfYear !== undefined
      ? DateTime.fromObject({ year: fields.year, ordinal: fields.dayOfYear, ...time }, { zone })
      : DateTime.fromObject({ year: fields.year, month: fields.month, day: fields.day, ...time }, { zone });
  return date.isValid ? date.toMillis() : undefined;
}
