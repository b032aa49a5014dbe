import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { UsersStore } from '../auth/users.store.js';
import { openDatabase } from '../db/database.js';
import { DeviceOwnershipStore } from './device-ownership.store.js';
import { type DeviceShadow, type DeviceThing, MyDevicesService } from './my-devices.service.js';

const newTestService = () => {
  const db = openDatabase(':memory:');
  const users = new UsersStore(db);
  const alice = users.create({ username: 'alice', passwordHash: 'x', role: 'end-user' });
  const bob = users.create({ username: 'bob', passwordHash: 'x', role: 'end-user' });
  const ownership = new DeviceOwnershipStore(db);
  const things = new Map<string, DeviceThing>([
    ['lamp-a', { attributes: { 'control.brightness': 'range:0..100' }, thingTypeName: 'Lamp' }],
    ['lamp-b', { attributes: {} }],
  ]);
  const shadows = new Map<string, DeviceShadow>([
    ['lamp-a', { desired: {}, reported: { lamp: false, brightness: 40 }, version: 3 }],
  ]);
  const typeHints = new Map<string, Record<string, string>>();
  const writes: Array<{ thingName: string; desired: Record<string, unknown> }> = [];
  const online = new Set(['lamp-a']);
  const sut = new MyDevicesService({
    ownership,
    thing: async (name) => things.get(name),
    thingTypeControlHints: async (thingTypeName) => typeHints.get(thingTypeName) ?? {},
    shadow: async (name) => shadows.get(name),
    updateDesired: async (thingName, desired) => {
      writes.push({ thingName, desired });
      const shadow = shadows.get(thingName) ?? { desired: {}, reported: {}, version: 0 };
      shadows.set(thingName, { ...shadow, desired: { ...shadow.desired, ...desired }, version: shadow.version + 1 });
    },
    isOnline: (name) => online.has(name),
  });
  return { sut, ownership, alice, bob, things, shadows, typeHints, writes };
};

const rejectsWith = (promise: Promise<unknown>, type: string) =>
  assert.rejects(promise, (error: unknown) => error instanceof DomainError && error.type === type);

describe(MyDevicesService.name, () => {
  test('lists only the user’s devices with online state, shadow sections and controls', async () => {
    const { sut, ownership, alice, bob } = newTestService();
    ownership.assign('lamp-a', alice.id);
    ownership.assign('lamp-b', bob.id);
    assert.deepEqual(await sut.list(alice.id), [
      {
        thingName: 'lamp-a',
        thingTypeName: 'Lamp',
        online: true,
        desired: {},
        reported: { lamp: false, brightness: 40 },
        version: 3,
        controls: [
          { key: 'brightness', kind: 'slider', min: 0, max: 100 },
          { key: 'lamp', kind: 'switch' },
        ],
      },
    ]);
    const [bobs] = await sut.list(bob.id);
    assert.deepEqual(bobs, { thingName: 'lamp-b', online: false, desired: {}, reported: {}, version: 0, controls: [] });
  });

  test('another user’s, an unassigned and an unknown device are all not found', async () => {
    const { sut, ownership, alice, bob } = newTestService();
    ownership.assign('lamp-a', alice.id);
    await rejectsWith(sut.get(bob.id, 'lamp-a'), 'ResourceNotFoundException');
    await rejectsWith(sut.get(bob.id, 'lamp-b'), 'ResourceNotFoundException');
    await rejectsWith(sut.get(bob.id, 'ghost'), 'ResourceNotFoundException');
    await rejectsWith(sut.setDesired(bob.id, 'lamp-a', { lamp: true }), 'ResourceNotFoundException');
  });

  test('a device whose thing was deleted is left out of the list', async () => {
    const { sut, ownership, alice, things } = newTestService();
    ownership.assign('lamp-a', alice.id);
    things.delete('lamp-a');
    assert.deepEqual(await sut.list(alice.id), []);
    await rejectsWith(sut.get(alice.id, 'lamp-a'), 'ResourceNotFoundException');
  });

  test('a valid change is written as desired state; an invalid one is refused without writing', async () => {
    const { sut, ownership, alice, writes } = newTestService();
    ownership.assign('lamp-a', alice.id);
    const device = await sut.setDesired(alice.id, 'lamp-a', { lamp: true, brightness: 80 });
    assert.deepEqual(device.desired, { lamp: true, brightness: 80 });
    await rejectsWith(sut.setDesired(alice.id, 'lamp-a', { brightness: 180 }), 'InvalidRequestException');
    await rejectsWith(sut.setDesired(alice.id, 'lamp-a', { firmware: 'evil' }), 'InvalidRequestException');
    assert.deepEqual(writes, [{ thingName: 'lamp-a', desired: { lamp: true, brightness: 80 } }]);
  });

  test('controls follow the thing type’s hints, a thing’s control.<key> attribute overriding them per key', async () => {
    const { sut, ownership, alice, typeHints, shadows } = newTestService();
    ownership.assign('lamp-a', alice.id);
    typeHints.set('Lamp', { brightness: 'number', mode: 'enum:eco,boost', firmware: 'hidden' });
    shadows.set('lamp-a', { desired: {}, reported: { lamp: false, brightness: 40, firmware: '1.2.0' }, version: 3 });
    const device = await sut.get(alice.id, 'lamp-a');
    assert.deepEqual(device.controls, [
      { key: 'brightness', kind: 'slider', min: 0, max: 100 },
      { key: 'lamp', kind: 'switch' },
      { key: 'mode', kind: 'select', options: ['eco', 'boost'] },
    ]);
    await sut.setDesired(alice.id, 'lamp-a', { mode: 'boost' });
    await rejectsWith(sut.setDesired(alice.id, 'lamp-a', { mode: 'turbo' }), 'InvalidRequestException');
    await rejectsWith(sut.setDesired(alice.id, 'lamp-a', { firmware: '2.0.0' }), 'InvalidRequestException');
  });

  test('`hidden` from the type hides a key on every thing of it, unless a thing’s attribute shows it; `hidden` from an attribute hides a key the type shows', async () => {
    const { sut, ownership, alice, things, typeHints } = newTestService();
    typeHints.set('Lamp', { lamp: 'hidden', mode: 'enum:eco,boost' });
    things.set('lamp-a', { attributes: { 'control.lamp': 'switch', 'control.mode': 'hidden' }, thingTypeName: 'Lamp' });
    things.set('lamp-c', { attributes: {}, thingTypeName: 'Lamp' });
    ownership.assign('lamp-a', alice.id);
    ownership.assign('lamp-c', alice.id);
    const [a, c] = await sut.list(alice.id);
    assert.deepEqual(a?.controls, [
      { key: 'brightness', kind: 'number' },
      { key: 'lamp', kind: 'switch' },
    ]);
    assert.deepEqual(c?.controls, [{ key: 'mode', kind: 'select', options: ['eco', 'boost'] }]);
  });

  test('a claim code gives the device once; another user cannot take an owned device with it', async () => {
    const { sut, ownership, alice, bob } = newTestService();
    const { code } = ownership.createClaimCode('lamp-a', 60_000);
    const claimed = await sut.claim(alice.id, code.toLowerCase());
    assert.equal(claimed.thingName, 'lamp-a');
    await rejectsWith(sut.claim(alice.id, code), 'InvalidRequestException');
    const second = ownership.createClaimCode('lamp-a', 60_000);
    await rejectsWith(sut.claim(bob.id, second.code), 'ConflictException');
    assert.equal(ownership.isOwnedBy('lamp-a', alice.id), true);
    await rejectsWith(sut.claim(bob.id, 'AAAA-BBBB-CCCC'), 'InvalidRequestException');
  });

  test('an expired claim code is refused', async () => {
    const { sut, ownership, bob } = newTestService();
    const { code } = ownership.createClaimCode('lamp-b', -1);
    await rejectsWith(sut.claim(bob.id, code), 'InvalidRequestException');
    assert.equal(ownership.isOwnedBy('lamp-b', bob.id), false);
  });
});
