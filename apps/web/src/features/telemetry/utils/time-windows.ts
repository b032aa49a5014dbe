const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The preset windows: they end now and slide while live rows arrive. */
export const LIVE_WINDOWS = [
  { id: '15m', label: '15 min', spanMs: 15 * MINUTE },
  { id: '1h', label: '1 h', spanMs: HOUR },
  { id: '24h', label: '24 h', spanMs: DAY },
  { id: '7d', label: '7 d', spanMs: 7 * DAY },
] as const;

export type LiveWindowId = (typeof LIVE_WINDOWS)[number]['id'];

export type TelemetryWindow = { kind: 'live'; id: LiveWindowId } | { kind: 'custom'; from: number; to: number };

export const DEFAULT_WINDOW: TelemetryWindow = { kind: 'live', id: '1h' };

export function liveSpanMs(id: LiveWindowId): number {
  return LIVE_WINDOWS.find((w) => w.id === id)?.spanMs ?? HOUR;
}

/** The window in epoch milliseconds at `now`. */
export function resolveWindow(window: TelemetryWindow, now: number): { from: number; to: number } {
  if (window.kind === 'custom') return { from: window.from, to: window.to };
  return { from: now - liveSpanMs(window.id), to: now };
}

/** A stable part of a query key: live windows by id (their times move), custom ones by their times. */
export function windowKey(window: TelemetryWindow): string {
  return window.kind === 'live' ? window.id : `${window.from}-${window.to}`;
}

/** How often a live window slides: about once per pixel column of a wide chart, at least every second. */
export function slideIntervalMs(spanMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.round(spanMs / 600)));
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM` in local time, the value format of `<input type="datetime-local">`. */
export function toLocalInputValue(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parses a `datetime-local` value (local time); `null` when empty or invalid. */
export function fromLocalInputValue(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : time;
}

const TICK_STEPS = [
  1000,
  5000,
  15_000,
  30_000,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/**
 * Round times for the x axis: the smallest step from a fixed list giving at most `count` ticks, on
 * multiples of the step in local time (so hour ticks land on whole hours).
 */
export function timeTicks(from: number, to: number, count = 6): number[] {
  if (!(to > from)) return [];
  const step = TICK_STEPS.find((s) => (to - from) / s <= count) ?? Math.ceil((to - from) / count / DAY) * DAY;
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}
