import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryRegistryStore } from './memory-registry.store.js';
import type { RegistryChange } from './registry.events.js';
import { RegistryService } from './registry.service.js';
import { certArn, newTestRegistry } from './test-registry.js';

describe(`${RegistryService.name} change notifications`, () => {
  test('attaching and detaching a principal are notified once each', async () => {
    const { sut, mocks } = newTestRegistry();
    await sut.things.create({ thingName: 't' });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    await sut.principals.detach({ thingName: 't', principal: certArn(1) });
    await sut.principals.detach({ thingName: 't', principal: certArn(1) });
    assert.deepEqual(mocks.changes, [
      { type: 'principal-attached', thingName: 't', principal: certArn(1) },
      { type: 'principal-detached', thingName: 't', principal: certArn(1) },
    ]);
  });

  test('an update is notified when attributes or type change, not for a version-only update', async () => {
    const { sut, mocks } = newTestRegistry();
    await sut.thingTypes.create({ thingTypeName: 'Lamp' });
    await sut.things.create({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
    await sut.things.update({ thingName: 't' });
    await sut.things.update({ thingName: 't', attributePayload: { attributes: { a: '1' } } });
    assert.deepEqual(mocks.changes, []);
    await sut.things.update({ thingName: 't', attributePayload: { attributes: { a: '2' } } });
    await sut.things.update({ thingName: 't', thingTypeName: 'Lamp' });
    await sut.things.update({ thingName: 't', removeThingType: true });
    assert.deepEqual(mocks.changes, [
      { type: 'thing-updated', thingName: 't' },
      { type: 'thing-updated', thingName: 't' },
      { type: 'thing-updated', thingName: 't' },
    ]);
  });

  test('group membership changes, group deletion and thing deletion are notified', async () => {
    const { sut, mocks } = newTestRegistry();
    await sut.thingGroups.create({ thingGroupName: 'g' });
    await sut.thingGroups.create({ thingGroupName: 'h' });
    for (const thingName of ['a', 'b']) {
      await sut.things.create({ thingName });
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName });
    }
    await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 'a' });
    await sut.thingGroups.addThing({ thingGroupName: 'h', thingName: 'a' });
    await sut.thingGroups.removeThing({ thingGroupName: 'h', thingName: 'a' });
    await sut.thingGroups.delete({ thingGroupName: 'g' });
    await sut.things.delete({ thingName: 'b' });
    assert.deepEqual(mocks.changes, [
      { type: 'thing-group-membership-added', thingName: 'a', thingGroupName: 'g' },
      { type: 'thing-group-membership-added', thingName: 'b', thingGroupName: 'g' },
      { type: 'thing-group-membership-added', thingName: 'a', thingGroupName: 'h' },
      { type: 'thing-group-membership-removed', thingName: 'a', thingGroupName: 'h' },
      { type: 'thing-group-deleted', thingGroupName: 'g', thingNames: ['a', 'b'] },
      { type: 'thing-deleted', thingName: 'b' },
    ]);
  });

  test('a refused request notifies nothing', async () => {
    const { sut, mocks } = newTestRegistry();
    await sut.things.create({ thingName: 't' });
    await assert.rejects(
      sut.things.update({ thingName: 't', expectedVersion: 9, attributePayload: { attributes: { a: '1' } } }),
    );
    await assert.rejects(sut.principals.attach({ thingName: 't', principal: certArn(99) }));
    assert.deepEqual(mocks.changes, []);
  });

  test('a failing listener is reported, does not fail the request and does not stop other listeners', async () => {
    const failures: Array<{ error: unknown; change: RegistryChange }> = [];
    const sut = new RegistryService({
      store: new MemoryRegistryStore(),
      principalExists: () => true,
      onListenerError: (error, change) => failures.push({ error, change }),
    });
    const seen: RegistryChange[] = [];
    sut.onChange(() => {
      throw new Error('listener broke');
    });
    sut.onChange((change) => seen.push(change));
    await sut.things.create({ thingName: 't' });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    const change = { type: 'principal-attached', thingName: 't', principal: certArn(1) };
    assert.deepEqual(seen, [change]);
    assert.equal(failures.length, 1);
    assert.deepEqual(failures[0]?.change, change);
    assert.match(String(failures[0]?.error), /listener broke/);
  });

  test('the function returned by onChange stops the notifications', async () => {
    const { sut } = newTestRegistry();
    const seen: RegistryChange[] = [];
    const stop = sut.onChange((change) => seen.push(change));
    await sut.things.create({ thingName: 't' });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    stop();
    await sut.principals.detach({ thingName: 't', principal: certArn(1) });
    assert.equal(seen.length, 1);
  });
});
