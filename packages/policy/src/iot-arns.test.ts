import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IotArns } from './iot-arns.js';

describe('IotArns', () => {
  const arns = new IotArns('eu-west-1', '210987654321');

  test('every resource kind is an arn:aws:iot ARN of the region and account', () => {
    assert.equal(arns.prefix, 'arn:aws:iot:eu-west-1:210987654321:');
    assert.equal(arns.client('c1'), 'arn:aws:iot:eu-west-1:210987654321:client/c1');
    assert.equal(arns.topic('a/b'), 'arn:aws:iot:eu-west-1:210987654321:topic/a/b');
    assert.equal(arns.topicFilter('a/+'), 'arn:aws:iot:eu-west-1:210987654321:topicfilter/a/+');
    assert.equal(arns.thing('lamp'), 'arn:aws:iot:eu-west-1:210987654321:thing/lamp');
    assert.equal(arns.thing('lamp', 'ota'), 'arn:aws:iot:eu-west-1:210987654321:thing/lamp/ota');
    assert.equal(arns.policy('p'), 'arn:aws:iot:eu-west-1:210987654321:policy/p');
    assert.equal(arns.certificate('ab'), 'arn:aws:iot:eu-west-1:210987654321:cert/ab');
    assert.equal(arns.caCertificate('cd'), 'arn:aws:iot:eu-west-1:210987654321:cacert/cd');
    assert.equal(arns.thingGroup('g'), 'arn:aws:iot:eu-west-1:210987654321:thinggroup/g');
  });
});
