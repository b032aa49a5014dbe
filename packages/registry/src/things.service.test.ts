import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ARN_PREFIX, certArn, newTestRegistry, rejectsWith } from './test-registry.js';
import { ThingsService } from './things.service.js';

const attributesOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, `v${i}`]));

describe(ThingsService.name, () => {
  describe('thing names', () => {
    test('a name is 1-128 characters of a-z, A-Z, 0-9, colon, underscore and hyphen', async () => {
      const { sut } = newTestRegistry();
      const longest = `a:b_c-D9${'x'.repeat(120)}`;
      assert.equal((await sut.things.create({ thingName: longest })).thingName, longest);
      for (const thingName of ['', 'x'.repeat(129), 'has space', 'a/b', 'é', 'a.b']) {
        await rejectsWith(sut.things.create({ thingName }), 'InvalidRequestException', /thingName/);
      }
      await rejectsWith(sut.things.create({ thingName: 42 as unknown as string }), 'InvalidRequestException');
    });

    test('CreateThing answers thingArn and a generated thingId; DescribeThing adds defaultClientId = name and version 1', async () => {
      const { sut } = newTestRegistry();
      const created = await sut.things.create({ thingName: 'lamp-1' });
      assert.deepEqual(created, { thingName: 'lamp-1', thingArn: `${ARN_PREFIX}:thing/lamp-1`, thingId: 'id-1' });
      assert.deepEqual(await sut.things.describe({ thingName: 'lamp-1' }), {
        defaultClientId: 'lamp-1',
        thingName: 'lamp-1',
        thingId: 'id-1',
        thingArn: `${ARN_PREFIX}:thing/lamp-1`,
        attributes: {},
        version: 1,
      });
    });

    test('DescribeThing of an unknown thing is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(sut.things.describe({ thingName: 'ghost' }), 'ResourceNotFoundException', /ghost/);
    });
  });

  describe('attributes', () => {
    test('an attribute name is 1-128 characters of a-z, A-Z, 0-9 and _.,@/:#-', async () => {
      const { sut } = newTestRegistry();
      const name = `k_.,@/:#-${'n'.repeat(119)}`;
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { [name]: 'v' } } });
      assert.deepEqual((await sut.things.describe({ thingName: 't' })).attributes, { [name]: 'v' });
      for (const bad of ['n'.repeat(129), '', 'a b', 'a=b', 'a[0]']) {
        await rejectsWith(
          sut.things.create({ thingName: 'u', attributePayload: { attributes: { [bad]: 'v' } } }),
          'InvalidRequestException',
          /attribute name/,
        );
      }
    });

    test('an attribute value is at most 800 characters of a-z, A-Z, 0-9 and _.,@/:#=[]-', async () => {
      const { sut } = newTestRegistry();
      const value = `v_.,@/:#=[]-${'x'.repeat(788)}`;
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { k: value } } });
      assert.equal((await sut.things.describe({ thingName: 't' })).attributes.k, value);
      for (const bad of ['x'.repeat(801), 'a b', 'a"b', 'é', 7]) {
        await rejectsWith(
          sut.things.create({ thingName: 'u', attributePayload: { attributes: { k: bad as string } } }),
          'InvalidRequestException',
          /attribute 'k'/,
        );
      }
      await rejectsWith(
        sut.things.create({
          thingName: 'u',
          attributePayload: { attributes: ['x'] as unknown as Record<string, string> },
        }),
        'InvalidRequestException',
      );
    });

    test('a thing without a thing type has at most 3 attributes', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 'three', attributePayload: { attributes: attributesOf(3) } });
      await rejectsWith(
        sut.things.create({ thingName: 'four', attributePayload: { attributes: attributesOf(4) } }),
        'InvalidRequestException',
        /at most 3 attributes/,
      );
      await rejectsWith(
        sut.things.update({ thingName: 'three', attributePayload: { attributes: { extra: 'x' }, merge: true } }),
        'InvalidRequestException',
        /at most 3 attributes/,
      );
    });

    test('a thing with a thing type has at most 50 attributes', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({
        thingName: 'fifty',
        thingTypeName: 'Lamp',
        attributePayload: { attributes: attributesOf(50) },
      });
      assert.equal(Object.keys((await sut.things.describe({ thingName: 'fifty' })).attributes).length, 50);
      await rejectsWith(
        sut.things.create({
          thingName: 'more',
          thingTypeName: 'Lamp',
          attributePayload: { attributes: attributesOf(51) },
        }),
        'InvalidRequestException',
        /at most 50 attributes/,
      );
    });

    test('an attribute named __proto__ is stored as data', async () => {
      const { sut } = newTestRegistry();
      const attributes = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
      await sut.things.create({ thingName: 't', attributePayload: { attributes } });
      assert.equal(
        Object.getOwnPropertyDescriptor((await sut.things.describe({ thingName: 't' })).attributes, '__proto__')?.value,
        'x',
      );
    });
  });

  describe('thing type of a thing', () => {
    test('an unknown thingTypeName is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(
        sut.things.create({ thingName: 't', thingTypeName: 'Nope' }),
        'ResourceNotFoundException',
        /Nope/,
      );
    });

    test('a deprecated thing type is refused for new associations; things that have it keep it', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Old' });
      await sut.things.create({ thingName: 'kept', thingTypeName: 'Old' });
      await sut.things.create({ thingName: 'other' });
      await sut.thingTypes.deprecate({ thingTypeName: 'Old' });
      await rejectsWith(
        sut.things.create({ thingName: 'new', thingTypeName: 'Old' }),
        'InvalidRequestException',
        /deprecated/,
      );
      await rejectsWith(
        sut.things.update({ thingName: 'other', thingTypeName: 'Old' }),
        'InvalidRequestException',
        /deprecated/,
      );
      await sut.things.update({
        thingName: 'kept',
        thingTypeName: 'Old',
        attributePayload: { attributes: { a: '1' } },
      });
      assert.equal((await sut.things.describe({ thingName: 'kept' })).thingTypeName, 'Old');
    });
  });

  describe('CreateThing idempotence', () => {
    test('creating an identical thing again answers the existing thing and changes nothing', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      const input = { thingName: 't', thingTypeName: 'Lamp', attributePayload: { attributes: { a: '1', b: '2' } } };
      const first = await sut.things.create(input);
      const again = await sut.things.create({ ...input, attributePayload: { attributes: { b: '2', a: '1' } } });
      assert.deepEqual(again, first);
      assert.equal((await sut.things.describe({ thingName: 't' })).version, 1);
    });

    test('the same name with another type or attributes is ResourceAlreadyExistsException with resourceId and resourceArn', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      const { thingId } = await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
      for (const input of [
        { thingName: 't', attributePayload: { attributes: { a: '2' } } },
        { thingName: 't' },
        { thingName: 't', thingTypeName: 'Lamp', attributePayload: { attributes: { a: '1' } } },
      ]) {
        const error = await rejectsWith(sut.things.create(input), 'ResourceAlreadyExistsException', /t already exists/);
        assert.deepEqual(error.extra, { resourceId: thingId, resourceArn: `${ARN_PREFIX}:thing/t` });
      }
    });

    test('a billingGroupName is ResourceNotFoundException (the platform has no billing groups)', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(
        sut.things.create({ thingName: 't', billingGroupName: 'bg' }),
        'ResourceNotFoundException',
        /bg/,
      );
      await rejectsWith(sut.things.describe({ thingName: 't' }), 'ResourceNotFoundException');
    });
  });

  describe('UpdateThing', () => {
    test('version is 1 at creation and grows by 1 with each update', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't' });
      for (const expected of [2, 3, 4]) {
        await sut.things.update({ thingName: 't' });
        assert.equal((await sut.things.describe({ thingName: 't' })).version, expected);
      }
    });

    test('an expectedVersion other than the stored version is VersionConflictException and changes nothing', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
      await rejectsWith(
        sut.things.update({ thingName: 't', expectedVersion: 2, attributePayload: { attributes: { a: '2' } } }),
        'VersionConflictException',
        /version 1.*expected version 2/,
      );
      const unchanged = await sut.things.describe({ thingName: 't' });
      assert.deepEqual([unchanged.attributes, unchanged.version], [{ a: '1' }, 1]);
      await sut.things.update({ thingName: 't', expectedVersion: 1, attributePayload: { attributes: { a: '2' } } });
      assert.equal((await sut.things.describe({ thingName: 't' })).attributes.a, '2');
    });

    test('merge=false (the default) replaces the whole attribute map', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1', b: '2' } } });
      await sut.things.update({ thingName: 't', attributePayload: { attributes: { c: '3' } } });
      assert.deepEqual((await sut.things.describe({ thingName: 't' })).attributes, { c: '3' });
      await sut.things.update({ thingName: 't', attributePayload: { attributes: { d: '4' }, merge: false } });
      assert.deepEqual((await sut.things.describe({ thingName: 't' })).attributes, { d: '4' });
    });

    test('merge=true merges, and an attribute given "" is removed', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1', b: '2' } } });
      await sut.things.update({
        thingName: 't',
        attributePayload: { attributes: { a: '', b: '20', c: '3' }, merge: true },
      });
      assert.deepEqual((await sut.things.describe({ thingName: 't' })).attributes, { b: '20', c: '3' });
    });

    test('an update without attributePayload keeps the attributes', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
      await sut.things.update({ thingName: 't', thingTypeName: 'Lamp' });
      assert.deepEqual((await sut.things.describe({ thingName: 't' })).attributes, { a: '1' });
    });

    test('thingTypeName changes the type; an unknown type is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({ thingName: 't' });
      await sut.things.update({ thingName: 't', thingTypeName: 'Lamp' });
      assert.equal((await sut.things.describe({ thingName: 't' })).thingTypeName, 'Lamp');
      await rejectsWith(
        sut.things.update({ thingName: 't', thingTypeName: 'Nope' }),
        'ResourceNotFoundException',
        /Nope/,
      );
    });

    test('removeThingType clears the type and cannot be combined with thingTypeName', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({ thingName: 't', thingTypeName: 'Lamp' });
      await rejectsWith(
        sut.things.update({ thingName: 't', removeThingType: true, thingTypeName: 'Lamp' }),
        'InvalidRequestException',
        /removeThingType/,
      );
      await sut.things.update({ thingName: 't', removeThingType: true });
      const described = await sut.things.describe({ thingName: 't' });
      assert.equal(described.thingTypeName, undefined);
      assert.equal('thingTypeName' in described, false);
    });

    test('the attribute limit follows the type after the update: removing the type of a thing with 4 attributes is refused', async () => {
      const { sut } = newTestRegistry();
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({
        thingName: 't',
        thingTypeName: 'Lamp',
        attributePayload: { attributes: attributesOf(4) },
      });
      await rejectsWith(
        sut.things.update({ thingName: 't', removeThingType: true }),
        'InvalidRequestException',
        /at most 3/,
      );
      assert.equal((await sut.things.describe({ thingName: 't' })).thingTypeName, 'Lamp');
    });

    test('updating an unknown thing is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(sut.things.update({ thingName: 'ghost' }), 'ResourceNotFoundException', /ghost/);
    });

    test('expectedVersion must be a whole number', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't' });
      await rejectsWith(
        sut.things.update({ thingName: 't', expectedVersion: 1.5 }),
        'InvalidRequestException',
        /expectedVersion/,
      );
    });
  });

  describe('DeleteThing', () => {
    test('deleting a thing that does not exist succeeds', async () => {
      const { sut } = newTestRegistry();
      assert.deepEqual(await sut.things.delete({ thingName: 'ghost' }), {});
      assert.deepEqual(await sut.things.delete({ thingName: 'ghost', expectedVersion: 3 }), {});
    });

    test('an expectedVersion other than the stored version is VersionConflictException', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't' });
      await rejectsWith(sut.things.delete({ thingName: 't', expectedVersion: 2 }), 'VersionConflictException');
      await sut.things.delete({ thingName: 't', expectedVersion: 1 });
      await rejectsWith(sut.things.describe({ thingName: 't' }), 'ResourceNotFoundException');
    });

    test('deleting a thing with principals attached is InvalidRequestException until they are detached', async () => {
      const { sut } = newTestRegistry();
      await sut.things.create({ thingName: 't' });
      await sut.principals.attach({ thingName: 't', principal: certArn(1) });
      await rejectsWith(sut.things.delete({ thingName: 't' }), 'InvalidRequestException', /principals attached/);
      await sut.principals.detach({ thingName: 't', principal: certArn(1) });
      await sut.things.delete({ thingName: 't' });
      await rejectsWith(sut.things.describe({ thingName: 't' }), 'ResourceNotFoundException');
    });

    test('deleting a thing removes it from its groups', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      await sut.things.create({ thingName: 't' });
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 't' });
      await sut.things.delete({ thingName: 't' });
      assert.deepEqual((await sut.thingGroups.listThings({ thingGroupName: 'g' })).things, []);
    });
  });

  describe('ListThings', () => {
    async function fleet() {
      const registry = newTestRegistry();
      const { sut } = registry;
      await sut.thingTypes.create({ thingTypeName: 'Lamp' });
      await sut.things.create({
        thingName: 'lamp-1',
        thingTypeName: 'Lamp',
        attributePayload: { attributes: { room: 'kitchen' } },
      });
      await sut.things.create({
        thingName: 'lamp-2',
        thingTypeName: 'Lamp',
        attributePayload: { attributes: { room: 'kitchen-2' } },
      });
      await sut.things.create({ thingName: 'lock-1', attributePayload: { attributes: { room: 'hall' } } });
      await sut.things.create({ thingName: 'plain' });
      return registry;
    }
    const names = (output: { things: Array<{ thingName: string }> }) => output.things.map((t) => t.thingName);

    test('items are {thingName, thingTypeName, thingArn, attributes, version} sorted by name', async () => {
      const { sut } = await fleet();
      const { things, nextToken } = await sut.things.list({});
      assert.equal(nextToken, undefined);
      assert.deepEqual(things[0], {
        thingName: 'lamp-1',
        thingTypeName: 'Lamp',
        thingArn: `${ARN_PREFIX}:thing/lamp-1`,
        attributes: { room: 'kitchen' },
        version: 1,
      });
      assert.deepEqual(things[3], {
        thingName: 'plain',
        thingArn: `${ARN_PREFIX}:thing/plain`,
        attributes: {},
        version: 1,
      });
      assert.deepEqual(names({ things }), ['lamp-1', 'lamp-2', 'lock-1', 'plain']);
    });

    test('attributeName and attributeValue filter on the exact value', async () => {
      const { sut } = await fleet();
      assert.deepEqual(names(await sut.things.list({ attributeName: 'room', attributeValue: 'kitchen' })), ['lamp-1']);
    });

    test('usePrefixAttributeValue matches values starting with attributeValue', async () => {
      const { sut } = await fleet();
      assert.deepEqual(
        names(await sut.things.list({ attributeName: 'room', attributeValue: 'kit', usePrefixAttributeValue: true })),
        ['lamp-1', 'lamp-2'],
      );
    });

    test('attributeName alone keeps things having the attribute; attributeValue alone is refused', async () => {
      const { sut } = await fleet();
      assert.deepEqual(names(await sut.things.list({ attributeName: 'room' })), ['lamp-1', 'lamp-2', 'lock-1']);
      await rejectsWith(sut.things.list({ attributeValue: 'hall' }), 'InvalidRequestException', /attributeName/);
    });

    test('thingTypeName keeps things of that type, combined with the attribute filter', async () => {
      const { sut } = await fleet();
      assert.deepEqual(names(await sut.things.list({ thingTypeName: 'Lamp' })), ['lamp-1', 'lamp-2']);
      assert.deepEqual(
        names(await sut.things.list({ thingTypeName: 'Lamp', attributeName: 'room', attributeValue: 'kitchen-2' })),
        ['lamp-2'],
      );
    });
  });
});
