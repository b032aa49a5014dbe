import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certificateArn, certificateIdOf } from './aws-account.js';

const account = { region: 'eu-west-1', accountId: '000000000042' };
const id = 'ab'.repeat(32);

describe('certificate ARNs', () => {
  test('an id makes an ARN of the account and region, and the ARN gives the id back', () => {
    const arn = certificateArn(account, id);
    assert.equal(arn, `arn:aws:iot:eu-west-1:000000000042:cert/${id}`);
    assert.equal(certificateIdOf(account, arn), id);
  });

  for (const [why, arn] of [
    ['another region', `arn:aws:iot:us-east-1:000000000042:cert/${id}`],
    ['another account', `arn:aws:iot:eu-west-1:123456789012:cert/${id}`],
    ['a CA certificate', `arn:aws:iot:eu-west-1:000000000042:cacert/${id}`],
    ['an id that is not 64 lowercase hex digits', `arn:aws:iot:eu-west-1:000000000042:cert/${id.toUpperCase()}`],
    ['a short id', `arn:aws:iot:eu-west-1:000000000042:cert/abc`],
    ['a thing ARN', 'arn:aws:iot:eu-west-1:000000000042:thing/lamp'],
  ] as const) {
    test(`${why} is not a certificate of this platform`, () => {
      assert.equal(certificateIdOf(account, arn), undefined);
    });
  }
});
