import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { newTestRegistry, rejectsWith } from './test-registry.js';
import { parseThingSearch } from './thing-search.js';

describe(parseThingSearch.name, () => {
  test('an empty query has no condition', () => {
    assert.deepEqual(parseThingSearch('  '), {});
  });

  test('plain words are name substrings; a word ending in * is a name prefix', () => {
    assert.deepEqual(parseThingSearch('kitchen  LAMP sensor*'), {
      nameContains: ['kitchen', 'LAMP'],
      namePrefix: 'sensor',
    });
  });

  test('fields: thingTypeName, thingGroupNames, attributes.<name> with exact, prefix and presence values', () => {
    assert.deepEqual(
      parseThingSearch(
        'thingTypeName:Lamp thingGroupNames:floor-1 attributes.room:hall attributes.model:x1* attributes.serial:*',
      ),
      {
        thingTypeName: 'Lamp',
        thingGroupName: 'floor-1',
        attributes: [{ name: 'room', value: 'hall' }, { name: 'model', value: 'x1', prefix: true }, { name: 'serial' }],
      },
    );
    assert.deepEqual(parseThingSearch('thingGroupName:g'), { thingGroupName: 'g' });
  });

  test('a word with a colon that is not a field is a name substring (thing names may contain colons)', () => {
    assert.deepEqual(parseThingSearch('plant:a'), { nameContains: ['plant:a'] });
  });

  test('a field given twice with different values, or an invalid name, is InvalidRequestException', () => {
    for (const query of [
      'thingTypeName:A thingTypeName:B',
      'a* b*',
      'thingTypeName:',
      'attributes.a%b:1',
      'attributes.a:x"y',
    ]) {
      assert.throws(
        () => parseThingSearch(query),
        (error) => error instanceof DomainError && error.type === 'InvalidRequestException',
        query,
      );
    }
    assert.deepEqual(parseThingSearch('thingTypeName:A thingTypeName:A'), { thingTypeName: 'A' });
  });
});

describe('ThingsService.search', () => {
  test('answers like ListThings, every term applying', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    await sut.thingGroups.create({ thingGroupName: 'floor-1' });
    await sut.things.create({
      thingName: 'Kitchen-Lamp',
      thingTypeName: 'Lamp',
      attributePayload: { attributes: { room: 'kitchen' } },
    });
    await sut.things.create({
      thingName: 'hall-lamp',
      thingTypeName: 'Lamp',
      attributePayload: { attributes: { room: 'hall' } },
    });
    await sut.things.create({ thingName: 'hall-lock', attributePayload: { attributes: { room: 'hall' } } });
    await sut.thingGroups.addThing({ thingGroupName: 'floor-1', thingName: 'hall-lamp' });
    const names = async (query: string) => (await sut.things.search({ query })).things.map((t) => t.thingName);
    assert.deepEqual(await names('lamp'), ['Kitchen-Lamp', 'hall-lamp']);
    assert.deepEqual(await names('hall*'), ['hall-lamp', 'hall-lock']);
    assert.deepEqual(await names('attributes.room:hall thingTypeName:Lamp'), ['hall-lamp']);
    assert.deepEqual(await names('thingGroupNames:floor-1'), ['hall-lamp']);
    assert.deepEqual(await names('attributes.room:k*'), ['Kitchen-Lamp']);
    const page = await sut.things.search({ query: 'l', maxResults: 2 });
    assert.equal(page.things.length, 2);
    assert.deepEqual(
      (await sut.things.search({ query: 'l', nextToken: page.nextToken })).things.map((t) => t.thingName),
      ['hall-lock'],
    );
    await rejectsWith(sut.things.search({ query: 'thingTypeName:a/b' }), 'InvalidRequestException');
  });
});
