import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CertificateFacts, RequestFacts } from './authorization-context.js';
import { ARN, allow, allowed, arns, deny, policy } from './test-helpers.js';

const CERT_ID = 'a'.repeat(64);
const thingFacts = (extra: Partial<RequestFacts> = {}): RequestFacts => ({
  clientId: 'dev-1',
  thing: { name: 'dev-1', typeName: 'lamp', attributes: { room: 'kitchen', floor: '2' } },
  ...extra,
});
const certificate = (extra: Partial<CertificateFacts> = {}): CertificateFacts => ({
  id: CERT_ID,
  serialNumber: '0a1b2c',
  subject: { CommonName: ['dev-1'], Country: ['DE', 'FR', 'US'], Organization: ['Example Corp'] },
  issuer: { CommonName: ['Meridian CA'], Organization: ['Meridian'] },
  subjectAlternativeNames: { DNSName: ['dev-1.example.com', 'alt.example.com'], IPAddress: ['10.0.0.7'] },
  issuerAlternativeNames: { RFC822Name: ['ca@example.com'] },
  ...extra,
});
const topicPolicy = (suffix: string) => policy('p', [allow('iot:Publish', `${ARN}topic/${suffix}`)]);
const publish = (sut: ReturnType<typeof policy>, topic: string, facts: RequestFacts) =>
  allowed(sut, 'iot:Publish', arns.topic(topic), facts);

describe('policy variables (reference §3.4)', () => {
  test('${iot:ClientId} is the client id of the MQTT connection', () => {
    const sut = policy('p', [allow('iot:Connect', `${ARN}client/\${iot:ClientId}`)]);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-1'), { clientId: 'dev-1' }), true);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-2'), { clientId: 'dev-1' }), false);
  });

  test('${iot:ClientId} is undefined for HTTP, so the statement does not match', () => {
    const sut = topicPolicy('devices/${iot:ClientId}');
    assert.equal(publish(sut, 'devices/', {}), false);
  });

  test('substituted values are literal: a client id of * or # is no wildcard', () => {
    const sut = policy('p', [allow('iot:Subscribe', `${ARN}topicfilter/devices/\${iot:ClientId}`)]);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('devices/other'), { clientId: '*' }), false);
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('devices/*'), { clientId: '*' }), true);
    // AWS's warning: a client id of `#` makes the filter `devices/#` match literally
    assert.equal(allowed(sut, 'iot:Subscribe', arns.topicFilter('devices/#'), { clientId: '#' }), true);
  });

  test('${aws:SourceIp} is the client IP', () => {
    const sut = topicPolicy('ip/${aws:SourceIp}');
    assert.equal(publish(sut, 'ip/10.1.2.3', { clientId: 'c', sourceIp: '10.1.2.3' }), true);
    assert.equal(publish(sut, 'ip/10.1.2.4', { clientId: 'c', sourceIp: '10.1.2.3' }), false);
  });

  test('${iot:Connection.Thing.ThingName} is the attached thing named like the client id', () => {
    const sut = topicPolicy('things/${iot:Connection.Thing.ThingName}/*');
    assert.equal(publish(sut, 'things/dev-1/temp', thingFacts()), true);
    assert.equal(publish(sut, 'things/dev-2/temp', thingFacts()), false);
  });

  test('thing variables without an attached thing → access denied', () => {
    const sut = topicPolicy('things/${iot:Connection.Thing.ThingName}/*');
    assert.equal(publish(sut, 'things/dev-1/temp', { clientId: 'dev-1' }), false);
    assert.equal(publish(sut, 'things//temp', { clientId: 'dev-1' }), false);
  });

  test('a thing whose name differs from the client id does not resolve thing variables', () => {
    const sut = topicPolicy('things/${iot:Connection.Thing.ThingName}');
    assert.equal(publish(sut, 'things/lamp-9', { clientId: 'dev-1', thing: { name: 'lamp-9' } }), false);
  });

  test('thing variables exist only for MQTT connections (no client id → unresolved)', () => {
    const sut = topicPolicy('things/${iot:Connection.Thing.ThingName}');
    assert.equal(publish(sut, 'things/dev-1', { thing: { name: 'dev-1' } }), false);
  });

  test("${iot:Connection.Thing.ThingTypeName} is that thing's type", () => {
    const sut = topicPolicy('types/${iot:Connection.Thing.ThingTypeName}');
    assert.equal(publish(sut, 'types/lamp', thingFacts()), true);
    assert.equal(publish(sut, 'types/lamp', thingFacts({ thing: { name: 'dev-1' } })), false);
  });

  test("${iot:Connection.Thing.Attributes[attr]} is that thing's attribute value", () => {
    const sut = topicPolicy('rooms/${iot:Connection.Thing.Attributes[room]}');
    assert.equal(publish(sut, 'rooms/kitchen', thingFacts()), true);
    assert.equal(publish(sut, 'rooms/hall', thingFacts()), false);
    const missing = topicPolicy('rooms/${iot:Connection.Thing.Attributes[wing]}');
    assert.equal(publish(missing, 'rooms/', thingFacts()), false);
    const inherited = topicPolicy('rooms/${iot:Connection.Thing.Attributes[constructor]}*');
    assert.equal(publish(inherited, 'rooms/function Object() { [native code] }', thingFacts()), false);
  });

  test('${iot:Connection.Thing.IsAttached} is "true" with an attached thing, else "false" (used with Bool)', () => {
    const sut = policy('p', [
      allow('iot:Connect', '*', { Condition: { Bool: { 'iot:Connection.Thing.IsAttached': 'true' } } }),
    ]);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-1'), thingFacts()), true);
    assert.equal(allowed(sut, 'iot:Connect', arns.client('dev-1'), { clientId: 'dev-1' }), false);
    const notAttached = policy('p', [
      allow('iot:Connect', '*', { Condition: { Bool: { 'iot:Connection.Thing.IsAttached': false } } }),
    ]);
    assert.equal(allowed(notAttached, 'iot:Connect', arns.client('dev-1'), { clientId: 'dev-1' }), true);
  });

  test('${iot:CertificateId} is the id of the client certificate', () => {
    const sut = topicPolicy('certs/${iot:CertificateId}');
    assert.equal(publish(sut, `certs/${CERT_ID}`, { clientId: 'c', certificate: certificate() }), true);
    assert.equal(publish(sut, `certs/${CERT_ID}`, { clientId: 'c' }), false);
  });

  test('${iot:Certificate.Subject.X} / ${iot:Certificate.Issuer.X} are the first value of the attribute', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    assert.equal(publish(topicPolicy('cn/${iot:Certificate.Subject.CommonName}'), 'cn/dev-1', facts), true);
    assert.equal(publish(topicPolicy('c/${iot:Certificate.Subject.Country}'), 'c/DE', facts), true);
    assert.equal(publish(topicPolicy('c/${iot:Certificate.Subject.Country}'), 'c/FR', facts), false);
    assert.equal(publish(topicPolicy('o/${iot:Certificate.Issuer.Organization}'), 'o/Meridian', facts), true);
  });

  test('every subject and issuer attribute of the reference has a variable', () => {
    const names = [
      'CommonName',
      'Country',
      'Organization',
      'OrganizationalUnit',
      'State',
      'SerialNumber',
      'DistinguishedNameQualifier',
      'Title',
      'Surname',
      'GivenName',
      'Initials',
      'Pseudonym',
      'GenerationQualifier',
    ] as const;
    for (const side of ['Subject', 'Issuer'] as const) {
      for (const name of names) {
        const dn = { [name]: [`v-${name}`] };
        const facts = { clientId: 'c', certificate: { id: CERT_ID, [side.toLowerCase()]: dn } };
        assert.equal(publish(topicPolicy(`x/\${iot:Certificate.${side}.${name}}`), `x/v-${name}`, facts), true, name);
      }
    }
  });

  test('...X.N is a zero-based index into a multi-valued attribute (.1 is the second value)', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    assert.equal(publish(topicPolicy('c/${iot:Certificate.Subject.Country.0}'), 'c/DE', facts), true);
    assert.equal(publish(topicPolicy('c/${iot:Certificate.Subject.Country.1}'), 'c/FR', facts), true);
    assert.equal(publish(topicPolicy('c/${iot:Certificate.Subject.Country.2}'), 'c/US', facts), true);
  });

  test('...X.N out of range is unresolved', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    const sut = topicPolicy('c/${iot:Certificate.Subject.Country.3}');
    assert.equal(publish(sut, 'c/', facts), false);
    assert.equal(publish(sut, 'c/${iot:Certificate.Subject.Country.3}', facts), false);
  });

  test('...X.List gives all values (with ForAnyValue:/ForAllValues:)', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    const any = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { 'ForAnyValue:StringEquals': { 'iot:Certificate.Subject.Country.List': ['FR', 'IT'] } },
      }),
    ]);
    const all = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { 'ForAllValues:StringEquals': { 'iot:Certificate.Subject.Country.List': ['DE', 'FR'] } },
      }),
    ]);
    const allThree = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { 'ForAllValues:StringEquals': { 'iot:Certificate.Subject.Country.List': ['DE', 'FR', 'US'] } },
      }),
    ]);
    assert.equal(publish(any, 't', facts), true);
    assert.equal(publish(all, 't', facts), false);
    assert.equal(publish(allThree, 't', facts), true);
  });

  test('${iot:Certificate.Subject.AlternativeName.X} and Issuer.AlternativeName.X are the SAN values', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    assert.equal(
      publish(topicPolicy('dns/${iot:Certificate.Subject.AlternativeName.DNSName}'), 'dns/dev-1.example.com', facts),
      true,
    );
    assert.equal(
      publish(topicPolicy('dns/${iot:Certificate.Subject.AlternativeName.DNSName.1}'), 'dns/alt.example.com', facts),
      true,
    );
    assert.equal(
      publish(topicPolicy('ip/${iot:Certificate.Subject.AlternativeName.IPAddress}'), 'ip/10.0.0.7', facts),
      true,
    );
    assert.equal(
      publish(topicPolicy('mail/${iot:Certificate.Issuer.AlternativeName.RFC822Name}'), 'mail/ca@example.com', facts),
      true,
    );
    assert.equal(
      publish(topicPolicy('u/${iot:Certificate.Subject.AlternativeName.UniformResourceIdentifier}'), 'u/', facts),
      false,
    );
  });

  test('${iot:Certificate.SerialNumber} is the serial number', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    assert.equal(publish(topicPolicy('serial/${iot:Certificate.SerialNumber}'), 'serial/0a1b2c', facts), true);
  });

  test('${iot:Certificate.AvailableKeys} names the certificate variables that have values', () => {
    const facts = { clientId: 'c', certificate: certificate() };
    const sut = (key: string) =>
      policy('p', [
        allow('iot:Publish', '*', {
          Condition: { 'ForAnyValue:StringEquals': { 'iot:Certificate.AvailableKeys': key } },
        }),
      ]);
    assert.equal(publish(sut('iot:Certificate.Subject.Organization'), 't', facts), true);
    assert.equal(publish(sut('iot:Certificate.Subject.AlternativeName.DNSName'), 't', facts), true);
    assert.equal(publish(sut('iot:Certificate.SerialNumber'), 't', facts), true);
    assert.equal(publish(sut('iot:Certificate.Subject.Title'), 't', facts), false);
  });

  test('certificate values containing *, $, +, ? or # are not substituted', () => {
    for (const value of ['a*b', 'a$b', 'a+b', 'a?b', 'a#b']) {
      const facts = { clientId: 'c', certificate: { id: CERT_ID, subject: { CommonName: [value] } } };
      const sut = topicPolicy('cn/${iot:Certificate.Subject.CommonName}');
      assert.equal(publish(sut, `cn/${value}`, facts), false, value);
      assert.equal(publish(sut, 'cn/${iot:Certificate.Subject.CommonName}', facts), false, value);
    }
  });

  test('certificate values longer than 1024 characters are not substituted', () => {
    const sut = topicPolicy('cn/${iot:Certificate.Subject.CommonName}');
    const at = (length: number) => ({
      clientId: 'c',
      certificate: { id: CERT_ID, subject: { CommonName: ['x'.repeat(length)] } },
    });
    assert.equal(publish(sut, `cn/${'x'.repeat(1024)}`, at(1024)), true);
    assert.equal(publish(sut, `cn/${'x'.repeat(1025)}`, at(1025)), false);
  });

  test('array-valued attributes keep at most 5 items', () => {
    const facts = {
      clientId: 'c',
      certificate: { id: CERT_ID, subject: { OrganizationalUnit: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'] } },
    };
    assert.equal(publish(topicPolicy('ou/${iot:Certificate.Subject.OrganizationalUnit.4}'), 'ou/u4', facts), true);
    assert.equal(publish(topicPolicy('ou/${iot:Certificate.Subject.OrganizationalUnit.5}'), 'ou/u5', facts), false);
    const sixth = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { 'ForAnyValue:StringEquals': { 'iot:Certificate.Subject.OrganizationalUnit.List': 'u5' } },
      }),
    ]);
    assert.equal(publish(sixth, 't', facts), false);
  });

  test('special characters , " \\ = < > ; appear backslash-escaped', () => {
    const facts = { clientId: 'c', certificate: { id: CERT_ID, subject: { Organization: ['Acme, Inc. <a=b;c>'] } } };
    const sut = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { StringEquals: { 'iot:Certificate.Subject.Organization': 'Acme\\, Inc. \\<a\\=b\\;c\\>' } },
      }),
    ]);
    assert.equal(publish(sut, 't', facts), true);
  });

  test('a statement whose Resource needs an unresolved variable does not match: Allow grants nothing', () => {
    const sut = policy('p', [
      allow('iot:Publish', [`${ARN}topic/\${iot:Connection.Thing.ThingName}`, `${ARN}topic/open`]),
    ]);
    assert.equal(publish(sut, 'open', { clientId: 'dev-1' }), true);
    assert.equal(publish(sut, 'dev-1', { clientId: 'dev-1' }), false);
  });

  test('a statement whose Resource needs an unresolved variable does not match: Deny denies nothing', () => {
    const sut = policy('p', [
      allow('iot:Publish', `${ARN}topic/*`),
      deny('iot:Publish', `${ARN}topic/\${iot:Certificate.Subject.CommonName}`),
      { Effect: 'Deny', Action: 'iot:Publish', NotResource: `${ARN}topic/\${iot:Connection.Thing.ThingName}/*` },
    ]);
    assert.equal(publish(sut, 'anything', { clientId: 'dev-1' }), true);
  });

  test('a statement whose Condition needs an unresolved variable does not match', () => {
    const sut = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { StringEquals: { 'iot:ClientId': '${iot:Connection.Thing.ThingName}' } },
      }),
    ]);
    assert.equal(publish(sut, 't', { clientId: 'dev-1' }), false);
    assert.equal(publish(sut, 't', thingFacts()), true);
  });

  test('variables are substituted in Condition values', () => {
    const sut = policy('p', [
      allow('iot:Publish', '*', {
        Condition: { StringLike: { 'iot:Certificate.Subject.CommonName': '${iot:ClientId}*' } },
      }),
    ]);
    const facts = (clientId: string) => ({ clientId, certificate: certificate() });
    assert.equal(publish(sut, 't', facts('dev')), true);
    assert.equal(publish(sut, 't', facts('lamp')), false);
  });

  test('variable names are case-insensitive', () => {
    const sut = topicPolicy('devices/${IOT:clientid}');
    assert.equal(publish(sut, 'devices/dev-1', { clientId: 'dev-1' }), true);
  });

  test('without Version 2012-10-17, ${...} is literal text (IAM)', () => {
    const sut = policy('p', [allow('iot:Publish', `${ARN}topic/\${iot:ClientId}`)], null);
    assert.equal(publish(sut, 'dev-1', { clientId: 'dev-1' }), false);
    assert.equal(publish(sut, '${iot:ClientId}', { clientId: 'dev-1' }), true);
  });
});
