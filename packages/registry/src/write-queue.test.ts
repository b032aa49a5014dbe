import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DomainError } from '@meridian/contracts';
import { certArn, newTestRegistry } from './test-registry.js';
import { WriteQueue } from './write-queue.js';

const refusals = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((result) => result.status === 'rejected').map((result) => (result.reason as DomainError).type);

describe(WriteQueue.name, () => {
  test('writes run one after another, in call order, and a failed write does not stop the next', async () => {
    const sut = new WriteQueue();
    const order: string[] = [];
    const slow = sut.run(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      order.push('first');
    });
    const failing = sut.run(async () => {
      order.push('second');
      throw new Error('refused');
    });
    const third = sut.run(async () => {
      order.push('third');
      return 3;
    });
    await slow;
    await assert.rejects(failing, /refused/);
    assert.equal(await third, 3);
    assert.deepEqual(order, ['first', 'second', 'third']);
  });

  test('simultaneous requests are checked one at a time: 11 adds at once leave a thing in 10 groups', async () => {
    const { sut } = newTestRegistry();
    await sut.things.create({ thingName: 't' });
    for (let i = 0; i < 11; i++) await sut.thingGroups.create({ thingGroupName: `g${i}` });
    const results = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) => sut.thingGroups.addThing({ thingGroupName: `g${i}`, thingName: 't' })),
    );
    assert.deepEqual(refusals(results), ['InvalidRequestException']);
    assert.equal((await sut.thingGroups.listForThing({ thingName: 't' })).thingGroups.length, 10);
  });

  test('simultaneous exclusive attachments of one principal to two things: only one succeeds', async () => {
    const { sut } = newTestRegistry();
    await sut.things.create({ thingName: 'a' });
    await sut.things.create({ thingName: 'b' });
    const results = await Promise.allSettled(
      ['a', 'b'].map((thingName) =>
        sut.principals.attach({ thingName, principal: certArn(1), thingPrincipalType: 'EXCLUSIVE_THING' }),
      ),
    );
    assert.deepEqual(refusals(results), ['InvalidRequestException']);
    assert.equal((await sut.principals.listThings({ principal: certArn(1) })).things.length, 1);
  });
});
