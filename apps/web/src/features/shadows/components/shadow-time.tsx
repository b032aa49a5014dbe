const pad = (value: number) => String(value).padStart(2, '0');

/** Local `YYYY-MM-DD HH:MM:SS` of epoch seconds (shadow metadata and versions use seconds). */
export function formatEpochSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function ShadowTime({ seconds }: { seconds: number }) {
  const iso = new Date(seconds * 1000).toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {formatEpochSeconds(seconds)}
    </time>
  );
}
