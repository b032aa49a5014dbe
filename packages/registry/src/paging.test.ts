import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MAX_RESULTS } from './paging.js';
import { newTestRegistry, rejectsWith } from './test-registry.js';

async function registryWith(count: number) {
  const registry = newTestRegistry();
  for (let i = 0; i < count; i++) await registry.sut.things.create({ thingName: `t${String(i).padStart(3, '0')}` });
  return registry;
}

describe('paging with nextToken and maxResults', () => {
  test('maxResults is a whole number from 1 to 250', async () => {
    const { sut } = await registryWith(1);
    for (const maxResults of [0, 251, 1.5, -1]) {
      await rejectsWith(sut.things.list({ maxResults }), 'InvalidRequestException', /maxResults/);
    }
    assert.equal((await sut.things.list({ maxResults: 1 })).things.length, 1);
    assert.equal((await sut.things.list({ maxResults: 250 })).things.length, 1);
  });

  test(`without maxResults a page holds ${DEFAULT_MAX_RESULTS} items`, async () => {
    const { sut } = await registryWith(DEFAULT_MAX_RESULTS + 1);
    const page = await sut.things.list({});
    assert.equal(page.things.length, DEFAULT_MAX_RESULTS);
    assert.equal((await sut.things.list({ nextToken: page.nextToken })).things.length, 1);
  });

  test('following nextToken visits every item once, and the last page has no nextToken', async () => {
    const { sut } = await registryWith(7);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sut.things.list({ maxResults: 3, nextToken });
      seen.push(...page.things.map((t) => t.thingName));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['t000', 't001', 't002', 't003', 't004', 't005', 't006']);
  });

  test('a page that ends exactly at the last item has no nextToken', async () => {
    const { sut } = await registryWith(4);
    assert.equal((await sut.things.list({ maxResults: 4 })).nextToken, undefined);
  });

  test('paging continues after the last item seen even when items are added before it', async () => {
    const { sut } = await registryWith(4);
    const first = await sut.things.list({ maxResults: 2 });
    await sut.things.create({ thingName: 'a-first' });
    const second = await sut.things.list({ maxResults: 2, nextToken: first.nextToken });
    assert.deepEqual(
      second.things.map((t) => t.thingName),
      ['t002', 't003'],
    );
  });

  test('nextToken is opaque, and a token this service did not issue is InvalidRequestException', async () => {
    const { sut } = await registryWith(3);
    const { nextToken } = await sut.things.list({ maxResults: 1 });
    assert.ok(nextToken);
    assert.doesNotMatch(nextToken, /t000/);
    for (const bad of ['t000', '!!!', Buffer.from('{"x":1}').toString('base64url')]) {
      await rejectsWith(sut.things.list({ nextToken: bad }), 'InvalidRequestException', /nextToken/);
    }
  });
});
