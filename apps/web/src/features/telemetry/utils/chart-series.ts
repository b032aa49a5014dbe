import type { TimeseriesBucket, TimeseriesResponse } from '@meridian/contracts';

/** One field's downsampled series as a chart shows it; live rows are merged into its buckets. */
export interface ChartSeries {
  /** The window shown, epoch milliseconds. */
  from: number;
  to: number;
  /** Bucket starts are `origin + k * bucketMs` (the server may widen the window to whole minutes). */
  origin: number;
  bucketMs: number;
  /** Non-empty buckets in time order. */
  buckets: TimeseriesBucket[];
}

export function fromResponse(response: TimeseriesResponse, field: string, window: { from: number; to: number }) {
  const series: ChartSeries = {
    from: window.from,
    to: window.to,
    origin: response.from,
    bucketMs: response.bucketMs,
    buckets: response.series[field] ?? [],
  };
  return series;
}

/**
 * Adds one live value to the bucket its time falls in (a new bucket when there is none), so a live
 * chart keeps the server's resolution however long it stays open. Values before the window are dropped.
 */
export function mergeLivePoint(series: ChartSeries, time: number, value: number): ChartSeries {
  if (time < series.from || !Number.isFinite(value)) return series;
  const start = series.origin + Math.floor((time - series.origin) / series.bucketMs) * series.bucketMs;
  const buckets = series.buckets.slice();
  let i = buckets.length - 1;
  while (i >= 0 && (buckets[i] as TimeseriesBucket).time > start) i--;
  const found = i >= 0 ? buckets[i] : undefined;
  if (found && found.time === start) {
    const count = found.count + 1;
    buckets[i] = {
      time: start,
      count,
      min: Math.min(found.min, value),
      max: Math.max(found.max, value),
      avg: found.avg + (value - found.avg) / count,
    };
  } else {
    buckets.splice(i + 1, 0, { time: start, count: 1, min: value, avg: value, max: value });
  }
  return { ...series, buckets };
}

/** Moves the window to end at `now`, dropping buckets that ended before its new start. */
export function slideWindow(series: ChartSeries, now: number, spanMs: number): ChartSeries {
  const from = now - spanMs;
  const first = series.buckets.findIndex((b) => b.time + series.bucketMs > from);
  const buckets = first === -1 ? [] : first === 0 ? series.buckets : series.buckets.slice(first);
  return { ...series, from, to: Math.max(now, series.to), buckets };
}

/** A chart row: the bucket average and its min–max band; `null` values break the line at gaps. */
export interface ChartRow {
  time: number;
  avg: number | null;
  range: [number, number] | null;
}

/**
 * Rows for the chart. A gap much wider than the usual spacing between buckets (a device that was
 * offline) gets a `null` row so the line is not drawn across it.
 */
export function toChartRows(series: ChartSeries): ChartRow[] {
  const { buckets, bucketMs } = series;
  const gaps: number[] = [];
  for (let i = 1; i < buckets.length; i++)
    gaps.push((buckets[i] as TimeseriesBucket).time - (buckets[i - 1] as TimeseriesBucket).time);
  const sorted = gaps.slice().sort((a, b) => a - b);
  const usual = sorted[Math.floor(sorted.length / 2)] ?? bucketMs;
  const breakAfter = Math.max(2 * bucketMs, 3 * usual);
  const rows: ChartRow[] = [];
  buckets.forEach((b, i) => {
    const previous = buckets[i - 1];
    if (previous && b.time - previous.time > breakAfter) {
      rows.push({ time: previous.time + bucketMs, avg: null, range: null });
    }
    rows.push({ time: b.time, avg: b.avg, range: [b.min, b.max] });
  });
  return rows;
}
