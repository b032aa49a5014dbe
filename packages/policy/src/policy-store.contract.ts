import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PolicyStore, StoredPolicy, StoredPolicyVersion } from './policy-store.js';

const T0 = Date.UTC(2026, 0, 1);

function policy(name: string, createdAt = T0, overrides: Partial<StoredPolicy> = {}): StoredPolicy {
  return {
    name,
    defaultVersion: 1,
    lastVersion: 1,
    generationId: `gen-${name}`,
    createdAt,
    lastModifiedAt: createdAt,
    ...overrides,
  };
}

function version(
  policyName: string,
  number: number,
  document = `{"v":${number}}`,
  createdAt = T0,
): StoredPolicyVersion {
  return { policyName, version: number, document, createdAt };
}

async function create(store: PolicyStore, name: string, createdAt = T0): Promise<void> {
  await store.insertPolicy(policy(name, createdAt), version(name, 1, '{}', createdAt));
}

/** Behaviour every PolicyStore implementation must have (run by each implementation's tests). */
export function policyStoreContract(name: string, createStore: () => PolicyStore | Promise<PolicyStore>): void {
  describe(`${name} (PolicyStore contract)`, () => {
    test('a stored policy and its first version read back field for field', async () => {
      const sut = await createStore();
      const document = '{\n  "Version": "2012-10-17",  "Statement": [] , "Sid": "ünïcødé 🚀"\n}';
      await sut.insertPolicy(policy('p1'), version('p1', 1, document));
      assert.deepEqual(await sut.getPolicy('p1'), policy('p1'));
      assert.deepEqual(await sut.getVersion('p1', 1), version('p1', 1, document));
      assert.deepEqual(await sut.listVersions('p1'), [version('p1', 1, document)]);
    });

    test('unknown policies and versions read as undefined or empty', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      assert.equal(await sut.getPolicy('nope'), undefined);
      assert.equal(await sut.getVersion('p1', 2), undefined);
      assert.equal(await sut.getVersion('nope', 1), undefined);
      assert.deepEqual(await sut.listVersions('nope'), []);
      assert.deepEqual(await sut.listTargets('nope', { limit: 10 }), []);
    });

    test('inserting a policy whose name is taken fails and keeps the first one', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      await assert.rejects(async () => sut.insertPolicy(policy('p1', T0 + 5), version('p1', 1, '{"other":1}')));
      assert.equal((await sut.getPolicy('p1'))?.createdAt, T0);
      assert.equal((await sut.getVersion('p1', 1))?.document, '{}');
    });

    test('updatePolicy replaces the stored state', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      const updated = policy('p1', T0, {
        defaultVersion: 3,
        lastVersion: 4,
        generationId: 'g2',
        lastModifiedAt: T0 + 9,
      });
      await sut.updatePolicy(updated);
      assert.deepEqual(await sut.getPolicy('p1'), updated);
    });

    test('insertVersion adds the version and the policy state together; versions list in numeric order', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      for (const number of [2, 10, 3]) {
        await sut.insertVersion(
          version('p1', number),
          policy('p1', T0, { lastVersion: number, defaultVersion: number }),
        );
      }
      assert.deepEqual(
        (await sut.listVersions('p1')).map((v) => v.version),
        [1, 2, 3, 10],
      );
      assert.equal((await sut.getPolicy('p1'))?.lastVersion, 3);
      assert.equal((await sut.getVersion('p1', 10))?.document, '{"v":10}');
    });

    test('insertVersion with a number that exists fails and changes nothing', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      await assert.rejects(async () =>
        sut.insertVersion(version('p1', 1, '{"x":1}'), policy('p1', T0, { lastVersion: 7 })),
      );
      assert.equal((await sut.getVersion('p1', 1))?.document, '{}');
      assert.equal((await sut.getPolicy('p1'))?.lastVersion, 1);
    });

    test('deleteVersion removes only that version', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      await sut.insertVersion(version('p1', 2), policy('p1', T0, { lastVersion: 2 }));
      await sut.deleteVersion('p1', 1);
      assert.deepEqual(
        (await sut.listVersions('p1')).map((v) => v.version),
        [2],
      );
    });

    test('deletePolicy removes the policy, its versions and its attachments; unknown names are ignored', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      await create(sut, 'p2');
      await sut.insertVersion(version('p1', 2), policy('p1', T0, { lastVersion: 2 }));
      await sut.attach('p1', 'target-a');
      await sut.attach('p2', 'target-a');
      await sut.deletePolicy('p1');
      await sut.deletePolicy('never-created');
      assert.equal(await sut.getPolicy('p1'), undefined);
      assert.deepEqual(await sut.listVersions('p1'), []);
      assert.deepEqual(await sut.listAttachedPolicies('target-a', { limit: 10 }), ['p2']);
      assert.equal(await sut.countAttachedPolicies('target-a'), 1);
    });

    test('a policy created again after deletion starts with fresh versions and no targets', async () => {
      const sut = await createStore();
      await create(sut, 'p1');
      await sut.insertVersion(version('p1', 2), policy('p1', T0, { lastVersion: 2 }));
      await sut.attach('p1', 'target-a');
      await sut.deletePolicy('p1');
      await create(sut, 'p1');
      assert.deepEqual(
        (await sut.listVersions('p1')).map((v) => v.version),
        [1],
      );
      assert.deepEqual(await sut.listTargets('p1', { limit: 10 }), []);
    });

    test('listPolicies orders by creation time then name, both directions, and pages after a position', async () => {
      const sut = await createStore();
      await create(sut, 'b', T0 + 1000);
      await create(sut, 'a', T0 + 1000);
      await create(sut, 'old', T0);
      await create(sut, 'new', T0 + 2000);
      const names = async (query: Parameters<PolicyStore['listPolicies']>[0]) =>
        (await sut.listPolicies(query)).map((p) => p.name);
      assert.deepEqual(await names({ limit: 10, descending: false }), ['old', 'a', 'b', 'new']);
      assert.deepEqual(await names({ limit: 10, descending: true }), ['new', 'b', 'a', 'old']);
      assert.deepEqual(await names({ limit: 2, descending: false }), ['old', 'a']);
      assert.deepEqual(await names({ limit: 2, descending: false, after: { createdAt: T0 + 1000, name: 'a' } }), [
        'b',
        'new',
      ]);
      assert.deepEqual(await names({ limit: 10, descending: true, after: { createdAt: T0 + 1000, name: 'b' } }), [
        'a',
        'old',
      ]);
    });

    test('attach is idempotent, detach tolerates unattached pairs, listings are sorted and paged', async () => {
      const sut = await createStore();
      await create(sut, 'p2');
      await create(sut, 'p1');
      await create(sut, 'p3');
      for (const target of ['t-c', 't-a', 't-b', 't-a']) await sut.attach('p1', target);
      await sut.attach('p3', 't-a');
      await sut.attach('p2', 't-a');
      await sut.detach('p2', 't-zzz');
      assert.deepEqual(await sut.listTargets('p1', { limit: 10 }), ['t-a', 't-b', 't-c']);
      assert.deepEqual(await sut.listTargets('p1', { limit: 2 }), ['t-a', 't-b']);
      assert.deepEqual(await sut.listTargets('p1', { limit: 2, after: 't-b' }), ['t-c']);
      assert.deepEqual(await sut.listAttachedPolicies('t-a', { limit: 10 }), ['p1', 'p2', 'p3']);
      assert.deepEqual(await sut.listAttachedPolicies('t-a', { limit: 1, after: 'p1' }), ['p2']);
      assert.equal(await sut.countAttachedPolicies('t-a'), 3);
      assert.equal(await sut.isAttached('p2', 't-a'), true);
      assert.equal(await sut.isAttached('p2', 't-b'), false);
      await sut.detach('p2', 't-a');
      assert.equal(await sut.isAttached('p2', 't-a'), false);
      assert.deepEqual(await sut.listAttachedPolicies('t-a', { limit: 10 }), ['p1', 'p3']);
      assert.equal(await sut.countAttachedPolicies('t-a'), 2);
      assert.equal(await sut.countAttachedPolicies('t-unknown'), 0);
    });
  });
}
