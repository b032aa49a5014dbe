import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IotArns, type IotResourceType } from './iot-arns.js';

describe(IotArns.name, () => {
  const sut = new IotArns('eu-west-1', '210987654321');
  const certificateId = 'ab'.repeat(32);

  test('every resource kind is an arn:aws:iot ARN of the region and account', () => {
    assert.equal(sut.prefix, 'arn:aws:iot:eu-west-1:210987654321:');
    assert.equal(sut.client('c1'), 'arn:aws:iot:eu-west-1:210987654321:client/c1');
    assert.equal(sut.topic('a/b'), 'arn:aws:iot:eu-west-1:210987654321:topic/a/b');
    assert.equal(sut.topicFilter('a/+'), 'arn:aws:iot:eu-west-1:210987654321:topicfilter/a/+');
    assert.equal(sut.thing('lamp'), 'arn:aws:iot:eu-west-1:210987654321:thing/lamp');
    assert.equal(sut.thing('lamp', 'ota'), 'arn:aws:iot:eu-west-1:210987654321:thing/lamp/ota');
    assert.equal(sut.thingType('bulb'), 'arn:aws:iot:eu-west-1:210987654321:thingtype/bulb');
    assert.equal(sut.thingGroup('g'), 'arn:aws:iot:eu-west-1:210987654321:thinggroup/g');
    assert.equal(sut.policy('p'), 'arn:aws:iot:eu-west-1:210987654321:policy/p');
    assert.equal(sut.certificate('ab'), 'arn:aws:iot:eu-west-1:210987654321:cert/ab');
    assert.equal(sut.caCertificate('cd'), 'arn:aws:iot:eu-west-1:210987654321:cacert/cd');
    assert.equal(sut.rule('r_1'), 'arn:aws:iot:eu-west-1:210987654321:rule/r_1');
  });

  test('wildcard region and account make ARNs that match any platform', () => {
    assert.equal(new IotArns('*', '*').topic('t/*'), 'arn:aws:iot:*:*:topic/t/*');
  });

  describe('certificate ARNs', () => {
    test('an id makes an ARN of the account and region, and the ARN gives the id back', () => {
      const arn = sut.certificate(certificateId);
      assert.equal(arn, `arn:aws:iot:eu-west-1:210987654321:cert/${certificateId}`);
      assert.equal(sut.certificateIdOf(arn), certificateId);
    });

    for (const [why, arn] of [
      ['another region', `arn:aws:iot:us-east-1:210987654321:cert/${certificateId}`],
      ['another account', `arn:aws:iot:eu-west-1:123456789012:cert/${certificateId}`],
      ['a CA certificate', `arn:aws:iot:eu-west-1:210987654321:cacert/${certificateId}`],
      [
        'an id that is not 64 lowercase hex digits',
        `arn:aws:iot:eu-west-1:210987654321:cert/${certificateId.toUpperCase()}`,
      ],
      ['a short id', 'arn:aws:iot:eu-west-1:210987654321:cert/abc'],
      ['a longer id', `arn:aws:iot:eu-west-1:210987654321:cert/${certificateId}0`],
      ['an id followed by a path', `arn:aws:iot:eu-west-1:210987654321:cert/${certificateId}/x`],
      ['a thing ARN', 'arn:aws:iot:eu-west-1:210987654321:thing/lamp'],
      ['the bare id', certificateId],
      ['another partition', `arn:aws-cn:iot:eu-west-1:210987654321:cert/${certificateId}`],
    ] as const) {
      test(`${why} is not a certificate of this platform`, () => {
        assert.equal(sut.certificateIdOf(arn), undefined);
      });
    }
  });

  describe('resource names', () => {
    const built: Array<[IotResourceType, string, string]> = [
      ['thing', 'lamp', sut.thing('lamp')],
      ['thingtype', 'bulb', sut.thingType('bulb')],
      ['thinggroup', 'floor:1', sut.thingGroup('floor:1')],
      ['policy', 'p=1', sut.policy('p=1')],
      ['cacert', 'cd', sut.caCertificate('cd')],
      ['rule', 'r_1', sut.rule('r_1')],
      ['client', 'c/1', sut.client('c/1')],
      ['topic', 'a/b', sut.topic('a/b')],
      ['topicfilter', 'a/#', sut.topicFilter('a/#')],
    ];
    for (const [type, name, arn] of built) {
      test(`a ${type} ARN gives its name back`, () => {
        assert.equal(sut.resourceName(type, arn), name);
      });
    }

    test('a named shadow of a thing gives the thing name and shadow name', () => {
      assert.equal(sut.resourceName('thing', sut.thing('lamp', 'ota')), 'lamp/ota');
    });

    test('an empty name is returned as is, for the caller to check', () => {
      assert.equal(sut.resourceName('thinggroup', 'arn:aws:iot:eu-west-1:210987654321:thinggroup/'), '');
    });

    for (const [why, arn] of [
      ['another region', 'arn:aws:iot:us-east-1:210987654321:thing/lamp'],
      ['another account', 'arn:aws:iot:eu-west-1:123456789012:thing/lamp'],
      ['another type', 'arn:aws:iot:eu-west-1:210987654321:thinggroup/lamp'],
      ['a type that only starts the same', 'arn:aws:iot:eu-west-1:210987654321:thingtype/lamp'],
      ['a type without its slash', 'arn:aws:iot:eu-west-1:210987654321:thing'],
      ['a plain name', 'lamp'],
      ['an empty string', ''],
      ['a number', 42],
      ['undefined', undefined],
      ['an object', { arn: 'arn:aws:iot:eu-west-1:210987654321:thing/lamp' }],
    ] as const) {
      test(`${why} is not a thing ARN of this platform`, () => {
        assert.equal(sut.resourceName('thing', arn), undefined);
      });
    }
  });

  describe('resources of any region and account', () => {
    test('the type and name of an ARN of another region and account', () => {
      assert.deepEqual(IotArns.resourceOf(`arn:aws:iot:us-west-2:111122223333:cert/${certificateId}`), {
        type: 'cert',
        name: certificateId,
      });
      assert.deepEqual(IotArns.resourceOf(sut.thingGroup('floor:1')), { type: 'thinggroup', name: 'floor:1' });
    });

    test('a name keeps its own slashes and colons', () => {
      assert.deepEqual(IotArns.resourceOf('arn:aws:iot:r:a:topic/a/b:c'), { type: 'topic', name: 'a/b:c' });
    });

    test('a resource without a slash has an empty name', () => {
      assert.deepEqual(IotArns.resourceOf('arn:aws:iot:r:a:cert'), { type: 'cert', name: '' });
      assert.deepEqual(IotArns.resourceOf('lamp'), { type: '', name: '' });
    });
  });
});
