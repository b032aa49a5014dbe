import { describe, expect, it } from 'vitest';
import {
  fromLocalInputValue,
  resolveWindow,
  slideIntervalMs,
  timeTicks,
  toLocalInputValue,
  windowKey,
} from './time-windows';

describe('time windows', () => {
  it('live windows end now; custom windows keep their times', () => {
    expect(resolveWindow({ kind: 'live', id: '15m' }, 1_000_000)).toEqual({ from: 100_000, to: 1_000_000 });
    expect(resolveWindow({ kind: 'live', id: '7d' }, 7 * 86_400_000)).toEqual({ from: 0, to: 7 * 86_400_000 });
    expect(resolveWindow({ kind: 'custom', from: 5, to: 9 }, 1_000_000)).toEqual({ from: 5, to: 9 });
  });

  it('query keys name live windows by id and custom ones by their times', () => {
    expect(windowKey({ kind: 'live', id: '24h' })).toBe('24h');
    expect(windowKey({ kind: 'custom', from: 5, to: 9 })).toBe('5-9');
  });

  it('datetime-local values round-trip in local time; bad input is null', () => {
    const time = new Date(2026, 4, 6, 7, 8).getTime();
    expect(toLocalInputValue(time)).toBe('2026-05-06T07:08');
    expect(fromLocalInputValue('2026-05-06T07:08')).toBe(time);
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('2026-13-45T99:99')).toBeNull();
  });

  it('slides at least every second and at most every minute', () => {
    expect(slideIntervalMs(15 * 60_000)).toBe(1500);
    expect(slideIntervalMs(60_000)).toBe(1000);
    expect(slideIntervalMs(7 * 86_400_000)).toBe(60_000);
  });

  it('x-axis ticks are round local times, at most the count asked for', () => {
    const from = new Date(2026, 0, 1, 10, 7, 30).getTime();
    const hour = timeTicks(from, from + 3_600_000);
    expect(hour.map((t) => new Date(t).getMinutes())).toEqual([10, 20, 30, 40, 50, 0]);
    const week = timeTicks(from, from + 7 * 86_400_000);
    expect(week.length).toBeLessThanOrEqual(6);
    expect(week.every((t) => new Date(t).getHours() === 0 && new Date(t).getMinutes() === 0)).toBe(true);
    expect(timeTicks(5, 5)).toEqual([]);
  });
});
