import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PublishedMessage } from '@meridian/broker';
import type {
  ShadowConflictDetails,
  ShadowDeleted,
  ShadowDocument,
  ShadowList,
  ShadowUpdateAccepted,
  ShadowVersionDocument,
  ShadowVersionList,
} from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const OTHER_PASSWORD = 'another-long-password';

describe('shadows console API', () => {
  let sut: TestPlatform;
  let cookie: string;

  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });

  async function signInAs(role: 'operator' | 'viewer' | 'end-user'): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({ username, passwordHash: await hashPassword(OTHER_PASSWORD), role });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: OTHER_PASSWORD },
    });
    assert.equal(response.statusCode, 200, response.body);
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session);
    return `${session.name}=${session.value}`;
  }

  async function ok<T>(options: InjectOptions, status = 200): Promise<T> {
    const response = await inject(options);
    assert.equal(response.statusCode, status, response.body);
    return response.json() as T;
  }

  async function refused(options: InjectOptions, status: number, code: string, message?: string) {
    const response = await inject(options);
    assert.equal(response.statusCode, status, response.body);
    const body = response.json();
    assert.equal(body.code, code);
    if (message !== undefined) assert.equal(body.message, message);
    return body;
  }

  const update = (thing: string, shadow: string, payload: object) =>
    ok<ShadowUpdateAccepted>({ method: 'POST', url: `/api/things/${thing}/shadows/${shadow}`, payload });
  const read = (thing: string, shadow: string) =>
    ok<ShadowDocument>({ method: 'GET', url: `/api/things/${thing}/shadows/${shadow}` });

  /** Resolves with the next broker publish on exactly this topic. */
  function nextPublish(topic: string): Promise<PublishedMessage> {
    return new Promise((resolve) => {
      const stop = sut.platform.broker.onPublish((message) => {
        if (message.topic === topic) {
          stop();
          resolve(message);
        }
      });
    });
  }

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
  });
  after(() => sut.close());

  test('the classic shadow is "classic" in the path: updated, then read whole with its delta and metadata', async () => {
    await refused(
      { method: 'GET', url: '/api/things/lamp-1/shadows/classic' },
      404,
      'ResourceNotFoundException',
      "No shadow exists with name: 'lamp-1'",
    );

    const accepted = await update('lamp-1', 'classic', { state: { desired: { on: true, level: 40 } } });
    assert.equal(accepted.version, 1);
    assert.deepEqual(accepted.state, { desired: { on: true, level: 40 } });
    await update('lamp-1', 'classic', { state: { reported: { on: false, level: 40 } } });

    const document = await read('lamp-1', 'classic');
    assert.equal(document.version, 2);
    assert.deepEqual(document.state, {
      desired: { on: true, level: 40 },
      reported: { on: false, level: 40 },
      delta: { on: true },
    });
    const leaf = (document.metadata.desired as { on: { timestamp: number } }).on;
    assert.ok(Math.abs(leaf.timestamp - Date.now() / 1000) < 60, `timestamp ${leaf.timestamp} is epoch seconds`);

    // It is the same shadow the devices use: MQTT subscribers and the console's live socket see the documents.
    const documents = nextPublish('$aws/things/lamp-1/shadow/update/documents');
    await update('lamp-1', 'classic', { state: { reported: { on: true } } });
    const published = JSON.parse(String((await documents).payload));
    assert.equal(published.current.version, 3);
    assert.equal((await read('lamp-1', 'classic')).state.delta, undefined);
  });

  test('an update with a stale version is refused with 409 and the current document, and changes nothing', async () => {
    await update('lamp-2', 'classic', { state: { desired: { color: 'red' } } });
    await update('lamp-2', 'classic', { state: { reported: { color: 'blue' } } });

    const body = await refused(
      {
        method: 'POST',
        url: '/api/things/lamp-2/shadows/classic',
        payload: { state: { desired: { color: 'green' } }, version: 1 },
      },
      409,
      'ConflictException',
      'Version conflict',
    );
    const { current } = body.details as ShadowConflictDetails;
    assert.ok(current);
    assert.equal(current.version, 2);
    assert.deepEqual(current.state.reported, { color: 'blue' });
    assert.deepEqual((await read('lamp-2', 'classic')).state.desired, { color: 'red' });

    const accepted = await update('lamp-2', 'classic', { state: { desired: { color: 'green' } }, version: 2 });
    assert.equal(accepted.version, 3);
  });

  test('a version conflict on a shadow that does not exist carries current: null', async () => {
    const body = await refused(
      { method: 'POST', url: '/api/things/lamp-3/shadows/classic', payload: { state: { desired: {} }, version: 7 } },
      409,
      'ConflictException',
    );
    assert.deepEqual(body.details, { current: null });
  });

  test('bad request documents are refused with the shadow service codes and texts', async () => {
    const post = (payload: string, contentType = 'application/json') => ({
      method: 'POST' as const,
      url: '/api/things/lamp-4/shadows/classic',
      payload,
      headers: { 'content-type': contentType },
    });
    await refused(post('{"state":'), 400, 'InvalidRequestException', 'Invalid JSON');
    await refused(post('{"version":1}'), 400, 'InvalidRequestException', 'Missing required node: state');
    await refused(post('{"state":{"desired":[1]}}'), 400, 'InvalidRequestException', 'Desired node must be an object');
    await refused(post('{"state":{"wanted":{}}}'), 400, 'InvalidRequestException', 'State contains an invalid node');
    await refused(
      post('{"state":{"desired":{"a":1}},"version":"2"}'),
      400,
      'InvalidRequestException',
      'Invalid version',
    );
    const notUtf8 = await inject({
      method: 'POST',
      url: '/api/things/lamp-4/shadows/classic',
      payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notUtf8.statusCode, 415, notUtf8.body);
    assert.equal(notUtf8.json().code, 'UnsupportedDocumentEncodingException');
    // The same document under another content type is read the same way.
    await update('lamp-4', 'classic', { state: { desired: { a: 1 } } });
    await refused(post('{"state":{"desired":{"a":[1,null]}}}', 'text/plain'), 400, 'InvalidRequestException');
    await refused(
      { method: 'GET', url: '/api/things/lamp-4/shadows/bad%20name' },
      400,
      'InvalidRequestException',
      'Invalid shadow name: bad name',
    );
    assert.deepEqual((await read('lamp-4', 'classic')).state.desired, { a: 1 });
  });

  test('named shadows are listed beside the classic one, created by a first update and deleted', async () => {
    const empty = await ok<ShadowList>({ method: 'GET', url: '/api/things/lamp-5/shadows' });
    assert.deepEqual(empty, { classicExists: false, namedShadows: [] });

    await update('lamp-5', 'schedule', { state: { desired: { at: '07:00' } } });
    await update('lamp-5', 'config', { state: { desired: { mode: 'eco' } } });
    await update('lamp-5', 'classic', { state: { reported: { on: false } } });
    assert.deepEqual(await ok<ShadowList>({ method: 'GET', url: '/api/things/lamp-5/shadows' }), {
      classicExists: true,
      namedShadows: ['config', 'schedule'],
    });
    // Named and classic shadows are separate documents with their own versions.
    assert.equal((await read('lamp-5', 'config')).version, 1);
    assert.deepEqual((await read('lamp-5', 'config')).state.desired, { mode: 'eco' });

    const firstPage = await ok<ShadowList>({ method: 'GET', url: '/api/things/lamp-5/shadows?pageSize=1' });
    assert.deepEqual(firstPage.namedShadows, ['config']);
    assert.ok(firstPage.nextToken);
    const secondPage = await ok<ShadowList>({
      method: 'GET',
      url: `/api/things/lamp-5/shadows?pageSize=1&nextToken=${firstPage.nextToken}`,
    });
    assert.deepEqual(secondPage.namedShadows, ['schedule']);

    const deleted = await ok<ShadowDeleted>({ method: 'DELETE', url: '/api/things/lamp-5/shadows/config' });
    assert.equal(deleted.version, 1);
    await refused(
      { method: 'GET', url: '/api/things/lamp-5/shadows/config' },
      404,
      'ResourceNotFoundException',
      "No shadow exists with name: 'config'",
    );
    await refused({ method: 'DELETE', url: '/api/things/lamp-5/shadows/config' }, 404, 'ResourceNotFoundException');
    assert.deepEqual((await ok<ShadowList>({ method: 'GET', url: '/api/things/lamp-5/shadows' })).namedShadows, [
      'schedule',
    ]);
  });

  test('the history lists kept versions newest first, in pages, and returns each version as it was', async () => {
    await update('lamp-6', 'classic', { state: { desired: { level: 10 } } });
    await update('lamp-6', 'classic', { state: { desired: { level: 20 } } });
    await update('lamp-6', 'classic', { state: { reported: { level: 20 } } });

    const all = await ok<ShadowVersionList>({ method: 'GET', url: '/api/things/lamp-6/shadows/classic/versions' });
    assert.deepEqual(
      all.versions.map((entry) => entry.version),
      [3, 2, 1],
    );
    assert.equal(all.nextBeforeVersion, undefined);

    const page = await ok<ShadowVersionList>({
      method: 'GET',
      url: '/api/things/lamp-6/shadows/classic/versions?limit=2',
    });
    assert.deepEqual(
      page.versions.map((entry) => entry.version),
      [3, 2],
    );
    assert.equal(page.nextBeforeVersion, 2);
    const older = await ok<ShadowVersionList>({
      method: 'GET',
      url: `/api/things/lamp-6/shadows/classic/versions?limit=2&beforeVersion=${page.nextBeforeVersion}`,
    });
    assert.deepEqual(
      older.versions.map((entry) => entry.version),
      [1],
    );

    const first = await ok<ShadowVersionDocument>({
      method: 'GET',
      url: '/api/things/lamp-6/shadows/classic/versions/1',
    });
    assert.equal(first.version, 1);
    assert.deepEqual(first.state, { desired: { level: 10 } });
    const third = await ok<ShadowVersionDocument>({
      method: 'GET',
      url: '/api/things/lamp-6/shadows/classic/versions/3',
    });
    assert.deepEqual(third.state, { desired: { level: 20 }, reported: { level: 20 } });

    await refused(
      { method: 'GET', url: '/api/things/lamp-6/shadows/classic/versions/9' },
      404,
      'ResourceNotFoundException',
      "No version 9 of shadow 'lamp-6'",
    );
    await refused(
      { method: 'GET', url: '/api/things/lamp-6/shadows/classic/versions?limit=500' },
      400,
      'InvalidRequestException',
    );
  });

  test('viewers read shadows but cannot change them; end users are refused; no session answers 401', async () => {
    await update('lamp-7', 'classic', { state: { desired: { on: true } } });
    const viewer = await signInAs('viewer');
    const asViewer = { cookie: viewer };
    assert.equal(
      (await inject({ method: 'GET', url: '/api/things/lamp-7/shadows/classic', headers: asViewer })).statusCode,
      200,
    );
    assert.equal(
      (await inject({ method: 'GET', url: '/api/things/lamp-7/shadows', headers: asViewer })).statusCode,
      200,
    );
    assert.equal(
      (await inject({ method: 'GET', url: '/api/things/lamp-7/shadows/classic/versions', headers: asViewer }))
        .statusCode,
      200,
    );
    await refused(
      {
        method: 'POST',
        url: '/api/things/lamp-7/shadows/classic',
        payload: { state: { desired: { on: false } } },
        headers: asViewer,
      },
      403,
      'AUTH_ERR_FORBIDDEN',
    );
    await refused(
      { method: 'DELETE', url: '/api/things/lamp-7/shadows/classic', headers: asViewer },
      403,
      'AUTH_ERR_FORBIDDEN',
    );

    const operator = await signInAs('operator');
    const changed = await inject({
      method: 'POST',
      url: '/api/things/lamp-7/shadows/classic',
      payload: { state: { desired: { on: false } } },
      headers: { cookie: operator },
    });
    assert.equal(changed.statusCode, 200, changed.body);

    const endUser = { cookie: await signInAs('end-user') };
    for (const url of [
      '/api/things/lamp-7/shadows',
      '/api/things/lamp-7/shadows/classic',
      '/api/things/lamp-7/shadows/classic/versions',
      '/api/things/lamp-7/shadows/classic/versions/1',
    ]) {
      await refused({ method: 'GET', url, headers: endUser }, 403, 'AUTH_ERR_FORBIDDEN');
    }
    await refused(
      {
        method: 'POST',
        url: '/api/things/lamp-7/shadows/classic',
        payload: { state: { desired: { on: true } } },
        headers: endUser,
      },
      403,
      'AUTH_ERR_FORBIDDEN',
    );

    const anonymous = await sut.platform.app.inject({ method: 'GET', url: '/api/things/lamp-7/shadows/classic' });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual((await read('lamp-7', 'classic')).state.desired, { on: false });
  });
});
