import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAuthorizationContext } from './authorization-context.js';
import { DEFAULT_DENY, evaluate } from './evaluate.js';
import { ARN, allow, arns, decide, deny, policy } from './test-helpers.js';

describe('evaluation (reference §3.6)', () => {
  test('default deny: no matching statement denies', () => {
    assert.deepEqual(decide([], 'iot:Connect', arns.client('dev-1')), DEFAULT_DENY);
    const sut = policy('p', [allow('iot:Publish', `${ARN}topic/a`)]);
    const decision = decide(sut, 'iot:Publish', arns.topic('b'));
    assert.equal(decision.allowed, false);
    assert.equal(decision.reason, 'default-deny');
    assert.equal(decision.statement, undefined);
  });

  test('any matching Allow allows and names the statement that decided', () => {
    const sut = policy('p-devices', [
      allow('iot:Connect', `${ARN}client/*`),
      allow('iot:Publish', `${ARN}topic/a`, { Sid: 'PublishA' }),
    ]);
    assert.deepEqual(decide(sut, 'iot:Publish', arns.topic('a')), {
      allowed: true,
      reason: 'allowed',
      statement: { policyName: 'p-devices', policyVersionId: '1', statementIndex: 1, sid: 'PublishA' },
    });
  });

  test('any matching Deny denies, even when an earlier statement allows', () => {
    const sut = policy('p', [
      allow('iot:Publish', `${ARN}topic/*`),
      deny('iot:Publish', `${ARN}topic/secret/*`, { Sid: 'NoSecrets' }),
    ]);
    const decision = decide(sut, 'iot:Publish', arns.topic('secret/x'));
    assert.equal(decision.allowed, false);
    assert.equal(decision.reason, 'explicit-deny');
    assert.equal(decision.statement?.sid, 'NoSecrets');
    assert.equal(decide(sut, 'iot:Publish', arns.topic('open/x')).allowed, true);
  });

  test('several policies are evaluated together: an Allow in one, a Deny in another → deny', () => {
    const allowing = policy('allowing', [allow('iot:*', '*')]);
    const denying = policy('denying', [deny('iot:Subscribe', `${ARN}topicfilter/#`)]);
    const decision = decide([allowing, denying], 'iot:Subscribe', arns.topicFilter('#'));
    assert.equal(decision.reason, 'explicit-deny');
    assert.equal(decision.statement?.policyName, 'denying');
    assert.equal(decide([denying, allowing], 'iot:Subscribe', arns.topicFilter('a/b')).allowed, true);
  });

  test('an Allow from any of the policies is enough', () => {
    const connect = policy('connect', [allow('iot:Connect', `${ARN}client/\${iot:ClientId}`)]);
    const publish = policy('publish', [allow('iot:Publish', `${ARN}topic/\${iot:ClientId}/*`)]);
    const both = [connect, publish];
    assert.equal(decide(both, 'iot:Connect', arns.client('dev-1')).allowed, true);
    assert.equal(decide(both, 'iot:Publish', arns.topic('dev-1/t')).allowed, true);
    assert.equal(decide(both, 'iot:Publish', arns.topic('dev-2/t')).allowed, false);
  });

  test('a statement applies when Action matches, Resource matches and all Conditions hold', () => {
    const sut = policy('p', [
      allow('iot:Publish', `${ARN}topic/a`, { Condition: { StringEquals: { 'iot:ClientId': 'dev-1' } } }),
    ]);
    assert.equal(decide(sut, 'iot:Publish', arns.topic('a'), { clientId: 'dev-1' }).allowed, true);
    assert.equal(decide(sut, 'iot:Publish', arns.topic('a'), { clientId: 'dev-2' }).allowed, false);
    assert.equal(decide(sut, 'iot:Receive', arns.topic('a'), { clientId: 'dev-1' }).allowed, false);
    assert.equal(decide(sut, 'iot:Publish', arns.topic('b'), { clientId: 'dev-1' }).allowed, false);
  });

  test('an action the platform does not know is denied, not a crash', () => {
    const sut = policy('p', [allow('*', '*')]);
    assert.equal(
      evaluate([sut], 'iot:CreateThing' as never, arns.thing('t'), createAuthorizationContext({}, arns)),
      DEFAULT_DENY,
    );
  });

  test('decisions are precomputed: evaluating again returns the same object (no allocation per check)', () => {
    const sut = [
      policy('p', [allow('iot:Publish', `${ARN}topic/\${iot:ClientId}/*`), deny('iot:Publish', `${ARN}topic/x/*`)]),
    ];
    const context = createAuthorizationContext({ clientId: 'dev-1' }, arns);
    const first = evaluate(sut, 'iot:Publish', arns.topic('dev-1/a'), context);
    assert.equal(evaluate(sut, 'iot:Publish', arns.topic('dev-1/b'), context), first);
    assert.equal(evaluate(sut, 'iot:Publish', arns.topic('y'), context), DEFAULT_DENY);
    assert.ok(Object.isFrozen(first));
  });

  test('one compiled policy serves many connections: variables resolve per context', () => {
    const sut = [policy('p', [allow('iot:Publish', `${ARN}topic/\${iot:ClientId}`)])];
    const one = createAuthorizationContext({ clientId: 'one' }, arns);
    const two = createAuthorizationContext({ clientId: 'two' }, arns);
    assert.equal(evaluate(sut, 'iot:Publish', arns.topic('one'), one).allowed, true);
    assert.equal(evaluate(sut, 'iot:Publish', arns.topic('one'), two).allowed, false);
    assert.equal(evaluate(sut, 'iot:Publish', arns.topic('two'), two).allowed, true);
  });
});
