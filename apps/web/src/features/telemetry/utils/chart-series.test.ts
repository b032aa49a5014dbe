import { describe, expect, it } from 'vitest';
import { type ChartSeries, fromResponse, mergeLivePoint, slideWindow, toChartRows } from './chart-series';

const series = (overrides: Partial<ChartSeries> = {}): ChartSeries => ({
  from: 1000,
  to: 2000,
  origin: 1000,
  bucketMs: 100,
  buckets: [],
  ...overrides,
});

describe('chart series', () => {
  it('takes one field of a query response, keeping the server bucket origin and the requested window', () => {
    const bucket = { time: 960, count: 1, min: 1, avg: 1, max: 1 };
    const sut = fromResponse({ deviceKey: 'd', from: 960, to: 2040, bucketMs: 120, series: { t: [bucket] } }, 't', {
      from: 1000,
      to: 2000,
    });
    expect(sut).toEqual({ from: 1000, to: 2000, origin: 960, bucketMs: 120, buckets: [bucket] });
    expect(
      fromResponse({ deviceKey: 'd', from: 0, to: 1, bucketMs: 1, series: {} }, 'x', { from: 0, to: 1 }).buckets,
    ).toEqual([]);
  });

  it('merges live values into the bucket they fall in: count, min, max and a running average', () => {
    let sut = series({ buckets: [{ time: 1100, count: 2, min: 4, avg: 5, max: 6 }] });
    sut = mergeLivePoint(sut, 1199, 11);
    expect(sut.buckets).toEqual([{ time: 1100, count: 3, min: 4, avg: 7, max: 11 }]);
    sut = mergeLivePoint(sut, 1100, 1);
    expect(sut.buckets).toEqual([{ time: 1100, count: 4, min: 1, avg: 5.5, max: 11 }]);
  });

  it('starts a new bucket on the bucket edge, inserts late values in order, drops values before the window', () => {
    let sut = series({ buckets: [{ time: 1100, count: 1, min: 5, avg: 5, max: 5 }] });
    sut = mergeLivePoint(sut, 1300, 8);
    sut = mergeLivePoint(sut, 1250, 2);
    sut = mergeLivePoint(sut, 999, 100);
    expect(sut.buckets.map((b) => [b.time, b.avg])).toEqual([
      [1100, 5],
      [1200, 2],
      [1300, 8],
    ]);
  });

  it('aligns new buckets on the server origin, not on the window start', () => {
    const sut = mergeLivePoint(series({ from: 1030, origin: 1000 }), 1129, 3);
    expect(sut.buckets[0]?.time).toBe(1100);
  });

  it('slides the window and drops only buckets that ended before its start', () => {
    const sut = slideWindow(
      series({
        buckets: [
          { time: 1000, count: 1, min: 1, avg: 1, max: 1 },
          { time: 1100, count: 1, min: 2, avg: 2, max: 2 },
          { time: 1200, count: 1, min: 3, avg: 3, max: 3 },
        ],
      }),
      2150,
      1000,
    );
    expect(sut.from).toBe(1150);
    expect(sut.to).toBe(2150);
    expect(sut.buckets.map((b) => b.time)).toEqual([1100, 1200]);
    expect(slideWindow(sut, 9999, 1000).buckets).toEqual([]);
  });

  it('chart rows carry avg and the min–max band, with a break where the device was silent', () => {
    const b = (time: number, avg: number) => ({ time, count: 1, min: avg - 1, avg, max: avg + 1 });
    const rows = toChartRows(series({ buckets: [b(1000, 1), b(1100, 2), b(1200, 3), b(1300, 4), b(1900, 5)] }));
    expect(rows).toEqual([
      { time: 1000, avg: 1, range: [0, 2] },
      { time: 1100, avg: 2, range: [1, 3] },
      { time: 1200, avg: 3, range: [2, 4] },
      { time: 1300, avg: 4, range: [3, 5] },
      { time: 1400, avg: null, range: null },
      { time: 1900, avg: 5, range: [4, 6] },
    ]);
  });

  it('does not break the line when a slow device leaves every other bucket empty', () => {
    const b = (time: number) => ({ time, count: 1, min: 0, avg: 0, max: 0 });
    const rows = toChartRows(series({ buckets: [b(1000), b(1200), b(1400), b(1600)] }));
    expect(rows.every((row) => row.avg !== null)).toBe(true);
  });
});
