import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ShadowDocument } from './shadow.document.js';
import type { ShadowKey, ShadowStore } from './shadow.store.js';

const classic: ShadowKey = { thingName: 'lamp-1' };
const named: ShadowKey = { thingName: 'lamp-1', shadowName: 'config' };

function documentAt(version: number, extra: Record<string, unknown> = {}): ShadowDocument {
  const timestamp = 1_700_000_000 + version;
  return {
    version,
    state: { desired: { on: version % 2 === 0, ...extra }, reported: { level: version } },
    metadata: { desired: { on: { timestamp } }, reported: { level: { timestamp } } },
    timestamp,
  };
}

/** Saves versions 1..count of a shadow, each expecting the previous one. */
async function saveVersions(store: ShadowStore, key: ShadowKey, count: number, keepVersions = 100): Promise<void> {
  for (let version = 1; version <= count; version += 1) {
    const expectedVersion = version === 1 ? undefined : version - 1;
    assert.equal(await store.save({ key, document: documentAt(version), expectedVersion, keepVersions }), true);
  }
}

/** Behaviour every ShadowStore implementation must have (run by each implementation's tests). */
export function shadowStoreContract(name: string, create: () => ShadowStore | Promise<ShadowStore>): void {
  describe(`${name} (ShadowStore contract)`, () => {
    test('an unknown shadow loads with neither document nor tombstone', async () => {
      const sut = await create();
      assert.deepEqual(await sut.load(classic), {});
    });

    test('a saved document loads back unchanged, nested values, arrays and unicode included', async () => {
      const sut = await create();
      const document: ShadowDocument = {
        version: 1,
        state: { desired: { color: { rgb: [1, 2.5, -3] }, label: 'ünï 🚀', on: false, tags: [] } },
        metadata: { desired: { color: { rgb: [{ timestamp: 1 }, { timestamp: 1 }, { timestamp: 1 }] } } },
        timestamp: 1_700_000_000,
      };
      assert.equal(await sut.save({ key: classic, document, expectedVersion: undefined, keepVersions: 5 }), true);
      const loaded = await sut.load(classic);
      assert.deepEqual(loaded.shadow, document);
      if (loaded.serialized !== undefined) {
        assert.deepEqual(
          loaded.serialized,
          { state: JSON.stringify(document.state), metadata: JSON.stringify(document.metadata) },
          "a store that hands out the shadow's JSON text hands out the text of that document",
        );
      }
    });

    test('keys named like JavaScript object members survive a round trip', async () => {
      const sut = await create();
      const text =
        '{"version":1,"state":{"desired":{"__proto__":{"a":1},"constructor":2}},"metadata":{},"timestamp":5}';
      await sut.save({ key: classic, document: JSON.parse(text), expectedVersion: undefined, keepVersions: 5 });
      assert.equal(JSON.stringify((await sut.load(classic)).shadow), text);
      assert.equal(JSON.stringify(await sut.loadVersion(classic, 1)), text);
    });

    test('save creates only when no live shadow exists (expectedVersion undefined)', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 1);
      const again = await sut.save({
        key: classic,
        document: documentAt(1),
        expectedVersion: undefined,
        keepVersions: 5,
      });
      assert.equal(again, false);
      assert.equal((await sut.load(classic)).shadow?.version, 1);
    });

    test('save replaces only when the live version is the expected one; a stale save changes nothing', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 2);
      const stale = await sut.save({
        key: classic,
        document: documentAt(3, { stale: true }),
        expectedVersion: 1,
        keepVersions: 5,
      });
      assert.equal(stale, false);
      assert.deepEqual((await sut.load(classic)).shadow, documentAt(2));
      assert.deepEqual(
        (await sut.listVersions(classic, { limit: 10 })).map((d) => d.version),
        [2, 1],
      );
      const missing = await sut.save({ key: named, document: documentAt(2), expectedVersion: 1, keepVersions: 5 });
      assert.equal(missing, false);
      assert.deepEqual(await sut.load(named), {});
    });

    test('classic and named shadows of a thing, and shadows of different things, are separate', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 3);
      await saveVersions(sut, named, 1);
      await saveVersions(sut, { thingName: 'lamp-2' }, 2);
      assert.equal((await sut.load(classic)).shadow?.version, 3);
      assert.equal((await sut.load(named)).shadow?.version, 1);
      assert.equal((await sut.load({ thingName: 'lamp-2' })).shadow?.version, 2);
      assert.deepEqual(await sut.load({ thingName: 'lamp-2', shadowName: 'config' }), {});
    });

    test('delete removes the live shadow and its history and leaves a tombstone with its version', async () => {
      const sut = await create();
      await saveVersions(sut, named, 3);
      await saveVersions(sut, classic, 1);
      assert.equal(await sut.delete(named, 3, 1_800_000_000), true);
      assert.deepEqual(await sut.load(named), { tombstone: { version: 3, deletedAt: 1_800_000_000 } });
      assert.deepEqual(await sut.listVersions(named, { limit: 10 }), []);
      assert.equal(await sut.loadVersion(named, 2), undefined);
      assert.equal((await sut.load(classic)).shadow?.version, 1);
    });

    test('delete refuses a version mismatch and an absent or already deleted shadow', async () => {
      const sut = await create();
      assert.equal(await sut.delete(classic, 0, 1), false);
      await saveVersions(sut, classic, 2);
      assert.equal(await sut.delete(classic, 1, 1), false);
      assert.equal((await sut.load(classic)).shadow?.version, 2);
      assert.equal(await sut.delete(classic, 2, 1), true);
      assert.equal(await sut.delete(classic, 2, 1), false);
    });

    test('saving a deleted shadow again makes it live and forgets the tombstone', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 4);
      await sut.delete(classic, 4, 1_800_000_000);
      const recreated = await sut.save({
        key: classic,
        document: documentAt(5),
        expectedVersion: undefined,
        keepVersions: 5,
      });
      assert.equal(recreated, true);
      const loaded = await sut.load(classic);
      assert.deepEqual([loaded.shadow, loaded.tombstone], [documentAt(5), undefined]);
      assert.deepEqual(
        (await sut.listVersions(classic, { limit: 10 })).map((d) => d.version),
        [5],
      );
    });

    test('the history keeps the newest keepVersions versions, newest first, paged by beforeVersion', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 7, 4);
      assert.deepEqual(
        (await sut.listVersions(classic, { limit: 10 })).map((d) => d.version),
        [7, 6, 5, 4],
      );
      assert.deepEqual(
        (await sut.listVersions(classic, { limit: 2 })).map((d) => d.version),
        [7, 6],
      );
      assert.deepEqual(
        (await sut.listVersions(classic, { limit: 2, beforeVersion: 6 })).map((d) => d.version),
        [5, 4],
      );
      assert.deepEqual(await sut.loadVersion(classic, 5), documentAt(5));
      assert.equal(await sut.loadVersion(classic, 3), undefined);
    });

    test('keepVersions 0 keeps no history', async () => {
      const sut = await create();
      await saveVersions(sut, classic, 2, 0);
      assert.deepEqual(await sut.listVersions(classic, { limit: 10 }), []);
      assert.equal((await sut.load(classic)).shadow?.version, 2);
    });

    test('listNamedShadows lists live named shadows of one thing in name order, paged by after/limit', async () => {
      const sut = await create();
      for (const shadowName of ['delta', 'alpha', 'Charlie', 'bravo', '$echo']) {
        await saveVersions(sut, { thingName: 'lamp-1', shadowName }, 1);
      }
      await saveVersions(sut, classic, 1);
      await saveVersions(sut, { thingName: 'lamp-10', shadowName: 'other' }, 1);
      await sut.delete({ thingName: 'lamp-1', shadowName: 'delta' }, 1, 1);
      assert.deepEqual(await sut.listNamedShadows('lamp-1', { limit: 10 }), ['$echo', 'Charlie', 'alpha', 'bravo']);
      assert.deepEqual(await sut.listNamedShadows('lamp-1', { limit: 2 }), ['$echo', 'Charlie']);
      assert.deepEqual(await sut.listNamedShadows('lamp-1', { after: 'Charlie', limit: 2 }), ['alpha', 'bravo']);
      assert.deepEqual(await sut.listNamedShadows('lamp-1', { after: 'bravo', limit: 2 }), []);
      assert.deepEqual(await sut.listNamedShadows('unknown', { limit: 2 }), []);
    });

    test('documents handed in and out are copies', async () => {
      const sut = await create();
      const document = documentAt(1);
      await sut.save({ key: classic, document, expectedVersion: undefined, keepVersions: 5 });
      (document.state.desired as Record<string, unknown>).changed = true;
      const loaded = (await sut.load(classic)).shadow!;
      (loaded.state.desired as Record<string, unknown>).changedToo = true;
      assert.deepEqual((await sut.load(classic)).shadow, documentAt(1));
      assert.deepEqual(await sut.loadVersion(classic, 1), documentAt(1));
    });
  });
}
