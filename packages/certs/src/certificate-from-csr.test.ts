import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DomainError } from '@meridian/contracts';
import {
  AWS_CERTIFICATE_NOT_AFTER,
  type CertificateAuthority,
  certificateFacts,
  createCertificateAuthority,
  createCertificateFromCsr,
} from './index.js';
import { opensslCsr, parseWithExtensions, x509 } from './test-helpers.js';

function isValidationError(pattern: RegExp) {
  return (error: unknown) =>
    error instanceof DomainError &&
    error.type === 'CertificateValidationException' &&
    error.statusCode === 400 &&
    pattern.test(error.message);
}

describe(createCertificateFromCsr.name, () => {
  let ca: CertificateAuthority;
  let ecCsr: string;
  before(async () => {
    ca = await createCertificateAuthority({ commonName: 'CSR Test CA' });
    ecCsr = opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/CN=csr-thing/O=Acme/OU=Line 1/OU=Line 2', [
      '-addext',
      'subjectAltName=DNS:thing.example,IP:10.0.0.7',
    ]);
  });

  it('signs a P-256 CSR with the platform CA, keeping its subject, SANs and public key', async () => {
    const signed = await createCertificateFromCsr(ca, ecCsr);
    const certificate = new X509Certificate(signed.certificatePem);
    assert.ok(certificate.verify(new X509Certificate(ca.certificatePem).publicKey));
    assert.equal(certificate.issuer, 'CN=CSR Test CA');
    const facts = certificateFacts(signed.certificatePem);
    assert.deepEqual(facts.subject, {
      CommonName: ['csr-thing'],
      Organization: ['Acme'],
      OrganizationalUnit: ['Line 1', 'Line 2'],
    });
    assert.deepEqual(facts.subjectAlternativeNames, { DNSName: ['thing.example'], IPAddress: ['10.0.0.7'] });
    const csr = new x509.Pkcs10CertificateRequest(ecCsr);
    assert.ok(certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(Buffer.from(csr.publicKey.rawData)));
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(signed.certificateId, facts.certificateId);
    assert.equal(certificate.ca, false);
  });

  it('issues until AWS’s 2049-12-31T23:59:59Z, but never past the CA', async () => {
    const longCa = await createCertificateAuthority({ validityDays: 365 * 40 });
    assert.equal(
      (await createCertificateFromCsr(longCa, ecCsr)).notAfter.toISOString(),
      AWS_CERTIFICATE_NOT_AFTER.toISOString(),
    );
    const shortCa = await createCertificateAuthority({ validityDays: 30 });
    const capped = await createCertificateFromCsr(shortCa, ecCsr);
    assert.equal(capped.notAfter.getTime(), Date.parse(new X509Certificate(shortCa.certificatePem).validTo));
  });

  it('the same CSR twice yields two distinct certificates', async () => {
    const first = await createCertificateFromCsr(ca, ecCsr);
    const second = await createCertificateFromCsr(ca, ecCsr);
    assert.notEqual(first.certificateId, second.certificateId);
    assert.notEqual(first.serialNumber, second.serialNumber);
  });

  for (const [name, newkey] of [
    ['RSA 2048', ['rsa:2048']],
    ['EC P-384', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384']],
    ['EC P-521', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-521']],
  ] as const) {
    it(`accepts a ${name} key`, async () => {
      const signed = await createCertificateFromCsr(ca, opensslCsr([...newkey], '/CN=ok'));
      assert.equal(new X509Certificate(signed.certificatePem).subject, 'CN=ok');
    });
  }

  it('keyUsage allows key encipherment for RSA keys only', async () => {
    const rsa = await createCertificateFromCsr(ca, opensslCsr(['rsa:2048'], '/CN=rsa'));
    const ec = await createCertificateFromCsr(ca, ecCsr);
    const usages = (pem: string) => parseWithExtensions(pem).getExtension(x509.KeyUsagesExtension)?.usages;
    assert.equal(usages(rsa.certificatePem), x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    assert.equal(usages(ec.certificatePem), x509.KeyUsageFlags.digitalSignature);
  });

  it('an empty CSR subject becomes CN=Meridian IoT Certificate', async () => {
    const signed = await createCertificateFromCsr(ca, opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/'));
    assert.equal(new X509Certificate(signed.certificatePem).subject, 'CN=Meridian IoT Certificate');
  });

  it('refuses an RSA key shorter than 2048 bits', async () => {
    await assert.rejects(
      createCertificateFromCsr(ca, opensslCsr(['rsa:1024'], '/CN=weak')),
      isValidationError(/at least 2048 bits, this one has 1024/),
    );
  });

  it('refuses EC curves other than P-256/384/521 and other key types', async () => {
    await assert.rejects(
      createCertificateFromCsr(ca, opensslCsr(['ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], '/CN=k1')),
      isValidationError(/curve secp256k1 is not one of P-256, P-384, P-521/),
    );
    await assert.rejects(
      createCertificateFromCsr(ca, opensslCsr(['ed25519'], '/CN=ed')),
      isValidationError(/ed25519 keys are not accepted/),
    );
  });

  it('refuses a CSR whose signature does not match its key', async () => {
    const csr = new x509.Pkcs10CertificateRequest(ecCsr);
    const der = Buffer.from(csr.rawData);
    // The signature is the last bytes of the DER: change one of them.
    der[der.length - 2] = (der[der.length - 2] ?? 0) ^ 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await assert.rejects(
      createCertificateFromCsr(ca, tampered),
      isValidationError(/signature does not match its public key/),
    );
  });

  it('refuses a CSR longer than 4096 characters, garbage, and non-strings', async () => {
    const padded = `${ecCsr}${' '.repeat(4097 - ecCsr.length)}`;
    await assert.rejects(createCertificateFromCsr(ca, padded), isValidationError(/longer than 4096 characters/));
    await assert.rejects(
      createCertificateFromCsr(ca, 'hello'),
      isValidationError(/no "-----BEGIN CERTIFICATE REQUEST-----" block/),
    );
    await assert.rejects(
      createCertificateFromCsr(ca, '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----'),
      isValidationError(/cannot be decoded/),
    );
    await assert.rejects(createCertificateFromCsr(ca, 42), isValidationError(/expected a PEM text/));
  });
});
