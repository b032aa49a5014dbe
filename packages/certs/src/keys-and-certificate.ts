import {
  type CertificateAuthority,
  commonNameOnly,
  generateKeys,
  type KeyType,
  loadSigner,
  type Signer,
  signLeafCertificate,
  toPem,
  wholeSeconds,
} from './authority.js';
import { certificateId } from './certificate-id.js';
import { clientAuthExtensions } from './device.js';
import type { x509 } from './x509.js';

/** AWS IoT issues its certificates until the end of 2049. */
export const AWS_CERTIFICATE_NOT_AFTER = new Date('2049-12-31T23:59:59Z');
export const DEFAULT_CERTIFICATE_COMMON_NAME = 'Meridian IoT Certificate';

/** A certificate the platform CA signed, as CreateKeysAndCertificate / CreateCertificateFromCsr return it. */
export interface SignedCertificate {
  certificateId: string;
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
  /** lowercase hex */
  serialNumber: string;
}

export interface KeysAndCertificate extends SignedCertificate {
  /** PEM texts under AWS's member names: SPKI public key; PKCS#1 (RSA) or SEC1 (EC) private key, as AWS returns them. */
  keyPair: { PublicKey: string; PrivateKey: string };
}

/**
 * CreateKeysAndCertificate: a new key pair (RSA 2048 by default, as AWS; or EC P-256) and a client certificate
 * for it signed by the platform CA, valid from a minute ago until AWS's 2049-12-31T23:59:59Z (or the CA's own end,
 * whichever comes first: a certificate outliving its issuer cannot be verified).
 */
export async function createKeysAndCertificate(
  ca: CertificateAuthority,
  options: { keyType?: KeyType; commonName?: string } = {},
): Promise<KeysAndCertificate> {
  const { keyType = 'rsa-2048', commonName = DEFAULT_CERTIFICATE_COMMON_NAME } = options;
  const signer = await loadSigner(ca);
  const keys = await generateKeys(keyType);
  const signed = await signClientCertificate(signer, {
    subject: commonNameOnly(commonName),
    spki: keys.spki,
    keyKind: keyType === 'rsa-2048' ? 'rsa' : 'ec',
    extensions: [],
  });
  const privateKeyPem = keys.privateKey
    .export({ type: keyType === 'rsa-2048' ? 'pkcs1' : 'sec1', format: 'pem' })
    .toString();
  return { ...signed, keyPair: { PublicKey: keys.publicKeyPem, PrivateKey: privateKeyPem } };
}

/** Signs a clientAuth certificate for `spki`, valid until AWS's end date capped at the CA's. */
export async function signClientCertificate(
  signer: Signer,
  params: { subject: x509.Name; spki: Buffer; keyKind: 'rsa' | 'ec'; extensions: x509.Extension[] },
): Promise<SignedCertificate> {
  const now = Date.now();
  const notAfter = Math.min(AWS_CERTIFICATE_NOT_AFTER.getTime(), signer.certificate.notAfter.getTime());
  const certificate = await signLeafCertificate(signer, {
    subject: params.subject,
    spki: params.spki,
    notBefore: wholeSeconds(now - 60_000),
    notAfter: wholeSeconds(notAfter),
    extensions: [...clientAuthExtensions(params.keyKind), ...params.extensions],
  });
  const certificatePem = toPem(certificate);
  return {
    certificateId: certificateId(certificatePem),
    certificatePem,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    serialNumber: certificate.serialNumber.toLowerCase(),
  };
}
