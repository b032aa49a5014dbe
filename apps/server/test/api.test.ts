import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { DeviceCredentials } from '@meridian/contracts';
import { tempDir } from '@meridian/test-utils';
import type { InjectOptions } from 'fastify';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from './platform.fixture.js';

describe('console API', () => {
  let sut: TestPlatform;
  let cookie: string;
  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
  });
  after(() => sut.close());

  const inject = (options: InjectOptions) => sut.platform.app.inject(options);

  test('GET /health answers without a session', async () => {
    const response = await inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'ok');
  });

  for (const [method, url] of [
    ['GET', '/api/auth/me'],
    ['GET', '/api/certificates'],
    ['POST', '/api/certificates'],
    ['POST', '/api/publish'],
  ] as const) {
    test(`${method} ${url} without a session is refused with 401`, async () => {
      const response = await inject({ method, url, payload: method === 'POST' ? {} : undefined });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().code, 'AUTH_ERR_REQUIRED');
    });
  }

  test('a forged session cookie is refused', async () => {
    const response = await inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'meridian_session=forged' },
    });
    assert.equal(response.statusCode, 401);
  });

  test('the live WebSocket refuses an upgrade without a session', async () => {
    const response = await inject({
      method: 'GET',
      url: '/api/live',
      headers: {
        connection: 'upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    assert.equal(response.statusCode, 401);
  });

  test('a wrong password gets 401 with a message and no cookie', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'not-the-password' },
    });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.json(), { code: 'AUTH_ERR_INVALID_CREDENTIALS', message: 'Wrong username or password' });
    assert.equal(response.cookies.length, 0);
  });

  test('login sets an httpOnly SameSite session cookie and /me returns the admin', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    assert.equal(response.statusCode, 200);
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Secure/, 'not Secure over plain HTTP');
    const me = await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.deepEqual(me.json(), { username: 'admin', role: 'admin' });
  });

  test('logout ends the session', async () => {
    const own = await sut.login();
    const out = await inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: own } });
    assert.equal(out.statusCode, 204);
    const me = await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: own } });
    assert.equal(me.statusCode, 401);
  });

  test('an expired session gets 401 saying so', async () => {
    const own = await sut.login();
    sut.platform.db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const response = await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: own } });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().code, 'AUTH_ERR_SESSION_EXPIRED');
    cookie = await sut.login();
  });

  test('malformed JSON gets 400 with a message', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    assert.equal(response.statusCode, 400);
    assert.ok(response.json().message.length > 0);
  });

  test('a body that breaks the schema gets 400 naming the problem', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'has spaces!' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'REQUEST_ERR_INVALID');
    assert.match(response.json().message, /deviceName/);
  });

  test('device credentials are created once, and only the certificate is stored', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/certificates',
      headers: { cookie },
      payload: { deviceName: 'sensor-1' },
    });
    assert.equal(response.statusCode, 201);
    const created = response.json() as DeviceCredentials;
    assert.match(created.certificateId, /^[0-9a-f]{64}$/);
    assert.match(created.privateKeyPem, /BEGIN PRIVATE KEY/);
    assert.equal(created.caCertificatePem, sut.platform.pki.ca.certificatePem);
    const list = await inject({ method: 'GET', url: '/api/certificates', headers: { cookie } });
    const summary = list
      .json()
      .certificates.find((c: { certificateId: string }) => c.certificateId === created.certificateId);
    assert.equal(summary.status, 'ACTIVE');
    assert.equal(summary.deviceName, 'sensor-1');
    assert.equal(summary.privateKeyPem, undefined);
    const row = sut.platform.db
      .prepare('SELECT * FROM certificates WHERE certificate_id = ?')
      .get(created.certificateId);
    assert.ok(row);
    assert.doesNotMatch(JSON.stringify(row), /PRIVATE KEY/);
  });

  test('publishing to a topic with a wildcard is refused', async () => {
    const response = await inject({
      method: 'POST',
      url: '/api/publish',
      headers: { cookie },
      payload: { topic: 'devices/+/x', qos: 0, retain: false, payload: '{}' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'PUBLISH_ERR_INVALID_TOPIC');
  });

  test('an unknown API route answers 404 as JSON', async () => {
    const response = await inject({ method: 'GET', url: '/api/nothing-here', headers: { cookie } });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'REQUEST_ERR_NOT_FOUND');
  });
});

describe('console over HTTPS', () => {
  test('the session cookie is Secure', async () => {
    const sut = await startTestPlatform({ HTTP_TLS: 'true' });
    const { headers, statusCode } = await new Promise<{ headers: IncomingHttpHeaders; statusCode?: number }>(
      (resolve, reject) => {
        const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
        const request = httpsRequest(
          {
            host: '127.0.0.1',
            port: sut.ports.http,
            path: '/api/auth/login',
            method: 'POST',
            servername: 'localhost',
            ca: sut.platform.pki.ca.certificatePem,
            headers: { 'content-type': 'application/json' },
          },
          (response) => {
            response.resume();
            resolve({ headers: response.headers, statusCode: response.statusCode });
          },
        );
        request.on('error', reject);
        request.end(body);
      },
    );
    assert.equal(statusCode, 200);
    assert.match(String(headers['set-cookie']), /; Secure/);
    await sut.close();
  });
});

describe('first start', () => {
  test('without ADMIN_PASSWORD a password is generated, logged once, and works; the PKI is reused after', async () => {
    const dir = await tempDir('meridian-first-start-');
    const firstLog: string[] = [];
    const first = await startTestPlatform({ ADMIN_PASSWORD: '' }, { dataDir: dir.path, logLines: firstLog });
    const line = firstLog.map((l) => JSON.parse(l)).find((entry) => entry.password);
    assert.ok(line, 'the generated password is logged');
    assert.equal(first.platform.pki.created.ca, true);
    const caId = first.platform.pki.ca.certificateId;
    await first.close();

    const secondLog: string[] = [];
    const second = await startTestPlatform({ ADMIN_PASSWORD: '' }, { dataDir: dir.path, logLines: secondLog });
    assert.equal(
      secondLog.some((l) => JSON.parse(l).password),
      false,
      'not logged again',
    );
    assert.deepEqual(second.platform.pki.created, { ca: false, server: false });
    assert.equal(second.platform.pki.ca.certificateId, caId);
    const login = await second.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: line.password },
    });
    assert.equal(login.statusCode, 200);
    await second.close();
    await dir.remove();
  });
});
