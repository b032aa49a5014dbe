import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDateTime } from './format-date';

describe(formatClockTime.name, () => {
  it('formats local time as HH:MM:SS.mmm with zero padding', () => {
    expect(formatClockTime(new Date(2025, 0, 2, 3, 4, 5, 6))).toBe('03:04:05.006');
    expect(formatClockTime(new Date(2025, 11, 31, 23, 59, 59, 999))).toBe('23:59:59.999');
  });

  it('accepts ISO strings', () => {
    const date = new Date(2025, 5, 1, 14, 30, 15, 120);
    expect(formatClockTime(date.toISOString())).toBe('14:30:15.120');
  });

  it('returns unparsable input unchanged', () => {
    expect(formatClockTime('not a date')).toBe('not a date');
  });
});

describe(formatDateTime.name, () => {
  it('formats local date and time to the minute', () => {
    expect(formatDateTime(new Date(2026, 1, 3, 9, 7, 0))).toBe('2026-02-03 09:07');
  });
});
