import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../db/database.js';
import { SessionsStore } from './sessions.store.js';
import { UsersStore } from './users.store.js';

describe(SessionsStore.name, () => {
  const setup = () => {
    const db = openDatabase(':memory:');
    let now = new Date('2026-01-01T00:00:00Z');
    const user = new UsersStore(db).create({ username: 'ada', passwordHash: 'x', role: 'operator' });
    const sut = new SessionsStore(db, 60_000, () => now);
    return { sut, db, user, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  };

  test('a new session is found with its user and role', () => {
    const { sut, user } = setup();
    const { token } = sut.create(user.id);
    const lookup = sut.lookup(token);
    assert.equal(lookup.status, 'valid');
    assert.equal(lookup.status === 'valid' && lookup.session.role, 'operator');
  });

  test('only a hash of the token is stored', () => {
    const { sut, db, user } = setup();
    const { token } = sut.create(user.id);
    const stored = db.prepare('SELECT token_hash FROM sessions').pluck().get();
    assert.notEqual(stored, token);
  });

  test('a session past its lifetime is reported expired, then forgotten', () => {
    const { sut, user, advance } = setup();
    const { token } = sut.create(user.id);
    advance(60_001);
    assert.equal(sut.lookup(token).status, 'expired');
    assert.equal(sut.lookup(token).status, 'unknown');
  });

  test('deleted and unknown tokens are not valid', () => {
    const { sut, user } = setup();
    const { token } = sut.create(user.id);
    sut.delete(token);
    assert.equal(sut.lookup(token).status, 'unknown');
    assert.equal(sut.lookup('made-up').status, 'unknown');
  });
});
