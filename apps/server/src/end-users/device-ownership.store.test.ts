import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsersStore } from '../auth/users.store.js';
import { openDatabase } from '../db/database.js';
import { DeviceOwnershipStore } from './device-ownership.store.js';

describe(DeviceOwnershipStore.name, () => {
  const setup = () => {
    const db = openDatabase(':memory:');
    const users = new UsersStore(db);
    const alice = users.create({ username: 'alice', passwordHash: 'x', role: 'end-user' });
    const bob = users.create({ username: 'bob', passwordHash: 'x', role: 'end-user' });
    return { sut: new DeviceOwnershipStore(db), db, users, alice, bob };
  };

  test('a device has one owner; assigning again moves it', () => {
    const { sut, alice, bob } = setup();
    sut.assign('lamp', alice.id);
    sut.assign('lamp', bob.id);
    assert.equal(sut.isOwnedBy('lamp', alice.id), false);
    assert.deepEqual(sut.thingsOf(bob.id), ['lamp']);
    assert.deepEqual(
      sut.list().map(({ thingName, username }) => ({ thingName, username })),
      [{ thingName: 'lamp', username: 'bob' }],
    );
    assert.deepEqual([...sut.deviceCounts()], [[bob.id, 1]]);
  });

  test('a disabled owner no longer owns the device until enabled again', () => {
    const { sut, users, alice } = setup();
    sut.assign('lamp', alice.id);
    users.setDisabled('alice', true);
    assert.equal(sut.isOwnedBy('lamp', alice.id), false);
    users.setDisabled('alice', false);
    assert.equal(sut.isOwnedBy('lamp', alice.id), true);
  });

  test('deleting the user or forgetting the thing removes the assignment', () => {
    const { sut, users, alice, bob } = setup();
    sut.assign('lamp', alice.id);
    sut.assign('fan', bob.id);
    users.delete('alice');
    assert.deepEqual(
      sut.list().map((a) => a.thingName),
      ['fan'],
    );
    const { code } = sut.createClaimCode('fan', 60_000);
    sut.forgetThing('fan');
    assert.deepEqual(sut.list(), []);
    assert.deepEqual(sut.claim(code, bob.id), { status: 'invalid' });
  });

  test('a new claim code replaces the previous one; codes are stored hashed', () => {
    const { sut, db, alice } = setup();
    const first = sut.createClaimCode('lamp', 60_000);
    const second = sut.createClaimCode('lamp', 60_000);
    assert.deepEqual(sut.claim(first.code, alice.id), { status: 'invalid' });
    assert.equal(JSON.stringify(db.prepare('SELECT * FROM device_claim_codes').all()).includes(second.code), false);
    assert.deepEqual(sut.claim(second.code, alice.id), { status: 'claimed', thingName: 'lamp' });
  });
});
