import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RequestFacts } from './authorization-context.js';
import { allow, allowed, arns, policy } from './test-helpers.js';

type Condition = Record<string, Record<string, unknown>>;

/** Allowed to connect under a single Allow statement carrying `condition`? */
function connects(condition: Condition, facts: RequestFacts = { clientId: 'dev-1' }): boolean {
  const sut = policy('p', [allow('iot:Connect', '*', { Condition: condition })]);
  return allowed(sut, 'iot:Connect', arns.client(facts.clientId ?? 'x'), facts);
}

describe('conditions (reference §3.5)', () => {
  test('StringEquals / StringNotEquals compare exactly (case-sensitive, no wildcards)', () => {
    assert.equal(connects({ StringEquals: { 'iot:ClientId': 'dev-1' } }), true);
    assert.equal(connects({ StringEquals: { 'iot:ClientId': 'DEV-1' } }), false);
    assert.equal(connects({ StringEquals: { 'iot:ClientId': 'dev-*' } }), false);
    assert.equal(connects({ StringNotEquals: { 'iot:ClientId': 'dev-2' } }), true);
    assert.equal(connects({ StringNotEquals: { 'iot:ClientId': ['dev-2', 'dev-1'] } }), false);
  });

  test('StringLike / StringNotLike glob with * and ?', () => {
    assert.equal(connects({ StringLike: { 'iot:ClientId': 'dev-?' } }), true);
    assert.equal(connects({ StringLike: { 'iot:ClientId': 'lamp-*' } }), false);
    assert.equal(connects({ StringNotLike: { 'iot:ClientId': 'lamp-*' } }), true);
    assert.equal(connects({ StringNotLike: { 'iot:ClientId': 'dev*' } }), false);
  });

  test('ArnEquals / ArnLike on iot:LastWillTopic (ARN topic/{willTopic})', () => {
    const facts: RequestFacts = { clientId: 'dev-1', lastWillTopic: 'wills/dev-1', connectAttributes: ['LastWill'] };
    assert.equal(connects({ ArnEquals: { 'iot:LastWillTopic': arns.topic('wills/dev-1') } }, facts), true);
    assert.equal(connects({ ArnEquals: { 'iot:LastWillTopic': arns.topic('wills/dev-2') } }, facts), false);
    assert.equal(connects({ ArnLike: { 'iot:LastWillTopic': 'arn:aws:iot:*:*:topic/wills/*' } }, facts), true);
    assert.equal(connects({ ArnLike: { 'iot:LastWillTopic': 'arn:aws:iot:*:*:topic/other/*' } }, facts), false);
    assert.equal(connects({ ArnNotLike: { 'iot:LastWillTopic': 'arn:aws:iot:*:*:topic/other/*' } }, facts), true);
    assert.equal(
      connects({ ArnLike: { 'iot:LastWillTopic': 'arn:aws:iot:*:*:topic/wills/${iot:ClientId}' } }, facts),
      true,
    );
  });

  test('ArnLike globs each ARN component on its own: * does not span the colons before the resource', () => {
    const facts: RequestFacts = { clientId: 'dev-1', lastWillTopic: 'a:b' };
    const spanning = 'arn:aws:*:123456789012:topic/a:b';
    assert.equal(connects({ StringLike: { 'iot:LastWillTopic': spanning } }, facts), true);
    assert.equal(connects({ ArnLike: { 'iot:LastWillTopic': spanning } }, facts), false);
    assert.equal(connects({ ArnLike: { 'iot:LastWillTopic': 'arn:*:*:*:*:topic/a:*' } }, facts), true);
  });

  test('Bool compares "true"/"false" case-insensitively', () => {
    const facts: RequestFacts = { clientId: 'dev-1', thing: { name: 'dev-1' } };
    assert.equal(connects({ Bool: { 'iot:Connection.Thing.IsAttached': 'TRUE' } }, facts), true);
    assert.equal(connects({ Bool: { 'iot:Connection.Thing.IsAttached': 'false' } }, facts), false);
  });

  test('IpAddress / NotIpAddress with CIDR on aws:SourceIp', () => {
    const at = (sourceIp: string): RequestFacts => ({ clientId: 'dev-1', sourceIp });
    const lan = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.1.10'] } };
    assert.equal(connects(lan, at('10.20.30.40')), true);
    assert.equal(connects(lan, at('192.168.1.10')), true);
    assert.equal(connects(lan, at('192.168.1.11')), false);
    assert.equal(connects({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, at('11.0.0.1')), true);
    assert.equal(connects({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, at('10.0.0.1')), false);
  });

  test('IpAddress handles IPv6 ranges and IPv4-mapped IPv6 peers', () => {
    const at = (sourceIp: string): RequestFacts => ({ clientId: 'dev-1', sourceIp });
    assert.equal(connects({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, at('2001:db8::42')), true);
    assert.equal(connects({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, at('2001:db9::42')), false);
    assert.equal(connects({ IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, at('::ffff:127.0.0.1')), true);
  });

  test('Numeric operators compare numbers', () => {
    const facts: RequestFacts = { clientId: 'dev-1', thing: { name: 'dev-1', attributes: { floor: '3' } } };
    const key = 'iot:Connection.Thing.Attributes[floor]';
    const cases: Array<[string, string, boolean]> = [
      ['NumericEquals', '3', true],
      ['NumericEquals', '3.0', true],
      ['NumericNotEquals', '3', false],
      ['NumericLessThan', '3', false],
      ['NumericLessThanEquals', '3', true],
      ['NumericGreaterThan', '2.5', true],
      ['NumericGreaterThanEquals', '4', false],
    ];
    for (const [operator, value, expected] of cases)
      assert.equal(connects({ [operator]: { [key]: value } }, facts), expected, `${operator} ${value}`);
    const text: RequestFacts = { clientId: 'dev-1', thing: { name: 'dev-1', attributes: { floor: 'ground' } } };
    assert.equal(connects({ NumericLessThan: { [key]: '10' } }, text), false);
  });

  test('iot:ConnectAttributes contains PersistentConnect and LastWill', () => {
    const persistentWithWill: RequestFacts = {
      clientId: 'dev-1',
      connectAttributes: ['PersistentConnect', 'LastWill'],
    };
    const clean: RequestFacts = { clientId: 'dev-1', connectAttributes: [] };
    const requireWill = { 'ForAnyValue:StringEquals': { 'iot:ConnectAttributes': 'LastWill' } };
    assert.equal(connects(requireWill, persistentWithWill), true);
    assert.equal(connects(requireWill, clean), false);
    const onlyPersistent = { 'ForAllValues:StringEquals': { 'iot:ConnectAttributes': 'PersistentConnect' } };
    assert.equal(connects(onlyPersistent, persistentWithWill), false);
    assert.equal(connects(onlyPersistent, { clientId: 'dev-1', connectAttributes: ['PersistentConnect'] }), true);
  });

  test('ForAllValues: is true when every request value is in the list, including for an empty set', () => {
    const condition = { 'ForAllValues:StringEquals': { 'iot:ConnectAttributes': ['PersistentConnect', 'LastWill'] } };
    assert.equal(connects(condition, { clientId: 'dev-1', connectAttributes: ['LastWill'] }), true);
    assert.equal(connects(condition, { clientId: 'dev-1', connectAttributes: [] }), true);
    assert.equal(connects(condition, { clientId: 'dev-1' }), true);
  });

  test('ForAnyValue: is true when at least one request value is in the list, false for an empty set', () => {
    const condition = { 'ForAnyValue:StringEquals': { 'iot:ConnectAttributes': ['PersistentConnect'] } };
    assert.equal(
      connects(condition, { clientId: 'dev-1', connectAttributes: ['LastWill', 'PersistentConnect'] }),
      true,
    );
    assert.equal(connects(condition, { clientId: 'dev-1', connectAttributes: ['LastWill'] }), false);
    assert.equal(connects(condition, { clientId: 'dev-1', connectAttributes: [] }), false);
  });

  test('ForAnyValue:StringNotEquals passes when some request value is outside the list', () => {
    const condition = { 'ForAnyValue:StringNotEquals': { 'iot:ConnectAttributes': ['PersistentConnect'] } };
    assert.equal(
      connects(condition, { clientId: 'dev-1', connectAttributes: ['PersistentConnect', 'LastWill'] }),
      true,
    );
    assert.equal(connects(condition, { clientId: 'dev-1', connectAttributes: ['PersistentConnect'] }), false);
  });

  test('a condition key that is absent makes a plain operator false', () => {
    assert.equal(connects({ StringEquals: { 'aws:SourceIp': '10.0.0.1' } }), false);
    assert.equal(connects({ StringNotEquals: { 'aws:SourceIp': '10.0.0.1' } }), false);
    assert.equal(connects({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), false);
    assert.equal(connects({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), false);
    assert.equal(connects({ StringEquals: { 'iot:ConnectAttributes': 'LastWill' } }, { clientId: 'dev-1' }), false);
  });

  test('...IfExists is true when the key is absent and behaves like the operator otherwise', () => {
    assert.equal(connects({ StringEqualsIfExists: { 'aws:SourceIp': '10.0.0.1' } }), true);
    assert.equal(
      connects({ StringEqualsIfExists: { 'aws:SourceIp': '10.0.0.1' } }, { clientId: 'dev-1', sourceIp: '10.0.0.2' }),
      false,
    );
  });

  test('Null checks whether a key is present', () => {
    assert.equal(connects({ Null: { 'iot:Connection.Thing.ThingName': 'true' } }), true);
    assert.equal(connects({ Null: { 'iot:Connection.Thing.ThingName': 'false' } }), false);
    assert.equal(
      connects(
        { Null: { 'iot:Connection.Thing.ThingName': 'false' } },
        { clientId: 'dev-1', thing: { name: 'dev-1' } },
      ),
      true,
    );
  });

  test('all operators in a Condition block are ANDed', () => {
    const condition = {
      StringEquals: { 'iot:ClientId': 'dev-1' },
      IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
    };
    assert.equal(connects(condition, { clientId: 'dev-1', sourceIp: '10.0.0.1' }), true);
    assert.equal(connects(condition, { clientId: 'dev-1', sourceIp: '11.0.0.1' }), false);
    const twoKeys = { StringLike: { 'iot:ClientId': 'dev-*', 'aws:SourceIp': '10.*' } };
    assert.equal(connects(twoKeys, { clientId: 'dev-1', sourceIp: '10.0.0.1' }), true);
    assert.equal(connects(twoKeys, { clientId: 'dev-1', sourceIp: '11.0.0.1' }), false);
  });

  test('multiple values for one key are ORed', () => {
    const condition = { StringEquals: { 'iot:ClientId': ['lamp-1', 'dev-1'] } };
    assert.equal(connects(condition), true);
    assert.equal(connects(condition, { clientId: 'dev-2' }), false);
  });

  test('aws:SourceIp is the client address', () => {
    assert.equal(
      connects({ StringEquals: { 'aws:SourceIp': '10.9.8.7' } }, { clientId: 'dev-1', sourceIp: '10.9.8.7' }),
      true,
    );
  });

  test('condition keys are case-insensitive', () => {
    assert.equal(connects({ StringEquals: { 'IOT:CLIENTID': 'dev-1' } }), true);
  });
});
