import { createPublicKey, type KeyObject } from 'node:crypto';
import { DomainError } from '@meridian/contracts';
import { type CertificateAuthority, commonNameOnly, loadSigner } from './authority.js';
import {
  DEFAULT_CERTIFICATE_COMMON_NAME,
  type SignedCertificate,
  signClientCertificate,
} from './keys-and-certificate.js';
import { x509, x509Crypto } from './x509.js';

/** AWS IoT's limit for `certificateSigningRequest`. */
export const MAX_CSR_LENGTH = 4096;

const PEM_CSR = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([\s\S]*?)-----END (NEW )?CERTIFICATE REQUEST-----/;
const ACCEPTED_CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};
const MIN_RSA_BITS = 2048;
const SUBJECT_ALT_NAME_OID = '2.5.29.17';

function invalidCsr(reason: string): DomainError {
  return new DomainError('CertificateValidationException', `certificateSigningRequest is not acceptable: ${reason}`);
}

/**
 * CreateCertificateFromCsr: checks the CSR (PEM ≤ 4096 characters; RSA ≥ 2048 bits or EC P-256/P-384/P-521;
 * its self-signature) and signs a clientAuth certificate for its key with the platform CA. The subject and
 * subjectAltName of the CSR are kept (an empty subject becomes `CN=Meridian IoT Certificate`). Each call gets a new
 * random serial, so the same CSR twice yields two distinct certificates.
 */
export async function createCertificateFromCsr(
  ca: CertificateAuthority,
  certificateSigningRequest: unknown,
): Promise<SignedCertificate> {
  const csr = parseCsr(certificateSigningRequest);
  const spki = Buffer.from(csr.publicKey.rawData);
  const keyKind = checkCsrKey(createPublicKey({ key: spki, format: 'der', type: 'spki' }));
  let signatureValid: boolean;
  try {
    signatureValid = await csr.verify(x509Crypto);
  } catch {
    throw invalidCsr('its signature algorithm is not supported');
  }
  if (!signatureValid) throw invalidCsr('its signature does not match its public key');

  const subject =
    csr.subjectName.toJSON().length > 0 ? csr.subjectName : commonNameOnly(DEFAULT_CERTIFICATE_COMMON_NAME);
  const alternativeNames = csr.extensions.filter((extension) => extension.type === SUBJECT_ALT_NAME_OID);
  return signClientCertificate(await loadSigner(ca), { subject, spki, keyKind, extensions: alternativeNames });
}

function parseCsr(pem: unknown): x509.Pkcs10CertificateRequest {
  if (typeof pem !== 'string' || pem.trim() === '') throw invalidCsr('expected a PEM text');
  if (pem.length > MAX_CSR_LENGTH) throw invalidCsr(`longer than ${MAX_CSR_LENGTH} characters`);
  const match = PEM_CSR.exec(pem);
  if (!match) throw invalidCsr('no "-----BEGIN CERTIFICATE REQUEST-----" block found');
  try {
    return new x509.Pkcs10CertificateRequest(Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64'));
  } catch {
    throw invalidCsr('the PKCS#10 encoding cannot be decoded');
  }
}

function checkCsrKey(key: KeyObject): 'rsa' | 'ec' {
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw invalidCsr(`RSA keys need at least ${MIN_RSA_BITS} bits, this one has ${bits}`);
    return 'rsa';
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    if (!ACCEPTED_CURVES[curve]) throw invalidCsr(`EC curve ${curve} is not one of P-256, P-384, P-521`);
    return 'ec';
  }
  throw invalidCsr(`${key.asymmetricKeyType ?? 'unknown'} keys are not accepted (use RSA ≥ 2048 or EC P-256/384/521)`);
}
