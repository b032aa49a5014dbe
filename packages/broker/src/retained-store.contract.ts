import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RetainedMessage, RetainedStore } from './retained-store.js';

function retained(topic: string, payload = topic): RetainedMessage {
  return { topic, payload: Buffer.from(payload), qos: 1, receivedAt: new Date() };
}

async function topics(store: RetainedStore, filter: string): Promise<string[]> {
  return (await store.match(filter)).map((m) => m.topic).sort();
}

/** Behaviour every RetainedStore implementation must have (run by each implementation's tests). */
export function retainedStoreContract(name: string, create: () => RetainedStore | Promise<RetainedStore>): void {
  describe(`${name} (RetainedStore contract)`, () => {
    test('put then get returns the message; put again replaces it', async () => {
      const sut = await create();
      await sut.put(retained('a/b', 'one'));
      assert.equal((await sut.get('a/b'))?.payload.toString(), 'one');
      await sut.put(retained('a/b', 'two'));
      assert.equal((await sut.get('a/b'))?.payload.toString(), 'two');
    });

    test('delete removes the message and tolerates unknown topics', async () => {
      const sut = await create();
      await sut.put(retained('a/b'));
      await sut.delete('a/b');
      await sut.delete('never/stored');
      assert.equal(await sut.get('a/b'), undefined);
    });

    test('match uses MQTT matching including the $ rule', async () => {
      const sut = await create();
      for (const topic of ['a', 'a/b', 'a/b/c', 'b/b', '$SYS/x']) await sut.put(retained(topic));
      assert.deepEqual(await topics(sut, 'a/b'), ['a/b']);
      assert.deepEqual(await topics(sut, 'a/#'), ['a', 'a/b', 'a/b/c']);
      assert.deepEqual(await topics(sut, '+/b'), ['a/b', 'b/b']);
      assert.deepEqual(await topics(sut, '#'), ['a', 'a/b', 'a/b/c', 'b/b']);
      assert.deepEqual(await topics(sut, '$SYS/#'), ['$SYS/x']);
      assert.deepEqual(await topics(sut, 'nothing'), []);
    });

    test('list pages through every message in ascending topic order, $ topics included', async () => {
      const sut = await create();
      for (const topic of ['b', 'a/b', '$aws/x', 'a', 'c/d/e']) await sut.put(retained(topic, `payload of ${topic}`));
      const listed = async (page: { after?: string; limit: number }) => (await sut.list(page)).map((m) => m.topic);
      assert.deepEqual(await listed({ limit: 10 }), ['$aws/x', 'a', 'a/b', 'b', 'c/d/e']);
      assert.deepEqual(await listed({ limit: 2 }), ['$aws/x', 'a']);
      assert.deepEqual(await listed({ after: 'a', limit: 2 }), ['a/b', 'b']);
      assert.deepEqual(await listed({ after: 'b', limit: 2 }), ['c/d/e']);
      assert.deepEqual(await listed({ after: 'c/d/e', limit: 2 }), []);
      assert.equal((await sut.list({ after: 'a', limit: 1 }))[0]?.payload.toString(), 'payload of a/b');
    });

    test('list no longer returns a deleted message', async () => {
      const sut = await create();
      await sut.put(retained('a'));
      await sut.put(retained('b'));
      await sut.delete('a');
      assert.deepEqual(
        (await sut.list({ limit: 10 })).map((m) => m.topic),
        ['b'],
      );
    });
  });
}
