import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { RegistryService } from '@meridian/registry';
import { registryStoreContract } from '@meridian/registry/contracts';
import { tempDir } from '@meridian/test-utils';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteRegistryStore } from './sqlite-registry-store.js';

const opened: Db[] = [];
after(() => {
  for (const database of opened) database.close();
});

function db(): Db {
  const database = openDatabase(':memory:');
  opened.push(database);
  return database;
}

registryStoreContract(SqliteRegistryStore.name, () => new SqliteRegistryStore(db()));

const CERT = `arn:aws:iot:us-east-1:123456789012:cert/${'c'.repeat(64)}`;

function registryOn(database: Db): RegistryService {
  return new RegistryService({ store: new SqliteRegistryStore(database), principalExists: (arn) => arn === CERT });
}

describe(`${SqliteRegistryStore.name} in a database file`, () => {
  test('the registry survives closing and reopening the file', async () => {
    const dir = await tempDir('meridian-registry-');
    try {
      const file = join(dir.path, 'platform.db');
      const first = openDatabase(file);
      const registry = registryOn(first);
      await registry.thingTypes.create({
        thingTypeName: 'Lamp',
        thingTypeProperties: { searchableAttributes: ['room'] },
      });
      await registry.things.create({
        thingName: 'lamp-1',
        thingTypeName: 'Lamp',
        attributePayload: { attributes: { room: 'hall' } },
      });
      await registry.thingGroups.create({ thingGroupName: 'site' });
      await registry.thingGroups.create({ thingGroupName: 'floor', parentGroupName: 'site' });
      await registry.thingGroups.addThing({ thingGroupName: 'floor', thingName: 'lamp-1' });
      await registry.principals.attach({ thingName: 'lamp-1', principal: CERT, thingPrincipalType: 'EXCLUSIVE_THING' });
      await registry.thingTypes.deprecate({ thingTypeName: 'Lamp' });
      const before = await registry.things.describe({ thingName: 'lamp-1' });
      first.close();

      const second = openDatabase(file);
      opened.push(second);
      const reopened = registryOn(second);
      assert.deepEqual(await reopened.things.describe({ thingName: 'lamp-1' }), before);
      assert.deepEqual(await reopened.thingForConnection('lamp-1', CERT), {
        name: 'lamp-1',
        typeName: 'Lamp',
        attributes: { room: 'hall' },
      });
      assert.deepEqual(
        (await reopened.groupsOfThing('lamp-1')).map((group) => group.groupName),
        ['site', 'floor'],
      );
      assert.equal((await reopened.thingTypes.describe({ thingTypeName: 'Lamp' })).thingTypeMetadata.deprecated, true);
      await reopened.things.create({ thingName: 'other' });
      await assert.rejects(
        reopened.principals.attach({ thingName: 'other', principal: CERT }),
        /attached exclusively to thing lamp-1/,
      );
    } finally {
      await dir.remove();
    }
  });

  test('lookups and filtered lists are answered through bounded index searches, never by reading a whole table', async () => {
    const database = db();
    const prepared: string[] = [];
    const prepare = database.prepare.bind(database);
    database.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof database.prepare;
    const store = new SqliteRegistryStore(database);
    const page = { after: 'a', limit: 10 };
    store.getThing('t');
    store.attachedThing('t', CERT);
    store.groupsOfThing('t');
    store.thingsOfPrincipal(CERT, page);
    store.principalsOfThing('t', page);
    store.thingTypeInUse('Lamp');
    store.countChildGroups('g');
    store.listThings({ attributes: [{ name: 'room', value: 'hall' }] }, page);
    store.listThings({ attributes: [{ name: 'room', value: 'ha', prefix: true }, { name: 'floor' }] }, page);
    store.listThings({ thingTypeName: 'Lamp' }, page);
    store.listThings({ thingGroupName: 'g', attributes: [{ name: 'room' }] }, page);
    store.listThings({ namePrefix: 'lamp' }, page);
    store.listThingsInGroup('g', false, page);
    store.listThingGroups({ parentGroupName: 'g' }, page);
    assert.ok(prepared.length >= 12);
    for (const sql of prepared) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      // A SCAN, or a SEARCH bounded on one side only (`name>?`), reads the whole table.
      const unbounded = plan.filter(
        (step) => /^SCAN /.test(step.detail) || (/^SEARCH /.test(step.detail) && !/[=<]\?/.test(step.detail)),
      );
      assert.deepEqual(unbounded, [], `${sql}\n${plan.map((step) => step.detail).join('\n')}`);
    }
  });
});
