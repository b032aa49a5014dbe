import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { DomainError } from '@meridian/contracts';
import {
  type CertificateAuthority,
  createCertificateAuthority,
  type IssuedCertificate,
  isIssuedBy,
  issueDeviceCertificate,
  isValidAt,
  parseCertificateDer,
  parseCertificatePem,
} from './index.js';

const rejectsWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof DomainError && error.type === 'CertificateValidationException' && pattern.test(error.message);

describe(parseCertificatePem.name, () => {
  let ca: CertificateAuthority;
  let device: IssuedCertificate;
  before(async () => {
    ca = await createCertificateAuthority();
    device = await issueDeviceCertificate(ca, { commonName: 'parsed' });
  });

  it('parses one PEM certificate, with CRLF line ends and surrounding text, into its id and canonical PEM', () => {
    const messy = `Bag Attributes\r\n${device.certificatePem.replace(/\n/g, '\r\n')}\r\ntrailing`;
    const parsed = parseCertificatePem(messy);
    assert.equal(parsed.certificateId, device.certificateId);
    assert.equal(parsed.pem, device.certificatePem);
    assert.equal(parseCertificateDer(parsed.der).certificateId, device.certificateId);
  });

  it('refuses anything but exactly one certificate, naming the field', () => {
    assert.throws(
      () => parseCertificatePem(''),
      rejectsWith(/^certificatePem is not a valid certificate: expected a PEM text/),
    );
    assert.throws(() => parseCertificatePem(null, 'caCertificate'), rejectsWith(/^caCertificate is not/));
    assert.throws(() => parseCertificatePem('hello'), rejectsWith(/no "-----BEGIN CERTIFICATE-----" block found/));
    assert.throws(
      () => parseCertificatePem(device.certificatePem + ca.certificatePem),
      rejectsWith(/expected one certificate, found 2/),
    );
    assert.throws(
      () => parseCertificatePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      rejectsWith(/DER encoding cannot be decoded/),
    );
    assert.throws(() => parseCertificatePem('x'.repeat(70_000)), rejectsWith(/longer than 65536 characters/));
    assert.throws(() => parseCertificateDer(Buffer.from('junk')), rejectsWith(/cannot be decoded/));
  });

  it('isIssuedBy: true for the signing CA only, even when another CA has the same name', async () => {
    const sameName = await createCertificateAuthority();
    assert.equal(new X509Certificate(sameName.certificatePem).subject, new X509Certificate(ca.certificatePem).subject);
    const parsed = parseCertificatePem(device.certificatePem);
    assert.equal(isIssuedBy(parsed, parseCertificatePem(ca.certificatePem)), true);
    assert.equal(isIssuedBy(parsed, parseCertificatePem(sameName.certificatePem)), false);
    assert.equal(isIssuedBy(parseCertificatePem(ca.certificatePem), parsed), false);
  });

  it('isValidAt follows notBefore and notAfter', () => {
    const parsed = parseCertificatePem(device.certificatePem);
    assert.equal(isValidAt(parsed, new Date()), true);
    assert.equal(isValidAt(parsed, new Date(device.notBefore.getTime() - 1000)), false);
    assert.equal(isValidAt(parsed, new Date(device.notAfter.getTime() + 1000)), false);
  });
});
