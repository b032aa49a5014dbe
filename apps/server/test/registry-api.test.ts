import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PublishedMessage } from '@meridian/broker';
import type {
  DeviceCredentials,
  Role,
  ThingDetail,
  ThingGroupDetail,
  ThingGroupList,
  ThingList,
  ThingNameList,
  ThingTypeList,
} from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const OTHER_PASSWORD = 'another-long-password';
const REGION = 'eu-west-1';
const ACCOUNT = '000000000042';
const ARN = `arn:aws:iot:${REGION}:${ACCOUNT}`;

describe('registry console API', () => {
  let sut: TestPlatform;
  let cookie: string;
  let device: DeviceCredentials;
  const cookies = new Map<Role, string>();
  const clients: MqttClient[] = [];

  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });
  const as = (role: Role) => ({ cookie: cookies.get(role) });

  async function signInAs(role: Role): Promise<string> {
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
    return (response.body === '' ? undefined : response.json()) as T;
  }

  async function refused(options: InjectOptions, status: number, code: string, message?: RegExp): Promise<void> {
    const response = await inject(options);
    assert.equal(response.statusCode, status, response.body);
    assert.equal(response.json().code, code);
    if (message) assert.match(response.json().message, message);
  }

  const createThing = (payload: Record<string, unknown>) => ok({ method: 'POST', url: '/api/things', payload }, 201);
  const thingDetail = (name: string) => ok<ThingDetail>({ method: 'GET', url: `/api/things/${name}` });

  /** Resolves with the broker's next presence event of that kind for the client id. */
  function presenceEvent(kind: 'connected' | 'disconnected', clientId: string): Promise<PublishedMessage> {
    return new Promise((resolve) => {
      const stop = sut.platform.broker.onPublish((message) => {
        if (message.topic === `$aws/events/presence/${kind}/${clientId}`) {
          stop();
          resolve(message);
        }
      });
    });
  }

  function connectDevice(clientId: string): Promise<MqttClient> {
    const client = mqtt.connect(`mqtts://127.0.0.1:${sut.ports.mqtts}`, {
      key: device.privateKeyPem,
      cert: device.certificatePem,
      ca: device.caCertificatePem,
      servername: 'localhost',
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clientId,
      protocolVersion: 5,
    });
    clients.push(client);
    return new Promise((resolve, reject) => {
      client.once('connect', () => resolve(client));
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    });
  }

  before(async () => {
    sut = await startTestPlatform({ AWS_REGION: REGION, AWS_ACCOUNT_ID: ACCOUNT });
    cookie = await sut.login();
    device = await ok<DeviceCredentials>(
      { method: 'POST', url: '/api/certificates', payload: { deviceName: 'registry-probe' } },
      201,
    );
    for (const role of ['operator', 'viewer', 'end-user'] as const) cookies.set(role, await signInAs(role));
  });
  after(async () => {
    for (const client of clients) client.end(true);
    await sut.close();
  });

  test('the platform exposes the configured region and account', () => {
    assert.deepEqual(sut.platform.account, { region: REGION, accountId: ACCOUNT });
  });

  test('rule ARNs carry the configured region and account too', async () => {
    const created = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/rules',
      headers: { cookie },
      payload: { ruleName: 'regional_rule', topicRulePayload: { sql: "SELECT * FROM 'a/b'", actions: [] } },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().ruleArn, `arn:aws:iot:${REGION}:${ACCOUNT}:rule/regional_rule`);
  });

  describe('access', () => {
    for (const [method, url] of [
      ['GET', '/api/things'],
      ['POST', '/api/things'],
      ['GET', '/api/things/any'],
      ['PATCH', '/api/things/any'],
      ['DELETE', '/api/things/any'],
      ['PUT', `/api/things/any/certificates/${'a'.repeat(64)}`],
      ['GET', '/api/thing-types'],
      ['POST', '/api/thing-types/any/deprecate'],
      ['GET', '/api/thing-groups'],
      ['PUT', '/api/thing-groups/any/things/any'],
    ] as const) {
      test(`${method} ${url} without a session is refused with 401`, async () => {
        const response = await sut.platform.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().code, 'AUTH_ERR_REQUIRED');
      });
    }

    test('an end-user cannot read the registry', async () => {
      for (const url of ['/api/things', '/api/thing-types', '/api/thing-groups']) {
        await refused({ method: 'GET', url, headers: as('end-user') }, 403, 'AUTH_ERR_FORBIDDEN');
      }
    });

    test('a viewer reads the registry but changes nothing; an operator may change it', async () => {
      await createThing({ thingName: 'viewed-lamp' });
      const list = await ok<ThingList>({ method: 'GET', url: '/api/things?q=viewed-lamp', headers: as('viewer') });
      assert.deepEqual(
        list.things.map((thing) => thing.thingName),
        ['viewed-lamp'],
      );
      assert.equal(
        (await ok<ThingDetail>({ method: 'GET', url: '/api/things/viewed-lamp', headers: as('viewer') })).version,
        1,
      );

      for (const request of [
        { method: 'POST', url: '/api/things', payload: { thingName: 'by-viewer' } },
        { method: 'PATCH', url: '/api/things/viewed-lamp', payload: { attributes: { a: 'b' } } },
        { method: 'DELETE', url: '/api/things/viewed-lamp' },
        { method: 'POST', url: '/api/thing-types', payload: { thingTypeName: 'ByViewer' } },
        { method: 'POST', url: '/api/thing-groups', payload: { thingGroupName: 'by-viewer' } },
        { method: 'PUT', url: '/api/thing-groups/any/things/viewed-lamp' },
        { method: 'PUT', url: `/api/things/viewed-lamp/certificates/${device.certificateId}` },
      ] as const) {
        await refused({ ...request, headers: as('viewer') }, 403, 'AUTH_ERR_FORBIDDEN');
      }
      assert.equal((await thingDetail('viewed-lamp')).version, 1, 'nothing changed');

      await ok(
        {
          method: 'PATCH',
          url: '/api/things/viewed-lamp',
          payload: { attributes: { a: 'b' } },
          headers: as('operator'),
        },
        204,
      );
      assert.deepEqual((await thingDetail('viewed-lamp')).attributes, { a: 'b' });
    });
  });

  describe('things', () => {
    test('a created thing has an ARN of the configured region and account, and a detail page', async () => {
      const created = await ok<{ thingName: string; thingArn: string; thingId: string }>(
        { method: 'POST', url: '/api/things', payload: { thingName: 'desk-lamp', attributes: { room: 'office' } } },
        201,
      );
      assert.equal(created.thingName, 'desk-lamp');
      assert.equal(created.thingArn, `${ARN}:thing/desk-lamp`);
      assert.match(created.thingId, /^[0-9a-f-]{36}$/);

      assert.deepEqual(await thingDetail('desk-lamp'), {
        thingName: 'desk-lamp',
        thingId: created.thingId,
        thingArn: created.thingArn,
        attributes: { room: 'office' },
        version: 1,
        groups: [],
        certificates: [],
        connection: { clientId: 'desk-lamp', connected: false },
      });
    });

    test('bad names and attributes get 400 with the broken rule; nothing is created', async () => {
      await refused(
        { method: 'POST', url: '/api/things', payload: { thingName: 'no spaces' } },
        400,
        'InvalidRequestException',
        /thingName must be 1-128 characters/,
      );
      await refused(
        { method: 'POST', url: '/api/things', payload: { thingName: 'ok-name', attributes: { 'bad key!': 'x' } } },
        400,
        'InvalidRequestException',
        /attribute name/,
      );
      await refused(
        {
          method: 'POST',
          url: '/api/things',
          payload: { thingName: 'ok-name', attributes: { a: '1', b: '2', c: '3', d: '4' } },
        },
        400,
        'InvalidRequestException',
        /at most 3 attributes/,
      );
      await refused({ method: 'POST', url: '/api/things', payload: { attributes: {} } }, 400, 'REQUEST_ERR_INVALID');
      await refused({ method: 'GET', url: '/api/things/ok-name' }, 404, 'ResourceNotFoundException', /ok-name/);
    });

    test('a second thing of the same name with another configuration is a 409', async () => {
      await createThing({ thingName: 'twin', attributes: { v: '1' } });
      await createThing({ thingName: 'twin', attributes: { v: '1' } });
      await refused(
        { method: 'POST', url: '/api/things', payload: { thingName: 'twin', attributes: { v: '2' } } },
        409,
        'ResourceAlreadyExistsException',
      );
    });

    test('PATCH replaces or merges attributes, and a stale expectedVersion is a 409 that changes nothing', async () => {
      await createThing({ thingName: 'editable', attributes: { color: 'red', size: 'm' } });
      await ok(
        {
          method: 'PATCH',
          url: '/api/things/editable',
          payload: { attributes: { color: 'blue', size: '' }, merge: true, expectedVersion: 1 },
        },
        204,
      );
      let detail = await thingDetail('editable');
      assert.deepEqual(detail.attributes, { color: 'blue' });
      assert.equal(detail.version, 2);

      await refused(
        {
          method: 'PATCH',
          url: '/api/things/editable',
          payload: { attributes: { color: 'green' }, expectedVersion: 1 },
        },
        409,
        'VersionConflictException',
        /version 2/,
      );
      detail = await thingDetail('editable');
      assert.deepEqual(detail.attributes, { color: 'blue' });

      await ok({ method: 'PATCH', url: '/api/things/editable', payload: { attributes: { shape: 'round' } } }, 204);
      assert.deepEqual((await thingDetail('editable')).attributes, { shape: 'round' });
    });

    test('DELETE removes a thing, honouring expectedVersion', async () => {
      await createThing({ thingName: 'doomed' });
      await refused({ method: 'DELETE', url: '/api/things/doomed?expectedVersion=7' }, 409, 'VersionConflictException');
      await ok({ method: 'DELETE', url: '/api/things/doomed?expectedVersion=1' }, 204);
      await refused({ method: 'GET', url: '/api/things/doomed' }, 404, 'ResourceNotFoundException');
    });

    test('search text, type filter and paging', async () => {
      await ok({ method: 'POST', url: '/api/thing-types', payload: { thingTypeName: 'Sensor' } }, 201);
      for (const name of ['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e']) {
        await createThing({
          thingName: name,
          ...(name < 'pg-c' ? {} : { thingTypeName: 'Sensor' }),
          attributes: { floor: name === 'pg-e' ? '2' : '1' },
        });
      }
      const names = (list: ThingList) => list.things.map((thing) => thing.thingName);

      const first = await ok<ThingList>({ method: 'GET', url: '/api/things?q=pg-*&maxResults=2' });
      assert.deepEqual(names(first), ['pg-a', 'pg-b']);
      assert.ok(first.nextToken);
      const second = await ok<ThingList>({
        method: 'GET',
        url: `/api/things?q=pg-*&maxResults=2&nextToken=${encodeURIComponent(first.nextToken)}`,
      });
      assert.deepEqual(names(second), ['pg-c', 'pg-d']);
      const third = await ok<ThingList>({
        method: 'GET',
        url: `/api/things?q=pg-*&maxResults=2&nextToken=${encodeURIComponent(second.nextToken ?? '')}`,
      });
      assert.deepEqual(names(third), ['pg-e']);
      assert.equal(third.nextToken, undefined);

      const sensors = await ok<ThingList>({ method: 'GET', url: '/api/things?q=pg-*&thingTypeName=Sensor' });
      assert.deepEqual(names(sensors), ['pg-c', 'pg-d', 'pg-e']);
      assert.equal(sensors.things[0]?.thingTypeName, 'Sensor');
      const upstairs = await ok<ThingList>({
        method: 'GET',
        url: `/api/things?q=${encodeURIComponent('pg attributes.floor:2')}&thingTypeName=Sensor`,
      });
      assert.deepEqual(names(upstairs), ['pg-e']);
      const bySearchType = await ok<ThingList>({ method: 'GET', url: '/api/things?q=thingTypeName:Sensor pg-d' });
      assert.deepEqual(names(bySearchType), ['pg-d']);

      await refused({ method: 'GET', url: '/api/things?maxResults=251' }, 400, 'InvalidRequestException', /maxResults/);
      await refused(
        { method: 'GET', url: '/api/things?nextToken=garbage!' },
        400,
        'InvalidRequestException',
        /nextToken/,
      );
      await refused(
        { method: 'GET', url: `/api/things?thingTypeName=${encodeURIComponent('Sensor attributes.floor:2')}` },
        400,
        'InvalidRequestException',
      );
    });
  });

  describe('thing types', () => {
    test('create and list, deprecate (no new things of it), undo, delete only when deprecated', async () => {
      const created = await ok<{ thingTypeArn: string }>(
        {
          method: 'POST',
          url: '/api/thing-types',
          payload: { thingTypeName: 'Lamp', description: 'Ceiling lamps', searchableAttributes: ['room'] },
        },
        201,
      );
      assert.equal(created.thingTypeArn, `${ARN}:thingtype/Lamp`);
      const listed = (await ok<ThingTypeList>({ method: 'GET', url: '/api/thing-types' })).thingTypes.find(
        (type) => type.thingTypeName === 'Lamp',
      );
      assert.ok(listed);
      assert.equal(listed.description, 'Ceiling lamps');
      assert.deepEqual(listed.searchableAttributes, ['room']);
      assert.equal(listed.deprecated, false);
      assert.ok(Math.abs(Date.parse(listed.createdAt) - Date.now()) < 60_000);

      await refused({ method: 'DELETE', url: '/api/thing-types/Lamp' }, 400, 'InvalidRequestException', /deprecated/);
      await ok({ method: 'POST', url: '/api/thing-types/Lamp/deprecate' }, 204);
      const deprecated = (await ok<ThingTypeList>({ method: 'GET', url: '/api/thing-types' })).thingTypes.find(
        (type) => type.thingTypeName === 'Lamp',
      );
      assert.equal(deprecated?.deprecated, true);
      assert.ok(deprecated?.deprecatedAt);
      await refused(
        { method: 'POST', url: '/api/things', payload: { thingName: 'new-lamp', thingTypeName: 'Lamp' } },
        400,
        'InvalidRequestException',
        /deprecated/,
      );

      await ok({ method: 'POST', url: '/api/thing-types/Lamp/undeprecate' }, 204);
      await createThing({ thingName: 'new-lamp', thingTypeName: 'Lamp' });
      await ok({ method: 'POST', url: '/api/thing-types/Lamp/deprecate' }, 204);
      await refused(
        { method: 'DELETE', url: '/api/thing-types/Lamp' },
        400,
        'InvalidRequestException',
        /used by things/,
      );
      await ok({ method: 'PATCH', url: '/api/things/new-lamp', payload: { removeThingType: true } }, 204);
      await ok({ method: 'DELETE', url: '/api/thing-types/Lamp' }, 204);
      await refused({ method: 'POST', url: '/api/thing-types/Lamp/deprecate' }, 404, 'ResourceNotFoundException');
    });

    test('more than 3 searchable attributes is a 400', async () => {
      await refused(
        {
          method: 'POST',
          url: '/api/thing-types',
          payload: { thingTypeName: 'Wide', searchableAttributes: ['a', 'b', 'c', 'd'] },
        },
        400,
        'InvalidRequestException',
        /at most 3 searchable attributes/,
      );
    });
  });

  describe('thing groups', () => {
    test('nested groups, members listed directly or recursively, add and remove, delete children first', async () => {
      await ok(
        { method: 'POST', url: '/api/thing-groups', payload: { thingGroupName: 'building', description: 'HQ' } },
        201,
      );
      const floor = await ok<{ groupArn: string }>(
        {
          method: 'POST',
          url: '/api/thing-groups',
          payload: { thingGroupName: 'floor-1', parentGroupName: 'building', attributes: { level: '1' } },
        },
        201,
      );
      assert.equal(floor.groupArn, `${ARN}:thinggroup/floor-1`);

      const detail = await ok<ThingGroupDetail>({ method: 'GET', url: '/api/thing-groups/floor-1' });
      assert.equal(detail.parentGroupName, 'building');
      assert.deepEqual(detail.ancestors, ['building']);
      assert.deepEqual(detail.attributes, { level: '1' });
      assert.equal(detail.version, 1);

      const all = await ok<ThingGroupList>({ method: 'GET', url: '/api/thing-groups?namePrefix=b' });
      assert.deepEqual(all.thingGroups, [{ groupName: 'building', description: 'HQ' }]);
      const children = await ok<ThingGroupList>({ method: 'GET', url: '/api/thing-groups?parentGroup=building' });
      assert.deepEqual(children.thingGroups, [{ groupName: 'floor-1', parentGroupName: 'building' }]);

      await createThing({ thingName: 'grouped-lamp' });
      await ok({ method: 'PUT', url: '/api/thing-groups/floor-1/things/grouped-lamp' }, 204);
      assert.deepEqual((await thingDetail('grouped-lamp')).groups, [
        { groupName: 'floor-1', groupArn: `${ARN}:thinggroup/floor-1` },
      ]);
      const direct = await ok<ThingNameList>({ method: 'GET', url: '/api/thing-groups/building/things' });
      assert.deepEqual(direct.things, []);
      const recursive = await ok<ThingNameList>({
        method: 'GET',
        url: '/api/thing-groups/building/things?recursive=true',
      });
      assert.deepEqual(recursive.things, ['grouped-lamp']);
      await refused(
        { method: 'PUT', url: '/api/thing-groups/building/things/grouped-lamp' },
        400,
        'InvalidRequestException',
        /same hierarchy/,
      );

      await ok({ method: 'DELETE', url: '/api/thing-groups/floor-1/things/grouped-lamp' }, 204);
      assert.deepEqual((await thingDetail('grouped-lamp')).groups, []);

      await refused(
        { method: 'DELETE', url: '/api/thing-groups/building' },
        400,
        'InvalidRequestException',
        /child groups/,
      );
      await ok({ method: 'DELETE', url: '/api/thing-groups/floor-1' }, 204);
      await ok({ method: 'DELETE', url: '/api/thing-groups/building' }, 204);
      await refused({ method: 'GET', url: '/api/thing-groups/building' }, 404, 'ResourceNotFoundException');
    });

    test('a parent that does not exist is a 404', async () => {
      await refused(
        { method: 'POST', url: '/api/thing-groups', payload: { thingGroupName: 'orphan', parentGroupName: 'nowhere' } },
        404,
        'ResourceNotFoundException',
        /nowhere/,
      );
    });
  });

  describe('certificates of a thing', () => {
    test('attach shows the certificate with its status; a thing with certificates cannot be deleted; detach', async () => {
      await createThing({ thingName: 'cert-holder' });
      const url = `/api/things/cert-holder/certificates/${device.certificateId}`;
      await ok({ method: 'PUT', url }, 204);
      await ok({ method: 'PUT', url }, 204);
      assert.deepEqual((await thingDetail('cert-holder')).certificates, [
        {
          certificateId: device.certificateId,
          certificateArn: `${ARN}:cert/${device.certificateId}`,
          status: 'ACTIVE',
        },
      ]);

      await refused({ method: 'DELETE', url: '/api/things/cert-holder' }, 400, 'InvalidRequestException', /principals/);
      await ok({ method: 'DELETE', url }, 204);
      assert.deepEqual((await thingDetail('cert-holder')).certificates, []);
      await ok({ method: 'DELETE', url: '/api/things/cert-holder' }, 204);
    });

    test('an unknown certificate or thing is a 404; an exclusive attachment keeps other things off', async () => {
      await createThing({ thingName: 'exclusive-a' });
      await createThing({ thingName: 'exclusive-b' });
      await refused(
        { method: 'PUT', url: `/api/things/exclusive-a/certificates/${'0'.repeat(64)}` },
        404,
        'ResourceNotFoundException',
        /Principal/,
      );
      await refused(
        { method: 'PUT', url: `/api/things/missing/certificates/${device.certificateId}` },
        404,
        'ResourceNotFoundException',
      );
      await ok(
        { method: 'PUT', url: `/api/things/exclusive-a/certificates/${device.certificateId}?exclusive=true` },
        204,
      );
      await refused(
        { method: 'PUT', url: `/api/things/exclusive-b/certificates/${device.certificateId}` },
        400,
        'InvalidRequestException',
        /exclusively/,
      );
      await ok({ method: 'DELETE', url: `/api/things/exclusive-a/certificates/${device.certificateId}` }, 204);
    });
  });

  describe('connection state', () => {
    test('the device whose client id is the thing name shows as connected, then as disconnected with the reason', async () => {
      await createThing({ thingName: 'online-lamp' });
      const connectedEvent = presenceEvent('connected', 'online-lamp');
      const client = await connectDevice('online-lamp');
      await connectedEvent;

      const online = (await thingDetail('online-lamp')).connection;
      assert.equal(online.connected, true);
      assert.equal(online.clientId, 'online-lamp');
      assert.equal(online.certificateId, device.certificateId);
      assert.equal(online.protocolVersion, '5.0');
      assert.equal(online.transport, 'tls');
      assert.match(online.remoteAddress ?? '', /127\.0\.0\.1/);
      assert.ok(online.connectedAt && Math.abs(Date.parse(online.connectedAt) - Date.now()) < 60_000);
      assert.ok(online.lastConnectedAt);
      assert.equal(online.lastDisconnectedAt, undefined);

      const disconnectedEvent = presenceEvent('disconnected', 'online-lamp');
      await client.endAsync();
      await disconnectedEvent;

      const offline = (await thingDetail('online-lamp')).connection;
      assert.equal(offline.connected, false);
      assert.equal(offline.connectedAt, undefined);
      assert.equal(offline.lastConnectedAt, online.lastConnectedAt);
      assert.ok(offline.lastDisconnectedAt);
      assert.ok(Date.parse(offline.lastDisconnectedAt) >= Date.parse(online.lastConnectedAt));
      assert.equal(offline.lastDisconnectReason, 'CLIENT_INITIATED_DISCONNECT');
    });
  });
});
