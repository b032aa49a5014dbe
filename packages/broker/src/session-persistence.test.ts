import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { noopLogger } from './logger.js';
import { SessionPersistence } from './session-persistence.js';
import type { SessionStore, SessionStoreOp, StoredOutgoing } from './session-store.js';

function recordingStore(result: () => void | Promise<void> = () => {}): SessionStore & { batches: SessionStoreOp[][] } {
  const batches: SessionStoreOp[][] = [];
  return {
    batches,
    apply(ops) {
      batches.push([...ops]);
      return result();
    },
    load: () => [],
  };
}

const message = (seq: number): StoredOutgoing => ({
  seq,
  packetId: seq,
  state: 'publish',
  qos: 1,
  retain: false,
  topic: 't',
  payload: Buffer.from('x'),
  receivedAt: new Date(),
});

describe('SessionPersistence', () => {
  test('the changes of one tick are applied as one batch, then the waiting acknowledgements run', async () => {
    const store = recordingStore();
    const persistence = new SessionPersistence(store, noopLogger);
    persistence.add({ op: 'putSession', session: { clientId: 'c', protocolVersion: 4, expiryIntervalSeconds: 9 } });
    persistence.add({ op: 'putOutgoing', clientId: 'c', message: message(1) });
    const settled = new Promise<boolean>((resolve) => persistence.afterFlush(resolve));
    assert.equal(store.batches.length, 0, 'nothing written synchronously');
    assert.equal(await settled, true);
    assert.equal(store.batches.length, 1);
    assert.equal(store.batches[0]?.length, 2);
  });

  test('a message delivered and acknowledged within the batch is never written', async () => {
    const store = recordingStore();
    const persistence = new SessionPersistence(store, noopLogger);
    persistence.add({ op: 'putOutgoing', clientId: 'c', message: message(1) });
    persistence.add({ op: 'putOutgoing', clientId: 'c', message: message(2) });
    persistence.add({ op: 'deleteOutgoing', clientId: 'c', seq: 1 });
    await persistence.drain();
    assert.deepEqual(
      store.batches[0]?.map((op) => op.op),
      ['putOutgoing', 'deleteOutgoing'],
    );
  });

  test('asynchronous batches are applied in order; a failure settles the waiters with false', async () => {
    const releases: Array<(error?: Error) => void> = [];
    const store = recordingStore(
      () => new Promise<void>((resolve, reject) => releases.push((error) => (error ? reject(error) : resolve()))),
    );
    const persistence = new SessionPersistence(store, noopLogger);
    persistence.add({ op: 'deleteSession', clientId: 'a' });
    const first = new Promise<boolean>((resolve) => persistence.afterFlush(resolve));
    persistence.flush();
    persistence.add({ op: 'deleteSession', clientId: 'b' });
    const second = new Promise<boolean>((resolve) => persistence.afterFlush(resolve));
    persistence.flush();
    assert.equal(store.batches.length, 1, 'the second batch waits for the first');
    releases[0]!(new Error('disk full'));
    assert.equal(await first, false);
    while (releases.length < 2) await new Promise((r) => setImmediate(r));
    releases[1]!();
    assert.equal(await second, true);
  });
});
