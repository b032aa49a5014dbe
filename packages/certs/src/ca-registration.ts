import { randomBytes } from 'node:crypto';
import { DomainError } from '@meridian/contracts';
import { isIssuedBy, isValidAt, type ParsedCertificate, parseCertificatePem } from './parse-certificate.js';

/** A new registration code: 64 lowercase hex characters, like AWS IoT's GetRegistrationCode. */
export function generateRegistrationCode(): string {
  return randomBytes(32).toString('hex');
}

/** Parses a CA certificate offered for registration: it must be a CA (basicConstraints CA:true) valid at `now`. */
export function parseCaCertificate(caCertificatePem: unknown, now: Date, field = 'caCertificate'): ParsedCertificate {
  const ca = parseCertificatePem(caCertificatePem, field);
  if (!ca.node.ca) {
    throw new DomainError(
      'CertificateValidationException',
      `${field} is not a CA certificate (basicConstraints CA:true is missing)`,
    );
  }
  if (!isValidAt(ca, now)) {
    throw new DomainError(
      'CertificateValidationException',
      `${field} is not valid now (valid from ${ca.x509.notBefore.toISOString()} to ${ca.x509.notAfter.toISOString()})`,
    );
  }
  return ca;
}

/**
 * Proof that whoever registers `ca` holds its private key: a verification certificate whose subject common name
 * is the registration code and that `ca` signed. Throws CertificateValidationException saying what is wrong.
 */
export function checkVerificationCertificate(
  ca: ParsedCertificate,
  verificationCertificatePem: unknown,
  registrationCode: string,
): ParsedCertificate {
  const verification = parseCertificatePem(verificationCertificatePem, 'verificationCertificate');
  const commonNames = verification.x509.subjectName.getField('2.5.4.3');
  if (commonNames.length !== 1 || commonNames[0] !== registrationCode) {
    throw new DomainError(
      'CertificateValidationException',
      'verificationCertificate must have the registration code as its subject common name (CN)',
    );
  }
  if (!isIssuedBy(verification, ca)) {
    throw new DomainError(
      'CertificateValidationException',
      'verificationCertificate is not signed by the CA certificate being registered',
    );
  }
  return verification;
}
