import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../apps/server/src/db/database.js';
import { startWalCheckpointer } from '../../apps/server/src/db/wal-checkpointer.js';
import { SqliteShadowStore } from '../../apps/server/src/shadows/sqlite-shadow-store.js';

/**
 * The shadow store alone, in this process: `SqliteShadowStore` on a fresh database file with the
 * platform's settings (WAL, checkpoints in the worker thread), each shadow's history filled first.
 * Every turn of the event loop asks for `--batch` saves of different shadows, as the service does
 * when several devices' updates arrive together; the next turn starts when they are committed.
 *
 *   node --import tsx bench/src/shadow-store.ts [--things 1000] [--batch 5] [--saves 60000] [--keep 100]
 *        [--pace-ms 0] [--no-checkpoint-worker]
 *
 * Printed: the process's CPU per save (both threads), and the wall time per save, which without
 * `--pace-ms` is the time the main thread spent (it never waits for anything else).
 */

const { values } = parseArgs({
  options: {
    things: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '5' },
    saves: { type: 'string', default: '60000' },
    keep: { type: 'string', default: '100' },
    'pace-ms': { type: 'string', default: '0' },
    'no-checkpoint-worker': { type: 'boolean', default: false },
  },
});
const things = Number(values.things);
const batch = Number(values.batch);
const saves = Number(values.saves);
const keep = Number(values.keep);
const paceMs = Number(values['pace-ms']);

const dir = mkdtempSync(path.join(os.tmpdir(), 'shadow-store-'));
const db = openDatabase(path.join(dir, 'meridian.db'));
const checkpointer = values['no-checkpoint-worker'] ? undefined : await startWalCheckpointer(db);
const store = new SqliteShadowStore(db);
const versions = new Array<number | undefined>(things).fill(undefined);

async function save(thing: number, seq: number): Promise<void> {
  const version = (versions[thing] ?? 0) + 1;
  const at = 1_700_000_000 + seq;
  const state = `{"reported":{"temperature":${20 + (seq % 10)},"seq":${seq}}}`;
  const metadata = `{"reported":{"temperature":{"timestamp":${at}},"seq":{"timestamp":${at}}}}`;
  const saved = await store.save({
    key: { thingName: `dev-${thing}` },
    document: { version, state: JSON.parse(state), metadata: JSON.parse(metadata), timestamp: at },
    serialized: { state, metadata },
    expectedVersion: versions[thing],
    keepVersions: keep,
  });
  if (!saved) throw new Error(`dev-${thing}: version ${version} refused`);
  versions[thing] = version;
}

async function run(count: number, firstSeq: number, pace: number): Promise<void> {
  for (let seq = firstSeq; seq < firstSeq + count; seq += batch) {
    const turn: Promise<void>[] = [];
    for (let k = 0; k < batch; k++) turn.push(save((seq + k) % things, seq + k));
    await Promise.all(turn);
    if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace));
  }
}

await run(things * Math.max(keep, 1), 0, 0);
const cpuBefore = process.cpuUsage();
const started = performance.now();
await run(saves, 10_000_000, paceMs);
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - started;
const perSave = (microseconds: number) => (microseconds / saves).toFixed(1);
console.log(
  `| ${things} | ${batch} | ${keep} | ${paceMs} | ${checkpointer ? 'worker' : 'main connection'} | ` +
    `${perSave(cpu.user + cpu.system)} (user ${perSave(cpu.user)}, sys ${perSave(cpu.system)}) | ${perSave(wallMs * 1000)} |`,
);
await checkpointer?.close();
db.close();
rmSync(dir, { recursive: true, force: true });
