/**
 * @meridian/certs — the platform's PKI: a root CA and the server certificate on disk (`loadOrCreatePki`), device
 * client certificates (`issueDeviceCertificate`, `createKeysAndCertificate`, `createCertificateFromCsr`), CA
 * registration proof of possession, certificate parsing and facts, and AWS IoT certificate ids (`certificateId`).
 * Pure crypto: no storage. Refused input throws `DomainError('CertificateValidationException', …)`.
 */
export { type CertificateAuthority, createCertificateAuthority, type KeyType } from './authority.js';
export { checkVerificationCertificate, generateRegistrationCode, parseCaCertificate } from './ca-registration.js';
export {
  type AlternativeNameFacts,
  type AlternativeNameType,
  type CertificateFacts,
  certificateFacts,
  DISTINGUISHED_NAME_ATTRIBUTES,
  type DistinguishedNameAttribute,
  type DistinguishedNameFacts,
} from './certificate-facts.js';
export { createCertificateFromCsr, MAX_CSR_LENGTH } from './certificate-from-csr.js';
export { certificateId } from './certificate-id.js';
export { type DeviceKeyType, type IssuedCertificate, issueDeviceCertificate } from './device.js';
export {
  AWS_CERTIFICATE_NOT_AFTER,
  createKeysAndCertificate,
  type KeysAndCertificate,
  type SignedCertificate,
} from './keys-and-certificate.js';
export {
  isIssuedBy,
  isValidAt,
  MAX_CERTIFICATE_PEM_LENGTH,
  type ParsedCertificate,
  parseCertificateDer,
  parseCertificatePem,
} from './parse-certificate.js';
export { loadOrCreatePki, type Pki } from './pki.js';
