/**
 * @meridian/certs — the platform's PKI: a root CA and the server certificate on disk (`loadOrCreatePki`), device
 * client certificates (`issueDeviceCertificate`) and AWS IoT certificate ids (`certificateId`).
 */
export { type CertificateAuthority, createCertificateAuthority } from './authority.js';
export { certificateId } from './certificate-id.js';
export { type DeviceKeyType, type IssuedCertificate, issueDeviceCertificate } from './device.js';
export { loadOrCreatePki, type Pki } from './pki.js';
