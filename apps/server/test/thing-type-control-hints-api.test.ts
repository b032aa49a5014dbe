import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MyDevice, Role, ThingTypeControlHints } from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const PASSWORD = 'another-long-password';

describe('control hints of thing types through the console API', () => {
  let sut: TestPlatform;
  const cookies = new Map<Role, string>();

  const call = (role: Role, options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { ...options.headers, cookie: cookies.get(role) } });
  const hintsUrl = (thingTypeName: string) => `/api/thing-types/${thingTypeName}/control-hints`;
  const put = (role: Role, thingTypeName: string, payload: object) =>
    call(role, { method: 'PUT', url: hintsUrl(thingTypeName), payload });
  const get = (role: Role, thingTypeName: string) => call(role, { method: 'GET', url: hintsUrl(thingTypeName) });

  async function signInAs(role: Role): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({ username, passwordHash: await hashPassword(PASSWORD), role });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: PASSWORD },
    });
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session, response.body);
    return `${session.name}=${session.value}`;
  }

  before(async () => {
    sut = await startTestPlatform();
    cookies.set('admin', await sut.login());
    for (const role of ['operator', 'viewer', 'end-user'] as const) cookies.set(role, await signInAs(role));
    for (const thingTypeName of ['Lamp', 'Fan', 'Heater'])
      await sut.platform.registry.thingTypes.create({ thingTypeName });
  });
  after(() => sut.close());

  test('a type starts without hints; PUT replaces the whole set and answers it', async () => {
    const empty = await get('admin', 'Lamp');
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json(), { hints: {} });

    const first = await put('admin', 'Lamp', { hints: { mode: 'enum:eco,boost', brightness: 'range:0..100:5' } });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { hints: { brightness: 'range:0..100:5', mode: 'enum:eco,boost' } });
    const second = await put('admin', 'Lamp', { hints: { lamp: 'switch' } });
    assert.deepEqual(second.json(), { hints: { lamp: 'switch' } });
    assert.deepEqual((await get('admin', 'Lamp')).json(), { hints: { lamp: 'switch' } });
  });

  test('a bad hint or key is a 400 naming it, and the stored hints stay as they were', async () => {
    await put('admin', 'Fan', { hints: { speed: 'range:0..3' } });
    const badHint = await put('admin', 'Fan', { hints: { speed: 'range:0..5', mode: 'enum:' } });
    assert.equal(badHint.statusCode, 400, badHint.body);
    assert.deepEqual(badHint.json(), {
      code: 'InvalidRequestException',
      message:
        'The control hint for mode is not valid: "enum:"; use switch, number, hidden, enum:a,b,c, range:min..max or range:min..max:step',
    });
    const badKey = await put('admin', 'Fan', { hints: { 'fan speed': 'number' } });
    assert.equal(badKey.statusCode, 400, badKey.body);
    assert.match(badKey.json().message, /^Control hint key "fan speed" must be/);
    for (const payload of [{ hints: { speed: 3 } }, { hints: 'switch' }, {}]) {
      const response = await put('admin', 'Fan', payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
    }
    assert.deepEqual((await get('admin', 'Fan')).json(), { hints: { speed: 'range:0..3' } });
  });

  test('an unknown thing type is a 404 on GET and PUT', async () => {
    for (const response of [await get('admin', 'Ghost'), await put('admin', 'Ghost', { hints: { lamp: 'switch' } })]) {
      assert.equal(response.statusCode, 404, response.body);
      assert.deepEqual(response.json(), {
        code: 'ResourceNotFoundException',
        message: 'Thing type Ghost does not exist',
      });
    }
  });

  test('admins and operators change hints, viewers only read them, end users and anonymous requests get nothing', async () => {
    assert.equal((await put('operator', 'Heater', { hints: { power: 'switch' } })).statusCode, 200);
    const viewerRead = await get('viewer', 'Heater');
    assert.equal(viewerRead.statusCode, 200, viewerRead.body);
    assert.deepEqual(viewerRead.json(), { hints: { power: 'switch' } });
    const viewerWrite = await put('viewer', 'Heater', { hints: {} });
    assert.equal(viewerWrite.statusCode, 403, viewerWrite.body);
    assert.equal(viewerWrite.json().code, 'AUTH_ERR_FORBIDDEN');
    for (const response of [await get('end-user', 'Heater'), await put('end-user', 'Heater', { hints: {} })]) {
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().code, 'AUTH_ERR_FORBIDDEN');
    }
    const anonymous = await sut.platform.app.inject({ method: 'GET', url: hintsUrl('Heater') });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual((await get('admin', 'Heater')).json(), { hints: { power: 'switch' } });
  });

  test('deleting a thing type deletes its hints', async () => {
    const { registry } = sut.platform;
    await registry.thingTypes.create({ thingTypeName: 'Kettle' });
    assert.equal((await put('admin', 'Kettle', { hints: { boil: 'switch' } })).statusCode, 200);
    await registry.thingTypes.deprecate({ thingTypeName: 'Kettle' });
    const deleted = await call('admin', { method: 'DELETE', url: '/api/thing-types/Kettle' });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await get('admin', 'Kettle')).statusCode, 404);
    await registry.thingTypes.create({ thingTypeName: 'Kettle' });
    assert.deepEqual((await get('admin', 'Kettle')).json<ThingTypeControlHints>(), { hints: {} });
  });

  test('an end user’s device shows its type’s hints under its own control.<key> attributes', async () => {
    const { registry, shadows } = sut.platform;
    await registry.thingTypes.create({ thingTypeName: 'Bulb' });
    await registry.things.create({
      thingName: 'bulb-1',
      thingTypeName: 'Bulb',
      attributePayload: { attributes: { 'control.brightness': 'range:0..10' } },
    });
    await shadows.updateShadow({
      thingName: 'bulb-1',
      principal: { platform: 'test' },
      payload: JSON.stringify({ state: { reported: { lamp: true, brightness: 4, mode: 'eco', firmware: '1.0' } } }),
    });
    const assigned = await call('admin', {
      method: 'PUT',
      url: '/api/device-assignments/bulb-1',
      payload: { username: 'end-user-user' },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    await put('operator', 'Bulb', { hints: { mode: 'enum:eco,boost', brightness: 'number', firmware: 'hidden' } });

    const device = (await call('end-user', { method: 'GET', url: '/api/my/devices/bulb-1' })).json<MyDevice>();
    assert.deepEqual(device.controls, [
      { key: 'brightness', kind: 'slider', min: 0, max: 10 },
      { key: 'lamp', kind: 'switch' },
      { key: 'mode', kind: 'select', options: ['eco', 'boost'] },
    ]);
    const refused = await call('end-user', {
      method: 'POST',
      url: '/api/my/devices/bulb-1/desired',
      payload: { state: { mode: 'turbo' } },
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.json().message, /mode must be one of eco, boost/);
  });
});
