import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDomainError } from '@meridian/contracts';
import { compilePolicy } from './compiled-policy.js';
import { parsePolicyDocument } from './policy-document.js';

const SOURCE = { policyName: 'p', policyVersionId: '1' };

/** Parse and compile, as the service does before storing a document. */
function validate(document: unknown, maxSize?: number): void {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  compilePolicy(parsePolicyDocument(text, maxSize === undefined ? {} : { maxSize }), SOURCE);
}

function assertMalformed(document: unknown, message: RegExp): void {
  assert.throws(
    () => validate(document),
    (error) => {
      assert.ok(isDomainError(error), `expected a DomainError, got ${String(error)}`);
      assert.equal(error.type, 'MalformedPolicyException');
      assert.equal(error.statusCode, 400);
      assert.match(error.message, message);
      return true;
    },
  );
}

const allow = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: 'iot:Publish',
  Resource: 'arn:aws:iot:us-east-1:123456789012:topic/a',
  ...extra,
});
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('policy document (reference §3.1)', () => {
  test('Statement may be a single object or an array', () => {
    const single = parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: allow() }));
    const list = parsePolicyDocument(JSON.stringify(doc(allow(), allow({ Effect: 'Deny' }))));
    assert.equal(single.statements.length, 1);
    assert.equal(list.statements.length, 2);
    assert.equal(list.statements[1]?.effect, 'Deny');
  });

  test('Action/NotAction and Resource/NotResource may be a string or an array', () => {
    const parsed = parsePolicyDocument(
      JSON.stringify(
        doc(allow({ Action: ['iot:Publish', 'iot:Receive'], Resource: ['arn:aws:iot:r:a:topic/a', '*'] }), {
          Effect: 'Deny',
          NotAction: 'iot:Connect',
          NotResource: 'arn:aws:iot:r:a:client/x',
        }),
      ),
    );
    assert.deepEqual(parsed.statements[0]?.action, ['iot:Publish', 'iot:Receive']);
    assert.deepEqual(parsed.statements[0]?.resource, ['arn:aws:iot:r:a:topic/a', '*']);
    assert.deepEqual(parsed.statements[1]?.notAction, ['iot:Connect']);
    assert.deepEqual(parsed.statements[1]?.notResource, ['arn:aws:iot:r:a:client/x']);
  });

  test('Condition values may be a string, number, boolean or a list of them', () => {
    const parsed = parsePolicyDocument(
      JSON.stringify(
        doc(
          allow({
            Condition: {
              NumericLessThan: { 'iot:Connection.Thing.Attributes[floor]': 3 },
              Bool: { 'iot:Connection.Thing.IsAttached': true },
              StringEquals: { 'iot:ClientId': ['a', 'b'] },
            },
          }),
        ),
      ),
    );
    assert.deepEqual(parsed.statements[0]?.condition, {
      NumericLessThan: { 'iot:Connection.Thing.Attributes[floor]': ['3'] },
      Bool: { 'iot:Connection.Thing.IsAttached': ['true'] },
      StringEquals: { 'iot:ClientId': ['a', 'b'] },
    });
  });

  test('No Principal element (policies are attached to principals)', () => {
    assertMalformed(doc(allow({ Principal: '*' })), /Statement\[0\]: Principal is not allowed/);
    assertMalformed(doc(allow(), allow({ NotPrincipal: { AWS: 'x' } })), /Statement\[1\]: NotPrincipal is not allowed/);
  });

  test('Size ≤ 2048 characters excluding whitespace', () => {
    const sized = (nonWhitespace: number, padding: string) => {
      const base = JSON.stringify(doc(allow({ Sid: '' })));
      const sid = 'x'.repeat(nonWhitespace - base.length);
      return JSON.stringify(doc(allow({ Sid: sid }))).replace('{', `{${padding}`);
    };
    validate(sized(2048, ' \n\t'.repeat(500)));
    assertMalformed(sized(2049, ''), /2049 characters long excluding whitespace; the limit is 2048/);
  });

  test('the size limit is configurable', () => {
    const text = JSON.stringify(doc(allow()));
    assert.throws(() => validate(text, 50), /the limit is 50/);
    validate(text, 10_000);
  });

  test('invalid JSON → MalformedPolicyException', () => {
    assertMalformed('{"Version": "2012-10-17", "Statement": [', /not valid JSON/);
    assertMalformed('[]', /must be a JSON object/);
  });

  test('Version is 2012-10-17 or 2008-10-17 when present', () => {
    validate({ Statement: allow() });
    validate({ Version: '2008-10-17', Statement: allow() });
    assertMalformed({ Version: '2020-01-01', Statement: allow() }, /Version must be one of "2012-10-17", "2008-10-17"/);
  });

  const grammarErrors: Array<[string, unknown, RegExp]> = [
    ['missing Statement', { Version: '2012-10-17' }, /needs a Statement/],
    ['empty Statement list', doc(), /Statement must not be an empty list/],
    ['unknown top-level element', { ...doc(allow()), Extra: 1 }, /unknown element "Extra"/],
    ['statement that is not an object', doc(allow(), 'x'), /Statement\[1\] must be an object/],
    [
      'missing Effect',
      doc({ Action: 'iot:Publish', Resource: '*' }),
      /Statement\[0\]\.Effect must be "Allow" or "Deny"/,
    ],
    ['Effect in the wrong case', doc(allow({ Effect: 'allow' })), /Effect must be "Allow" or "Deny"/],
    ['both Action and NotAction', doc(allow({ NotAction: 'iot:Connect' })), /exactly one of Action or NotAction/],
    [
      'neither Resource nor NotResource',
      doc({ Effect: 'Allow', Action: '*' }),
      /exactly one of Resource or NotResource/,
    ],
    ['empty Action list', doc(allow({ Action: [] })), /Statement\[0\]\.Action must not be an empty list/],
    ['non-string Action', doc(allow({ Action: ['iot:Publish', 3] })), /Statement\[0\]\.Action\[1\] must be a string/],
    ['malformed action name', doc(allow({ Action: 'Publish' })), /Action "Publish" is not an action/],
    ['Resource that is not an ARN', doc(allow({ Resource: 'topic/a' })), /Resource "topic\/a" is not an ARN/],
    ['empty Resource string', doc(allow({ Resource: '' })), /Resource must not be empty/],
    ['unknown statement element', doc(allow({ Effects: 'Allow' })), /unknown element "Effects"/],
    ['non-string Sid', doc(allow({ Sid: 1 })), /Sid must be a string/],
    ['Condition that is not an object', doc(allow({ Condition: [] })), /Condition must be an object of operators/],
    [
      'Condition operator without keys',
      doc(allow({ Condition: { StringEquals: {} } })),
      /StringEquals has no condition keys/,
    ],
    [
      'Condition value of the wrong type',
      doc(allow({ Condition: { StringEquals: { 'iot:ClientId': { a: 1 } } } })),
      /values must be strings, numbers or booleans/,
    ],
    [
      'unknown policy variable in a Resource',
      doc(allow({ Resource: 'arn:aws:iot:r:a:topic/${iot:Nope}' })),
      /Statement\[0\]\.Resource\[0\]: unknown policy variable \$\{iot:Nope\}/,
    ],
    [
      'multi-valued variable substituted in a Resource',
      doc(allow({ Resource: 'arn:aws:iot:r:a:topic/${iot:Certificate.Subject.Country.List}' })),
      /can only be a condition key/,
    ],
    [
      'unknown condition operator',
      doc(allow({ Condition: { StringEqualz: { 'iot:ClientId': 'a' } } })),
      /Condition\.StringEqualz\["iot:ClientId"\]: unknown condition operator "StringEqualz"/,
    ],
    [
      'unknown condition key',
      doc(allow({ Condition: { StringEquals: { 'iot:Nope': 'a' } } })),
      /unknown condition key "iot:Nope"/,
    ],
    [
      'invalid CIDR',
      doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } })),
      /invalid prefix length/,
    ],
    ['non-IP value', doc(allow({ Condition: { IpAddress: { 'aws:SourceIp': 'localhost' } } })), /not an IP address/],
    [
      'non-numeric Numeric value',
      doc(allow({ Condition: { NumericLessThan: { 'iot:Connection.Thing.Attributes[n]': 'ten' } } })),
      /"ten" is not a number/,
    ],
    [
      'non-boolean Bool value',
      doc(allow({ Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'yes' } } })),
      /Bool value "yes" must be "true" or "false"/,
    ],
    [
      'ArnLike value that is not an ARN',
      doc(allow({ Condition: { ArnLike: { 'iot:LastWillTopic': 'topic/a' } } })),
      /is not an ARN/,
    ],
    [
      'ForAnyValue on Null',
      doc(allow({ Condition: { 'ForAnyValue:Null': { 'iot:ClientId': 'true' } } })),
      /Null cannot take ForAnyValue/,
    ],
  ];
  for (const [name, document, message] of grammarErrors) {
    test(`grammar error names the statement and element: ${name}`, () => assertMalformed(document, message));
  }

  test('a statement with a Sid is named by it too', () => {
    assertMalformed(doc(allow(), allow({ Sid: 'Pub', Effect: 'Maybe' })), /Statement\[1\] \(Sid "Pub"\)\.Effect/);
  });

  test('unknown actions outside the data plane are accepted (they authorize nothing here)', () => {
    validate(doc(allow({ Action: ['iot:CreateJob', 'greengrass:*', '*'] })));
  });
});
