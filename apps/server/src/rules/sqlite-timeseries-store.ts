import type { TimeseriesBucket, TimeseriesDeviceList, TimeseriesFields, TimeseriesResponse } from '@meridian/contracts';
import { DomainError } from '@meridian/contracts';
import type { TimeseriesRow } from '@meridian/rules';
import type { Db } from '../db/database.js';

export interface TimeseriesQuery {
  deviceKey: string;
  /** Numeric fields of the stored objects; a dotted name reads a nested member (`env.temperature`). */
  fields: string[];
  /** Epoch milliseconds, `from` included, `to` excluded. */
  from: number;
  to: number;
  buckets: number;
}

const FIELD = /^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,3}$/;
export const MAX_QUERY_FIELDS = 8;
/** Numeric fields of one row that get per-minute rollups. */
const MAX_ROLLUP_FIELDS = 32;
const MINUTE = 60_000;

/** JSON path for json_extract, each member quoted. Field names are checked against FIELD first. */
const jsonPath = (field: string) =>
  `$.${field
    .split('.')
    .map((part) => `"${part}"`)
    .join('.')}`;

/**
 * Time-series rows written by timeseries actions, keyed by (device, time) so a device's window is one
 * range scan, plus per-minute rollups (count/min/max/sum) of every numeric field, kept up to date on
 * write. Queries downsample to min/avg/max per bucket: from the rows when buckets are shorter than a
 * minute, else from the rollups (then the window is widened to whole minutes and `bucketMs` is a whole
 * number of minutes), so a week of 1 Hz data reads ~10k rollup rows per field instead of 600k documents.
 * Appends are batched into one transaction per tick and resolve once committed.
 */
export class SqliteTimeseriesStore {
  private readonly insertMany;
  private readonly firstDevice;
  private readonly nextDevice;
  private readonly lastRow;
  private readonly deleteRowsBefore;
  private readonly deleteMinutesBefore;
  private readonly firstField;
  private readonly nextField;
  private readonly firstMinute;
  private readonly lastMinute;
  private pending: Array<{ row: TimeseriesRow; done: () => void; fail: (error: Error) => void }> = [];
  private flushScheduled = false;
  // Orders rows of one device and millisecond; seeded from the clock so it keeps rising across restarts.
  private seq = Date.now() * 1000;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 2000,
  ) {
    const insert = db.prepare('INSERT INTO rule_timeseries (device_key, time, seq, data) VALUES (?, ?, ?, ?)');
    const rollup = db.prepare(
      `INSERT INTO rule_timeseries_minutes (device_key, field, minute, count, min, max, sum) VALUES (?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (device_key, field, minute) DO UPDATE SET count = count + 1, min = min(min, excluded.min),
         max = max(max, excluded.max), sum = sum + excluded.sum`,
    );
    this.insertMany = db.transaction((rows: TimeseriesRow[]) => {
      for (const row of rows) {
        insert.run(row.deviceKey, row.time, this.seq++, row.values);
        const minute = Math.floor(row.time / MINUTE);
        for (const [field, value] of numericMembers(row.values))
          rollup.run(row.deviceKey, field, minute, value, value, value);
      }
    });
    this.firstDevice = db.prepare<[], { device_key: string }>(
      'SELECT device_key FROM rule_timeseries ORDER BY device_key LIMIT 1',
    );
    this.nextDevice = db.prepare<[string], { device_key: string }>(
      'SELECT device_key FROM rule_timeseries WHERE device_key > ? ORDER BY device_key LIMIT 1',
    );
    this.lastRow = db.prepare<[string], { time: number; data: string }>(
      'SELECT time, data FROM rule_timeseries WHERE device_key = ? ORDER BY time DESC, seq DESC LIMIT 1',
    );
    this.firstField = db.prepare<[string], { field: string }>(
      'SELECT field FROM rule_timeseries_minutes WHERE device_key = ? ORDER BY field LIMIT 1',
    );
    this.nextField = db.prepare<[string, string], { field: string }>(
      'SELECT field FROM rule_timeseries_minutes WHERE device_key = ? AND field > ? ORDER BY field LIMIT 1',
    );
    this.firstMinute = db.prepare<[string, string], { minute: number }>(
      'SELECT minute FROM rule_timeseries_minutes WHERE device_key = ? AND field = ? ORDER BY minute LIMIT 1',
    );
    this.lastMinute = db.prepare<[string, string], { minute: number }>(
      'SELECT minute FROM rule_timeseries_minutes WHERE device_key = ? AND field = ? ORDER BY minute DESC LIMIT 1',
    );
    this.deleteRowsBefore = db.prepare<[string, number]>(
      'DELETE FROM rule_timeseries WHERE device_key = ? AND time < ?',
    );
    this.deleteMinutesBefore = db.prepare<[string, number]>(
      'DELETE FROM rule_timeseries_minutes WHERE device_key = ? AND minute < ?',
    );
  }

  /** Stores a row; resolves when its batch is committed. */
  append(row: TimeseriesRow): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ row, done, fail });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stores rows at once in one transaction (imports, tests). */
  write(rows: TimeseriesRow[]): void {
    this.insertMany(rows);
  }

  /** Commits the rows waiting for the next batch. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.insertMany(batch.map((entry) => entry.row));
      for (const entry of batch) entry.done();
    } catch (error) {
      for (const entry of batch) entry.fail(error as Error);
    }
  }

  /** min/avg/max per bucket of each field; buckets without a numeric value are left out. */
  query(query: TimeseriesQuery): TimeseriesResponse {
    const { deviceKey, fields, buckets } = query;
    if (fields.length === 0 || fields.length > MAX_QUERY_FIELDS) {
      throw new DomainError('InvalidRequestException', `Ask for 1 to ${MAX_QUERY_FIELDS} fields`);
    }
    const bad = fields.find((field) => !FIELD.test(field));
    if (bad !== undefined) throw new DomainError('InvalidRequestException', `"${bad}" is not a field name`);
    if (!(query.to > query.from)) throw new DomainError('InvalidRequestException', '"to" must be after "from"');
    if (!Number.isInteger(buckets) || buckets < 1) {
      throw new DomainError('InvalidRequestException', 'buckets must be a whole number greater than 0');
    }
    const span = query.to - query.from;
    if (span >= buckets * MINUTE) {
      const from = Math.floor(query.from / MINUTE) * MINUTE;
      const to = Math.ceil(query.to / MINUTE) * MINUTE;
      const bucketMs = Math.ceil((to - from) / buckets / MINUTE) * MINUTE;
      return { deviceKey, from, to, bucketMs, series: this.fromMinutes(deviceKey, fields, from, to, bucketMs) };
    }
    const { from, to } = query;
    const bucketMs = Math.max(1, Math.ceil(span / buckets));
    return { deviceKey, from, to, bucketMs, series: this.fromRows(deviceKey, fields, from, to, bucketMs) };
  }

  private fromMinutes(deviceKey: string, fields: string[], from: number, to: number, bucketMs: number) {
    const rows = this.db
      .prepare<unknown[], [string, number, number, number, number, number]>(
        `SELECT field, CAST((minute * ${MINUTE} - @from) / @bucketMs AS INTEGER) AS bucket, sum(count), min(min), sum(sum) / sum(count), max(max)
         FROM rule_timeseries_minutes
         WHERE device_key = @deviceKey AND field IN (${fields.map((_, i) => `@f${i}`).join(', ')})
           AND minute >= @fromMinute AND minute < @toMinute
         GROUP BY field, bucket ORDER BY field, bucket`,
      )
      .raw()
      .all({
        deviceKey,
        from,
        bucketMs,
        fromMinute: from / MINUTE,
        toMinute: to / MINUTE,
        ...Object.fromEntries(fields.map((field, i) => [`f${i}`, field])),
      });
    const series: Record<string, TimeseriesBucket[]> = Object.fromEntries(fields.map((field) => [field, []]));
    for (const [field, bucket, count, min, avg, max] of rows) {
      series[field]?.push({ time: from + bucket * bucketMs, count, min, avg, max });
    }
    return series;
  }

  private fromRows(deviceKey: string, fields: string[], from: number, to: number, bucketMs: number) {
    const numeric = (i: number) => `CASE WHEN typeof(x${i}) IN ('integer', 'real') THEN x${i} END AS v${i}`;
    const extracted = fields.map((field, i) => `data ->> '${jsonPath(field)}' AS x${i}`).join(', ');
    const aggregates = fields.map((_, i) => `count(v${i}), min(v${i}), avg(v${i}), max(v${i})`).join(', ');
    // LIMIT -1 keeps SQLite from flattening the subqueries, which would extract each member once per use.
    const rows = this.db
      .prepare(
        `SELECT bucket, ${aggregates} FROM (
           SELECT CAST((time - @from) / @bucketMs AS INTEGER) AS bucket, ${fields.map((_, i) => numeric(i)).join(', ')}
           FROM (SELECT time, ${extracted} FROM rule_timeseries
                 WHERE device_key = @deviceKey AND time >= @from AND time < @to LIMIT -1)
           LIMIT -1)
         GROUP BY bucket ORDER BY bucket`,
      )
      .raw()
      .all({ deviceKey, from, to, bucketMs }) as number[][];
    const series: Record<string, TimeseriesBucket[]> = {};
    fields.forEach((field, i) => {
      const out: TimeseriesBucket[] = [];
      for (const row of rows) {
        const count = row[1 + i * 4] as number;
        if (count === 0) continue;
        out.push({
          time: from + (row[0] as number) * bucketMs,
          count,
          min: row[2 + i * 4] as number,
          avg: row[3 + i * 4] as number,
          max: row[4 + i * 4] as number,
        });
      }
      series[field] = out;
    });
    return series;
  }

  /** Every device key with its latest row time and the numeric fields of its latest row. */
  devices(): TimeseriesDeviceList['devices'] {
    const out: TimeseriesDeviceList['devices'] = [];
    // Walks the primary key from one device to the next instead of scanning every row.
    for (let device = this.firstDevice.get(); device; device = this.nextDevice.get(device.device_key)) {
      const last = this.lastRow.get(device.device_key);
      if (!last) continue;
      out.push({
        deviceKey: device.device_key,
        lastTime: last.time,
        fields: numericMembers(last.data).map(([f]) => f),
      });
    }
    return out;
  }

  /**
   * The numeric fields stored for one device key, by name, with the first and last minute holding a value.
   * Read from the rollups (only numeric members get one), jumping along the primary key field by field.
   */
  fields(deviceKey: string): TimeseriesFields {
    const fields: TimeseriesFields['fields'] = [];
    for (let f = this.firstField.get(deviceKey); f; f = this.nextField.get(deviceKey, f.field)) {
      const first = this.firstMinute.get(deviceKey, f.field);
      const last = this.lastMinute.get(deviceKey, f.field);
      if (!first || !last) continue;
      fields.push({ name: f.field, firstTime: first.minute * MINUTE, lastTime: last.minute * MINUTE });
    }
    return { deviceKey, fields };
  }

  /** Retention: deletes rows (and whole minutes of rollups) older than `time`; returns the rows deleted. */
  deleteOlderThan(time: number): number {
    let deleted = 0;
    for (let device = this.firstDevice.get(); device; device = this.nextDevice.get(device.device_key)) {
      deleted += this.deleteRowsBefore.run(device.device_key, time).changes;
      this.deleteMinutesBefore.run(device.device_key, Math.floor(time / MINUTE));
    }
    return deleted;
  }
}

/** Numeric members of a stored JSON object, nested ones as dotted names (up to four levels). */
export function numericMembers(data: string): Array<[string, number]> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return [];
  }
  const out: Array<[string, number]> = [];
  const visit = (node: unknown, prefix: string, depth: number) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, member] of Object.entries(node)) {
      if (out.length >= MAX_ROLLUP_FIELDS) return;
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof member === 'number' && Number.isFinite(member) && FIELD.test(name)) out.push([name, member]);
      else if (depth < 4) visit(member, name, depth + 1);
    }
  };
  visit(value, '', 1);
  return out;
}
