import type { LiveTimeseriesRow, TimeseriesFields } from '@meridian/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOptionalLiveSocket } from '../../../lib/live-socket-context';
import { telemetryQueries } from '../api/telemetry-queries';
import { type ChartSeries, mergeLivePoint, slideWindow } from '../utils/chart-series';
import { LIVE_WINDOWS, liveSpanMs, slideIntervalMs, type TelemetryWindow } from '../utils/time-windows';

const MINUTE = 60_000;

/** Cached live-window series of a device: `[..., 'series', field, windowId]` with a live window id. */
function liveSeriesQueries(queryClient: QueryClient, deviceKey: string) {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: telemetryQueries.allSeries(deviceKey) })
    .flatMap((query) => {
      const [, , , field, windowId] = query.queryKey as readonly unknown[];
      const live = LIVE_WINDOWS.find((w) => w.id === windowId);
      return typeof field === 'string' && live ? [{ queryKey: query.queryKey, field, spanMs: live.spanMs }] : [];
    });
}

/** Merges a live row into every cached live series of its device, and lists fields seen for the first time. */
export function applyLiveRow(queryClient: QueryClient, row: LiveTimeseriesRow): void {
  for (const { queryKey, field } of liveSeriesQueries(queryClient, row.deviceKey)) {
    const value = row.values[field];
    if (value === undefined) continue;
    queryClient.setQueryData<ChartSeries>(queryKey, (series) => series && mergeLivePoint(series, row.time, value));
  }
  queryClient.setQueryData<TimeseriesFields>(telemetryQueries.fields(row.deviceKey).queryKey, (list) => {
    if (!list) return list;
    const known = new Set(list.fields.map((f) => f.name));
    const minute = Math.floor(row.time / MINUTE) * MINUTE;
    const added = Object.keys(row.values)
      .filter((name) => !known.has(name))
      .map((name) => ({ name, firstTime: minute, lastTime: minute }));
    if (added.length === 0) return list;
    return { ...list, fields: [...list.fields, ...added].sort((a, b) => (a.name < b.name ? -1 : 1)) };
  });
}

/** Moves every cached live series of a device to end at `now`. */
export function slideLiveSeries(queryClient: QueryClient, deviceKey: string, now: number): void {
  for (const { queryKey, spanMs } of liveSeriesQueries(queryClient, deviceKey)) {
    queryClient.setQueryData<ChartSeries>(queryKey, (series) => series && slideWindow(series, now, spanMs));
  }
}

/**
 * Keeps a device's live charts current: watches its rows on the tab's live socket (when there is one),
 * merges them into the cached series, slides a live window with the clock, and refetches after a
 * reconnect (rows stored while disconnected never arrive as frames).
 */
export function useLiveTelemetry(deviceKey: string, window: TelemetryWindow): void {
  const socket = useOptionalLiveSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const stopWatching = socket.watchTimeseries(deviceKey);
    const stopFrames = socket.onFrame((frame) => {
      if (frame.type === 'timeseries-row' && frame.deviceKey === deviceKey) applyLiveRow(queryClient, frame);
    });
    let wasOpen = socket.getState().status === 'open';
    let seenOpen = wasOpen;
    const stopState = socket.onStateChange(() => {
      const open = socket.getState().status === 'open';
      if (open && !wasOpen && seenOpen) {
        void queryClient.invalidateQueries({ queryKey: telemetryQueries.allSeries(deviceKey) });
      }
      if (open) seenOpen = true;
      wasOpen = open;
    });
    return () => {
      stopWatching();
      stopFrames();
      stopState();
    };
  }, [socket, queryClient, deviceKey]);

  const liveId = window.kind === 'live' ? window.id : null;
  useEffect(() => {
    if (liveId === null) return;
    const timer = setInterval(
      () => slideLiveSeries(queryClient, deviceKey, Date.now()),
      slideIntervalMs(liveSpanMs(liveId)),
    );
    return () => clearInterval(timer);
  }, [queryClient, deviceKey, liveId]);
}
