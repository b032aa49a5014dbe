import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  DeviceCredentials,
  PolicyDetail,
  PolicyList,
  PolicySimulationResult,
  PolicyTargetList,
  Role,
} from '@meridian/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const OTHER_PASSWORD = 'another-long-password';
const ARN = 'arn:aws:iot:us-east-1:123456789012:';

const document = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowPublish = (topic: string, sid = 'Publish') =>
  document({ Sid: sid, Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/${topic}` });

describe('policies console API', () => {
  let sut: TestPlatform;
  let cookie: string;
  let device: DeviceCredentials;
  const cookies = new Map<Role, string>();

  const inject = (options: InjectOptions) => sut.platform.app.inject({ headers: { cookie }, ...options });
  const as = (role: Role, options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie: cookies.get(role) } });

  function expectError(response: LightMyRequestResponse, status: number, code: string, message?: RegExp): void {
    assert.equal(response.statusCode, status, response.body);
    const body = response.json<{ code: string; message: string }>();
    assert.equal(body.code, code);
    if (message) assert.match(body.message, message);
  }

  async function createPolicy(policyName: string, policyDocument: string): Promise<void> {
    const response = await inject({ method: 'POST', url: '/api/policies', payload: { policyName, policyDocument } });
    assert.equal(response.statusCode, 201, response.body);
  }

  async function detail(policyName: string): Promise<PolicyDetail> {
    const response = await inject({ method: 'GET', url: `/api/policies/${policyName}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  }

  async function signInAs(role: Role): Promise<string> {
    const username = `${role}-user`;
    new UsersStore(sut.platform.db).create({ username, passwordHash: await hashPassword(OTHER_PASSWORD), role });
    const response = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: OTHER_PASSWORD },
    });
    const session = response.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session, response.body);
    return `${session.name}=${session.value}`;
  }

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
    const created = await inject({ method: 'POST', url: '/api/certificates', payload: { deviceName: 'policy-probe' } });
    assert.equal(created.statusCode, 201, created.body);
    device = created.json();
    for (const role of ['operator', 'viewer', 'end-user'] as const) cookies.set(role, await signInAs(role));
  });
  after(() => sut.close());

  test('every route needs a session', async () => {
    for (const [method, url] of [
      ['GET', '/api/policies'],
      ['POST', '/api/policies'],
      ['POST', '/api/policies/simulate'],
      ['GET', '/api/policies/any'],
      ['DELETE', '/api/policies/any/targets?targetArn=x'],
      ['GET', `/api/certificates/${'a'.repeat(64)}/policies`],
    ] as const) {
      const response = await sut.platform.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expectError(response, 401, 'AUTH_ERR_REQUIRED');
    }
  });

  test('create, read with versions, and list newest first with paging', async () => {
    const created = await inject({
      method: 'POST',
      url: '/api/policies',
      payload: { policyName: 'paging-a', policyDocument: allowPublish('a') },
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json(), {
      policyName: 'paging-a',
      policyArn: `${ARN}policy/paging-a`,
      policyDocument: allowPublish('a'),
      policyVersionId: '1',
    });
    await createPolicy('paging-b', allowPublish('b'));

    const policy = await detail('paging-a');
    assert.equal(policy.policyDocument, allowPublish('a'));
    assert.equal(policy.defaultVersionId, '1');
    assert.deepEqual(
      policy.versions.map(({ versionId, isDefaultVersion }) => ({ versionId, isDefaultVersion })),
      [{ versionId: '1', isDefaultVersion: true }],
    );
    assert.equal(typeof policy.creationDate, 'number');

    const first = await inject({ method: 'GET', url: '/api/policies?pageSize=1' });
    assert.equal(first.statusCode, 200, first.body);
    const page1 = first.json<PolicyList>();
    assert.equal(page1.policies.length, 1);
    assert.ok(page1.nextMarker);
    const second = await inject({
      method: 'GET',
      url: `/api/policies?pageSize=1&marker=${encodeURIComponent(page1.nextMarker)}`,
    });
    const page2 = second.json<PolicyList>();
    assert.notEqual(page2.policies[0]?.policyName, page1.policies[0]?.policyName);

    const all = (await inject({ method: 'GET', url: '/api/policies' })).json<PolicyList>();
    const names = all.policies.map((p) => p.policyName);
    assert.ok(names.indexOf('paging-b') < names.indexOf('paging-a'), 'newest first');
  });

  test('a malformed document is refused with MalformedPolicyException naming the problem, and nothing is created', async () => {
    const notJson = await inject({
      method: 'POST',
      url: '/api/policies',
      payload: { policyName: 'broken', policyDocument: '{"Version": ' },
    });
    expectError(notJson, 400, 'MalformedPolicyException');
    const badAction = await inject({
      method: 'POST',
      url: '/api/policies',
      payload: {
        policyName: 'broken',
        policyDocument: document({ Sid: 'Oops', Effect: 'Allow', Action: 'publish', Resource: '*' }),
      },
    });
    expectError(badAction, 400, 'MalformedPolicyException', /Statement\[0\].*Action.*"publish"/);
    expectError(await inject({ method: 'GET', url: '/api/policies/broken' }), 404, 'ResourceNotFoundException');
  });

  test('validate answers 204 for a good document and the create-time error for a bad one', async () => {
    const good = await inject({
      method: 'POST',
      url: '/api/policies/validate',
      payload: { policyDocument: allowPublish('x') },
    });
    assert.equal(good.statusCode, 204);
    const bad = await inject({
      method: 'POST',
      url: '/api/policies/validate',
      payload: { policyDocument: document({ Effect: 'Maybe', Action: 'iot:Connect', Resource: '*' }) },
    });
    expectError(bad, 400, 'MalformedPolicyException', /Effect/);
  });

  test('bad names and duplicate policies get clear errors', async () => {
    const badName = await inject({
      method: 'POST',
      url: '/api/policies',
      payload: { policyName: 'has space', policyDocument: allowPublish('x') },
    });
    expectError(badName, 400, 'InvalidRequestException', /Policy name/);
    await createPolicy('dup', allowPublish('x'));
    const again = await inject({
      method: 'POST',
      url: '/api/policies',
      payload: { policyName: 'dup', policyDocument: allowPublish('x') },
    });
    expectError(again, 409, 'ResourceAlreadyExistsException');
  });

  test('versions: create, read, set default, delete; the default cannot be deleted; at most 5', async () => {
    await createPolicy('versioned', allowPublish('v1'));
    const v2 = await inject({
      method: 'POST',
      url: '/api/policies/versioned/versions',
      payload: { policyDocument: allowPublish('v2') },
    });
    assert.equal(v2.statusCode, 201, v2.body);
    assert.equal(v2.json().policyVersionId, '2');
    assert.equal(v2.json().isDefaultVersion, false);
    const v3 = await inject({
      method: 'POST',
      url: '/api/policies/versioned/versions',
      payload: { policyDocument: allowPublish('v3'), setAsDefault: true },
    });
    assert.equal(v3.json().isDefaultVersion, true);
    let policy = await detail('versioned');
    assert.equal(policy.defaultVersionId, '3');
    assert.equal(policy.policyDocument, allowPublish('v3'));
    assert.deepEqual(
      policy.versions.map((v) => v.versionId),
      ['3', '2', '1'],
    );

    const version2 = await inject({ method: 'GET', url: '/api/policies/versioned/versions/2' });
    assert.equal(version2.statusCode, 200);
    assert.equal(version2.json().policyDocument, allowPublish('v2'));
    assert.equal(version2.json().isDefaultVersion, false);
    expectError(
      await inject({ method: 'GET', url: '/api/policies/versioned/versions/9' }),
      404,
      'ResourceNotFoundException',
    );
    expectError(
      await inject({ method: 'GET', url: '/api/policies/versioned/versions/two' }),
      400,
      'InvalidRequestException',
    );

    const setDefault = await inject({
      method: 'PUT',
      url: '/api/policies/versioned/default-version',
      payload: { policyVersionId: '1' },
    });
    assert.equal(setDefault.statusCode, 204);
    policy = await detail('versioned');
    assert.equal(policy.defaultVersionId, '1');

    expectError(
      await inject({ method: 'DELETE', url: '/api/policies/versioned/versions/1' }),
      409,
      'DeleteConflictException',
      /default version/,
    );
    const deleted = await inject({ method: 'DELETE', url: '/api/policies/versioned/versions/2' });
    assert.equal(deleted.statusCode, 204);
    assert.deepEqual(
      (await detail('versioned')).versions.map((v) => v.versionId),
      ['3', '1'],
    );

    for (const topic of ['v4', 'v5', 'v6']) {
      const response = await inject({
        method: 'POST',
        url: '/api/policies/versioned/versions',
        payload: { policyDocument: allowPublish(topic) },
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    expectError(
      await inject({
        method: 'POST',
        url: '/api/policies/versioned/versions',
        payload: { policyDocument: allowPublish('v7') },
      }),
      409,
      'VersionsLimitExceededException',
    );
  });

  test('attach to a certificate, list targets both ways, simulate, detach, delete', async () => {
    await createPolicy('device-topics', allowPublish('devices/*', 'DevicePublish'));
    // New console devices get the permissive default device policy; this test is about its own policy.
    const detachDefault = await inject({
      method: 'DELETE',
      url: `/api/policies/meridian-default-device/targets?certificateId=${device.certificateId}`,
    });
    assert.equal(detachDefault.statusCode, 204, detachDefault.body);
    const attach = await inject({
      method: 'POST',
      url: '/api/policies/device-topics/targets',
      payload: { certificateId: device.certificateId },
    });
    assert.equal(attach.statusCode, 204, attach.body);
    const group = await inject({ method: 'POST', url: '/api/thing-groups', payload: { thingGroupName: 'floor-1' } });
    assert.equal(group.statusCode < 300, true, group.body);
    const groupArn = `${ARN}thinggroup/floor-1`;
    const attachGroup = await inject({
      method: 'POST',
      url: '/api/policies/device-topics/targets',
      payload: { targetArn: groupArn },
    });
    assert.equal(attachGroup.statusCode, 204, attachGroup.body);

    const targets = await inject({ method: 'GET', url: '/api/policies/device-topics/targets' });
    assert.equal(targets.statusCode, 200);
    assert.deepEqual(
      targets.json<PolicyTargetList>().targets.sort((a, b) => a.kind.localeCompare(b.kind)),
      [
        {
          targetArn: `${ARN}cert/${device.certificateId}`,
          kind: 'certificate',
          certificateId: device.certificateId,
        },
        { targetArn: groupArn, kind: 'thing-group', thingGroupName: 'floor-1' },
      ],
    );
    const attached = await inject({ method: 'GET', url: `/api/certificates/${device.certificateId}/policies` });
    assert.deepEqual(attached.json<PolicyList>().policies, [
      { policyName: 'device-topics', policyArn: `${ARN}policy/device-topics` },
    ]);

    const simulate = (resource: string) =>
      inject({
        method: 'POST',
        url: '/api/policies/simulate',
        payload: { certificateId: device.certificateId, clientId: 'probe', action: 'iot:Publish', resource },
      });
    const allowed = await simulate('devices/probe/temp');
    assert.equal(allowed.statusCode, 200, allowed.body);
    const allowedResult = allowed.json<PolicySimulationResult>();
    assert.equal(allowedResult.allowed, true);
    assert.equal(allowedResult.resourceArn, `${ARN}topic/devices/probe/temp`);
    assert.deepEqual(
      { ...allowedResult.decidingStatement, statement: undefined },
      {
        policyName: 'device-topics',
        policyVersionId: '1',
        statementIndex: 0,
        sid: 'DevicePublish',
        statement: undefined,
      },
    );
    assert.match(allowedResult.decidingStatement?.statement ?? '', /"Sid": "DevicePublish"/);
    const denied = (await simulate('admin/reboot')).json<PolicySimulationResult>();
    assert.equal(denied.allowed, false);
    assert.equal(denied.reason, 'default-deny');

    expectError(
      await inject({ method: 'DELETE', url: '/api/policies/device-topics' }),
      409,
      'DeleteConflictException',
      /attached/,
    );
    const detach = await inject({
      method: 'DELETE',
      url: `/api/policies/device-topics/targets?certificateId=${device.certificateId}`,
    });
    assert.equal(detach.statusCode, 204);
    const detachGroup = await inject({
      method: 'DELETE',
      url: `/api/policies/device-topics/targets?targetArn=${encodeURIComponent(groupArn)}`,
    });
    assert.equal(detachGroup.statusCode, 204);
    assert.deepEqual(
      (await inject({ method: 'GET', url: `/api/certificates/${device.certificateId}/policies` })).json<PolicyList>()
        .policies,
      [],
    );
    assert.equal((await simulate('devices/probe/temp')).json<PolicySimulationResult>().allowed, false);

    assert.equal((await inject({ method: 'DELETE', url: '/api/policies/device-topics' })).statusCode, 204);
    expectError(await inject({ method: 'GET', url: '/api/policies/device-topics' }), 404, 'ResourceNotFoundException');
  });

  test('attaching to unknown or malformed targets is refused and changes nothing', async () => {
    await createPolicy('lonely', allowPublish('x'));
    const unknownCert = await inject({
      method: 'POST',
      url: '/api/policies/lonely/targets',
      payload: { certificateId: 'f'.repeat(64) },
    });
    expectError(unknownCert, 404, 'ResourceNotFoundException', /Certificate f{64} does not exist/);
    const foreign = await inject({
      method: 'POST',
      url: '/api/policies/lonely/targets',
      payload: { targetArn: 'arn:aws:iot:eu-west-1:111111111111:thinggroup/g' },
    });
    expectError(foreign, 400, 'InvalidRequestException', /must be a certificate or thing group ARN/);
    const both = await inject({
      method: 'POST',
      url: '/api/policies/lonely/targets',
      payload: { certificateId: device.certificateId, targetArn: `${ARN}thinggroup/g` },
    });
    expectError(both, 400, 'InvalidRequestException', /exactly one/);
    const neither = await inject({ method: 'DELETE', url: '/api/policies/lonely/targets' });
    expectError(neither, 400, 'InvalidRequestException', /exactly one/);
    const badId = await inject({
      method: 'POST',
      url: '/api/policies/lonely/targets',
      payload: { certificateId: 'not-hex' },
    });
    expectError(badId, 400, 'REQUEST_ERR_INVALID', /certificateId/);
    expectError(
      await inject({
        method: 'POST',
        url: '/api/policies/missing/targets',
        payload: { certificateId: device.certificateId },
      }),
      404,
      'ResourceNotFoundException',
      /Policy missing/,
    );
    assert.deepEqual(
      (await inject({ method: 'GET', url: '/api/policies/lonely/targets' })).json<PolicyTargetList>().targets,
      [],
    );
    expectError(
      await inject({ method: 'GET', url: `/api/certificates/${'f'.repeat(64)}/policies` }),
      404,
      'ResourceNotFoundException',
    );
  });

  test('the simulator refuses bad requests clearly', async () => {
    const simulate = (payload: object) => inject({ method: 'POST', url: '/api/policies/simulate', payload });
    expectError(
      await simulate({ certificateId: 'f'.repeat(64), clientId: 'c', action: 'iot:Connect' }),
      404,
      'ResourceNotFoundException',
    );
    expectError(await simulate({ clientId: 'c', action: 'iot:Fly' }), 400, 'REQUEST_ERR_INVALID', /action/);
    expectError(await simulate({ clientId: 'c', action: 'iot:Publish' }), 400, 'InvalidRequestException', /topic/);
    const noCertificate = await simulate({ clientId: 'c', action: 'iot:Connect' });
    assert.equal(noCertificate.statusCode, 200);
    assert.equal(noCertificate.json<PolicySimulationResult>().reason, 'default-deny');
  });

  test('viewers may read and simulate but not change; end users may do neither', async () => {
    await createPolicy('guarded', allowPublish('x'));
    assert.equal((await as('viewer', { method: 'GET', url: '/api/policies' })).statusCode, 200);
    assert.equal((await as('viewer', { method: 'GET', url: '/api/policies/guarded' })).statusCode, 200);
    const simulated = await as('viewer', {
      method: 'POST',
      url: '/api/policies/simulate',
      payload: { clientId: 'c', action: 'iot:Connect' },
    });
    assert.equal(simulated.statusCode, 200);
    for (const options of [
      { method: 'POST', url: '/api/policies', payload: { policyName: 'by-viewer', policyDocument: allowPublish('x') } },
      { method: 'POST', url: '/api/policies/guarded/versions', payload: { policyDocument: allowPublish('y') } },
      { method: 'PUT', url: '/api/policies/guarded/default-version', payload: { policyVersionId: '1' } },
      { method: 'DELETE', url: '/api/policies/guarded/versions/1' },
      { method: 'POST', url: '/api/policies/guarded/targets', payload: { certificateId: device.certificateId } },
      { method: 'DELETE', url: `/api/policies/guarded/targets?certificateId=${device.certificateId}` },
      { method: 'DELETE', url: '/api/policies/guarded' },
    ] as const) {
      expectError(await as('viewer', options), 403, 'AUTH_ERR_FORBIDDEN');
    }
    expectError(await as('end-user', { method: 'GET', url: '/api/policies' }), 403, 'AUTH_ERR_FORBIDDEN');
    expectError(
      await as('end-user', { method: 'POST', url: '/api/policies/simulate', payload: { action: 'iot:Connect' } }),
      403,
      'AUTH_ERR_FORBIDDEN',
    );
    const byOperator = await as('operator', {
      method: 'POST',
      url: '/api/policies/guarded/targets',
      payload: { certificateId: device.certificateId },
    });
    assert.equal(byOperator.statusCode, 204);
    assert.equal((await detail('guarded')).defaultVersionId, '1', 'the viewer changed nothing');
    assert.deepEqual(
      (await inject({ method: 'GET', url: '/api/policies/guarded/targets' })).json<PolicyTargetList>().targets.length,
      1,
    );
  });

  test('names with every allowed punctuation work in paths', async () => {
    const name = 'a_b+c=d,e.f@g-h';
    await createPolicy(name, allowPublish('x'));
    const path = `/api/policies/${encodeURIComponent(name)}`;
    assert.equal((await detail(encodeURIComponent(name))).policyName, name);
    const version = await inject({
      method: 'POST',
      url: `${path}/versions`,
      payload: { policyDocument: allowPublish('y') },
    });
    assert.equal(version.statusCode, 201, version.body);
    assert.equal((await inject({ method: 'DELETE', url: `${path}/versions/2` })).statusCode, 204);
    assert.equal((await inject({ method: 'DELETE', url: path })).statusCode, 204);
  });

  test("the platform's policy service is the one behind the API", async () => {
    await createPolicy('shared', allowPublish('x'));
    assert.equal((await sut.platform.policies.getPolicy('shared')).policyDocument, allowPublish('x'));
  });
});
