import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { telemetryQueries } from '../api/telemetry-queries';
import type { ChartSeries } from '../utils/chart-series';
import { applyLiveRow, slideLiveSeries } from './use-live-telemetry';

const MINUTE = 60_000;
const series = (from: number, to: number): ChartSeries => ({
  from,
  to,
  origin: from,
  bucketMs: MINUTE,
  buckets: [{ time: from, count: 1, min: 1, avg: 1, max: 1 }],
});

function setup() {
  const queryClient = new QueryClient();
  const live = telemetryQueries.series('d', 't', { kind: 'live', id: '15m' }).queryKey;
  const custom = telemetryQueries.series('d', 't', { kind: 'custom', from: 0, to: 15 * MINUTE }).queryKey;
  const otherField = telemetryQueries.series('d', 'h', { kind: 'live', id: '15m' }).queryKey;
  queryClient.setQueryData(live, series(0, 15 * MINUTE));
  queryClient.setQueryData(custom, series(0, 15 * MINUTE));
  queryClient.setQueryData(otherField, series(0, 15 * MINUTE));
  return { queryClient, live, custom, otherField };
}

describe('live telemetry cache updates', () => {
  it('merges a row into the cached live series of its fields only, never into custom windows', () => {
    const { queryClient, live, custom, otherField } = setup();
    applyLiveRow(queryClient, { type: 'timeseries-row', deviceKey: 'd', time: 14 * MINUTE, values: { t: 5 } });
    expect(queryClient.getQueryData<ChartSeries>(live)?.buckets.map((b) => [b.time, b.avg])).toEqual([
      [0, 1],
      [14 * MINUTE, 5],
    ]);
    expect(queryClient.getQueryData<ChartSeries>(custom)?.buckets).toHaveLength(1);
    expect(queryClient.getQueryData<ChartSeries>(otherField)?.buckets).toHaveLength(1);
  });

  it('slides the live series of the device with the clock', () => {
    const { queryClient, live, custom } = setup();
    slideLiveSeries(queryClient, 'd', 16 * MINUTE);
    expect(queryClient.getQueryData<ChartSeries>(live)).toMatchObject({ from: MINUTE, to: 16 * MINUTE, buckets: [] });
    expect(queryClient.getQueryData<ChartSeries>(custom)?.from).toBe(0);
  });
});
