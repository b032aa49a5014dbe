import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  type CertificateAuthority,
  certificateId,
  createCertificateAuthority,
  type IssuedCertificate,
  issueDeviceCertificate,
} from './index.js';
import { keyUsages, parseWithExtensions, x509 } from './test-helpers.js';

const DAY_MS = 86_400_000;

function assertSignedBy(certificatePem: string, ca: CertificateAuthority): void {
  const certificate = new X509Certificate(certificatePem);
  const caCertificate = new X509Certificate(ca.certificatePem);
  assert.ok(certificate.checkIssued(caCertificate), 'checkIssued');
  assert.ok(certificate.verify(caCertificate.publicKey), 'verify with the CA public key');
}

function assertKeyPair(issued: IssuedCertificate): void {
  const certificate = new X509Certificate(issued.certificatePem);
  assert.match(issued.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8
  assert.match(issued.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/); // SPKI
  assert.ok(certificate.checkPrivateKey(createPrivateKey(issued.privateKeyPem)));
  assert.ok(certificate.publicKey.equals(createPublicKey(issued.publicKeyPem)));
}

describe('createCertificateAuthority', () => {
  it('creates a self-signed P-256 root CA with the requested name and validity', async () => {
    const ca = await createCertificateAuthority({ commonName: 'Test CA', validityDays: 30 });
    const certificate = new X509Certificate(ca.certificatePem);
    assert.equal(certificate.ca, true);
    assert.equal(certificate.subject, 'CN=Test CA');
    assert.ok(certificate.checkIssued(certificate));
    assert.ok(certificate.verify(certificate.publicKey));
    assert.ok(certificate.checkPrivateKey(createPrivateKey(ca.privateKeyPem)));
    assert.match(ca.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    const days = (Date.parse(certificate.validTo) - Date.now()) / DAY_MS;
    assert.ok(days > 29.99 && days < 30.01, `validity ${days} days`);
  });

  it('defaults to "Meridian IoT Root CA" for 10 years', async () => {
    const certificate = new X509Certificate((await createCertificateAuthority()).certificatePem);
    assert.equal(certificate.subject, 'CN=Meridian IoT Root CA');
    assert.equal(new Date(certificate.validTo).getUTCFullYear() - new Date().getUTCFullYear(), 10);
  });

  it('rejects a non-positive validity', async () => {
    await assert.rejects(createCertificateAuthority({ validityDays: 0 }), RangeError);
  });
});

describe('issueDeviceCertificate', () => {
  let ca: CertificateAuthority;
  let caKeyId: string | undefined;
  before(async () => {
    ca = await createCertificateAuthority();
    caKeyId = parseWithExtensions(ca.certificatePem).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  });

  it('issues an EC P-256 client certificate signed by the CA', async () => {
    const startedAt = Date.now();
    const issued = await issueDeviceCertificate(ca, { commonName: 'thing-0001' });
    const certificate = new X509Certificate(issued.certificatePem);
    assertSignedBy(issued.certificatePem, ca);
    assertKeyPair(issued);
    assert.equal(certificate.subject, 'CN=thing-0001');
    assert.equal(certificate.issuer, 'CN=Meridian IoT Root CA');
    assert.equal(certificate.ca, false);
    assert.equal(certificate.publicKey.asymmetricKeyType, 'ec');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.2']); // EKU clientAuth
    assert.deepEqual(keyUsages(issued.certificatePem), {
      usages: x509.KeyUsageFlags.digitalSignature,
      critical: true,
    });
    const details = parseWithExtensions(issued.certificatePem);
    assert.equal(details.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId, caKeyId);

    // certificateId: SHA-256 of the DER, from PEM or DER.
    const expectedId = createHash('sha256').update(certificate.raw).digest('hex');
    assert.equal(issued.certificateId, expectedId);
    assert.equal(certificateId(issued.certificatePem), expectedId);
    assert.equal(certificateId(certificate.raw), expectedId);
    assert.match(issued.certificateId, /^[0-9a-f]{64}$/);

    // Random positive 16-byte serial.
    assert.match(issued.serialNumber, /^[0-7][0-9a-f]{31}$/);
    assert.notEqual(issued.serialNumber, '0'.repeat(32));
    assert.equal(issued.serialNumber, certificate.serialNumber.toLowerCase());

    // notBefore = now - 1 minute, notAfter = now + 365 days (second precision).
    assert.equal(issued.notBefore.getTime(), Date.parse(certificate.validFrom));
    assert.equal(issued.notAfter.getTime(), Date.parse(certificate.validTo));
    assert.ok(Math.abs(issued.notBefore.getTime() - (startedAt - 60_000)) < 5_000, String(issued.notBefore));
    assert.ok(Math.abs(issued.notAfter.getTime() - (startedAt + 365 * DAY_MS)) < 5_000, String(issued.notAfter));
  });

  it('issues an RSA 2048 client certificate', async () => {
    const issued = await issueDeviceCertificate(ca, { commonName: 'rsa-thing', keyType: 'rsa-2048', validityDays: 10 });
    const certificate = new X509Certificate(issued.certificatePem);
    assertSignedBy(issued.certificatePem, ca);
    assertKeyPair(issued);
    assert.equal(certificate.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual(keyUsages(issued.certificatePem), {
      usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      critical: true,
    });
    const days = (issued.notAfter.getTime() - Date.now()) / DAY_MS;
    assert.ok(days > 9.99 && days < 10.01, `validity ${days} days`);
  });

  it('gives every certificate its own serial number, key and id', async () => {
    const [a, b] = await Promise.all([
      issueDeviceCertificate(ca, { commonName: 'same' }),
      issueDeviceCertificate(ca, { commonName: 'same' }),
    ]);
    assert.notEqual(a.serialNumber, b.serialNumber);
    assert.notEqual(a.certificateId, b.certificateId);
    assert.notEqual(a.privateKeyPem, b.privateKeyPem);
  });

  it('takes the common name literally', async () => {
    const commonName = 'thing "7", #41 + \\ é';
    const issued = await issueDeviceCertificate(ca, { commonName });
    assert.deepEqual(parseWithExtensions(issued.certificatePem).subjectName.getField('CN'), [commonName]);
  });

  it('does not verify against another CA', async () => {
    const other = await createCertificateAuthority({ commonName: 'Other CA' });
    const issued = await issueDeviceCertificate(other, { commonName: 'stranger' });
    const certificate = new X509Certificate(issued.certificatePem);
    const caCertificate = new X509Certificate(ca.certificatePem);
    assert.equal(certificate.verify(caCertificate.publicKey), false);
    assert.equal(certificate.checkIssued(caCertificate), false);
  });

  it('rejects bad input', async () => {
    await assert.rejects(issueDeviceCertificate(ca, { commonName: '' }), TypeError);
    await assert.rejects(issueDeviceCertificate(ca, { commonName: 'x', validityDays: -1 }), RangeError);
    await assert.rejects(
      issueDeviceCertificate(ca, { commonName: 'x', keyType: 'ed25519' as 'ec-p256' }),
      /unsupported keyType/,
    );
    const other = await createCertificateAuthority();
    await assert.rejects(
      issueDeviceCertificate(
        { certificatePem: ca.certificatePem, privateKeyPem: other.privateKeyPem },
        { commonName: 'x' },
      ),
      /does not match/,
    );
    await assert.rejects(
      issueDeviceCertificate({ certificatePem: 'nope', privateKeyPem: ca.privateKeyPem }, { commonName: 'x' }),
      /not a valid X\.509 certificate/,
    );
    const leaf = await issueDeviceCertificate(ca, { commonName: 'leaf' });
    await assert.rejects(
      issueDeviceCertificate(
        { certificatePem: leaf.certificatePem, privateKeyPem: leaf.privateKeyPem },
        { commonName: 'x' },
      ),
      /not a CA/,
    );
  });
});

describe('certificateId', () => {
  it('throws on something that is not a certificate', () => {
    assert.throws(
      () => certificateId('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      /certificateId/,
    );
    assert.throws(() => certificateId(Buffer.from('hello')), /certificateId/);
  });
});
