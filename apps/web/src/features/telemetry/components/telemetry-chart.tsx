import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { errorMessage } from '../../../lib/api-client';
import { telemetryQueries } from '../api/telemetry-queries';
import { type ChartRow, type ChartSeries, toChartRows } from '../utils/chart-series';
import { type TelemetryWindow, timeTicks } from '../utils/time-windows';

const DAY = 86_400_000;
const COLOR = '#2563eb';
const SPARSE_ROWS = 60;
const pad = (value: number) => String(value).padStart(2, '0');

function tickFormatter(spanMs: number) {
  return (time: number) => {
    const d = new Date(time);
    const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    return spanMs > DAY ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}` : clock;
  };
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 2);
}

function formatBucket(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

/** What the chart shows, in words: the latest average, how many samples and points. */
function Summary({ series }: { series: ChartSeries }) {
  const last = series.buckets.at(-1);
  if (!last) return <p className="muted small">No values in this window.</p>;
  const samples = series.buckets.reduce((n, b) => n + b.count, 0);
  return (
    <p className="muted small">
      Latest <strong data-testid="telemetry-latest">{formatValue(last.avg)}</strong> ·{' '}
      <span data-testid="telemetry-samples">{samples}</span> samples in {series.buckets.length} points of{' '}
      {formatBucket(series.bucketMs)} (line: average, band: min–max)
    </p>
  );
}

export function SeriesChart({ series, rows }: { series: ChartSeries; rows: ChartRow[] }) {
  const span = series.to - series.from;
  return (
    <ComposedChart responsive data={rows} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 16 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
      <XAxis
        dataKey="time"
        type="number"
        scale="time"
        domain={[series.from, series.to]}
        allowDataOverflow
        ticks={timeTicks(series.from, series.to)}
        tickFormatter={tickFormatter(span)}
      />
      <YAxis width={56} domain={['auto', 'auto']} tickFormatter={formatValue} />
      <Tooltip
        labelFormatter={(time) => new Date(Number(time)).toLocaleString()}
        formatter={(value) =>
          Array.isArray(value) ? value.map((v) => formatValue(Number(v))).join(' – ') : formatValue(Number(value))
        }
      />
      <Area
        type="linear"
        dataKey="range"
        name="min–max"
        stroke="none"
        fill={COLOR}
        fillOpacity={0.18}
        isAnimationActive={false}
        connectNulls={false}
      />
      <Line
        type="linear"
        dataKey="avg"
        name="average"
        stroke={COLOR}
        strokeWidth={1.5}
        // Few points (sparse data, a window just opened) would be invisible without dots.
        dot={rows.length <= SPARSE_ROWS ? { r: 2 } : false}
        isAnimationActive={false}
        connectNulls={false}
      />
    </ComposedChart>
  );
}

/** One numeric field of a device over a window: the average per bucket with its min–max band. */
export function TelemetryChart({
  deviceKey,
  field,
  window,
}: {
  deviceKey: string;
  field: string;
  window: TelemetryWindow;
}) {
  const id = useId();
  const series = useQuery(telemetryQueries.series(deviceKey, field, window));
  const rows = useMemo(() => (series.data ? toChartRows(series.data) : []), [series.data]);

  return (
    <figure className="telemetry-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <code>{field}</code>
      </figcaption>
      {series.isPending && <p className="muted small">Loading…</p>}
      {series.isError && (
        <p role="alert" className="alert">
          {errorMessage(series.error)}
        </p>
      )}
      {series.data && (
        <>
          <Summary series={series.data} />
          <SeriesChart series={series.data} rows={rows} />
        </>
      )}
    </figure>
  );
}
