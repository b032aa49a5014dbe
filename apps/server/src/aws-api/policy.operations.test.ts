import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachPolicyCommand,
  AttachPrincipalPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeleteConflictException,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachPolicyCommand,
  DetachPrincipalPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  InvalidRequestException,
  type IoTClient,
  LimitExceededException,
  ListAttachedPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyPrincipalsCommand,
  ListPolicyVersionsCommand,
  ListPrincipalPoliciesCommand,
  ListTargetsForPolicyCommand,
  MalformedPolicyException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  SetDefaultPolicyVersionCommand,
  VersionsLimitExceededException,
} from '@aws-sdk/client-iot';
import { IotArns } from '@meridian/contracts';
import { PolicyService } from '@meridian/policy';
import { SqlitePolicyStore } from '../policies/sqlite-policy-store.js';
import { policyOperations } from './policy.operations.js';
import { rejectsAs, startTestAwsApi, type TestAwsApi } from './test-aws-api.js';

const arns = new IotArns('us-east-1', '123456789012');
const CERT_A = arns.certificate('a'.repeat(64));
const CERT_B = arns.certificate('b'.repeat(64));
const UNKNOWN_CERT = arns.certificate('f'.repeat(64));
/** Group `room` lies under `floor`, which lies under `building`. */
const ANCESTORS: Record<string, string[]> = { building: [], floor: ['building'], room: ['floor', 'building'] };

const documentAllowing = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe(policyOperations.name, () => {
  let api: TestAwsApi;
  let iot: IoTClient;
  const start = 1_760_000_000_000;
  let clockMs = start;

  before(async () => {
    api = await startTestAwsApi((db) =>
      policyOperations(
        new PolicyService({
          store: new SqlitePolicyStore(db),
          arns,
          // Each call one second later, so creation order is observable.
          now: () => {
            clockMs += 1000;
            return new Date(clockMs);
          },
          targetExists: (target) =>
            target.kind === 'certificate'
              ? target.arn === CERT_A || target.arn === CERT_B
              : Object.hasOwn(ANCESTORS, target.thingGroupName),
          thingGroupAncestors: (name) => ANCESTORS[name] ?? [],
        }),
      ),
    );
    iot = api.iot();
  });
  after(() => api.close());

  test('CreatePolicy answers version 1; GetPolicy reads it back with dates the SDK parses', async () => {
    const document = documentAllowing('iot:Connect');
    const before = clockMs;
    const created = await iot.send(
      new CreatePolicyCommand({
        policyName: 'connect-only',
        policyDocument: document,
        tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    assert.deepEqual(
      [created.policyName, created.policyArn, created.policyDocument, created.policyVersionId],
      ['connect-only', arns.policy('connect-only'), document, '1'],
    );
    const got = await iot.send(new GetPolicyCommand({ policyName: 'connect-only' }));
    assert.equal(got.policyDocument, document);
    assert.equal(got.defaultVersionId, '1');
    assert.match(got.generationId ?? '', /^[0-9a-f]{64}$/);
    assert.equal(got.creationDate?.getTime(), before + 1000);
    assert.equal(got.lastModifiedDate?.getTime(), before + 1000);
  });

  test('refusals: an existing name, a malformed document, an unknown policy, a bad name, a missing document', async () => {
    await iot.send(new CreatePolicyCommand({ policyName: 'dup', policyDocument: documentAllowing('iot:Publish') }));
    const exists = await rejectsAs(
      iot.send(new CreatePolicyCommand({ policyName: 'dup', policyDocument: documentAllowing('iot:Publish') })),
      ResourceAlreadyExistsException,
      409,
      /Policy dup already exists/,
    );
    assert.equal((exists as ResourceAlreadyExistsException).resourceArn, arns.policy('dup'));
    await rejectsAs(
      iot.send(new CreatePolicyCommand({ policyName: 'broken', policyDocument: '{"Version":"2012-10-17"' })),
      MalformedPolicyException,
      400,
    );
    await rejectsAs(
      iot.send(new GetPolicyCommand({ policyName: 'nope' })),
      ResourceNotFoundException,
      404,
      /Policy nope does not exist/,
    );
    await rejectsAs(
      iot.send(new CreatePolicyCommand({ policyName: 'bad name', policyDocument: documentAllowing('iot:Connect') })),
      InvalidRequestException,
      400,
      /must be 1 to 128 characters/,
    );
    await rejectsAs(
      iot.send(new CreatePolicyCommand({ policyName: 'empty' } as never)),
      InvalidRequestException,
      400,
      /policyDocument/,
    );
  });

  test('versions: create (as default), list newest first, get, set default, delete; the limits answer 409', async () => {
    await iot.send(
      new CreatePolicyCommand({ policyName: 'versioned', policyDocument: documentAllowing('iot:Connect') }),
    );
    const second = await iot.send(
      new CreatePolicyVersionCommand({
        policyName: 'versioned',
        policyDocument: documentAllowing('iot:Publish'),
        setAsDefault: true,
      }),
    );
    assert.deepEqual([second.policyVersionId, second.isDefaultVersion], ['2', true]);
    const third = await iot.send(
      new CreatePolicyVersionCommand({ policyName: 'versioned', policyDocument: documentAllowing('iot:Subscribe') }),
    );
    assert.deepEqual([third.policyVersionId, third.isDefaultVersion], ['3', false]);

    const listed = await iot.send(new ListPolicyVersionsCommand({ policyName: 'versioned' }));
    assert.deepEqual(
      listed.policyVersions?.map((version) => [version.versionId, version.isDefaultVersion]),
      [
        ['3', false],
        ['2', true],
        ['1', false],
      ],
    );
    assert.ok(listed.policyVersions?.every((version) => version.createDate instanceof Date));

    const version1 = await iot.send(new GetPolicyVersionCommand({ policyName: 'versioned', policyVersionId: '1' }));
    assert.deepEqual(
      [version1.policyName, version1.policyArn, version1.policyDocument, version1.isDefaultVersion],
      ['versioned', arns.policy('versioned'), documentAllowing('iot:Connect'), false],
    );
    await iot.send(new SetDefaultPolicyVersionCommand({ policyName: 'versioned', policyVersionId: '3' }));
    assert.equal((await iot.send(new GetPolicyCommand({ policyName: 'versioned' }))).defaultVersionId, '3');

    await rejectsAs(
      iot.send(new DeletePolicyVersionCommand({ policyName: 'versioned', policyVersionId: '3' })),
      DeleteConflictException,
      409,
      /default version/,
    );
    await rejectsAs(
      iot.send(new GetPolicyVersionCommand({ policyName: 'versioned', policyVersionId: '9' })),
      ResourceNotFoundException,
      404,
      /has no version 9/,
    );
    await rejectsAs(
      iot.send(new GetPolicyVersionCommand({ policyName: 'versioned', policyVersionId: 'v1' })),
      InvalidRequestException,
      400,
    );
    for (const action of ['iot:Receive', 'iot:RetainPublish']) {
      await iot.send(
        new CreatePolicyVersionCommand({ policyName: 'versioned', policyDocument: documentAllowing(action) }),
      );
    }
    await rejectsAs(
      iot.send(new CreatePolicyVersionCommand({ policyName: 'versioned', policyDocument: documentAllowing('iot:*') })),
      VersionsLimitExceededException,
      409,
      /5 versions/,
    );
    await rejectsAs(
      iot.send(new DeletePolicyCommand({ policyName: 'versioned' })),
      DeleteConflictException,
      409,
      /non-default version/,
    );
    for (const policyVersionId of ['1', '2', '4', '5']) {
      await iot.send(new DeletePolicyVersionCommand({ policyName: 'versioned', policyVersionId }));
    }
    await iot.send(new DeletePolicyCommand({ policyName: 'versioned' }));
    await rejectsAs(iot.send(new GetPolicyCommand({ policyName: 'versioned' })), ResourceNotFoundException, 404);
  });

  test('attachments: attach to certificates and thing groups, list both ways with paging, detach', async () => {
    await iot.send(new CreatePolicyCommand({ policyName: 'devices', policyDocument: documentAllowing('iot:Connect') }));
    await iot.send(
      new CreatePolicyCommand({ policyName: 'floor-wide', policyDocument: documentAllowing('iot:Publish') }),
    );
    await iot.send(new AttachPolicyCommand({ policyName: 'devices', target: CERT_A }));
    await iot.send(new AttachPolicyCommand({ policyName: 'devices', target: CERT_B }));
    await iot.send(new AttachPolicyCommand({ policyName: 'devices', target: arns.thingGroup('room') }));
    await iot.send(new AttachPolicyCommand({ policyName: 'floor-wide', target: arns.thingGroup('floor') }));

    // The target ARN travels percent-encoded in the path (':' and '/').
    const ofCert = await iot.send(new ListAttachedPoliciesCommand({ target: CERT_A }));
    assert.deepEqual(ofCert.policies, [{ policyName: 'devices', policyArn: arns.policy('devices') }]);
    const direct = await iot.send(new ListAttachedPoliciesCommand({ target: arns.thingGroup('room') }));
    assert.deepEqual(
      direct.policies?.map((policy) => policy.policyName),
      ['devices'],
    );
    const inherited = await iot.send(
      new ListAttachedPoliciesCommand({ target: arns.thingGroup('room'), recursive: true, pageSize: 1 }),
    );
    assert.deepEqual(
      inherited.policies?.map((policy) => policy.policyName),
      ['devices'],
    );
    const rest = await iot.send(
      new ListAttachedPoliciesCommand({
        target: arns.thingGroup('room'),
        recursive: true,
        pageSize: 1,
        marker: inherited.nextMarker,
      }),
    );
    assert.deepEqual(
      rest.policies?.map((policy) => policy.policyName),
      ['floor-wide'],
    );
    assert.equal(rest.nextMarker, undefined);

    const targets = await iot.send(new ListTargetsForPolicyCommand({ policyName: 'devices', pageSize: 2 }));
    assert.equal(targets.targets?.length, 2);
    const moreTargets = await iot.send(
      new ListTargetsForPolicyCommand({ policyName: 'devices', pageSize: 2, marker: targets.nextMarker }),
    );
    assert.deepEqual(
      [...(targets.targets ?? []), ...(moreTargets.targets ?? [])].sort(),
      [CERT_A, CERT_B, arns.thingGroup('room')].sort(),
    );

    await rejectsAs(
      iot.send(new DeletePolicyCommand({ policyName: 'devices' })),
      DeleteConflictException,
      409,
      /is attached/,
    );
    await iot.send(new DetachPolicyCommand({ policyName: 'devices', target: CERT_B }));
    const afterDetach = await iot.send(new ListAttachedPoliciesCommand({ target: CERT_B }));
    assert.deepEqual(afterDetach.policies, []);
  });

  test('attachment refusals: unknown target, a target that is no ARN of this platform, the thing-group limit', async () => {
    await iot.send(new CreatePolicyCommand({ policyName: 'limit-1', policyDocument: documentAllowing('iot:Connect') }));
    await iot.send(new CreatePolicyCommand({ policyName: 'limit-2', policyDocument: documentAllowing('iot:Connect') }));
    await iot.send(new CreatePolicyCommand({ policyName: 'limit-3', policyDocument: documentAllowing('iot:Connect') }));
    await rejectsAs(
      iot.send(new AttachPolicyCommand({ policyName: 'limit-1', target: UNKNOWN_CERT })),
      ResourceNotFoundException,
      404,
      /Certificate f+ does not exist/,
    );
    await rejectsAs(
      iot.send(new AttachPolicyCommand({ policyName: 'limit-1', target: 'arn:aws:iot:eu-west-1:1:cert/abc' })),
      InvalidRequestException,
      400,
      /must be a certificate or thing group ARN/,
    );
    await rejectsAs(
      iot.send(new ListAttachedPoliciesCommand({ target: arns.thingGroup('no-such-group') })),
      ResourceNotFoundException,
      404,
    );
    await iot.send(new AttachPolicyCommand({ policyName: 'limit-1', target: arns.thingGroup('building') }));
    await iot.send(new AttachPolicyCommand({ policyName: 'limit-2', target: arns.thingGroup('building') }));
    await rejectsAs(
      iot.send(new AttachPolicyCommand({ policyName: 'limit-3', target: arns.thingGroup('building') })),
      LimitExceededException,
      410,
      /at most 2 policies/,
    );
    await rejectsAs(
      iot.send(new ListTargetsForPolicyCommand({ policyName: 'limit-1', pageSize: 0 })),
      InvalidRequestException,
      400,
      /pageSize/,
    );
  });

  test('ListPolicies pages newest first by default and oldest first with ascendingOrder', async () => {
    const all: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iot.send(new ListPoliciesCommand({ pageSize: 3, marker }));
      assert.ok((page.policies?.length ?? 0) <= 3);
      all.push(...(page.policies?.map((policy) => policy.policyName ?? '') ?? []));
      marker = page.nextMarker;
    } while (marker !== undefined);
    const ascending = await iot.send(new ListPoliciesCommand({ ascendingOrder: true, pageSize: 250 }));
    const names = ascending.policies?.map((policy) => policy.policyName) ?? [];
    assert.deepEqual(all, [...names].reverse());
    assert.ok(names.indexOf('connect-only') < names.indexOf('devices'));
    assert.equal(new Set(all).size, all.length);
  });

  test('the deprecated principal-policy operations act on the same attachments', async () => {
    await iot.send(new CreatePolicyCommand({ policyName: 'legacy', policyDocument: documentAllowing('iot:Connect') }));
    await iot.send(new AttachPrincipalPolicyCommand({ policyName: 'legacy', principal: CERT_B }));
    const policies = await iot.send(new ListPrincipalPoliciesCommand({ principal: CERT_B }));
    assert.deepEqual(policies.policies, [{ policyName: 'legacy', policyArn: arns.policy('legacy') }]);
    const principals = await iot.send(new ListPolicyPrincipalsCommand({ policyName: 'legacy' }));
    assert.deepEqual(principals.principals, [CERT_B]);
    assert.deepEqual((await iot.send(new ListTargetsForPolicyCommand({ policyName: 'legacy' }))).targets, [CERT_B]);
    await iot.send(new DetachPrincipalPolicyCommand({ policyName: 'legacy', principal: CERT_B }));
    assert.deepEqual((await iot.send(new ListPrincipalPoliciesCommand({ principal: CERT_B }))).policies, []);
    await rejectsAs(iot.send(new ListPolicyPrincipalsCommand({ policyName: 'gone' })), ResourceNotFoundException, 404);
  });
});
