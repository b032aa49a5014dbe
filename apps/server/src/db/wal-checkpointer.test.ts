import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from './database.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

const PAGE = 4096;

function writeRows(db: Db, transactions: number): void {
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
  for (let i = 0; i < transactions; i++) insert.run(Buffer.alloc(2 * PAGE, i % 256));
}

/** The WAL header's checkpoint sequence number, which grows by one each time the WAL starts over. */
function walCheckpointSequence(file: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(`${file}-wal`, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

async function databaseWithTable() {
  const dir = await tempDir();
  const file = join(dir.path, 'test.db');
  const db = openDatabase(file, []);
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  return { dir, file, db };
}

describe('WAL checkpoints in a worker thread', () => {
  test('the worker copies committed pages into the database file; the main connection checkpoints only past its limit', async () => {
    const { dir, file, db } = await databaseWithTable();
    const checkpointer = await startWalCheckpointer(db, { mainConnectionPages: 5000, idleMs: 60_000 });
    try {
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 5000);
      const sizeBefore = statSync(file).size;
      writeRows(db, 200);
      const report = await checkpointer.checkpointNow();
      assert.ok(report.walFrames >= 400, `${report.walFrames} frames in the WAL`);
      assert.equal(report.checkpointedFrames, report.walFrames, 'every frame copied');
      assert.ok(statSync(file).size >= sizeBefore + 200 * 2 * PAGE, 'the rows are in the database file itself');
    } finally {
      await checkpointer.close();
      db.close();
      await dir.remove();
    }
  });

  test('without being asked, the worker checkpoints every few milliseconds while the WAL grows', async () => {
    const { dir, file, db } = await databaseWithTable();
    const checkpointer = await startWalCheckpointer(db, { mainConnectionPages: 100_000 });
    try {
      const sizeBefore = statSync(file).size;
      writeRows(db, 200);
      const copied = () => statSync(file).size >= sizeBefore + 200 * 2 * PAGE;
      for (const deadline = Date.now() + 10_000; !copied() && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.ok(copied(), 'the rows reached the database file');
    } finally {
      await checkpointer.close();
      db.close();
      await dir.remove();
    }
  });

  test('once the worker has caught up, the next commit starts the WAL over instead of growing it', async () => {
    const { dir, db } = await databaseWithTable();
    const checkpointer = await startWalCheckpointer(db, { idleMs: 60_000 });
    try {
      writeRows(db, 100);
      const first = await checkpointer.checkpointNow();
      assert.equal(first.checkpointedFrames, first.walFrames);
      writeRows(db, 1);
      const second = await checkpointer.checkpointNow();
      assert.ok(second.walFrames < 10, `the WAL holds only the last commit (${second.walFrames} frames)`);
    } finally {
      await checkpointer.close();
      db.close();
      await dir.remove();
    }
  });

  test('each time the commit gate closes, the next commit starts the WAL over, while writes keep coming', async () => {
    const { dir, file, db } = await databaseWithTable();
    const checkpointer = await startWalCheckpointer(db, {
      intervalMs: 1,
      restartPages: 100,
      // Counted as caught up at any distance, and the gate waits for the checkpoint however long it takes:
      // what this test checks does not depend on how fast the worker runs on a busy machine.
      restartSlackPages: Number.MAX_SAFE_INTEGER,
      maxGateMs: 60_000,
      mainConnectionPages: 1_000_000,
    });
    try {
      const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
      insert.run(Buffer.alloc(PAGE));
      const sequenceBefore = walCheckpointSequence(file);
      let gates = 0;
      for (let i = 0, deadline = Date.now() + 20_000; gates < 3 && Date.now() < deadline; i++) {
        const gate = checkpointer.commitGate();
        if (gate !== undefined) {
          gates++;
          await gate;
        }
        insert.run(Buffer.alloc(PAGE, i % 256));
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(gates, 3);
      // Without restarts the sequence stays put however long the WAL grows.
      assert.ok(walCheckpointSequence(file) >= sequenceBefore + 3, 'the WAL started over after every gate');
    } finally {
      await checkpointer.close();
      db.close();
      await dir.remove();
    }
  });

  test('closing stops the worker; the main connection stays usable and its close leaves no WAL behind', async () => {
    const { dir, file, db } = await databaseWithTable();
    const checkpointer = await startWalCheckpointer(db);
    writeRows(db, 10);
    await checkpointer.close();
    await assert.rejects(checkpointer.checkpointNow(), /stopped/);
    writeRows(db, 10);
    assert.equal(db.prepare('SELECT count(*) FROM blobs').pluck().get(), 20);
    db.close();
    assert.equal(existsSync(`${file}-wal`), false);
    await dir.remove();
  });

  test('an in-memory database is refused: it has no WAL', async () => {
    const db = openDatabase(':memory:', []);
    await assert.rejects(startWalCheckpointer(db), /in-memory/);
    db.close();
  });
});
