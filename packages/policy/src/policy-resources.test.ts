import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IOT_ACTIONS, type IotAction } from './actions.js';
import { ARN, allow, allowed, arns, deny, policy } from './test-helpers.js';

describe('actions (reference §3.1)', () => {
  test('Action names are matched case-insensitively', () => {
    const sut = policy('p', [allow('IOT:publish', `${ARN}topic/a`)]);
    assert.equal(allowed(sut, 'iot:Publish', `${ARN}topic/a`), true);
    assert.equal(allowed(sut, 'iot:Receive', `${ARN}topic/a`), false);
  });

  test('Action names may use * (iot:*, iot:Get*, *)', () => {
    const getStar = policy('p', [allow('iot:Get*', '*')]);
    assert.equal(allowed(getStar, 'iot:GetThingShadow', arns.thing('t')), true);
    assert.equal(allowed(getStar, 'iot:GetRetainedMessage', arns.topic('a')), true);
    assert.equal(allowed(getStar, 'iot:UpdateThingShadow', arns.thing('t')), false);
    for (const pattern of ['iot:*', '*']) {
      const all = policy('p', [allow(pattern, '*')]);
      for (const action of IOT_ACTIONS)
        assert.equal(allowed(all, action, `${ARN}anything`), true, `${pattern} ${action}`);
    }
  });

  test('Action names may use ? for one character', () => {
    const sut = policy('p', [allow('iot:?onnect', '*')]);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-1')), true);
  });

  test('NotAction applies the statement to every other action', () => {
    const sut = policy('p', [
      allow('iot:*', '*'),
      { Effect: 'Deny', NotAction: ['iot:Connect', 'iot:Publish'], Resource: '*' },
    ]);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-1')), true);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('a')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('a')), false);
  });
});

describe('actions → resource ARN checked (reference §3.2)', () => {
  const cases: Array<[IotAction, string]> = [
    ['iot:Connect', arns.client('dev-1')],
    ['iot:Publish', arns.topic('sensors/dev-1/temp')],
    ['iot:RetainPublish', arns.topic('sensors/dev-1/state')],
    ['iot:Subscribe', arns.topicFilter('sensors/+/temp')],
    ['iot:Receive', arns.topic('sensors/dev-2/temp')],
    ['iot:GetRetainedMessage', arns.topic('sensors/dev-1/state')],
    ['iot:ListRetainedMessages', '*'],
    ['iot:GetThingShadow', arns.thing('dev-1')],
    ['iot:UpdateThingShadow', arns.thing('dev-1', 'config')],
    ['iot:DeleteThingShadow', arns.thing('dev-1')],
    ['iot:ListNamedShadowsForThing', arns.thing('dev-1')],
    ['iot:DeleteConnection', arns.client('dev-1')],
  ];
  for (const [action, resource] of cases) {
    test(`${action} is checked on ${resource.replace(ARN, '…:')} and grants nothing else`, () => {
      const sut = policy('p', [allow(action, resource)]);
      assert.equal(allowed(sut, action, resource), true);
      for (const other of IOT_ACTIONS) if (other !== action) assert.equal(allowed(sut, other, resource), false, other);
      if (resource !== '*') assert.equal(allowed(sut, action, `${resource}x`), false);
    });
  }

  test('ARN builders use the configured region and account', () => {
    assert.equal(arns.client('c'), 'arn:aws:iot:us-east-1:123456789012:client/c');
    assert.equal(arns.topic('a/b'), 'arn:aws:iot:us-east-1:123456789012:topic/a/b');
    assert.equal(arns.topicFilter('a/#'), 'arn:aws:iot:us-east-1:123456789012:topicfilter/a/#');
    assert.equal(arns.thing('t', 's'), 'arn:aws:iot:us-east-1:123456789012:thing/t/s');
  });

  test('iot:ListNamedShadowsForThing accepts a policy on * or on thing/{thingName}', () => {
    const resource = arns.thing('dev-1');
    assert.equal(
      allowed(policy('p', [allow('iot:ListNamedShadowsForThing', '*')]), 'iot:ListNamedShadowsForThing', resource),
      true,
    );
    assert.equal(
      allowed(policy('p', [allow('iot:ListNamedShadowsForThing', resource)]), 'iot:ListNamedShadowsForThing', resource),
      true,
    );
  });

  test('a named shadow is its own resource: thing/{thingName} does not cover thing/{thingName}/{shadowName}', () => {
    const sut = policy('p', [allow('iot:GetThingShadow', arns.thing('dev-1'))]);
    assert.equal(allowed(sut, 'iot:GetThingShadow', arns.thing('dev-1', 'config')), false);
  });
});

describe('resource matching (reference §3.3)', () => {
  test('* matches any sequence of characters including / and the empty string', () => {
    const sut = policy('p', [allow('iot:Publish', `${ARN}topic/sensors/*`)]);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('sensors/')), true);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('sensors/a/b/c')), true);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('other/a')), false);
  });

  test('? matches exactly one character', () => {
    const sut = policy('p', [allow('iot:Connect', `${ARN}client/dev-?`)]);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-7')), true);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-17')), false);
  });

  test('everything else is literal and case-sensitive', () => {
    const sut = policy('p', [allow('iot:Publish', `${ARN}topic/Room.1`)]);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('Room.1')), true);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('room.1')), false);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('RoomX1')), false);
  });

  test('topicfilter/some/+/topic only authorizes the exact filter text', () => {
    const sut = policy('p', [allow('iot:Subscribe', `${ARN}topicfilter/some/+/topic`)]);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('some/+/topic')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('some/thing/topic')), false);
  });

  test('topicfilter/some/*/topic authorizes some/anything/topic and the literal filter some/+/topic', () => {
    const sut = policy('p', [allow('iot:Subscribe', `${ARN}topicfilter/some/*/topic`)]);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('some/anything/topic')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('some/+/topic')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('some/#')), false);
  });

  test('# in a policy is literal: topicfilter/a/# does not authorize a/b', () => {
    const sut = policy('p', [allow('iot:Subscribe', `${ARN}topicfilter/a/#`)]);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('a/#')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('a/b')), false);
  });

  test('Subscribe allowed on a/* and denied on a/restricted/* still admits a/#; a Receive deny blocks restricted topics', () => {
    const sut = policy('p', [
      allow(['iot:Subscribe'], `${ARN}topicfilter/a/*`),
      deny('iot:Subscribe', `${ARN}topicfilter/a/restricted/*`),
      allow('iot:Receive', `${ARN}topic/a/*`),
      deny('iot:Receive', `${ARN}topic/a/restricted/*`),
    ]);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('a/#')), true);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('a/restricted/x')), false);
    assert.equal(allowed(sut, 'iot:Receive', arns.topic('a/open')), true);
    assert.equal(allowed(sut, 'iot:Receive', arns.topic('a/restricted/secret')), false);
  });

  test('an Allow on iot:Receive with NotResource excludes restricted topics', () => {
    const sut = policy('p', [{ Effect: 'Allow', Action: 'iot:Receive', NotResource: `${ARN}topic/a/restricted/*` }]);
    assert.equal(allowed(sut, 'iot:Receive', arns.topic('a/open')), true);
    assert.equal(allowed(sut, 'iot:Receive', arns.topic('a/restricted/secret')), false);
  });

  test('${*}, ${?} and ${$} stand for the literal characters', () => {
    const sut = policy('p', [allow('iot:Publish', `${ARN}topic/literal/\${*}/\${?}/\${$}`)]);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('literal/*/?/$')), true);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('literal/x/y/$')), false);
  });

  test('a Resource of * covers every resource', () => {
    const sut = policy('p', [allow('iot:Publish', '*')]);
    assert.equal(allowed(sut, 'iot:Publish', arns.topic('any/thing')), true);
  });
});
