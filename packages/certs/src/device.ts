import {
  type CertificateAuthority,
  checkValidityDays,
  commonNameOnly,
  DAY_MS,
  generateKeys,
  type KeyType,
  loadSigner,
  signLeafCertificate,
  toPem,
  wholeSeconds,
} from './authority.js';
import { certificateId } from './certificate-id.js';
import { x509 } from './x509.js';

export type DeviceKeyType = KeyType;

export interface IssuedCertificate {
  /** AWS IoT certificate id (SHA-256 of the DER, lowercase hex) */
  certificateId: string;
  certificatePem: string;
  /** PKCS#8 PEM */
  privateKeyPem: string;
  /** SPKI PEM */
  publicKeyPem: string;
  notBefore: Date;
  notAfter: Date;
  /** lowercase hex, as encoded in the certificate (16 bytes → 32 hex digits) */
  serialNumber: string;
}

const DEVICE_KEY_TYPES: readonly string[] = ['ec-p256', 'rsa-2048'] satisfies DeviceKeyType[];

/**
 * Generates a key pair and a client certificate signed by `ca`: subject CN=commonName, EKU clientAuth, keyUsage
 * digitalSignature (+keyEncipherment for RSA), CA:false, SKI, AKI = CA's key id, random positive 16-byte serial,
 * notBefore = now - 1 minute, notAfter = now + validityDays (default 365).
 */
export async function issueDeviceCertificate(
  ca: CertificateAuthority,
  options: { commonName: string; keyType?: DeviceKeyType; validityDays?: number },
): Promise<IssuedCertificate> {
  const { commonName, keyType = 'ec-p256', validityDays = 365 } = options;
  if (typeof commonName !== 'string' || commonName.trim() === '') throw new TypeError('commonName must not be empty');
  if (!DEVICE_KEY_TYPES.includes(keyType)) throw new TypeError(`unsupported keyType ${String(keyType)}`);
  checkValidityDays(validityDays);
  const signer = await loadSigner(ca);
  const keys = await generateKeys(keyType);
  const now = Date.now();
  const certificate = await signLeafCertificate(signer, {
    subject: commonNameOnly(commonName),
    spki: keys.spki,
    notBefore: wholeSeconds(now - 60_000),
    notAfter: wholeSeconds(now + validityDays * DAY_MS),
    extensions: clientAuthExtensions(keyType === 'rsa-2048' ? 'rsa' : 'ec'),
  });
  const certificatePem = toPem(certificate);
  return {
    certificateId: certificateId(certificatePem),
    certificatePem,
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    serialNumber: certificate.serialNumber.toLowerCase(),
  };
}

/** keyUsage digitalSignature (+keyEncipherment for RSA keys, critical) and EKU clientAuth. */
export function clientAuthExtensions(keyKind: 'rsa' | 'ec'): x509.Extension[] {
  const usages =
    keyKind === 'rsa'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
  return [
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
  ];
}
