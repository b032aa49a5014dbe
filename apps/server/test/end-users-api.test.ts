import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { LiveMessage, LiveServerFrame, MyDevice, MyDeviceList } from '@meridian/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import WebSocket from 'ws';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const PASSWORD = 'end-user-password';

describe('end users through the console API', () => {
  let sut: TestPlatform;
  let admin: string;
  let alice: string;
  let bob: string;

  const call = (cookie: string, options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { ...options.headers, cookie } });
  const cookieOf = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(cookie, `no session cookie in ${response.statusCode} ${response.body}`);
    return `${cookie.name}=${cookie.value}`;
  };
  const login = async (username: string, password = PASSWORD) =>
    cookieOf(
      await sut.platform.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } }),
    );
  const createUser = async (username: string, role = 'end-user') => {
    const response = await call(admin, {
      method: 'POST',
      url: '/api/users',
      payload: { username, password: PASSWORD, role },
    });
    assert.equal(response.statusCode, 201, response.body);
  };

  before(async () => {
    sut = await startTestPlatform();
    admin = await sut.login();
    await sut.platform.registry.things.create({
      thingName: 'lamp-a',
      attributePayload: { attributes: { 'control.brightness': 'range:0..100' } },
    });
    await sut.platform.registry.things.create({ thingName: 'lamp-b' });
    await createUser('alice');
    await createUser('bob');
    alice = await login('alice');
    bob = await login('bob');
    const assigned = await call(admin, {
      method: 'PUT',
      url: '/api/device-assignments/lamp-a',
      payload: { username: 'alice' },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const code = await call(admin, { method: 'POST', url: '/api/claim-codes', payload: { thingName: 'lamp-b' } });
    assert.equal(code.statusCode, 201, code.body);
    const claimed = await call(bob, { method: 'POST', url: '/api/my/claims', payload: { code: code.json().code } });
    assert.equal(claimed.statusCode, 201, claimed.body);
  });

  after(() => sut.close());

  test('each end user lists only their own devices', async () => {
    const aliceList = (await call(alice, { method: 'GET', url: '/api/my/devices' })).json<MyDeviceList>();
    const bobList = (await call(bob, { method: 'GET', url: '/api/my/devices' })).json<MyDeviceList>();
    assert.deepEqual(
      aliceList.devices.map((device) => device.thingName),
      ['lamp-a'],
    );
    assert.deepEqual(
      bobList.devices.map((device) => device.thingName),
      ['lamp-b'],
    );
    assert.deepEqual(aliceList.devices[0]?.controls, [{ key: 'brightness', kind: 'slider', min: 0, max: 100 }]);
  });

  test('another user’s device answers 404 on every /api/my route, exactly like a missing one', async () => {
    for (const thingName of ['lamp-a', 'no-such-device']) {
      const read = await call(bob, { method: 'GET', url: `/api/my/devices/${thingName}` });
      const write = await call(bob, {
        method: 'POST',
        url: `/api/my/devices/${thingName}/desired`,
        payload: { state: { brightness: 10 } },
      });
      assert.equal(read.statusCode, 404);
      assert.equal(write.statusCode, 404);
      assert.deepEqual(read.json(), { code: 'ResourceNotFoundException', message: `Device ${thingName} not found` });
    }
    const shadow = await sut.platform.shadows
      .getShadow({ thingName: 'lamp-a', principal: { platform: 'test' } })
      .catch(() => undefined);
    assert.equal(shadow, undefined, 'bob’s refused write must not create a shadow for lamp-a');
  });

  test('a change writes the classic shadow’s desired state; bad values are refused with 400', async () => {
    const response = await call(alice, {
      method: 'POST',
      url: '/api/my/devices/lamp-a/desired',
      payload: { state: { brightness: 70 } },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<MyDevice>().desired, { brightness: 70 });
    const shadow = await sut.platform.shadows.getShadow({ thingName: 'lamp-a', principal: { platform: 'test' } });
    assert.deepEqual(shadow.state.desired, { brightness: 70 });
    const bad = await call(alice, {
      method: 'POST',
      url: '/api/my/devices/lamp-a/desired',
      payload: { state: { brightness: 170 } },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /brightness must be a number from 0 to 100/);
  });

  test('end users are refused (403) on every other console route', async () => {
    const routes = consoleRoutes(sut.platform.app.printRoutes({ commonPrefix: false })).filter(
      ({ path }) => !path.startsWith('/api/my/') && !path.startsWith('/api/auth/') && path !== '/api/live',
    );
    assert.ok(routes.length > 40, `found only ${routes.length} routes`);
    const open: string[] = [];
    for (const { method, path } of routes) {
      const response = await call(alice, { method: method as InjectOptions['method'], url: path, payload: {} });
      if (response.statusCode !== 403) open.push(`${method} ${path} answered ${response.statusCode}`);
    }
    assert.deepEqual(open, []);
  });

  test('operator and admin routes of end users stay closed to other roles', async () => {
    await createUser('olivia', 'operator');
    const olivia = await login('olivia');
    assert.equal((await call(olivia, { method: 'GET', url: '/api/users' })).statusCode, 403);
    assert.equal((await call(olivia, { method: 'GET', url: '/api/my/devices' })).statusCode, 403);
    const code = await call(olivia, { method: 'POST', url: '/api/claim-codes', payload: { thingName: 'lamp-a' } });
    assert.equal(code.statusCode, 201);
  });

  test('the live socket delivers an end user only presence and shadow documents of their own devices', async () => {
    const open = async (cookie: string) => {
      const socket = new WebSocket(`ws://127.0.0.1:${sut.ports.http}/api/live`, { headers: { cookie } });
      const messages: LiveMessage[] = [];
      const others: LiveServerFrame[] = [];
      const waiters: Array<() => void> = [];
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as LiveServerFrame;
        if (frame.type === 'message') messages.push(frame);
        else others.push(frame);
        for (const wake of waiters.splice(0)) wake();
      });
      await once(socket, 'open');
      const until = (done: () => boolean) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(messages)}`)), 5000);
          const check = () => {
            if (done()) {
              clearTimeout(timer);
              resolve();
            } else waiters.push(check);
          };
          check();
        });
      socket.send(JSON.stringify({ type: 'subscribe', filters: ['#', '$aws/#'] }));
      await until(() => others.some((frame) => frame.type === 'subscribed'));
      return { socket, messages, others, until };
    };
    const aliceLive = await open(alice);
    const bobLive = await open(bob);
    try {
      const { broker, shadows } = sut.platform;
      const presence = (thing: string) =>
        broker.publish({
          topic: `$aws/events/presence/connected/${thing}`,
          payload: JSON.stringify({ clientId: thing, timestamp: Date.now(), eventType: 'connected' }),
          qos: 0,
          retain: false,
        });
      presence('lamp-a');
      broker.publish({ topic: 'lamp-a/telemetry', payload: '{"t":1}', qos: 0, retain: false });
      await shadows.updateShadow({
        thingName: 'lamp-a',
        principal: { platform: 'test' },
        payload: '{"state":{"reported":{"brightness":70}}}',
      });
      presence('lamp-b');
      await shadows.updateShadow({
        thingName: 'lamp-b',
        principal: { platform: 'test' },
        payload: '{"state":{"reported":{"lamp":true}}}',
      });
      const topics = (messages: LiveMessage[]) => messages.map((message) => message.topic);
      await bobLive.until(() => bobLive.messages.length >= 3);
      await aliceLive.until(() => aliceLive.messages.length >= 3);
      // Bob's first frames are lamp-b's, though lamp-a's were published before them: lamp-a's never came.
      assert.deepEqual(topics(bobLive.messages), [
        '$aws/events/presence/connected/lamp-b',
        '$aws/things/lamp-b/shadow/update/accepted',
        '$aws/things/lamp-b/shadow/update/documents',
      ]);
      assert.deepEqual(topics(aliceLive.messages), [
        '$aws/events/presence/connected/lamp-a',
        '$aws/things/lamp-a/shadow/update/accepted',
        '$aws/things/lamp-a/shadow/update/documents',
      ]);
      aliceLive.socket.send(JSON.stringify({ type: 'publish', topic: 'x', qos: 0, retain: false, payload: '' }));
      aliceLive.socket.send(JSON.stringify({ type: 'watch-rules', ruleNames: ['r'] }));
      await aliceLive.until(() => aliceLive.others.filter((frame) => frame.type === 'error').length === 2);
      assert.deepEqual(
        aliceLive.others.filter((frame) => frame.type === 'error').map((frame) => frame.type === 'error' && frame.code),
        ['AUTH_ERR_FORBIDDEN', 'AUTH_ERR_FORBIDDEN'],
      );
    } finally {
      aliceLive.socket.close();
      bobLive.socket.close();
    }
  });

  test('an unassigned device disappears for its former owner at once', async () => {
    const unassigned = await call(admin, { method: 'DELETE', url: '/api/device-assignments/lamp-a' });
    assert.equal(unassigned.statusCode, 204);
    assert.equal((await call(alice, { method: 'GET', url: '/api/my/devices/lamp-a' })).statusCode, 404);
    assert.equal((await call(admin, { method: 'DELETE', url: '/api/device-assignments/lamp-a' })).statusCode, 404);
    const reassigned = await call(admin, {
      method: 'PUT',
      url: '/api/device-assignments/lamp-a',
      payload: { username: 'alice' },
    });
    assert.equal(reassigned.statusCode, 200);
  });

  test('devices are assigned only to existing end users and existing things', async () => {
    const toAdmin = await call(admin, {
      method: 'PUT',
      url: '/api/device-assignments/lamp-a',
      payload: { username: 'admin' },
    });
    assert.equal(toAdmin.statusCode, 400);
    const ghostThing = await call(admin, {
      method: 'PUT',
      url: '/api/device-assignments/ghost',
      payload: { username: 'bob' },
    });
    assert.equal(ghostThing.statusCode, 404);
    const ghostUser = await call(admin, {
      method: 'PUT',
      url: '/api/device-assignments/lamp-a',
      payload: { username: 'zed' },
    });
    assert.equal(ghostUser.statusCode, 404);
  });
});

describe('accounts and invitations', () => {
  let sut: TestPlatform;
  let admin: string;
  before(async () => {
    sut = await startTestPlatform();
    admin = await sut.login();
  });
  after(() => sut.close());
  const inject = (options: InjectOptions) => sut.platform.app.inject(options);

  test('an invitation signs up one end user, who is signed in at once; the token works only once', async () => {
    const invitation = await inject({
      method: 'POST',
      url: '/api/invitations',
      payload: {},
      headers: { cookie: admin },
    });
    assert.equal(invitation.statusCode, 201, invitation.body);
    const { token, signupPath, role } = invitation.json();
    assert.equal(role, 'end-user');
    assert.equal(signupPath, `/signup?token=${token}`);
    const listed = await inject({ method: 'GET', url: '/api/invitations', headers: { cookie: admin } });
    assert.equal(listed.json().invitations.length, 1);
    assert.equal(JSON.stringify(listed.json()).includes(token), false);

    const signup = await inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token, username: 'carol', password: PASSWORD },
    });
    assert.equal(signup.statusCode, 201, signup.body);
    assert.deepEqual(signup.json(), { username: 'carol', role: 'end-user' });
    const cookie = signup.cookies.find((c) => c.name === 'meridian_session');
    const me = await inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `meridian_session=${cookie?.value}` },
    });
    assert.deepEqual(me.json(), { username: 'carol', role: 'end-user' });

    const again = await inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token, username: 'dave', password: PASSWORD },
    });
    assert.equal(again.statusCode, 400);
  });

  test('a taken username leaves the invitation usable', async () => {
    const { token } = (
      await inject({ method: 'POST', url: '/api/invitations', payload: {}, headers: { cookie: admin } })
    ).json();
    const taken = await inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token, username: 'ADMIN', password: PASSWORD },
    });
    assert.equal(taken.statusCode, 409);
    const retry = await inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { token, username: 'erin', password: PASSWORD },
    });
    assert.equal(retry.statusCode, 201);
  });

  test('a disabled user cannot sign in and loses their session; a deleted user is gone', async () => {
    const created = await inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'frank', password: PASSWORD, role: 'end-user' },
      headers: { cookie: admin },
    });
    assert.equal(created.statusCode, 201);
    const session = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'frank', password: PASSWORD },
    });
    const cookie = `meridian_session=${session.cookies.find((c) => c.name === 'meridian_session')?.value}`;
    const disabled = await inject({
      method: 'PATCH',
      url: '/api/users/frank',
      payload: { disabled: true },
      headers: { cookie: admin },
    });
    assert.equal(disabled.json().disabled, true);
    assert.equal((await inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 401);
    const login = await inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'frank', password: PASSWORD },
    });
    assert.equal(login.statusCode, 401);
    assert.equal(
      (await inject({ method: 'DELETE', url: '/api/users/frank', headers: { cookie: admin } })).statusCode,
      204,
    );
    assert.equal(
      (await inject({ method: 'DELETE', url: '/api/users/frank', headers: { cookie: admin } })).statusCode,
      404,
    );
    assert.equal(
      (await inject({ method: 'DELETE', url: '/api/users/admin', headers: { cookie: admin } })).statusCode,
      409,
    );
    const duplicate = await inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'carol', password: PASSWORD, role: 'viewer' },
      headers: { cookie: admin },
    });
    assert.equal(duplicate.statusCode, 409);
  });
});

/** Method and path (parameters filled in) of every `/api` route in Fastify's printed route tree. */
function consoleRoutes(tree: string): Array<{ method: string; path: string }> {
  const stack: string[] = [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const [, indent = '', segment = '', methods = ''] = match;
    const depth = indent.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + segment;
    stack.push(path);
    if (!path.startsWith('/api/')) continue;
    for (const method of methods.split(', ')) {
      if (method !== 'HEAD') routes.push({ method, path: path.replace(/:\w+/g, 'x') });
    }
  }
  return routes;
}
