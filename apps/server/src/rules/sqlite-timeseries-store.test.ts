import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteTimeseriesStore } from './sqlite-timeseries-store.js';

const dir = await tempDir('meridian-timeseries-');
const opened: Db[] = [];
function newStore(): { sut: SqliteTimeseriesStore; db: Db } {
  const db = openDatabase(join(dir.path, `ts-${opened.length}.db`));
  opened.push(db);
  return { sut: new SqliteTimeseriesStore(db), db };
}
after(async () => {
  for (const database of opened) if (database.open) database.close();
  await dir.remove();
});

const row = (deviceKey: string, time: number, values: object) => ({ deviceKey, time, values: JSON.stringify(values) });

interface Expected {
  time: number;
  count: number;
  min: number;
  avg: number;
  max: number;
}

/** The buckets computed here from the samples, to compare with the store's answer. */
function expectedBuckets(samples: Array<[number, unknown]>, from: number, to: number, bucketMs: number): Expected[] {
  const groups = new Map<number, number[]>();
  for (const [time, x] of samples) {
    if (typeof x !== 'number' || time < from || time >= to) continue;
    const b = Math.floor((time - from) / bucketMs);
    groups.set(b, [...(groups.get(b) ?? []), x]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, xs]) => ({
      time: from + b * bucketMs,
      count: xs.length,
      min: Math.min(...xs),
      avg: xs.reduce((s, x) => s + x, 0) / xs.length,
      max: Math.max(...xs),
    }));
}

function assertBuckets(actual: Expected[] | undefined, wanted: Expected[]): void {
  assert.equal(actual?.length, wanted.length);
  actual?.forEach((bucket, i) => {
    const want = wanted[i] as Expected;
    assert.deepEqual({ ...bucket, avg: 0 }, { ...want, avg: 0 });
    assert.ok(Math.abs(bucket.avg - want.avg) < 1e-9, `avg ${bucket.avg} vs ${want.avg}`);
  });
}

describe(SqliteTimeseriesStore.name, () => {
  test('appends resolve once stored; rows of one tick share a transaction', async () => {
    const { sut, db } = newStore();
    await Promise.all([
      sut.append(row('d', 1, { t: 1 })),
      sut.append(row('d', 1, { t: 2 })),
      sut.append(row('e', 2, { t: 3 })),
    ]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM rule_timeseries').get() as { n: number }).n, 3);
  });

  test('downsampling gives the min, avg, max and count of each bucket, computed independently here', async () => {
    const { sut } = newStore();
    const from = 1_000_000;
    const values: Array<[number, number | string | null, number]> = [];
    for (let i = 0; i < 1000; i++) {
      const time = from + i * 37;
      const temperature = Math.round(Math.sin(i / 10) * 1000) / 10;
      const humidity: number | string | null = i % 7 === 0 ? 'n/a' : i % 11 === 0 ? null : i % 50;
      values.push([time, humidity, temperature]);
      await sut.append(row('dev', time, { temperature, env: { humidity } }));
    }
    await sut.append(row('other', from + 5, { temperature: 1e9 }));
    const to = from + 1000 * 37;
    const buckets = 7;
    const result = sut.query({ deviceKey: 'dev', fields: ['temperature', 'env.humidity'], from, to, buckets });
    const bucketMs = Math.ceil((to - from) / buckets);
    assert.equal(result.bucketMs, bucketMs);
    assertBuckets(
      result.series.temperature,
      expectedBuckets(
        values.map((v) => [v[0], v[2]]),
        from,
        to,
        bucketMs,
      ),
    );
    assertBuckets(
      result.series['env.humidity'],
      expectedBuckets(
        values.map((v) => [v[0], v[1]]),
        from,
        to,
        bucketMs,
      ),
    );
  });

  test('wide windows are answered from per-minute rollups, widened to whole minutes, with the same figures', async () => {
    const { sut } = newStore();
    const start = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const samples: Array<[number, number]> = [];
    const rows = [];
    for (let i = 0; i < 2000; i++) {
      const time = start + i * 7_300;
      const v = ((i * 7919) % 1000) / 10 - 20;
      samples.push([time, v]);
      rows.push(row('dev', time, { v, text: 'x' }));
    }
    sut.write(rows.slice(0, 1000));
    for (const r of rows.slice(1000)) await sut.append(r);
    const from = start + 1_234_567;
    const to = start + 2000 * 7_300 - 999_999;
    const result = sut.query({ deviceKey: 'dev', fields: ['v', 'text', 'absent'], from, to, buckets: 9 });
    assert.equal(result.from, Math.floor(from / 60_000) * 60_000);
    assert.equal(result.to, Math.ceil(to / 60_000) * 60_000);
    assert.equal(result.bucketMs % 60_000, 0);
    assert.ok(result.bucketMs * 9 >= result.to - result.from);
    assertBuckets(result.series.v, expectedBuckets(samples, result.from, result.to, result.bucketMs));
    assert.deepEqual(result.series.text, []);
    assert.deepEqual(result.series.absent, []);
  });

  test('the window includes from and excludes to; empty buckets are left out', async () => {
    const { sut } = newStore();
    for (const time of [99, 100, 150, 399, 400]) await sut.append(row('d', time, { v: time }));
    const result = sut.query({ deviceKey: 'd', fields: ['v'], from: 100, to: 400, buckets: 3 });
    assert.deepEqual(result.series.v, [
      { time: 100, count: 2, min: 100, avg: 125, max: 150 },
      { time: 300, count: 1, min: 399, avg: 399, max: 399 },
    ]);
  });

  test('rollup buckets: a value on a bucket edge starts the next bucket, `to` is excluded, empty buckets are left out', async () => {
    const { sut } = newStore();
    const m = 60_000;
    const base = 1000 * m;
    for (const [offset, v] of [
      [0, 1],
      [2 * m - 1, 3],
      [2 * m, 10],
      [5 * m + 59_999, 7],
      [6 * m, 1000],
    ] as const) {
      await sut.append(row('edge', base + offset, { v, note: 'text' }));
    }
    const result = sut.query({ deviceKey: 'edge', fields: ['v', 'note'], from: base, to: base + 6 * m, buckets: 3 });
    assert.equal(result.bucketMs, 2 * m);
    assert.deepEqual(result.series.v, [
      { time: base, count: 2, min: 1, avg: 2, max: 3 },
      { time: base + 2 * m, count: 1, min: 10, avg: 10, max: 10 },
      { time: base + 4 * m, count: 1, min: 7, avg: 7, max: 7 },
    ]);
    assert.deepEqual(result.series.note, []);
    const gap = sut.query({ deviceKey: 'edge', fields: ['v'], from: base, to: base + 6 * m, buckets: 6 });
    assert.deepEqual(
      gap.series.v?.map((b) => (b.time - base) / m),
      [0, 1, 2, 5],
    );
  });

  test('fields lists the numeric fields of one device with the first and last minute holding a value', async () => {
    const { sut } = newStore();
    const m = 60_000;
    await sut.append(row('dev', 10 * m + 5, { t: 1, label: 'x', flag: true, env: { h: 2, unit: '%' } }));
    await sut.append(row('dev', 12 * m + 5, { t: 'n/a' }));
    await sut.append(row('dev', 14 * m + 5, { t: 3 }));
    await sut.append(row('other', 20 * m, { p: 1 }));
    assert.deepEqual(sut.fields('dev'), {
      deviceKey: 'dev',
      fields: [
        { name: 'env.h', firstTime: 10 * m, lastTime: 10 * m },
        { name: 't', firstTime: 10 * m, lastTime: 14 * m },
      ],
    });
    assert.deepEqual(sut.fields('nobody'), { deviceKey: 'nobody', fields: [] });
  });

  test('bad field names and windows are InvalidRequestException', () => {
    const { sut } = newStore();
    const base = { deviceKey: 'd', fields: ['v'], from: 0, to: 10, buckets: 2 };
    for (const query of [
      { ...base, fields: ["v') FROM x; --"] },
      { ...base, fields: [] },
      { ...base, to: 0 },
      { ...base, buckets: 0 },
    ]) {
      assert.throws(() => sut.query(query), { type: 'InvalidRequestException' });
    }
  });

  test('a device window is one range scan of the primary key', () => {
    const { db } = newStore();
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT time, data FROM rule_timeseries WHERE device_key = 'd' AND time >= 1 AND time < 2",
      )
      .all() as Array<{ detail: string }>;
    assert.match(
      plan.map((p) => p.detail).join('\n'),
      /SEARCH rule_timeseries USING PRIMARY KEY \(device_key=\? AND time>\? AND time<\?\)/,
    );
  });

  test('a rollup window is one range scan of the rollup primary key per field', () => {
    const { db } = newStore();
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT field, minute FROM rule_timeseries_minutes
         WHERE device_key = 'd' AND field IN ('a', 'b') AND minute >= 1 AND minute < 2`,
      )
      .all() as Array<{ detail: string }>;
    assert.match(
      plan.map((p) => p.detail).join('\n'),
      /SEARCH rule_timeseries_minutes USING PRIMARY KEY \(device_key=\? AND field=\? AND minute>\? AND minute<\?\)/,
    );
  });

  test('devices lists each key with its latest time and numeric fields; retention deletes old rows', async () => {
    const { sut } = newStore();
    await sut.append(row('b', 10, { t: 1 }));
    await sut.append(row('a', 5, { x: 1 }));
    await sut.append(row('a', 20, { t: 2, label: 'x', env: { h: 3 } }));
    assert.deepEqual(sut.devices(), [
      { deviceKey: 'a', lastTime: 20, fields: ['t', 'env.h'] },
      { deviceKey: 'b', lastTime: 10, fields: ['t'] },
    ]);
    assert.equal(sut.deleteOlderThan(11), 2);
    assert.deepEqual(
      sut.devices().map((d) => d.deviceKey),
      ['a'],
    );
  });

  test('a week of 1 Hz data downsamples to 500 buckets quickly', async () => {
    const { sut, db } = newStore();
    const start = Date.UTC(2026, 0, 1);
    const week = 7 * 24 * 3600;
    // A week of 1 Hz rows makes these minute rollups, written directly here: the write path is covered
    // above, and wide windows read only the rollups (604,800 raw rows would only slow this test down).
    const insertMinute = db.prepare(
      "INSERT INTO rule_timeseries_minutes (device_key, field, minute, count, min, max, sum) VALUES ('dev', ?, ?, ?, ?, ?, ?)",
    );
    const temperature = (s: number) => 20 + (s % 600) / 100;
    const humidity = (s: number) => s % 100;
    const writing = performance.now();
    db.transaction(() => {
      for (let m = 0; m < week / 60; m++) {
        for (const [field, f] of [
          ['temperature', temperature],
          ['humidity', humidity],
        ] as const) {
          const xs = Array.from({ length: 60 }, (_, i) => f(m * 60 + i));
          const minute = start / 60_000 + m;
          insertMinute.run(
            field,
            minute,
            60,
            Math.min(...xs),
            Math.max(...xs),
            xs.reduce((a, b) => a + b, 0),
          );
        }
      }
    })();
    const written = performance.now() - writing;
    const began = performance.now();
    const result = sut.query({
      deviceKey: 'dev',
      fields: ['temperature', 'humidity'],
      from: start,
      to: start + week * 1000,
      buckets: 500,
    });
    const elapsed = performance.now() - began;
    assert.equal(result.series.temperature?.length, Math.ceil((week * 1000) / result.bucketMs));
    assert.ok((result.series.temperature?.length ?? 0) <= 500);
    assert.equal(
      result.series.temperature?.reduce((n, b) => n + b.count, 0),
      week,
    );
    assert.equal(result.series.humidity?.[0]?.max, 99);
    console.log(
      `week of 1 Hz (${week} rows, 2 fields) written in ${written.toFixed(0)} ms, queried in ${elapsed.toFixed(0)} ms`,
    );
    // Generous bound for a shared machine; a full-table or per-row JavaScript pass would miss it by far.
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });
});
