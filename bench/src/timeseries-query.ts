/**
 * Telemetry chart queries (prints figures; not a timed test): fills a fresh SQLite file with 7 days of
 * 1 Hz rows for one device (two numeric fields and a text member, written through the store like the
 * timeseries action does), then times the console's downsampling query for the chart windows
 * (15 min, 1 h, 24 h, 7 d at 500 buckets) and, as the baseline, the same 7-day answer computed from
 * the raw rows instead of the per-minute rollups.
 *
 * Usage: node --import tsx bench/src/timeseries-query.ts [--days 7] [--runs 9] [--buckets 500]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../apps/server/src/db/database.js';
import { SqliteTimeseriesStore } from '../../apps/server/src/rules/sqlite-timeseries-store.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const days = option('days', 7);
const runs = option('runs', 9);
const buckets = option('buckets', 500);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DEVICE = 'bench-sensor';

const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-ts-bench-'));
const file = path.join(dir, 'timeseries.db');
const db = openDatabase(file);
const store = new SqliteTimeseriesStore(db);

try {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE;
  const start = end - days * DAY;
  const total = (end - start) / SECOND;

  const filling = performance.now();
  const chunk = 10_000;
  for (let first = 0; first < total; first += chunk) {
    const rows = [];
    for (let i = first; i < Math.min(total, first + chunk); i++) {
      const time = start + i * SECOND;
      const values = { temperature: 20 + 5 * Math.sin(i / 3600), humidity: 40 + (i % 600) / 20, unit: 'C' };
      rows.push({ deviceKey: DEVICE, time, values: JSON.stringify(values) });
    }
    store.write(rows);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fillMs = performance.now() - filling;
  console.log(
    `filled ${total.toLocaleString('en')} rows (${days} d at 1 Hz) in ${(fillMs / 1000).toFixed(1)} s; ` +
      `database ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
  );

  const median = (run: () => void): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const began = performance.now();
      run();
      times.push(performance.now() - began);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] as number;
  };

  console.log(`\nquery (median of ${runs}), fields temperature + humidity, ${buckets} buckets:`);
  console.log('window   source   points  ms');
  const windows: Array<[string, number]> = [
    ['15 min', 15 * MINUTE],
    ['1 h', HOUR],
    ['24 h', DAY],
    [`${days} d`, days * DAY],
  ];
  let weekMs = 0;
  for (const [label, span] of windows) {
    const query = { deviceKey: DEVICE, fields: ['temperature', 'humidity'], from: end - span, to: end, buckets };
    const answer = store.query(query);
    const ms = median(() => store.query(query));
    if (span === days * DAY) weekMs = ms;
    const source = span >= buckets * MINUTE ? 'rollups' : 'rows';
    const points = answer.series.temperature?.length ?? 0;
    console.log(`${label.padEnd(8)} ${source.padEnd(8)} ${String(points).padStart(6)}  ${ms.toFixed(1)}`);
  }

  // Baseline: the same buckets computed from every raw row (what a store without rollups would do).
  const bucketMs = Math.ceil((days * DAY) / buckets / MINUTE) * MINUTE;
  const raw = db.prepare(
    `SELECT CAST((time - @from) / @bucketMs AS INTEGER) AS bucket,
            count(t), min(t), avg(t), max(t), count(h), min(h), avg(h), max(h)
     FROM (SELECT time, data ->> '$.temperature' AS t, data ->> '$.humidity' AS h FROM rule_timeseries
           WHERE device_key = @device AND time >= @from AND time < @to LIMIT -1)
     GROUP BY bucket`,
  );
  const params = { device: DEVICE, from: end - days * DAY, to: end, bucketMs };
  const rawPoints = raw.all(params).length;
  const rawMs = median(() => raw.all(params));
  console.log(`${`${days} d`.padEnd(8)} ${'raw rows'.padEnd(8)} ${String(rawPoints).padStart(6)}  ${rawMs.toFixed(1)}`);
  console.log(`\nrollups vs raw rows over ${days} d: ${(rawMs / weekMs).toFixed(0)}x faster`);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
