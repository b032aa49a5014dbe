import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DomainErrorType, isDomainError } from '@meridian/contracts';
import { createAuthorizationContext } from './authorization-context.js';
import { evaluate } from './evaluate.js';
import { MemoryPolicyStore } from './memory-policy-store.js';
import { type PolicyChange, PolicyService, type PolicyServiceOptions } from './policy.service.js';
import type { PolicyTarget } from './policy-requests.js';
import { ARN, arns } from './test-helpers.js';

const document = (topic = 'a', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'iot:Publish', Resource: `${ARN}topic/${topic}`, ...extra }],
  });
const certArn = (n: number) => arns.certificate(n.toString(16).padStart(64, '0'));
const groupArn = (name: string) => arns.thingGroup(name);

function setup(options: Partial<PolicyServiceOptions> = {}) {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  let generation = 0;
  const store = new MemoryPolicyStore();
  const changes: PolicyChange[] = [];
  const sut = new PolicyService({
    store,
    arns,
    now: () => new Date(now),
    newGenerationId: () => `gen-${++generation}`,
    ...options,
  });
  sut.onChange((change) => changes.push(change));
  return { sut, store, changes, advance: (ms: number) => (now += ms) };
}

async function rejectsWith(promise: Promise<unknown>, type: DomainErrorType, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(isDomainError(error), `expected a DomainError, got ${String(error)}`);
    assert.equal(error.type, type);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe(PolicyService.name, () => {
  describe('policy versions and lifecycle (reference §3.7)', () => {
    test('CreatePolicy creates version "1" as default', async () => {
      const { sut } = setup();
      const created = await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      assert.deepEqual(created, {
        policyName: 'p1',
        policyArn: `${ARN}policy/p1`,
        policyDocument: document(),
        policyVersionId: '1',
      });
      assert.deepEqual(await sut.getPolicy('p1'), {
        policyName: 'p1',
        policyArn: `${ARN}policy/p1`,
        policyDocument: document(),
        defaultVersionId: '1',
        creationDate: Date.UTC(2026, 0, 1, 12, 0, 0) / 1000,
        lastModifiedDate: Date.UTC(2026, 0, 1, 12, 0, 0) / 1000,
        generationId: 'gen-1',
      });
    });

    test('the document is kept exactly as submitted', async () => {
      const { sut } = setup();
      const text = `  ${JSON.stringify(JSON.parse(document()), null, 4)}\n`;
      await sut.createPolicy({ policyName: 'p1', policyDocument: text });
      assert.equal((await sut.getPolicy('p1')).policyDocument, text);
    });

    test('CreatePolicy with a taken name → ResourceAlreadyExistsException with resourceId and resourceArn', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await assert.rejects(sut.createPolicy({ policyName: 'p1', policyDocument: document('b') }), (error) => {
        assert.ok(isDomainError(error));
        assert.equal(error.type, 'ResourceAlreadyExistsException');
        assert.deepEqual(error.extra, { resourceId: 'p1', resourceArn: `${ARN}policy/p1` });
        return true;
      });
      assert.equal((await sut.getPolicy('p1')).policyDocument, document());
    });

    test('a malformed document → MalformedPolicyException and nothing is stored', async () => {
      const { sut } = setup();
      await rejectsWith(
        sut.createPolicy({ policyName: 'p1', policyDocument: '{"Statement": {"Effect": "Allow"}}' }),
        'MalformedPolicyException',
        /Statement\[0\] needs exactly one of Action or NotAction/,
      );
      await rejectsWith(sut.getPolicy('p1'), 'ResourceNotFoundException');
    });

    test('the document size limit is configurable', async () => {
      const { sut } = setup({ limits: { maxDocumentSize: 60 } });
      await rejectsWith(
        sut.createPolicy({ policyName: 'p1', policyDocument: document() }),
        'MalformedPolicyException',
        /limit is 60/,
      );
    });

    test('Policy name 1–128 [\\w+=,.@-]+ → InvalidRequestException otherwise', async () => {
      const { sut } = setup();
      for (const name of ['a', 'A_b+c=d,e.f@g-h', 'x'.repeat(128)])
        await sut.createPolicy({ policyName: name, policyDocument: document() });
      for (const name of ['', 'x'.repeat(129), 'has space', 'slash/name', 'colon:name', 'ünï'])
        await rejectsWith(
          sut.createPolicy({ policyName: name, policyDocument: document() }),
          'InvalidRequestException',
        );
    });

    test('CreatePolicyVersion adds versions "2", "3", … and ids are never reused', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      const v2 = await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      assert.deepEqual(v2, {
        policyArn: `${ARN}policy/p1`,
        policyDocument: document('b'),
        policyVersionId: '2',
        isDefaultVersion: false,
      });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('c') });
      await sut.deletePolicyVersion('p1', '3');
      const v4 = await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('d') });
      assert.equal(v4.policyVersionId, '4');
      const { policyVersions } = await sut.listPolicyVersions('p1');
      assert.deepEqual(
        policyVersions.map((v) => [v.versionId, v.isDefaultVersion]),
        [
          ['4', false],
          ['2', false],
          ['1', true],
        ],
      );
    });

    test('at most 5 versions → VersionsLimitExceededException', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      for (let i = 2; i <= 5; i++)
        await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document(`v${i}`) });
      await rejectsWith(
        sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('v6') }),
        'VersionsLimitExceededException',
      );
      await sut.deletePolicyVersion('p1', '2');
      const next = await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('v6') });
      assert.equal(next.policyVersionId, '6');
    });

    test('concurrent CreatePolicyVersion calls cannot exceed the version limit', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      for (let i = 2; i <= 4; i++)
        await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document(`v${i}`) });
      const results = await Promise.allSettled([
        sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('x') }),
        sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('y') }),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected'],
      );
      assert.equal((await sut.listPolicyVersions('p1')).policyVersions.length, 5);
    });

    test('setAsDefault=true switches the default', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      const v2 = await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b'), setAsDefault: true });
      assert.equal(v2.isDefaultVersion, true);
      const policy = await sut.getPolicy('p1');
      assert.equal(policy.defaultVersionId, '2');
      assert.equal(policy.policyDocument, document('b'));
      assert.equal((await sut.getPolicyVersion('p1', '1')).isDefaultVersion, false);
    });

    test('SetDefaultPolicyVersion switches the default and a new generation id', async () => {
      const { sut, advance } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      advance(5000);
      await sut.setDefaultPolicyVersion('p1', '2');
      const policy = await sut.getPolicy('p1');
      assert.equal(policy.defaultVersionId, '2');
      assert.notEqual(policy.generationId, 'gen-1');
      assert.equal(policy.lastModifiedDate - policy.creationDate, 5);
      await rejectsWith(sut.setDefaultPolicyVersion('p1', '9'), 'ResourceNotFoundException');
      await rejectsWith(sut.setDefaultPolicyVersion('p1', 'latest'), 'InvalidRequestException');
    });

    test('GetPolicyVersion returns the version with AWS fields', async () => {
      const { sut, advance } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      advance(2000);
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      const version = await sut.getPolicyVersion('p1', '2');
      assert.equal(version.policyName, 'p1');
      assert.equal(version.policyArn, `${ARN}policy/p1`);
      assert.equal(version.policyDocument, document('b'));
      assert.equal(version.policyVersionId, '2');
      assert.equal(version.isDefaultVersion, false);
      assert.equal(version.creationDate, Date.UTC(2026, 0, 1, 12, 0, 2) / 1000);
      await rejectsWith(sut.getPolicyVersion('p1', '3'), 'ResourceNotFoundException', /no version 3/);
    });

    test('Only the default version is evaluated', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document('a') });
      await sut.attachPolicy('p1', certArn(1));
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      const context = createAuthorizationContext({ clientId: 'c' }, arns);
      const publishes = async (topic: string) =>
        evaluate(await sut.effectivePolicies([certArn(1)]), 'iot:Publish', arns.topic(topic), context).allowed;
      assert.equal(await publishes('a'), true);
      assert.equal(await publishes('b'), false);
      await sut.setDefaultPolicyVersion('p1', '2');
      assert.equal(await publishes('a'), false);
      assert.equal(await publishes('b'), true);
    });

    test('DeletePolicyVersion cannot delete the default version (DeleteConflictException)', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      await rejectsWith(sut.deletePolicyVersion('p1', '1'), 'DeleteConflictException', /default version/);
      await sut.deletePolicyVersion('p1', '2');
      await rejectsWith(sut.getPolicyVersion('p1', '2'), 'ResourceNotFoundException');
      await rejectsWith(sut.deletePolicyVersion('p1', '2'), 'ResourceNotFoundException');
    });

    test('DeletePolicy fails while non-default versions exist (DeleteConflictException)', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      await rejectsWith(sut.deletePolicy('p1'), 'DeleteConflictException', /non-default/);
      await sut.deletePolicyVersion('p1', '2');
      await sut.deletePolicy('p1');
      await rejectsWith(sut.getPolicy('p1'), 'ResourceNotFoundException');
    });

    test('DeletePolicy fails while attached (DeleteConflictException)', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.attachPolicy('p1', groupArn('lamps'));
      await rejectsWith(sut.deletePolicy('p1'), 'DeleteConflictException', /attached/);
      await sut.detachPolicy('p1', groupArn('lamps'));
      await sut.deletePolicy('p1');
    });

    test('operations on an unknown policy → ResourceNotFoundException', async () => {
      const { sut } = setup();
      const calls = [
        sut.getPolicy('nope'),
        sut.deletePolicy('nope'),
        sut.createPolicyVersion({ policyName: 'nope', policyDocument: document() }),
        sut.listPolicyVersions('nope'),
        sut.getPolicyVersion('nope', '1'),
        sut.setDefaultPolicyVersion('nope', '1'),
        sut.deletePolicyVersion('nope', '1'),
        sut.attachPolicy('nope', certArn(1)),
        sut.detachPolicy('nope', certArn(1)),
        sut.listTargetsForPolicy('nope'),
      ];
      for (const call of calls) await rejectsWith(call, 'ResourceNotFoundException', /Policy nope does not exist/);
    });
  });

  describe('attach and detach (targets: certificate ARN, thing group ARN)', () => {
    test('AttachPolicy to a certificate and a thing group; ListTargetsForPolicy lists both', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.attachPolicy('p1', certArn(1));
      await sut.attachPolicy('p1', groupArn('lamps'));
      assert.deepEqual(await sut.listTargetsForPolicy('p1'), { targets: [certArn(1), groupArn('lamps')].sort() });
    });

    test('attaching twice is idempotent', async () => {
      const { sut, changes } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.attachPolicy('p1', certArn(1));
      await sut.attachPolicy('p1', certArn(1));
      assert.deepEqual((await sut.listTargetsForPolicy('p1')).targets, [certArn(1)]);
      assert.equal(changes.length, 1);
    });

    test('targets that are not certificate or thing group ARNs of this platform → InvalidRequestException', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      const bad = [
        'not-an-arn',
        `${ARN}thing/lamp`,
        `${ARN}cert/xyz`,
        `${ARN}cert/${'A'.repeat(64)}`,
        `arn:aws:iot:eu-west-1:123456789012:cert/${'a'.repeat(64)}`,
        `${ARN}thinggroup/`,
        `${ARN}thinggroup/bad name`,
      ];
      for (const target of bad) await rejectsWith(sut.attachPolicy('p1', target), 'InvalidRequestException');
    });

    test('a target that does not exist → ResourceNotFoundException', async () => {
      const seen: PolicyTarget[] = [];
      const { sut } = setup({
        targetExists: (target) => {
          seen.push(target);
          return target.kind === 'thing-group';
        },
      });
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await rejectsWith(
        sut.attachPolicy('p1', certArn(7)),
        'ResourceNotFoundException',
        /Certificate 0+7 does not exist/,
      );
      await sut.attachPolicy('p1', groupArn('lamps'));
      assert.deepEqual(seen[1], { kind: 'thing-group', arn: groupArn('lamps'), thingGroupName: 'lamps' });
    });

    test('≤ 10 policies per certificate → LimitExceededException', async () => {
      const { sut } = setup();
      for (let i = 1; i <= 11; i++) await sut.createPolicy({ policyName: `p${i}`, policyDocument: document() });
      for (let i = 1; i <= 10; i++) await sut.attachPolicy(`p${i}`, certArn(1));
      await rejectsWith(sut.attachPolicy('p11', certArn(1)), 'LimitExceededException', /at most 10/);
      await sut.attachPolicy('p10', certArn(1));
      await sut.attachPolicy('p11', certArn(2));
    });

    test('≤ 2 policies per thing group → LimitExceededException', async () => {
      const { sut } = setup();
      for (let i = 1; i <= 3; i++) await sut.createPolicy({ policyName: `p${i}`, policyDocument: document() });
      await sut.attachPolicy('p1', groupArn('lamps'));
      await sut.attachPolicy('p2', groupArn('lamps'));
      await rejectsWith(sut.attachPolicy('p3', groupArn('lamps')), 'LimitExceededException', /at most 2/);
      await sut.detachPolicy('p1', groupArn('lamps'));
      await sut.attachPolicy('p3', groupArn('lamps'));
    });

    test('DetachPolicy of a policy that is not attached changes nothing', async () => {
      const { sut, changes } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.detachPolicy('p1', certArn(1));
      assert.deepEqual(changes, []);
    });

    test('policies of a certificate and of thing groups are evaluated together, each once', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'cert', policyDocument: document('a') });
      await sut.createPolicy({ policyName: 'group', policyDocument: document('b') });
      await sut.attachPolicy('cert', certArn(1));
      await sut.attachPolicy('group', groupArn('lamps'));
      await sut.attachPolicy('group', certArn(1));
      const policies = await sut.effectivePolicies([certArn(1), groupArn('lamps')]);
      assert.deepEqual(policies.map((p) => p.policyName).sort(), ['cert', 'group']);
      assert.deepEqual(await sut.effectivePolicies([certArn(9)]), []);
    });
  });

  describe('listings with marker paging', () => {
    test('ListPolicies pages newest first by default and oldest first with ascendingOrder', async () => {
      const { sut, advance } = setup();
      for (const name of ['c', 'a', 'b', 'd', 'e']) {
        await sut.createPolicy({ policyName: name, policyDocument: document() });
        advance(1000);
      }
      const names = async (input: Parameters<PolicyService['listPolicies']>[0]) => {
        const all: string[] = [];
        let marker: string | undefined;
        let pages = 0;
        do {
          const page = await sut.listPolicies({ ...input, ...(marker === undefined ? {} : { marker }) });
          all.push(...page.policies.map((p) => p.policyName));
          marker = page.nextMarker;
          pages++;
        } while (marker !== undefined);
        return { all, pages };
      };
      assert.deepEqual(await names({ pageSize: 2 }), { all: ['e', 'd', 'b', 'a', 'c'], pages: 3 });
      assert.deepEqual(await names({ pageSize: 2, ascendingOrder: true }), {
        all: ['c', 'a', 'b', 'd', 'e'],
        pages: 3,
      });
      assert.deepEqual(await names({ pageSize: 5 }), { all: ['e', 'd', 'b', 'a', 'c'], pages: 1 });
      const first = await sut.listPolicies({ pageSize: 1 });
      assert.deepEqual(first.policies, [{ policyName: 'e', policyArn: `${ARN}policy/e` }]);
    });

    test('pageSize outside 1–250 and foreign markers → InvalidRequestException', async () => {
      const { sut } = setup();
      await rejectsWith(sut.listPolicies({ pageSize: 0 }), 'InvalidRequestException', /pageSize/);
      await rejectsWith(sut.listPolicies({ pageSize: 251 }), 'InvalidRequestException');
      await rejectsWith(sut.listPolicies({ marker: 'garbage' }), 'InvalidRequestException', /marker/);
      await rejectsWith(
        sut.listPolicies({ marker: Buffer.from('"x"').toString('base64url') }),
        'InvalidRequestException',
      );
    });

    test('ListTargetsForPolicy pages by target', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      for (let i = 1; i <= 5; i++) await sut.attachPolicy('p1', certArn(i));
      const first = await sut.listTargetsForPolicy('p1', { pageSize: 3 });
      assert.deepEqual(first.targets, [certArn(1), certArn(2), certArn(3)]);
      const second = await sut.listTargetsForPolicy('p1', { pageSize: 3, marker: first.nextMarker! });
      assert.deepEqual(second, { targets: [certArn(4), certArn(5)] });
    });

    test('ListAttachedPolicies pages by policy name', async () => {
      const { sut } = setup();
      for (const name of ['b', 'a', 'c']) {
        await sut.createPolicy({ policyName: name, policyDocument: document() });
        await sut.attachPolicy(name, certArn(1));
      }
      const first = await sut.listAttachedPolicies(certArn(1), { pageSize: 2 });
      assert.deepEqual(
        first.policies.map((p) => p.policyName),
        ['a', 'b'],
      );
      const second = await sut.listAttachedPolicies(certArn(1), { pageSize: 2, marker: first.nextMarker! });
      assert.deepEqual(second, { policies: [{ policyName: 'c', policyArn: `${ARN}policy/c` }] });
      await rejectsWith(sut.listAttachedPolicies('bad-target'), 'InvalidRequestException');
    });

    test('ListAttachedPolicies recursive on a thing group adds the policies of its ancestors', async () => {
      const { sut } = setup({ thingGroupAncestors: (name) => (name === 'kitchen' ? ['home', 'world'] : []) });
      for (const [policyName, group] of [
        ['p-kitchen', 'kitchen'],
        ['p-home', 'home'],
        ['p-world', 'world'],
        ['p-other', 'garage'],
      ] as const) {
        await sut.createPolicy({ policyName, policyDocument: document() });
        await sut.attachPolicy(policyName, groupArn(group));
      }
      const names = async (recursive: boolean) =>
        (await sut.listAttachedPolicies(groupArn('kitchen'), { recursive })).policies.map((p) => p.policyName);
      assert.deepEqual(await names(false), ['p-kitchen']);
      assert.deepEqual(await names(true), ['p-home', 'p-kitchen', 'p-world']);
      const paged = await sut.listAttachedPolicies(groupArn('kitchen'), { recursive: true, pageSize: 2 });
      const rest = await sut.listAttachedPolicies(groupArn('kitchen'), {
        recursive: true,
        pageSize: 2,
        marker: paged.nextMarker!,
      });
      assert.deepEqual(
        rest.policies.map((p) => p.policyName),
        ['p-world'],
      );
    });
  });

  describe('change notifications (for authorization caches)', () => {
    test('announced: new default version, attach, detach, delete', async () => {
      const { sut, changes } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b'), setAsDefault: true });
      await sut.setDefaultPolicyVersion('p1', '1');
      await sut.attachPolicy('p1', certArn(1));
      await sut.detachPolicy('p1', certArn(1));
      await sut.deletePolicyVersion('p1', '2');
      await sut.deletePolicy('p1');
      assert.deepEqual(changes, [
        { kind: 'default-version-changed', policyName: 'p1', policyVersionId: '2' },
        { kind: 'default-version-changed', policyName: 'p1', policyVersionId: '1' },
        { kind: 'attached', policyName: 'p1', target: certArn(1) },
        { kind: 'detached', policyName: 'p1', target: certArn(1) },
        { kind: 'deleted', policyName: 'p1' },
      ]);
    });

    test('not announced: create, non-default version, setting the current default again, failed calls', async () => {
      const { sut, changes } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b') });
      await sut.setDefaultPolicyVersion('p1', '1');
      assert.deepEqual(changes, []);
      await sut.attachPolicy('p1', certArn(1));
      changes.length = 0;
      await rejectsWith(sut.deletePolicy('p1'), 'DeleteConflictException');
      await rejectsWith(sut.attachPolicy('p1', 'bad'), 'InvalidRequestException');
      assert.deepEqual(changes, []);
    });

    test('a listener can be removed', async () => {
      const { sut } = setup();
      const seen: PolicyChange[] = [];
      const remove = sut.onChange((change) => seen.push(change));
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.attachPolicy('p1', certArn(1));
      remove();
      await sut.detachPolicy('p1', certArn(1));
      assert.deepEqual(
        seen.map((c) => c.kind),
        ['attached'],
      );
    });

    test('compiled policies are reused until the default version changes', async () => {
      const { sut } = setup();
      await sut.createPolicy({ policyName: 'p1', policyDocument: document() });
      await sut.attachPolicy('p1', certArn(1));
      const [first] = await sut.effectivePolicies([certArn(1)]);
      const [again] = await sut.effectivePolicies([certArn(1)]);
      assert.equal(again, first);
      await sut.createPolicyVersion({ policyName: 'p1', policyDocument: document('b'), setAsDefault: true });
      const [updated] = await sut.effectivePolicies([certArn(1)]);
      assert.notEqual(updated, first);
      assert.equal(updated?.policyVersionId, '2');
    });
  });

  test('validateDocument checks a document without storing anything', () => {
    const { sut } = setup();
    sut.validateDocument(document());
    assert.throws(() => sut.validateDocument('{'), /not valid JSON/);
  });
});
