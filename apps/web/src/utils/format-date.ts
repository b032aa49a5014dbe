const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function toDate(value: string | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local wall-clock time with milliseconds, `HH:MM:SS.mmm`; unparsable input is returned as is. */
export function formatClockTime(value: string | Date): string {
  const date = toDate(value);
  if (!date) return String(value);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Local date and time to the minute, `YYYY-MM-DD HH:MM`; unparsable input is returned as is. */
export function formatDateTime(value: string | Date): string {
  const date = toDate(value);
  if (!date) return String(value);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
