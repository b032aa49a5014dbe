import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RegistryService } from './registry.service.js';
import { ARN_PREFIX, certArn, newTestRegistry } from './test-registry.js';

describe(`${RegistryService.name} connection lookups`, () => {
  test('thingForConnection answers name, type and attributes of the thing named like the client id, only when attached to the principal', async () => {
    const { sut } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    await sut.things.create({
      thingName: 'lamp-1',
      thingTypeName: 'Lamp',
      attributePayload: { attributes: { room: 'hall' } },
    });
    await sut.things.create({ thingName: 'plain' });
    await sut.principals.attach({ thingName: 'lamp-1', principal: certArn(1) });
    await sut.principals.attach({ thingName: 'plain', principal: certArn(1) });

    assert.deepEqual(await sut.thingForConnection('lamp-1', certArn(1)), {
      name: 'lamp-1',
      typeName: 'Lamp',
      attributes: { room: 'hall' },
    });
    assert.deepEqual(await sut.thingForConnection('plain', certArn(1)), { name: 'plain', attributes: {} });
    assert.equal(await sut.thingForConnection('lamp-1', certArn(2)), undefined);
    assert.equal(await sut.thingForConnection('unknown', certArn(1)), undefined);
    assert.equal(await sut.thingForConnection('not a thing name/#', certArn(1)), undefined);

    await sut.principals.detach({ thingName: 'lamp-1', principal: certArn(1) });
    assert.equal(await sut.thingForConnection('lamp-1', certArn(1)), undefined);
  });

  test('thingForConnection reflects attribute and type updates', async () => {
    const { sut } = newTestRegistry();
    await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    await sut.things.update({ thingName: 't', attributePayload: { attributes: { a: '2' } } });
    assert.deepEqual(await sut.thingForConnection('t', certArn(1)), { name: 't', attributes: { a: '2' } });
  });

  test('groupsOfThing answers its groups with their ancestors, root first', async () => {
    const { sut } = newTestRegistry();
    await sut.thingGroups.create({ thingGroupName: 'site' });
    await sut.thingGroups.create({ thingGroupName: 'floor', parentGroupName: 'site' });
    await sut.thingGroups.create({ thingGroupName: 'room', parentGroupName: 'floor' });
    await sut.thingGroups.create({ thingGroupName: 'fleet' });
    await sut.things.create({ thingName: 't' });
    await sut.thingGroups.addThing({ thingGroupName: 'room', thingName: 't' });
    await sut.thingGroups.addThing({ thingGroupName: 'fleet', thingName: 't' });
    const arn = (name: string) => ({ groupName: name, groupArn: `${ARN_PREFIX}:thinggroup/${name}` });
    assert.deepEqual(await sut.groupsOfThing('t'), [arn('fleet'), arn('site'), arn('floor'), arn('room')]);
    assert.deepEqual(await sut.groupsOfThing('unknown'), []);
    assert.deepEqual(await sut.groupsOfThing('#'), []);
  });
});
