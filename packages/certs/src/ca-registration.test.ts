import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DomainError } from '@meridian/contracts';
import {
  type CertificateAuthority,
  checkVerificationCertificate,
  createCertificateAuthority,
  generateRegistrationCode,
  issueDeviceCertificate,
  parseCaCertificate,
} from './index.js';

const rejectsWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof DomainError && error.type === 'CertificateValidationException' && pattern.test(error.message);

describe('CA registration', () => {
  let ca: CertificateAuthority;
  let registrationCode: string;
  before(async () => {
    ca = await createCertificateAuthority({ commonName: 'Customer CA' });
    registrationCode = generateRegistrationCode();
  });

  it('registration codes are 64 random lowercase hex characters', () => {
    assert.match(registrationCode, /^[0-9a-f]{64}$/);
    assert.notEqual(generateRegistrationCode(), registrationCode);
  });

  it('accepts a verification certificate with the registration code as CN, signed by the CA', async () => {
    const parsed = parseCaCertificate(ca.certificatePem, new Date());
    const verification = await issueDeviceCertificate(ca, { commonName: registrationCode });
    const checked = checkVerificationCertificate(parsed, verification.certificatePem, registrationCode);
    assert.equal(checked.certificateId, verification.certificateId);
  });

  it('refuses a verification certificate whose CN is not the registration code', async () => {
    const parsed = parseCaCertificate(ca.certificatePem, new Date());
    const verification = await issueDeviceCertificate(ca, { commonName: generateRegistrationCode() });
    assert.throws(
      () => checkVerificationCertificate(parsed, verification.certificatePem, registrationCode),
      rejectsWith(/registration code as its subject common name/),
    );
  });

  it('refuses a verification certificate signed by another CA (no proof of possession)', async () => {
    const parsed = parseCaCertificate(ca.certificatePem, new Date());
    const impostor = await createCertificateAuthority({ commonName: 'Customer CA' });
    const verification = await issueDeviceCertificate(impostor, { commonName: registrationCode });
    assert.throws(
      () => checkVerificationCertificate(parsed, verification.certificatePem, registrationCode),
      rejectsWith(/not signed by the CA certificate being registered/),
    );
  });

  it('refuses a CA certificate that is not a CA, or not valid now', async () => {
    const leaf = await issueDeviceCertificate(ca, { commonName: 'leaf' });
    assert.throws(() => parseCaCertificate(leaf.certificatePem, new Date()), rejectsWith(/not a CA certificate/));
    const later = new Date(Date.now() + 11 * 365 * 86_400_000);
    assert.throws(() => parseCaCertificate(ca.certificatePem, later), rejectsWith(/is not valid now/));
  });

  it('refuses garbage as a CA or verification certificate, naming the field', () => {
    assert.throws(
      () => parseCaCertificate('nope', new Date()),
      rejectsWith(/^caCertificate is not a valid certificate/),
    );
    const parsed = parseCaCertificate(ca.certificatePem, new Date());
    assert.throws(
      () => checkVerificationCertificate(parsed, undefined, registrationCode),
      rejectsWith(/^verificationCertificate is not a valid certificate: expected a PEM text/),
    );
  });
});
