import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DomainErrorType,
  IotArns,
  isDomainError,
  POLICY_ACTIONS,
  type PolicySimulationRequest,
} from '@meridian/contracts';
import { IOT_ACTIONS, MemoryPolicyStore, PolicyService } from '@meridian/policy';
import { PolicySimulator } from './policy-simulator.js';
import { simulatedResourceArn } from './simulated-resource.js';

const arns = new IotArns('eu-west-1', '123456789012');
const ARN = arns.prefix;
const CERT = 'c'.repeat(64);
const OTHER_CERT = 'd'.repeat(64);
const UNKNOWN_CERT = 'e'.repeat(64);

const document = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function setup() {
  const policies = new PolicyService({ store: new MemoryPolicyStore(), arns });
  const known = new Set([CERT, OTHER_CERT]);
  const sut = new PolicySimulator({
    policies,
    arns,
    certificateFacts: (id) => (known.has(id) ? { id, subject: { CommonName: ['sensor-7'] } } : undefined),
  });
  async function attach(policyName: string, policyDocument: string, certificateId = CERT) {
    await policies.createPolicy({ policyName, policyDocument });
    await policies.attachPolicy(policyName, arns.certificate(certificateId));
  }
  return { sut, policies, attach };
}

async function rejectsWith(promise: Promise<unknown>, type: DomainErrorType, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(isDomainError(error), `expected a DomainError, got ${String(error)}`);
    assert.equal(error.type, type);
    assert.match(error.message, message);
    return true;
  });
}

describe(PolicySimulator.name, () => {
  test('the console offers exactly the actions the policy engine decides', () => {
    assert.deepEqual([...POLICY_ACTIONS], [...IOT_ACTIONS]);
  });

  test('an allowed request names the deciding statement: policy, version, index, Sid and its text', async () => {
    const { sut, attach } = await setup();
    const publish = { Sid: 'PublishTelemetry', Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/t/*` };
    await attach('telemetry', document({ Effect: 'Allow', Action: 'iot:Connect', Resource: '*' }, publish));

    const result = await sut.simulate({
      certificateId: CERT,
      clientId: 'dev-1',
      action: 'iot:Publish',
      resource: 't/1',
    });

    assert.deepEqual(result, {
      allowed: true,
      reason: 'allowed',
      action: 'iot:Publish',
      resourceArn: `${ARN}topic/t/1`,
      decidingStatement: {
        policyName: 'telemetry',
        policyVersionId: '1',
        statementIndex: 1,
        sid: 'PublishTelemetry',
        statement: JSON.stringify(publish, null, 2),
      },
      evaluatedPolicies: [{ policyName: 'telemetry', policyVersionId: '1' }],
    });
  });

  test('an explicit deny in another attached policy wins and is the deciding statement', async () => {
    const { sut, attach } = await setup();
    await attach('broad', document({ Effect: 'Allow', Action: 'iot:*', Resource: '*' }));
    await attach(
      'fence',
      document({ Sid: 'NoAdmin', Effect: 'Deny', Action: 'iot:Publish', Resource: `${ARN}topic/admin/*` }),
    );

    const denied = await sut.simulate({
      certificateId: CERT,
      clientId: 'd',
      action: 'iot:Publish',
      resource: 'admin/x',
    });
    assert.equal(denied.allowed, false);
    assert.equal(denied.reason, 'explicit-deny');
    assert.equal(denied.decidingStatement?.policyName, 'fence');
    assert.equal(denied.decidingStatement?.sid, 'NoAdmin');
    assert.deepEqual(denied.evaluatedPolicies.map((p) => p.policyName).sort(), ['broad', 'fence']);

    const allowed = await sut.simulate({
      certificateId: CERT,
      clientId: 'd',
      action: 'iot:Publish',
      resource: 'other',
    });
    assert.equal(allowed.reason, 'allowed');
    assert.equal(allowed.decidingStatement?.policyName, 'broad');
  });

  test('no matching statement is a default deny without a deciding statement', async () => {
    const { sut, attach } = await setup();
    await attach('narrow', document({ Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/a` }));
    const result = await sut.simulate({ certificateId: CERT, clientId: 'd', action: 'iot:Publish', resource: 'b' });
    assert.equal(result.allowed, false);
    assert.equal(result.reason, 'default-deny');
    assert.equal(result.decidingStatement, undefined);
  });

  test("only the certificate's own policies and only their default versions are evaluated", async () => {
    const { sut, policies, attach } = await setup();
    await attach('mine', document({ Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/v1` }));
    await attach('theirs', document({ Effect: 'Allow', Action: 'iot:Publish', Resource: '*' }), OTHER_CERT);
    await policies.createPolicyVersion({
      policyName: 'mine',
      policyDocument: document({ Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/v2` }),
    });
    const ask = (resource: string) =>
      sut.simulate({ certificateId: CERT, clientId: 'd', action: 'iot:Publish', resource });

    assert.equal((await ask('v1')).allowed, true);
    assert.equal((await ask('v2')).allowed, false, 'version 2 is not the default yet');
    await policies.setDefaultPolicyVersion('mine', '2');
    const afterSwitch = await ask('v2');
    assert.equal(afterSwitch.allowed, true);
    assert.deepEqual(afterSwitch.evaluatedPolicies, [{ policyName: 'mine', policyVersionId: '2' }]);
    assert.equal((await ask('v1')).allowed, false);
  });

  test('without a certificate no policy applies, so everything is denied', async () => {
    const { sut, attach } = await setup();
    await attach('all', document({ Effect: 'Allow', Action: 'iot:*', Resource: '*' }));
    const result = await sut.simulate({ clientId: 'd', action: 'iot:Connect' });
    assert.equal(result.reason, 'default-deny');
    assert.deepEqual(result.evaluatedPolicies, []);
  });

  test('an unknown certificate is refused with ResourceNotFoundException', async () => {
    const { sut } = await setup();
    await rejectsWith(
      sut.simulate({ certificateId: UNKNOWN_CERT, clientId: 'd', action: 'iot:Connect' }),
      'ResourceNotFoundException',
      /Certificate e{64} does not exist/,
    );
  });

  test('thing variables resolve only when an attached thing is given, named like the client id', async () => {
    const { sut, attach } = await setup();
    await attach(
      'own-topics',
      document({
        Effect: 'Allow',
        Action: 'iot:Publish',
        Resource: `${ARN}topic/things/\${iot:Connection.Thing.ThingName}/\${iot:Connection.Thing.Attributes[room]}`,
      }),
    );
    const request: PolicySimulationRequest = {
      certificateId: CERT,
      clientId: 'lamp-1',
      action: 'iot:Publish',
      resource: 'things/lamp-1/kitchen',
    };
    assert.equal((await sut.simulate(request)).reason, 'default-deny');
    assert.equal((await sut.simulate({ ...request, thing: { attributes: { room: 'kitchen' } } })).allowed, true);
    assert.equal((await sut.simulate({ ...request, thing: { attributes: { room: 'hall' } } })).allowed, false);
    await rejectsWith(
      sut.simulate({ certificateId: CERT, action: 'iot:Publish', resource: 'x', thing: {} }),
      'InvalidRequestException',
      /clientId/,
    );
  });

  test('certificate facts feed certificate variables', async () => {
    const { sut, attach } = await setup();
    await attach(
      'by-cn',
      document({
        Effect: 'Allow',
        Action: 'iot:Subscribe',
        Resource: `${ARN}topicfilter/devices/\${iot:Certificate.Subject.CommonName}/#`,
      }),
    );
    const ask = (resource: string) =>
      sut.simulate({ certificateId: CERT, clientId: 'x', action: 'iot:Subscribe', resource });
    assert.equal((await ask('devices/sensor-7/#')).allowed, true);
    assert.equal((await ask('devices/sensor-8/#')).allowed, false);
  });

  test('a document whose Statement is a single object still yields the statement text', async () => {
    const { sut, policies } = await setup();
    const statement = { Effect: 'Allow', Action: 'iot:Connect', Resource: `${ARN}client/*` };
    await policies.createPolicy({
      policyName: 'single',
      policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
    });
    await policies.attachPolicy('single', arns.certificate(CERT));
    const result = await sut.simulate({ certificateId: CERT, clientId: 'c1', action: 'iot:Connect' });
    assert.equal(result.decidingStatement?.statement, JSON.stringify(statement, null, 2));
  });
});

describe(simulatedResourceArn.name, () => {
  const cases: [PolicySimulationRequest['action'], string | undefined, string][] = [
    ['iot:Connect', undefined, `${ARN}client/client-9`],
    ['iot:Connect', 'someone-else', `${ARN}client/someone-else`],
    ['iot:DeleteConnection', undefined, `${ARN}client/client-9`],
    ['iot:Publish', 'a/b', `${ARN}topic/a/b`],
    ['iot:Receive', 'a/b', `${ARN}topic/a/b`],
    ['iot:RetainPublish', 'a/b', `${ARN}topic/a/b`],
    ['iot:GetRetainedMessage', 'a/b', `${ARN}topic/a/b`],
    ['iot:Subscribe', 'a/+/#', `${ARN}topicfilter/a/+/#`],
    ['iot:GetThingShadow', 'lamp', `${ARN}thing/lamp`],
    ['iot:UpdateThingShadow', 'lamp/config', `${ARN}thing/lamp/config`],
    ['iot:ListRetainedMessages', undefined, '*'],
  ];
  for (const [action, resource, expected] of cases) {
    test(`${action} on ${resource ?? '(none)'} is checked on ${expected}`, () => {
      assert.equal(simulatedResourceArn(arns, action, resource, 'client-9'), expected);
    });
  }

  test('a topic action without a topic is refused, naming what is missing', () => {
    assert.throws(
      () => simulatedResourceArn(arns, 'iot:Publish', undefined, 'client-9'),
      (error) => isDomainError(error) && error.type === 'InvalidRequestException' && /topic name/.test(error.message),
    );
    assert.throws(() => simulatedResourceArn(arns, 'iot:Connect', '', undefined), /client id/);
  });
});
