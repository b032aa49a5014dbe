import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessKeySummary, CreatedAccessKey } from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

describe('console API: access keys', () => {
  let sut: TestPlatform;
  let admin: string;
  let operator: string;

  before(async () => {
    sut = await startTestPlatform();
    admin = await sut.login();
    new UsersStore(sut.platform.db).create({
      username: 'olga',
      passwordHash: await hashPassword('operator-password'),
      role: 'operator',
    });
    const login = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'olga', password: 'operator-password' },
    });
    const session = login.cookies.find((c) => c.name === 'meridian_session');
    operator = `${session?.name}=${session?.value}`;
  });
  after(() => sut.close());

  const inject = (options: InjectOptions) => sut.platform.app.inject(options);
  const routes = [
    { method: 'GET', url: '/api/access-keys' },
    { method: 'POST', url: '/api/access-keys', payload: {} },
    { method: 'POST', url: '/api/access-keys/AKIAAAAAAAAAAAAAAAAA/revoke' },
  ] as const;

  test('every route needs a session', async () => {
    for (const route of routes) {
      const response = await inject(route);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
    }
  });

  test('only admins may list, create or revoke keys', async () => {
    for (const route of routes) {
      const response = await inject({ ...route, headers: { cookie: operator } });
      assert.equal(response.statusCode, 403, `${route.method} ${route.url}`);
      assert.equal(response.json().code, 'AUTH_ERR_FORBIDDEN');
    }
  });

  test('an admin creates a key (the secret only in that answer), lists it and revokes it', async () => {
    const create = await inject({
      method: 'POST',
      url: '/api/access-keys',
      headers: { cookie: admin },
      payload: { description: '  deploy bot  ' },
    });
    assert.equal(create.statusCode, 201);
    const created: CreatedAccessKey = create.json();
    assert.equal(created.owner, 'admin');
    assert.equal(created.description, 'deploy bot');
    assert.equal(created.status, 'Active');
    assert.equal(created.secretAccessKey.length, 40);

    const list = await inject({ method: 'GET', url: '/api/access-keys', headers: { cookie: admin } });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(created.secretAccessKey), 'the list shows the secret');
    const keys: AccessKeySummary[] = list.json().accessKeys;
    // The first-start key plus this one.
    assert.deepEqual(
      keys.map((key) => [key.owner, key.status]),
      [
        ['admin', 'Active'],
        ['admin', 'Active'],
      ],
    );
    assert.ok(keys.some((key) => key.accessKeyId === created.accessKeyId && key.description === 'deploy bot'));

    const revoke = await inject({
      method: 'POST',
      url: `/api/access-keys/${created.accessKeyId}/revoke`,
      headers: { cookie: admin },
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal(revoke.json().status, 'Revoked');
    assert.ok(revoke.json().revokedAt);
  });

  test('bad input gets a 4xx with a reason', async () => {
    const unknown = await inject({
      method: 'POST',
      url: '/api/access-keys/AKIAAAAAAAAAAAAAAAAA/revoke',
      headers: { cookie: admin },
    });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json(), {
      code: 'ResourceNotFoundException',
      message: 'Access key AKIAAAAAAAAAAAAAAAAA does not exist',
    });

    const malformed = await inject({
      method: 'POST',
      url: '/api/access-keys/not-a-key/revoke',
      headers: { cookie: admin },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'REQUEST_ERR_INVALID');

    const tooLong = await inject({
      method: 'POST',
      url: '/api/access-keys',
      headers: { cookie: admin },
      payload: { description: 'x'.repeat(257) },
    });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.json().message, /description/);
  });
});
