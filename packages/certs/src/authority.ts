import {
  createPrivateKey,
  generateKeyPair,
  type KeyObject,
  X509Certificate as NodeX509Certificate,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import { errorMessage } from './errors.js';
import { x509, x509Crypto } from './x509.js';

/** A certificate authority as PEM text: its certificate and its private key. */
export interface CertificateAuthority {
  certificatePem: string;
  privateKeyPem: string;
}

export type KeyType = 'ec-p256' | 'rsa-2048';

export const DAY_MS = 86_400_000;
export const DEFAULT_CA_COMMON_NAME = 'Meridian IoT Root CA';

/** A freshly generated key pair in the encodings the certificate code needs. */
export interface GeneratedKeyPair {
  privateKey: KeyObject;
  /** PKCS#8 PEM */
  privateKeyPem: string;
  /** SPKI PEM */
  publicKeyPem: string;
  /** SPKI DER */
  spki: Buffer;
}

export async function generateKeys(type: KeyType): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>(
    (resolve, reject) => {
      const done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
        error ? reject(error) : resolve({ publicKey, privateKey });
      if (type === 'rsa-2048') generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, done);
      else generateKeyPair('ec', { namedCurve: 'P-256' }, done);
    },
  );
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    spki: publicKey.export({ type: 'spki', format: 'der' }),
  };
}

/** WebCrypto import + signature parameters for a private key (EC P-256/384/521 or RSA PKCS#1 v1.5). */
function signatureAlgorithmFor(key: KeyObject): {
  importParams: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  hash: string;
} {
  if (key.asymmetricKeyType === 'ec') {
    switch (key.asymmetricKeyDetails?.namedCurve) {
      case 'prime256v1':
        return { importParams: { name: 'ECDSA', namedCurve: 'P-256' }, hash: 'SHA-256' };
      case 'secp384r1':
        return { importParams: { name: 'ECDSA', namedCurve: 'P-384' }, hash: 'SHA-384' };
      case 'secp521r1':
        return { importParams: { name: 'ECDSA', namedCurve: 'P-521' }, hash: 'SHA-512' };
      default:
        throw new Error(`unsupported EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '(unknown)'}`);
    }
  }
  if (key.asymmetricKeyType === 'rsa') {
    return { importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, hash: 'SHA-256' };
  }
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '(unknown)'}`);
}

async function toSigningKey(
  key: KeyObject,
): Promise<{ signingKey: webcrypto.CryptoKey; signingAlgorithm: webcrypto.Algorithm }> {
  const { importParams, hash } = signatureAlgorithmFor(key);
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, importParams, false, ['sign']);
  return { signingKey, signingAlgorithm: { name: importParams.name, hash } as webcrypto.Algorithm };
}

/** A parsed CA ready to sign certificates. */
export interface Signer {
  certificate: x509.X509Certificate;
  nodeCertificate: NodeX509Certificate;
  signingKey: webcrypto.CryptoKey;
  signingAlgorithm: webcrypto.Algorithm;
  /** hex key identifier of the CA (its SKI, or one computed from its public key) */
  keyIdentifier: string;
}

/** Parses and checks a CA (valid certificate, CA:true, key matches). Errors say which part is wrong. */
export async function loadSigner(ca: CertificateAuthority): Promise<Signer> {
  let nodeCertificate: NodeX509Certificate;
  try {
    nodeCertificate = new NodeX509Certificate(ca.certificatePem);
  } catch (error) {
    throw new Error(`CA certificate is not a valid X.509 certificate: ${errorMessage(error)}`, { cause: error });
  }
  if (!nodeCertificate.ca) throw new Error('CA certificate is not a CA certificate (basicConstraints CA:true missing)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(ca.privateKeyPem);
  } catch (error) {
    throw new Error(`CA private key is not a valid private key: ${errorMessage(error)}`, { cause: error });
  }
  if (!nodeCertificate.checkPrivateKey(privateKey)) {
    throw new Error('CA private key does not match the CA certificate');
  }
  const { signingKey, signingAlgorithm } = await toSigningKey(privateKey);
  const certificate = new x509.X509Certificate(nodeCertificate.raw);
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyIdentifier =
    ski?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey, false, x509Crypto)).keyId;
  return { certificate, nodeCertificate, signingKey, signingAlgorithm, keyIdentifier };
}

/** Random positive 16-byte serial number as hex (top bit clear, first byte non-zero: exactly 16 bytes in DER). */
export function randomSerialNumber(): string {
  const serial = randomBytes(16);
  serial.writeUInt8(serial.readUInt8(0) & 0x7f || 0x01, 0);
  return serial.toString('hex');
}

/** `time` (ms since the epoch) rounded down to whole seconds: X.509 times have second precision. */
export function wholeSeconds(time: number): Date {
  return new Date(Math.floor(time / 1000) * 1000);
}

export function checkValidityDays(validityDays: number | undefined, name = 'validityDays'): void {
  if (validityDays !== undefined && !(Number.isFinite(validityDays) && validityDays > 0)) {
    throw new RangeError(`${name} must be a positive number, got ${String(validityDays)}`);
  }
}

/** Subject `CN=<commonName>` as a UTF8String, taken literally (the library's string forms parse escapes / `#hex`). */
export function commonNameOnly(commonName: string): x509.Name {
  return new x509.Name([{ CN: [{ utf8String: commonName }] }]);
}

export function toPem(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`;
}

/** Creates a self-signed root CA: EC P-256, CA:true (critical), keyCertSign + cRLSign, SKI. Default 10 years. */
export async function createCertificateAuthority(
  options: { commonName?: string; validityDays?: number } = {},
): Promise<CertificateAuthority> {
  const commonName = options.commonName ?? DEFAULT_CA_COMMON_NAME;
  if (typeof commonName !== 'string' || commonName.trim() === '') throw new TypeError('commonName must not be empty');
  checkValidityDays(options.validityDays);
  const now = Date.now();
  const notBefore = wholeSeconds(now - 60_000);
  let notAfter: Date;
  if (options.validityDays === undefined) {
    notAfter = wholeSeconds(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  } else {
    notAfter = wholeSeconds(now + options.validityDays * DAY_MS);
  }
  const keys = await generateKeys('ec-p256');
  const { signingKey, signingAlgorithm } = await toSigningKey(keys.privateKey);
  const name = commonNameOnly(commonName);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: name,
      issuer: name,
      notBefore,
      notAfter,
      publicKey: keys.spki,
      signingKey,
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.spki, false, x509Crypto),
      ],
    },
    x509Crypto,
  );
  return { certificatePem: toPem(certificate), privateKeyPem: keys.privateKeyPem };
}

/** Signs an end-entity certificate (CA:false, AKI = CA key id, SKI, random serial) for `spki` with the CA. */
export async function signLeafCertificate(
  signer: Signer,
  params: { subject: x509.Name; spki: Buffer; notBefore: Date; notAfter: Date; extensions: x509.Extension[] },
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: params.subject,
      issuer: signer.certificate.subjectName,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      publicKey: params.spki,
      signingKey: signer.signingKey,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        ...params.extensions,
        await x509.SubjectKeyIdentifierExtension.create(params.spki, false, x509Crypto),
        new x509.AuthorityKeyIdentifierExtension(signer.keyIdentifier, false),
      ],
    },
    x509Crypto,
  );
}
