import type { TimeseriesDeviceList, TimeseriesFields, TimeseriesResponse } from '@meridian/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiClient } from '../../../lib/api-client';
import { type ChartSeries, fromResponse } from '../utils/chart-series';
import { resolveWindow, type TelemetryWindow, windowKey } from '../utils/time-windows';

/** Points per chart: the server answers min/avg/max for at most this many buckets. */
export const CHART_BUCKETS = 500;

export function seriesPath(deviceKey: string, field: string, window: { from: number; to: number }): string {
  const params = new URLSearchParams({
    deviceKey,
    fields: field,
    from: String(window.from),
    to: String(window.to),
    buckets: String(CHART_BUCKETS),
  });
  return `/api/timeseries/query?${params}`;
}

export const telemetryQueries = {
  all: () => ['telemetry'] as const,
  /** Every device key with stored rows. Keyed by an object so that no device key can share its key. */
  deviceKeys: () =>
    queryOptions({
      queryKey: [...telemetryQueries.all(), { list: 'device-keys' }] as const,
      queryFn: ({ signal }) => apiClient.get<TimeseriesDeviceList>('/api/timeseries', { signal }),
      select: (list) => list.devices.map((device) => device.deviceKey),
    }),
  device: (deviceKey: string) => [...telemetryQueries.all(), deviceKey] as const,
  /** The numeric fields stored for a device key (a thing's name by default). */
  fields: (deviceKey: string) =>
    queryOptions({
      queryKey: [...telemetryQueries.device(deviceKey), 'fields'] as const,
      queryFn: ({ signal }) =>
        apiClient.get<TimeseriesFields>(`/api/timeseries/fields?${new URLSearchParams({ deviceKey })}`, { signal }),
    }),
  allSeries: (deviceKey: string) => [...telemetryQueries.device(deviceKey), 'series'] as const,
  /**
   * One field downsampled over a window. Live windows are keyed by their id: live rows and the sliding
   * timer keep the cached series current (`setQueryData`), so it never goes stale on its own.
   */
  series: (deviceKey: string, field: string, window: TelemetryWindow) =>
    queryOptions({
      queryKey: [...telemetryQueries.allSeries(deviceKey), field, windowKey(window)] as const,
      queryFn: async ({ signal }): Promise<ChartSeries> => {
        const range = resolveWindow(window, Date.now());
        const response = await apiClient.get<TimeseriesResponse>(seriesPath(deviceKey, field, range), { signal });
        return fromResponse(response, field, range);
      },
      staleTime: window.kind === 'live' ? Number.POSITIVE_INFINITY : 60_000,
      // A live series cached while another window was shown missed rows and slides: fetch it again.
      refetchOnMount: window.kind === 'live' ? 'always' : true,
    }),
};
