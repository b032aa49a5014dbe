import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ARN_PREFIX, newTestRegistry, rejectsWith, START_MS } from './test-registry.js';
import { ThingTypesService } from './thing-types.service.js';

describe(ThingTypesService.name, () => {
  test('a thing type name follows the thing name rule', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: `T:_-${'x'.repeat(124)}` });
    for (const thingTypeName of ['', 'x'.repeat(129), 'a b', 'a/b']) {
      await rejectsWith(sut.thingTypes.create({ thingTypeName }), 'InvalidRequestException', /thingTypeName/);
    }
  });

  test('CreateThingType answers thingTypeName, thingTypeArn and a generated thingTypeId', async () => {
    const { sut } = newTestRegistry();
    assert.deepEqual(await sut.thingTypes.create({ thingTypeName: 'Lamp' }), {
      thingTypeName: 'Lamp',
      thingTypeArn: `${ARN_PREFIX}:thingtype/Lamp`,
      thingTypeId: 'id-1',
    });
  });

  test('thingTypeDescription is at most 2028 characters', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({
      thingTypeName: 'ok',
      thingTypeProperties: { thingTypeDescription: 'd'.repeat(2028) },
    });
    await rejectsWith(
      sut.thingTypes.create({ thingTypeName: 'long', thingTypeProperties: { thingTypeDescription: 'd'.repeat(2029) } }),
      'InvalidRequestException',
      /thingTypeDescription/,
    );
    await rejectsWith(
      sut.thingTypes.create({ thingTypeName: 'ctl', thingTypeProperties: { thingTypeDescription: 'a\u0000b' } }),
      'InvalidRequestException',
      /thingTypeDescription/,
    );
  });

  test('searchableAttributes holds at most 3 valid attribute names', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({
      thingTypeName: 'ok',
      thingTypeProperties: { searchableAttributes: ['a', 'b', 'c'] },
    });
    await rejectsWith(
      sut.thingTypes.create({
        thingTypeName: 'four',
        thingTypeProperties: { searchableAttributes: ['a', 'b', 'c', 'd'] },
      }),
      'InvalidRequestException',
      /at most 3 searchable/,
    );
    await rejectsWith(
      sut.thingTypes.create({ thingTypeName: 'bad', thingTypeProperties: { searchableAttributes: ['a b'] } }),
      'InvalidRequestException',
      /searchable attribute/,
    );
  });

  test('properties are immutable: the same name with other properties is ResourceAlreadyExistsException, identical ones answer the existing type', async () => {
    const { sut } = newTestRegistry();
    const thingTypeProperties = {
      thingTypeDescription: 'lamps',
      searchableAttributes: ['room'],
      mqtt5Configuration: { propagatingAttributes: [{ userPropertyKey: 'room', thingAttribute: 'room' }] },
    };
    const first = await sut.thingTypes.create({ thingTypeName: 'Lamp', thingTypeProperties });
    assert.deepEqual(
      await sut.thingTypes.create({ thingTypeName: 'Lamp', thingTypeProperties: structuredClone(thingTypeProperties) }),
      first,
    );
    const error = await rejectsWith(
      sut.thingTypes.create({ thingTypeName: 'Lamp', thingTypeProperties: { thingTypeDescription: 'other' } }),
      'ResourceAlreadyExistsException',
    );
    assert.deepEqual(error.extra, { resourceId: first.thingTypeId, resourceArn: first.thingTypeArn });
    assert.deepEqual(
      (await sut.thingTypes.describe({ thingTypeName: 'Lamp' })).thingTypeProperties,
      thingTypeProperties,
    );
  });

  test('DescribeThingType answers the properties and metadata {deprecated, creationDate} in epoch seconds', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp', thingTypeProperties: { thingTypeDescription: 'lamps' } });
    assert.deepEqual(await sut.thingTypes.describe({ thingTypeName: 'Lamp' }), {
      thingTypeName: 'Lamp',
      thingTypeId: 'id-1',
      thingTypeArn: `${ARN_PREFIX}:thingtype/Lamp`,
      thingTypeProperties: { thingTypeDescription: 'lamps' },
      thingTypeMetadata: { deprecated: false, creationDate: START_MS / 1000 },
    });
    await rejectsWith(sut.thingTypes.describe({ thingTypeName: 'Nope' }), 'ResourceNotFoundException', /Nope/);
  });

  test('DeprecateThingType sets deprecated and deprecationDate; undoDeprecate clears both', async () => {
    const { sut, mocks } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    mocks.advanceClock(1500);
    await sut.thingTypes.deprecate({ thingTypeName: 'Lamp' });
    assert.deepEqual((await sut.thingTypes.describe({ thingTypeName: 'Lamp' })).thingTypeMetadata, {
      deprecated: true,
      deprecationDate: (START_MS + 1500) / 1000,
      creationDate: START_MS / 1000,
    });
    mocks.advanceClock(1000);
    await sut.thingTypes.deprecate({ thingTypeName: 'Lamp' });
    assert.equal(
      (await sut.thingTypes.describe({ thingTypeName: 'Lamp' })).thingTypeMetadata.deprecationDate,
      (START_MS + 1500) / 1000,
    );
    await sut.thingTypes.deprecate({ thingTypeName: 'Lamp', undoDeprecate: true });
    assert.deepEqual((await sut.thingTypes.describe({ thingTypeName: 'Lamp' })).thingTypeMetadata, {
      deprecated: false,
      creationDate: START_MS / 1000,
    });
    await sut.things.create({ thingName: 't', thingTypeName: 'Lamp' });
    await rejectsWith(sut.thingTypes.deprecate({ thingTypeName: 'Nope' }), 'ResourceNotFoundException');
  });

  test('DeleteThingType is refused unless the type is deprecated', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    await rejectsWith(sut.thingTypes.delete({ thingTypeName: 'Lamp' }), 'InvalidRequestException', /deprecated/);
    await sut.thingTypes.deprecate({ thingTypeName: 'Lamp' });
    await sut.thingTypes.delete({ thingTypeName: 'Lamp' });
    await rejectsWith(sut.thingTypes.describe({ thingTypeName: 'Lamp' }), 'ResourceNotFoundException');
  });

  test('DeleteThingType is refused while things use the type', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    await sut.things.create({ thingName: 't', thingTypeName: 'Lamp' });
    await sut.thingTypes.deprecate({ thingTypeName: 'Lamp' });
    await rejectsWith(sut.thingTypes.delete({ thingTypeName: 'Lamp' }), 'InvalidRequestException', /used by things/);
    await sut.things.update({ thingName: 't', removeThingType: true });
    await sut.thingTypes.delete({ thingTypeName: 'Lamp' });
  });

  test('DeleteThingType of an unknown type is ResourceNotFoundException', async () => {
    const { sut } = newTestRegistry();
    await rejectsWith(sut.thingTypes.delete({ thingTypeName: 'Nope' }), 'ResourceNotFoundException');
  });

  test('ListThingTypes answers definitions sorted by name, filtered by thingTypeName and paged', async () => {
    const { sut } = newTestRegistry();
    for (const name of ['b', 'c', 'a']) await sut.thingTypes.create({ thingTypeName: name });
    const first = await sut.thingTypes.list({ maxResults: 2 });
    assert.deepEqual(
      first.thingTypes.map((t) => t.thingTypeName),
      ['a', 'b'],
    );
    assert.deepEqual(first.thingTypes[0], {
      thingTypeName: 'a',
      thingTypeArn: `${ARN_PREFIX}:thingtype/a`,
      thingTypeProperties: {},
      thingTypeMetadata: { deprecated: false, creationDate: START_MS / 1000 },
    });
    const second = await sut.thingTypes.list({ maxResults: 2, nextToken: first.nextToken });
    assert.deepEqual(second, { thingTypes: [(await sut.thingTypes.list({ thingTypeName: 'c' })).thingTypes[0]] });
    assert.equal(second.thingTypes[0]?.thingTypeName, 'c');
  });
});
