import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  AWS_CERTIFICATE_NOT_AFTER,
  type CertificateAuthority,
  certificateId,
  createCertificateAuthority,
  createKeysAndCertificate,
} from './index.js';

describe(createKeysAndCertificate.name, () => {
  let ca: CertificateAuthority;
  before(async () => {
    ca = await createCertificateAuthority({ commonName: 'Keys Test CA', validityDays: 365 * 40 });
  });

  it('creates an RSA 2048 key pair by default, with the certificate signed by the platform CA', async () => {
    const created = await createKeysAndCertificate(ca);
    const certificate = new X509Certificate(created.certificatePem);
    assert.ok(certificate.verify(new X509Certificate(ca.certificatePem).publicKey));
    assert.equal(certificate.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.match(created.keyPair.PrivateKey, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.match(created.keyPair.PublicKey, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.ok(certificate.checkPrivateKey(createPrivateKey(created.keyPair.PrivateKey)));
    assert.ok(certificate.publicKey.equals(createPublicKey(created.keyPair.PublicKey)));
    assert.equal(certificate.subject, 'CN=Meridian IoT Certificate');
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(created.certificateId, certificateId(created.certificatePem));
    assert.equal(created.notAfter.toISOString(), AWS_CERTIFICATE_NOT_AFTER.toISOString());
    assert.equal(Date.parse(certificate.validTo), AWS_CERTIFICATE_NOT_AFTER.getTime());
  });

  it('creates an EC P-256 key pair on request', async () => {
    const created = await createKeysAndCertificate(ca, { keyType: 'ec-p256', commonName: 'ec-thing' });
    const certificate = new X509Certificate(created.certificatePem);
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(created.keyPair.PrivateKey, /^-----BEGIN EC PRIVATE KEY-----\n/);
    assert.ok(certificate.checkPrivateKey(createPrivateKey(created.keyPair.PrivateKey)));
    assert.equal(certificate.subject, 'CN=ec-thing');
  });

  it('two calls give two different keys and certificates', async () => {
    const [first, second] = await Promise.all([
      createKeysAndCertificate(ca, { keyType: 'ec-p256' }),
      createKeysAndCertificate(ca, { keyType: 'ec-p256' }),
    ]);
    assert.notEqual(first.certificateId, second.certificateId);
    assert.notEqual(first.keyPair.PrivateKey, second.keyPair.PrivateKey);
  });
});
