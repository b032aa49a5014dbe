// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleStore, StoredHttpDestination, StoredRule } from './rule-store.js';

const T0 = Date.UTC(2026, 0, 1);

function rule(name: string, overrides: Partial<StoredRule> = {}): StoredRule {
  return {
    name,
    sql: "SELECT * FROM 'a/b'",
    actions: [
      { republish: { topic: 'out/${topic()}', qos: 1, headers: { userProperties: [{ key: 'k', value: 'v' }] } } },
    ],
    ruleDisabled: false,
    awsIotSqlVersion: '2016-03-23',
    topicPattern: 'a/b',
    createdAt: T0,
    updatedAt: T0,
    revision: 1,
    ...overrides,
  };
}

function destination(url: string, overrides: Partial<StoredHttpDestination> = {}): StoredHttpDestination {
  return { url, status: 'PENDING', createdAt: T0, updatedAt: T0, ...overrides };
}

/** Behaviour every RuleStore implementation must have (run by each implementation's tests). */
export function ruleStoreContract(name: string, createStore: () => RuleStore | Promise<RuleStore>): void {
  describe(`${name} (RuleStore contract)`, () => {
    test('a stored rule reads back field for field, with and without optional fields', async () => {
      const sut = await createStore();
      const full = rule('full', {
        description: 'ünïcødé 🚀 description',
        errorAction: { http: { url: 'https://example.test/errors', headers: [{ key: 'x', value: '${clientid()}' }] } },
        ruleDisabled: true,
        awsIotSqlVersion: '2015-10-08',
        updatedAt: T0 + 5,
        revision: 7,
      });
      const bare = rule('bare', { topicPattern: undefined, sql: 'SELECT * ', actions: [] });
      delete bare.topicPattern;
      await sut.insertRule(full);
      await sut.insertRule(bare);
      assert.deepEqual(await sut.getRule('full'), full);
      assert.deepEqual(await sut.getRule('bare'), bare);
      assert.equal(await sut.getRule('nope'), undefined);
    });

    test('inserting a taken name fails and keeps the first rule', async () => {
      const sut = await createStore();
      await sut.insertRule(rule('r1'));
      await assert.rejects(async () => sut.insertRule(rule('r1', { sql: "SELECT 2 FROM 'x'" })));
      assert.equal((await sut.getRule('r1'))?.sql, "SELECT * FROM 'a/b'");
    });

    test('update replaces the whole rule; updating an unknown name creates nothing', async () => {
      const sut = await createStore();
      await sut.insertRule(rule('r1', { description: 'old' }));
      const replaced = rule('r1', { sql: "SELECT x FROM 'c/#'", topicPattern: 'c/#', revision: 2, actions: [] });
      await sut.updateRule(replaced);
      assert.deepEqual(await sut.getRule('r1'), replaced);
      await sut.updateRule(rule('ghost'));
      assert.equal(await sut.getRule('ghost'), undefined);
    });

    test('delete removes the rule and reports whether it existed', async () => {
      const sut = await createStore();
      await sut.insertRule(rule('r1'));
      assert.equal(await sut.deleteRule('r1'), true);
      assert.equal(await sut.deleteRule('r1'), false);
      assert.equal(await sut.getRule('r1'), undefined);
    });

    test('list pages in ascending name order after a cursor', async () => {
      const sut = await createStore();
      for (const name of ['b_2', 'a', 'B', 'b_10', 'c']) await sut.insertRule(rule(name));
      const names = async (after: string | undefined, limit: number) =>
        (await sut.listRules({ ...(after === undefined ? {} : { after }), limit })).map((r) => r.name);
      assert.deepEqual(await names(undefined, 10), ['B', 'a', 'b_10', 'b_2', 'c']);
      assert.deepEqual(await names(undefined, 2), ['B', 'a']);
      assert.deepEqual(await names('a', 2), ['b_10', 'b_2']);
      assert.deepEqual(await names('b_2', 5), ['c']);
      assert.deepEqual(await names('c', 5), []);
    });

    test('destinations: put inserts or replaces by URL, list is ordered, delete reports existence', async () => {
      const sut = await createStore();
      await sut.putDestination(destination('https://b.test/'));
      await sut.putDestination(destination('https://a.test/hook'));
      await sut.putDestination(destination('https://b.test/', { status: 'CONFIRMED', updatedAt: T0 + 9 }));
      assert.deepEqual(
        await sut.getDestination('https://b.test/'),
        destination('https://b.test/', { status: 'CONFIRMED', updatedAt: T0 + 9 }),
      );
      assert.deepEqual(
        (await sut.listDestinations()).map((d) => [d.url, d.status]),
        [
          ['https://a.test/hook', 'PENDING'],
          ['https://b.test/', 'CONFIRMED'],
        ],
      );
      assert.equal(await sut.deleteDestination('https://a.test/hook'), true);
      assert.equal(await sut.deleteDestination('https://a.test/hook'), false);
      assert.equal(await sut.getDestination('https://a.test/hook'), undefined);
    });

    test('returned rules are copies: changing them does not change the store', async () => {
      const sut = await createStore();
      await sut.insertRule(rule('r1'));
      const read = (await sut.getRule('r1')) as StoredRule;
      read.actions.push({ shadow: { thingName: 'x' } });
      assert.equal((await sut.getRule('r1'))?.actions.length, 1);
    });
  });
}
