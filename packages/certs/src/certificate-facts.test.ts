import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { certificateFacts, createCertificateAuthority } from './index.js';
import { openssl } from './test-helpers.js';

/** A self-signed certificate made by openssl with multi-valued subject attributes and every SAN kind. */
function richCertificate(): string {
  return openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'key.pem',
      '-days',
      '2',
      '-set_serial',
      '0x1234abcd',
      '-subj',
      '/C=DE/ST=Berlin/L=Berlin/O=Acme/OU=Sensors/OU=Line 2/CN=thing-7/serialNumber=SN-77/title=Probe/SN=Doe/GN=Jane/initials=JD/dnQualifier=q1/pseudonym=jd/generationQualifier=III',
      '-addext',
      'subjectAltName=DNS:a.example,DNS:b.example,IP:192.0.2.1,email:ops@example.com,URI:urn:thing:7,dirName:alt_dn',
      '-addext',
      'issuerAltName=DNS:issuer.example',
      '-config',
      'openssl.cnf',
      '-out',
      'cert.pem',
    ],
    'cert.pem',
    { 'openssl.cnf': '[req]\ndistinguished_name=dn\n[dn]\n[alt_dn]\nCN=Directory Thing\nO=Acme\n' },
  );
}

describe(certificateFacts.name, () => {
  it('exposes multi-valued subject and issuer attributes under AWS policy-variable names', () => {
    const facts = certificateFacts(richCertificate());
    const expected = {
      Country: ['DE'],
      State: ['Berlin'],
      Locality: ['Berlin'],
      Organization: ['Acme'],
      OrganizationalUnit: ['Sensors', 'Line 2'],
      CommonName: ['thing-7'],
      SerialNumber: ['SN-77'],
      Title: ['Probe'],
      Surname: ['Doe'],
      GivenName: ['Jane'],
      Initials: ['JD'],
      DistinguishedNameQualifier: ['q1'],
      Pseudonym: ['jd'],
      GenerationQualifier: ['III'],
    };
    assert.deepEqual(facts.subject, expected);
    assert.deepEqual(facts.issuer, expected); // self-signed
    assert.match(facts.subjectName, /CN=thing-7/);
  });

  it('exposes subject and issuer alternative names, serial, validity and id', () => {
    const pem = richCertificate();
    const facts = certificateFacts(pem);
    assert.deepEqual(facts.subjectAlternativeNames.DNSName, ['a.example', 'b.example']);
    assert.deepEqual(facts.subjectAlternativeNames.IPAddress, ['192.0.2.1']);
    assert.deepEqual(facts.subjectAlternativeNames.RFC822Name, ['ops@example.com']);
    assert.deepEqual(facts.subjectAlternativeNames.UniformResourceIdentifier, ['urn:thing:7']);
    assert.equal(facts.subjectAlternativeNames.DirectoryName?.length, 1);
    assert.match(facts.subjectAlternativeNames.DirectoryName?.[0] ?? '', /CN=Directory Thing/);
    assert.deepEqual(facts.issuerAlternativeNames, { DNSName: ['issuer.example'] });
    assert.equal(facts.serialNumber, '1234abcd');
    const days = (facts.validity.notAfter.getTime() - facts.validity.notBefore.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 2) < 0.001, `${days} days`);
    assert.match(facts.certificateId, /^[0-9a-f]{64}$/);
    assert.equal(facts.isCertificateAuthority, false); // no basicConstraints extension with this config
    assert.equal(
      certificateFacts(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')).certificateId,
      facts.certificateId,
    );
  });

  it('tells CA certificates apart', async () => {
    const ca = await createCertificateAuthority();
    assert.equal(certificateFacts(ca.certificatePem).isCertificateAuthority, true);
  });

  it('bad input is a CertificateValidationException', () => {
    assert.throws(
      () => certificateFacts('not a certificate'),
      (error: unknown) => error instanceof DomainError && error.type === 'CertificateValidationException',
    );
  });
});
