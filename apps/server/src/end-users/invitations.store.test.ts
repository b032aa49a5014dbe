import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsersStore } from '../auth/users.store.js';
import { openDatabase } from '../db/database.js';
import { InvitationsStore } from './invitations.store.js';

describe(InvitationsStore.name, () => {
  const setup = () => {
    const db = openDatabase(':memory:');
    let now = new Date('2026-01-01T00:00:00Z');
    const sut = new InvitationsStore(db, () => now);
    const users = new UsersStore(db);
    const createAccount = (username: string) => (role: Parameters<UsersStore['create']>[0]['role']) =>
      users.create({ username, passwordHash: 'x', role });
    return { sut, db, users, createAccount, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  };

  test('an invitation creates one account with its role, then is gone', () => {
    const { sut, createAccount } = setup();
    const { token } = sut.create({ role: 'end-user', createdBy: 'admin', ttlMs: 60_000 });
    assert.equal(sut.listPending().length, 1);
    assert.equal(sut.redeem(token, createAccount('carol'))?.role, 'end-user');
    assert.equal(sut.redeem(token, createAccount('dave')), undefined);
    assert.deepEqual(sut.listPending(), []);
  });

  test('only a hash of the token is stored', () => {
    const { sut, db } = setup();
    const { token } = sut.create({ role: 'end-user', createdBy: 'admin', ttlMs: 60_000 });
    assert.notEqual(db.prepare('SELECT token_hash FROM user_invitations').pluck().get(), token);
  });

  test('an expired invitation creates nothing and is no longer listed', () => {
    const { sut, users, createAccount, advance } = setup();
    const { token } = sut.create({ role: 'end-user', createdBy: 'admin', ttlMs: 60_000 });
    advance(60_000);
    assert.deepEqual(sut.listPending(), []);
    assert.equal(sut.redeem(token, createAccount('carol')), undefined);
    assert.equal(users.findByUsername('carol'), undefined);
  });

  test('when creating the account fails the invitation stays usable', () => {
    const { sut, createAccount } = setup();
    const { token } = sut.create({ role: 'end-user', createdBy: 'admin', ttlMs: 60_000 });
    createAccount('taken')('viewer');
    assert.throws(() => sut.redeem(token, createAccount('TAKEN')), /UNIQUE/);
    assert.equal(sut.redeem(token, createAccount('fresh'))?.username, 'fresh');
  });
});
