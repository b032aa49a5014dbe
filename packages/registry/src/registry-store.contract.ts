import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegistryStore, ThingGroupRecord, ThingRecord, ThingTypeRecord } from './registry.store.js';

function thing(thingName: string, fields: Partial<ThingRecord> = {}): ThingRecord {
  return { thingName, thingId: `id-${thingName}`, attributes: {}, version: 1, ...fields };
}

function thingType(thingTypeName: string, fields: Partial<ThingTypeRecord> = {}): ThingTypeRecord {
  return {
    thingTypeName,
    thingTypeId: `id-${thingTypeName}`,
    thingTypeProperties: {},
    deprecated: false,
    creationDate: 1_700_000_000_000,
    ...fields,
  };
}

function group(thingGroupName: string, ancestors: string[] = [], fields: Partial<ThingGroupRecord> = {}) {
  const record: ThingGroupRecord = {
    thingGroupName,
    thingGroupId: `id-${thingGroupName}`,
    ancestors,
    attributes: {},
    version: 1,
    creationDate: 1_700_000_000_000,
    ...fields,
  };
  return record;
}

const ALL = { limit: 250 };
const names = (things: Array<{ thingName: string }>) => things.map((t) => t.thingName);
const groupNames = (groups: ThingGroupRecord[]) => groups.map((g) => g.thingGroupName);

/** Behaviour every RegistryStore implementation must have (run by each implementation's tests). */
export function registryStoreContract(name: string, create: () => RegistryStore | Promise<RegistryStore>): void {
  describe(`${name} (RegistryStore contract)`, () => {
    describe('things', () => {
      test('insert then get returns the same record; an unknown name gives undefined', async () => {
        const sut = await create();
        await sut.insertThingType(thingType('Lamp'));
        const lamp = thing('lamp-1', { thingTypeName: 'Lamp', attributes: { color: 'red', 'room/floor': '2' } });
        await sut.insertThing(lamp);
        await sut.insertThing(thing('bare'));
        assert.deepEqual(await sut.getThing('lamp-1'), lamp);
        assert.deepEqual(await sut.getThing('bare'), thing('bare'));
        assert.equal(await sut.getThing('missing'), undefined);
      });

      test('a returned record is a copy: changing it does not change the store', async () => {
        const sut = await create();
        await sut.insertThing(thing('t', { attributes: { a: '1' } }));
        const copy = await sut.getThing('t');
        assert.ok(copy);
        copy.attributes.a = 'changed';
        assert.equal((await sut.getThing('t'))?.attributes.a, '1');
      });

      test('updateThing replaces attributes, type and version', async () => {
        const sut = await create();
        await sut.insertThingType(thingType('Lamp'));
        await sut.insertThing(thing('t', { thingTypeName: 'Lamp', attributes: { a: '1', b: '2' } }));
        await sut.updateThing(thing('t', { attributes: { b: '3', c: '4' }, version: 2 }));
        assert.deepEqual(await sut.getThing('t'), thing('t', { attributes: { b: '3', c: '4' }, version: 2 }));
      });

      test('deleteThing removes the thing and its group memberships only', async () => {
        const sut = await create();
        await sut.insertThing(thing('gone'));
        await sut.insertThing(thing('kept'));
        await sut.insertThingGroup(group('g'));
        await sut.addThingToGroup('gone', 'g');
        await sut.addThingToGroup('kept', 'g');
        await sut.deleteThing('gone');
        assert.equal(await sut.getThing('gone'), undefined);
        assert.deepEqual(await sut.listThingsInGroup('g', false, ALL), ['kept']);
        assert.deepEqual(await sut.groupsOfThing('gone'), []);
      });

      test('listThings sorts by name and pages after a key', async () => {
        const sut = await create();
        for (const n of ['c', 'a', 'B', 'b', 'a-1']) await sut.insertThing(thing(n));
        assert.deepEqual(names(await sut.listThings({}, ALL)), ['B', 'a', 'a-1', 'b', 'c']);
        assert.deepEqual(names(await sut.listThings({}, { limit: 2 })), ['B', 'a']);
        assert.deepEqual(names(await sut.listThings({}, { after: 'a', limit: 2 })), ['a-1', 'b']);
        assert.deepEqual(names(await sut.listThings({}, { after: 'c', limit: 2 })), []);
      });

      test('listThings filters by thing type', async () => {
        const sut = await create();
        await sut.insertThingType(thingType('Lamp'));
        await sut.insertThingType(thingType('Lock'));
        await sut.insertThing(thing('l1', { thingTypeName: 'Lamp' }));
        await sut.insertThing(thing('k1', { thingTypeName: 'Lock' }));
        await sut.insertThing(thing('n1'));
        assert.deepEqual(names(await sut.listThings({ thingTypeName: 'Lamp' }, ALL)), ['l1']);
        assert.equal(await sut.thingTypeInUse('Lock'), true);
        assert.equal(await sut.thingTypeInUse('Other'), false);
      });

      test('listThings filters by attribute: exact value, value prefix, or presence', async () => {
        const sut = await create();
        await sut.insertThing(thing('a', { attributes: { model: 'x[1]', site: 'paris' } }));
        await sut.insertThing(thing('b', { attributes: { model: 'x[12]' } }));
        await sut.insertThing(thing('c', { attributes: { model: 'y' } }));
        await sut.insertThing(thing('d', { attributes: { other: 'x[1]' } }));
        const byModel = async (value?: string, prefix?: boolean) =>
          names(await sut.listThings({ attributes: [{ name: 'model', value, prefix }] }, ALL));
        assert.deepEqual(await byModel('x[1]'), ['a']);
        assert.deepEqual(await byModel('x[1', true), ['a', 'b']);
        assert.deepEqual(await byModel('', true), ['a', 'b', 'c']);
        assert.deepEqual(await byModel(undefined), ['a', 'b', 'c']);
        assert.deepEqual(
          names(
            await sut.listThings(
              {
                attributes: [
                  { name: 'model', value: 'x', prefix: true },
                  { name: 'site', value: 'paris' },
                ],
              },
              ALL,
            ),
          ),
          ['a'],
        );
      });

      test('listThings filters by name prefix and by case-insensitive name substrings', async () => {
        const sut = await create();
        for (const n of ['sensor_1', 'sensorA1', 'Kitchen-Sensor', 'pump']) await sut.insertThing(thing(n));
        assert.deepEqual(names(await sut.listThings({ namePrefix: 'sensor_' }, ALL)), ['sensor_1']);
        assert.deepEqual(names(await sut.listThings({ nameContains: ['SENSOR'] }, ALL)), [
          'Kitchen-Sensor',
          'sensorA1',
          'sensor_1',
        ]);
        assert.deepEqual(names(await sut.listThings({ nameContains: ['sensor', 'a1'] }, ALL)), ['sensorA1']);
        assert.deepEqual(names(await sut.listThings({ nameContains: ['%'] }, ALL)), []);
      });

      test('listThings filters by direct membership of a group', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('root'));
        await sut.insertThingGroup(group('child', ['root']));
        for (const n of ['in-root', 'in-child', 'nowhere']) await sut.insertThing(thing(n));
        await sut.addThingToGroup('in-root', 'root');
        await sut.addThingToGroup('in-child', 'child');
        assert.deepEqual(names(await sut.listThings({ thingGroupName: 'root' }, ALL)), ['in-root']);
        assert.deepEqual(names(await sut.listThings({ thingGroupName: 'unknown' }, ALL)), []);
      });
    });

    describe('thing types', () => {
      test('insert, get, update deprecation and delete', async () => {
        const sut = await create();
        const lamp = thingType('Lamp', {
          thingTypeProperties: {
            thingTypeDescription: 'a lamp',
            searchableAttributes: ['color', 'room'],
            mqtt5Configuration: { propagatingAttributes: [{ userPropertyKey: 'c', thingAttribute: 'color' }] },
          },
        });
        await sut.insertThingType(lamp);
        assert.deepEqual(await sut.getThingType('Lamp'), lamp);
        await sut.updateThingType({ ...lamp, deprecated: true, deprecationDate: 1_700_000_001_000 });
        assert.deepEqual(await sut.getThingType('Lamp'), {
          ...lamp,
          deprecated: true,
          deprecationDate: 1_700_000_001_000,
        });
        await sut.updateThingType(lamp);
        assert.deepEqual(await sut.getThingType('Lamp'), lamp);
        await sut.deleteThingType('Lamp');
        assert.equal(await sut.getThingType('Lamp'), undefined);
      });

      test('listThingTypes sorts, pages and filters by name', async () => {
        const sut = await create();
        for (const n of ['b', 'c', 'a']) await sut.insertThingType(thingType(n));
        const typeNames = (types: ThingTypeRecord[]) => types.map((t) => t.thingTypeName);
        assert.deepEqual(typeNames(await sut.listThingTypes({}, ALL)), ['a', 'b', 'c']);
        assert.deepEqual(typeNames(await sut.listThingTypes({}, { after: 'a', limit: 1 })), ['b']);
        assert.deepEqual(typeNames(await sut.listThingTypes({ thingTypeName: 'c' }, ALL)), ['c']);
      });
    });

    describe('thing groups', () => {
      test('insert, get and update keep ancestors, description and attributes', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('root'));
        await sut.insertThingGroup(group('mid', ['root']));
        const leaf = group('leaf', ['root', 'mid'], { description: 'd', attributes: { k: 'v' } });
        await sut.insertThingGroup(leaf);
        assert.deepEqual(await sut.getThingGroup('leaf'), leaf);
        assert.deepEqual(await sut.getThingGroup('root'), group('root'));
        const updated = { ...leaf, description: undefined, attributes: { k2: 'v2' }, version: 2 };
        await sut.updateThingGroup(updated);
        assert.deepEqual(
          await sut.getThingGroup('leaf'),
          group('leaf', ['root', 'mid'], { attributes: { k2: 'v2' }, version: 2 }),
        );
        assert.equal(await sut.getThingGroup('missing'), undefined);
      });

      test('children, descendants and name prefix; a name that shares a prefix is not a descendant', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('a'));
        await sut.insertThingGroup(group('a1', ['a']));
        await sut.insertThingGroup(group('a2', ['a']));
        await sut.insertThingGroup(group('a1x', ['a', 'a1']));
        await sut.insertThingGroup(group('ab'));
        await sut.insertThingGroup(group('ab1', ['ab']));
        assert.equal(await sut.countChildGroups('a'), 2);
        assert.equal(await sut.countChildGroups('a2'), 0);
        assert.deepEqual(groupNames(await sut.listThingGroups({}, ALL)), ['a', 'a1', 'a1x', 'a2', 'ab', 'ab1']);
        assert.deepEqual(groupNames(await sut.listThingGroups({ parentGroupName: 'a' }, ALL)), ['a1', 'a2']);
        assert.deepEqual(groupNames(await sut.listThingGroups({ descendantsOf: 'a' }, ALL)), ['a1', 'a1x', 'a2']);
        assert.deepEqual(groupNames(await sut.listThingGroups({ namePrefix: 'ab' }, ALL)), ['ab', 'ab1']);
        assert.deepEqual(groupNames(await sut.listThingGroups({ descendantsOf: 'a', namePrefix: 'a1' }, ALL)), [
          'a1',
          'a1x',
        ]);
        assert.deepEqual(groupNames(await sut.listThingGroups({}, { after: 'a2', limit: 2 })), ['ab', 'ab1']);
      });

      test('memberships: adding twice keeps one, removing, groups of a thing sorted by name', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('z'));
        await sut.insertThingGroup(group('y', ['z']));
        await sut.insertThingGroup(group('other'));
        await sut.insertThing(thing('t'));
        await sut.addThingToGroup('t', 'z');
        await sut.addThingToGroup('t', 'z');
        await sut.addThingToGroup('t', 'other');
        assert.deepEqual(groupNames(await sut.groupsOfThing('t')), ['other', 'z']);
        await sut.removeThingFromGroup('t', 'z');
        await sut.removeThingFromGroup('t', 'y');
        assert.deepEqual(await sut.groupsOfThing('t'), [group('other')]);
      });

      test('listThingsInGroup: direct members, or with recursive each thing of the subtree once, paged', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('r'));
        await sut.insertThingGroup(group('c', ['r']));
        await sut.insertThingGroup(group('g', ['r', 'c']));
        await sut.insertThingGroup(group('r2'));
        for (const n of ['t1', 't2', 't3', 't4']) await sut.insertThing(thing(n));
        await sut.addThingToGroup('t3', 'r');
        await sut.addThingToGroup('t1', 'c');
        await sut.addThingToGroup('t2', 'g');
        await sut.addThingToGroup('t4', 'r2');
        assert.deepEqual(await sut.listThingsInGroup('r', false, ALL), ['t3']);
        assert.deepEqual(await sut.listThingsInGroup('r', true, ALL), ['t1', 't2', 't3']);
        assert.deepEqual(await sut.listThingsInGroup('r', true, { after: 't1', limit: 1 }), ['t2']);
        assert.deepEqual(await sut.listThingsInGroup('c', true, ALL), ['t1', 't2']);
      });

      test('deleteThingGroup answers the former members and removes the memberships', async () => {
        const sut = await create();
        await sut.insertThingGroup(group('g'));
        await sut.insertThingGroup(group('h'));
        for (const n of ['b', 'a']) {
          await sut.insertThing(thing(n));
          await sut.addThingToGroup(n, 'g');
        }
        await sut.addThingToGroup('a', 'h');
        assert.deepEqual(await sut.deleteThingGroup('g'), ['a', 'b']);
        assert.equal(await sut.getThingGroup('g'), undefined);
        assert.deepEqual(groupNames(await sut.groupsOfThing('a')), ['h']);
        assert.deepEqual(await sut.deleteThingGroup('g'), []);
      });
    });

    describe('principals', () => {
      const cert = (n: number) => `arn:aws:iot:us-east-1:123456789012:cert/${String(n).repeat(64)}`;

      test('attach, replace the type, list both ways sorted and paged, detach', async () => {
        const sut = await create();
        for (const n of ['t1', 't2']) await sut.insertThing(thing(n));
        await sut.attachPrincipal({ thingName: 't1', principal: cert(2), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
        await sut.attachPrincipal({ thingName: 't1', principal: cert(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
        await sut.attachPrincipal({ thingName: 't2', principal: cert(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
        await sut.attachPrincipal({ thingName: 't1', principal: cert(2), thingPrincipalType: 'EXCLUSIVE_THING' });
        assert.deepEqual(await sut.principalsOfThing('t1', ALL), [
          { thingName: 't1', principal: cert(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' },
          { thingName: 't1', principal: cert(2), thingPrincipalType: 'EXCLUSIVE_THING' },
        ]);
        assert.deepEqual(
          (await sut.principalsOfThing('t1', { after: cert(1), limit: 5 })).map((a) => a.principal),
          [cert(2)],
        );
        assert.deepEqual(names(await sut.thingsOfPrincipal(cert(1), ALL)), ['t1', 't2']);
        assert.deepEqual(names(await sut.thingsOfPrincipal(cert(1), { limit: 1 })), ['t1']);
        await sut.detachPrincipal('t1', cert(1));
        await sut.detachPrincipal('t1', cert(9));
        assert.deepEqual(names(await sut.thingsOfPrincipal(cert(1), ALL)), ['t2']);
      });

      test('attachedThing returns the thing only for an attached principal', async () => {
        const sut = await create();
        await sut.insertThing(thing('t', { attributes: { a: '1' } }));
        await sut.insertThing(thing('u'));
        await sut.attachPrincipal({ thingName: 't', principal: cert(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
        assert.deepEqual(await sut.attachedThing('t', cert(1)), thing('t', { attributes: { a: '1' } }));
        assert.equal(await sut.attachedThing('t', cert(2)), undefined);
        assert.equal(await sut.attachedThing('u', cert(1)), undefined);
        assert.equal(await sut.attachedThing('missing', cert(1)), undefined);
      });
    });
  });
}
