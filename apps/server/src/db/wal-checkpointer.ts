import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints while the WAL grows. */
  intervalMs?: number;
  /** How often it looks once the WAL has stopped growing. */
  idleMs?: number;
  /** WAL size in pages from which the worker, once caught up, asks for the commit gate to start the WAL over. */
  restartPages?: number;
  /**
   * How far behind the WAL's end the worker may be and still count as caught up: what the checkpoint
   * behind the closed gate copies (commits that come during the worker's own checkpoints keep it a
   * little behind).
   */
  restartSlackPages?: number;
  /** Longest time the commit gate stays closed for one restart. */
  maxGateMs?: number;
  /**
   * WAL size in pages past which the main connection checkpoints by itself (SQLite's automatic checkpoint):
   * a bound for when the gate cannot help, such as many writes that do not pass it.
   */
  mainConnectionPages?: number;
  /** The worker failed or stopped on its own; the main connection's checkpoints go on alone. */
  onError?(error: Error): void;
}

export interface CheckpointReport {
  /** Frames in the WAL. */
  walFrames: number;
  /** Frames of those already copied into the database file. */
  checkpointedFrames: number;
  /** Another connection held the checkpoint lock. */
  busy: boolean;
}

export interface WalCheckpointer {
  /** Runs a checkpoint in the worker now and reports it. */
  checkpointNow(): Promise<CheckpointReport>;
  /**
   * While the worker finishes a checkpoint meant to let the WAL start over: a promise that settles when it
   * is done (at most `maxGateMs`). Writers that can wait (the shadow store's batches) commit after it.
   */
  commitGate(): Promise<void> | undefined;
  /** Stops the worker and closes its connection (the main connection stays open). */
  close(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 10;
const DEFAULT_IDLE_MS = 100;
const DEFAULT_RESTART_PAGES = 4000;
const DEFAULT_RESTART_SLACK_PAGES = 256;
const DEFAULT_MAX_GATE_MS = 20;
const DEFAULT_MAIN_CONNECTION_PAGES = 40_000;

// Plain JavaScript run with `eval`, so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  return { walFrames: row.log, checkpointedFrames: row.checkpointed, busy: row.busy === 1 };
};
// Every few milliseconds while commits come, backing off to idleMs when the WAL stops growing.
let timer;
let lastWalFrames = -1;
let delay = workerData.intervalMs;
// WAL length when the gate was last asked for; asked again only if the WAL did not start over since.
let askedAt = -1;
const tick = () => {
  const report = checkpoint();
  const growing = report.walFrames !== 0 && report.walFrames !== lastWalFrames;
  lastWalFrames = report.walFrames;
  delay = growing ? workerData.intervalMs : Math.min(delay * 2, workerData.idleMs);
  if (report.walFrames < workerData.restartPages) askedAt = -1;
  // Caught up with a long WAL: one more checkpoint with no commit during it lets the next commit start over.
  const due = askedAt === -1 || report.walFrames >= askedAt + workerData.restartPages;
  const caughtUp = report.walFrames - report.checkpointedFrames <= workerData.restartSlackPages;
  if (due && caughtUp && report.walFrames >= workerData.restartPages) {
    askedAt = report.walFrames;
    parentPort.postMessage({ type: 'restart-due' });
  }
  timer = setTimeout(tick, delay);
};
timer = setTimeout(tick, delay);
parentPort.on('message', (message) => {
  if (message.type === 'checkpoint') {
    parentPort.postMessage({ type: 'checkpointed', id: message.id, report: checkpoint() });
  } else if (message.type === 'stop') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * Runs SQLite's WAL checkpoints in a worker thread with a connection of its own, off the event loop.
 * A checkpoint copies committed pages from the WAL into the database file and syncs both files; on the
 * main connection it stalled a commit for 20-25 ms every thousand pages.
 *
 * The WAL starts over from its beginning only at a commit that finds every frame already copied, so
 * a checkpoint has to finish between two commits; while commits keep coming, the worker alone rarely
 * manages that. So once the WAL is long and the worker has caught up, it asks for the commit gate:
 * writers that pass it (the shadow store) hold their commits for the one short checkpoint that copies
 * what is left, and their next commit starts the WAL over. The main connection never waits.
 */
export async function startWalCheckpointer(db: Db, options: WalCheckpointerOptions = {}): Promise<WalCheckpointer> {
  if (db.memory) throw new Error('an in-memory database has no WAL to checkpoint');
  const mainConnectionPages = options.mainConnectionPages ?? DEFAULT_MAIN_CONNECTION_PAGES;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: db.name,
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      restartPages: options.restartPages ?? DEFAULT_RESTART_PAGES,
      restartSlackPages: options.restartSlackPages ?? DEFAULT_RESTART_SLACK_PAGES,
    },
  });
  worker.unref();
  const pending = new Map<number, { resolve(report: CheckpointReport): void; reject(error: Error): void }>();
  let nextId = 0;
  let stopping = false;
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const fail = (error: Error) => {
    if (failure !== undefined) return;
    failure = error;
    // Back to SQLite's default, so the WAL stays as small as it would without the worker.
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    options.onError?.(error);
  };

  await new Promise<void>((resolve, reject) => {
    const onStartError = (error: Error) => reject(error);
    worker.once('error', onStartError);
    worker.once('message', (message: { type: string }) => {
      worker.off('error', onStartError);
      if (message.type === 'ready') resolve();
      else reject(new Error(`unexpected first message from the WAL checkpointer: ${message.type}`));
    });
  });

  const maxGateMs = options.maxGateMs ?? DEFAULT_MAX_GATE_MS;
  let gate: Promise<void> | undefined;
  const closeGate = () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxGateMs);
    });
    const finished = checkpointNow().then(
      () => {},
      () => {},
    );
    gate = Promise.race([finished, timeout]).finally(() => {
      clearTimeout(timer);
      gate = undefined;
    });
  };

  const checkpointNow = (): Promise<CheckpointReport> => {
    if (stopping) return Promise.reject(new Error('the WAL checkpointer is stopped'));
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'checkpoint', id });
    });
  };

  worker.on('message', (message: { type: string; id: number; report: CheckpointReport }) => {
    if (message.type === 'restart-due') {
      if (gate === undefined && !stopping) closeGate();
      return;
    }
    if (message.type !== 'checkpointed') return;
    pending.get(message.id)?.resolve(message.report);
    pending.delete(message.id);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`the WAL checkpointer stopped (exit code ${code})`));
  });
  db.pragma(`wal_autocheckpoint = ${mainConnectionPages}`);

  return {
    checkpointNow,
    commitGate: () => gate,
    async close() {
      if (stopping) return exited;
      stopping = true;
      // Kept alive until it has closed its connection.
      worker.ref();
      if (failure === undefined) worker.postMessage({ type: 'stop' });
      else await worker.terminate();
      await exited;
    },
  };
}
