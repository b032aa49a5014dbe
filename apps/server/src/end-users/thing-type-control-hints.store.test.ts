import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { RegistryService } from '@meridian/registry';
import { openDatabase } from '../db/database.js';
import { SqliteRegistryStore } from '../registry/sqlite-registry-store.js';
import { ThingTypeControlHintsStore } from './thing-type-control-hints.store.js';

const setup = async () => {
  const db = openDatabase(':memory:');
  const registry = new RegistryService({ store: new SqliteRegistryStore(db), principalExists: () => false });
  await registry.thingTypes.create({ thingTypeName: 'Lamp' });
  await registry.thingTypes.create({ thingTypeName: 'Fan' });
  return { sut: new ThingTypeControlHintsStore(db), registry };
};

describe(ThingTypeControlHintsStore.name, () => {
  test('a type starts without hints; replace sets the whole set, by key, for that type only', async () => {
    const { sut } = await setup();
    assert.deepEqual(sut.hintsOf('Lamp'), {});
    sut.replace('Lamp', { mode: 'enum:eco,boost', brightness: 'range:0..100' });
    sut.replace('Fan', { speed: 'range:0..3' });
    assert.deepEqual(sut.hintsOf('Lamp'), { brightness: 'range:0..100', mode: 'enum:eco,boost' });
    sut.replace('Lamp', { lamp: 'switch' });
    assert.deepEqual(sut.hintsOf('Lamp'), { lamp: 'switch' });
    sut.replace('Lamp', {});
    assert.deepEqual(sut.hintsOf('Lamp'), {});
    assert.deepEqual(sut.hintsOf('Fan'), { speed: 'range:0..3' });
  });

  test('hints for a type that does not exist are refused as not found, and nothing is stored', async () => {
    const { sut } = await setup();
    assert.throws(
      () => sut.replace('Ghost', { lamp: 'switch' }),
      (error: unknown) => error instanceof DomainError && error.type === 'ResourceNotFoundException',
    );
    assert.deepEqual(sut.hintsOf('Ghost'), {});
  });

  test('deleting the thing type deletes its hints; a new type of the same name starts without them', async () => {
    const { sut, registry } = await setup();
    sut.replace('Lamp', { mode: 'enum:eco,boost' });
    await registry.thingTypes.deprecate({ thingTypeName: 'Lamp' });
    await registry.thingTypes.delete({ thingTypeName: 'Lamp' });
    await registry.thingTypes.create({ thingTypeName: 'Lamp' });
    assert.deepEqual(sut.hintsOf('Lamp'), {});
  });
});
