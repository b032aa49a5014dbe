import { createPrivateKey, type KeyObject, X509Certificate as NodeX509Certificate, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { domainToASCII } from 'node:url';
import {
  type CertificateAuthority,
  commonNameOnly,
  createCertificateAuthority,
  DAY_MS,
  generateKeys,
  loadSigner,
  type Signer,
  signLeafCertificate,
  toPem,
  wholeSeconds,
} from './authority.js';
import { certificateId } from './certificate-id.js';
import { errorMessage } from './errors.js';
import { x509 } from './x509.js';

export interface Pki {
  ca: CertificateAuthority & { certificatePath: string; privateKeyPath: string; certificateId: string };
  server: { certificatePem: string; privateKeyPem: string; certificatePath: string; privateKeyPath: string };
  /** which parts were created by this call (false = loaded from disk) */
  created: { ca: boolean; server: boolean };
}

const PKI_FILES = {
  caCertificate: 'ca.crt',
  caKey: 'ca.key',
  serverCertificate: 'server.crt',
  serverKey: 'server.key',
};
const SERVER_VALIDITY_DAYS = 825;
const KEY_MODE = 0o600;
const CERTIFICATE_MODE = 0o644;

interface SanEntry {
  type: 'dns' | 'ip';
  /** DNS: lowercase ASCII (punycode); IP: canonical text (IPv4 dotted, IPv6 eight uncompressed hex groups) */
  value: string;
}

const DEFAULT_SANS: SanEntry[] = [
  { type: 'dns', value: 'localhost' },
  { type: 'ip', value: '127.0.0.1' },
  { type: 'ip', value: canonicalIPv6('::1') },
];

/**
 * First call in an empty `dir` (created recursively) creates a root CA (EC P-256, CN "Meridian IoT Root CA",
 * 10 years, basicConstraints CA:true critical, keyUsage keyCertSign+cRLSign, SKI) and a server certificate signed by
 * it (EC P-256, 825 days but never past the CA, CN = first host name or "localhost", SAN DNS:localhost + IP:127.0.0.1
 * + IP:::1 + every extra host name (net.isIP → IP SAN, else DNS SAN; IDNs as punycode), EKU serverAuth, keyUsage
 * digitalSignature+keyEncipherment), written as PEM files ca.crt, ca.key, server.crt, server.key (keys 0600,
 * certificates 0644; each written to a temporary file, chmod-ed, then renamed into place).
 *
 * Later calls reuse the files. The server certificate is re-issued (created.server = true) when either server file
 * is missing, or the certificate lacks a requested name, is not valid now, was not issued and signed by the CA, or
 * does not match server.key. The CA is never replaced once either of its files exists.
 *
 * Throws an Error naming the file for an unreadable or corrupt file, a ca.crt that is not a CA or not valid now
 * (expired), a ca.key that does not match ca.crt, or only one of ca.crt / ca.key present. Invalid host names throw
 * a TypeError.
 */
export async function loadOrCreatePki(options: { dir: string; hostNames?: string[] }): Promise<Pki> {
  const dir = resolve(options.dir);
  const hostNames = (options.hostNames ?? []).map(normalizeHostName);
  const commonName = hostNames[0]?.commonName ?? 'localhost';
  const sans = dedupe([...DEFAULT_SANS, ...hostNames.map((host) => host.san)]);

  await mkdir(dir, { recursive: true });
  const caCertificatePath = join(dir, PKI_FILES.caCertificate);
  const caKeyPath = join(dir, PKI_FILES.caKey);
  const serverCertificatePath = join(dir, PKI_FILES.serverCertificate);
  const serverKeyPath = join(dir, PKI_FILES.serverKey);

  // Read and parse everything first: a corrupt file fails the call before anything is written.
  const caCertificateFile = await readCertificateFile(caCertificatePath);
  const caKeyFile = await readPrivateKeyFile(caKeyPath);
  const serverCertificateFile = await readCertificateFile(serverCertificatePath);
  const serverKeyFile = await readPrivateKeyFile(serverKeyPath);

  // CA: load both files or create both. Half a CA is an error: never overwrite a CA key or certificate.
  let ca: CertificateAuthority;
  let caCreated = false;
  if (caCertificateFile && caKeyFile) {
    if (!caCertificateFile.certificate.ca) {
      throw new Error(`${caCertificatePath} is not a CA certificate (basicConstraints CA:true missing)`);
    }
    if (!caCertificateFile.certificate.checkPrivateKey(caKeyFile.key)) {
      throw new Error(`${caKeyPath} does not hold the private key of the CA certificate ${caCertificatePath}`);
    }
    const { validFrom, validTo } = caCertificateFile.certificate;
    if (!isValidNow(caCertificateFile.certificate)) {
      throw new Error(
        `${caCertificatePath} is not valid now (valid from ${validFrom} to ${validTo}); to start over, remove ` +
          `ca.crt and ca.key from ${dir} (every device certificate must then be re-issued)`,
      );
    }
    ca = { certificatePem: caCertificateFile.pem, privateKeyPem: caKeyFile.pem };
  } else if (!caCertificateFile && !caKeyFile) {
    ca = await createCertificateAuthority();
    await writeFileAtomic(caKeyPath, ca.privateKeyPem, KEY_MODE);
    await writeFileAtomic(caCertificatePath, ca.certificatePem, CERTIFICATE_MODE);
    caCreated = true;
  } else {
    const [missing, present] = caCertificateFile ? [caKeyPath, caCertificatePath] : [caCertificatePath, caKeyPath];
    throw new Error(
      `CA is incomplete: ${missing} is missing but ${present} exists (restore it, or remove both to create a new CA)`,
    );
  }
  const signer = await loadSigner(ca);

  // Server certificate: reuse it when both files exist, it is valid now, was issued and signed by this CA,
  // matches its key and covers every requested name; otherwise issue a new key + certificate.
  let server: { certificatePem: string; privateKeyPem: string };
  let serverCreated = false;
  if (
    !caCreated &&
    serverCertificateFile &&
    serverKeyFile &&
    isUsableServerCertificate(serverCertificateFile.certificate, serverKeyFile.key, signer.nodeCertificate, sans)
  ) {
    server = { certificatePem: serverCertificateFile.pem, privateKeyPem: serverKeyFile.pem };
  } else {
    server = await issueServerCertificate(signer, commonName, sans);
    await writeFileAtomic(serverKeyPath, server.privateKeyPem, KEY_MODE);
    await writeFileAtomic(serverCertificatePath, server.certificatePem, CERTIFICATE_MODE);
    serverCreated = true;
  }

  return {
    ca: {
      ...ca,
      certificatePath: caCertificatePath,
      privateKeyPath: caKeyPath,
      certificateId: certificateId(ca.certificatePem),
    },
    server: { ...server, certificatePath: serverCertificatePath, privateKeyPath: serverKeyPath },
    created: { ca: caCreated, server: serverCreated },
  };
}

function isUsableServerCertificate(
  certificate: NodeX509Certificate,
  key: KeyObject,
  caCertificate: NodeX509Certificate,
  sans: readonly SanEntry[],
): boolean {
  if (!isValidNow(certificate)) return false;
  if (!certificate.checkIssued(caCertificate) || !certificate.verify(caCertificate.publicKey)) return false;
  if (!certificate.checkPrivateKey(key)) return false;
  const present = new Set(certificateSans(certificate).map(sanKey));
  return sans.every((san) => present.has(sanKey(san)));
}

function isValidNow(certificate: NodeX509Certificate): boolean {
  const now = Date.now();
  return Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
}

/** DNS and IP entries of a certificate's subjectAltName, canonicalised like requested names. */
function certificateSans(certificate: NodeX509Certificate): SanEntry[] {
  const extension = new x509.X509Certificate(certificate.raw).getExtension(x509.SubjectAlternativeNameExtension);
  const entries: SanEntry[] = [];
  for (const name of extension?.names.items ?? []) {
    if (name.type === 'dns') entries.push({ type: 'dns', value: name.value.toLowerCase() });
    else if (name.type === 'ip') {
      const version = isIP(name.value);
      if (version === 4) entries.push({ type: 'ip', value: name.value });
      else if (version === 6) entries.push({ type: 'ip', value: canonicalIPv6(name.value) });
    }
  }
  return entries;
}

async function issueServerCertificate(
  signer: Signer,
  commonName: string,
  sans: readonly SanEntry[],
): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await generateKeys('ec-p256');
  const now = Date.now();
  // Never outlive the CA: a server certificate valid after its issuer expired is useless anyway.
  const notAfter = Math.min(now + SERVER_VALIDITY_DAYS * DAY_MS, signer.certificate.notAfter.getTime());
  const certificate = await signLeafCertificate(signer, {
    subject: commonNameOnly(commonName),
    spki: keys.spki,
    notBefore: wholeSeconds(now - 60_000),
    notAfter: wholeSeconds(notAfter),
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(sans.map((san) => ({ type: san.type, value: san.value }))),
    ],
  });
  return { certificatePem: toPem(certificate), privateKeyPem: keys.privateKeyPem };
}

/** A requested host name → SAN entry (IP if net.isIP says so, else DNS) plus the text to use as CN. */
function normalizeHostName(raw: string): { commonName: string; san: SanEntry } {
  if (typeof raw !== 'string') throw new TypeError(`host name must be a string, got ${typeof raw}`);
  let name = raw.trim();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  const version = isIP(name);
  if (version === 4) return { commonName: name, san: { type: 'ip', value: name } };
  if (version === 6) return { commonName: name.replace(/%.*$/, ''), san: { type: 'ip', value: canonicalIPv6(name) } };
  const ascii = domainToASCII(name.endsWith('.') ? name.slice(0, -1) : name);
  if (ascii === '') throw new TypeError(`invalid host name ${JSON.stringify(raw)}`);
  // The WHATWG host parser turns IPv4 shorthands ("127.1") into dotted addresses.
  if (isIP(ascii) === 4) return { commonName: ascii, san: { type: 'ip', value: ascii } };
  return { commonName: ascii, san: { type: 'dns', value: ascii } };
}

/** IPv6 text (net.isIP(text) === 6) → eight lowercase hex groups without leading zeros; zone id dropped. */
function canonicalIPv6(text: string): string {
  let address = text.toLowerCase();
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  // Embedded IPv4 tail ("::ffff:192.0.2.1") → two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    address = `${address.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16)).join(':');
}

function sanKey(san: SanEntry): string {
  return `${san.type}:${san.value}`;
}

function dedupe(sans: readonly SanEntry[]): SanEntry[] {
  const unique = new Map<string, SanEntry>();
  for (const san of sans) if (!unique.has(sanKey(san))) unique.set(sanKey(san), san);
  return [...unique.values()];
}

/** File contents, or undefined when the file does not exist; any other failure names the file. */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  }
}

async function readCertificateFile(
  path: string,
): Promise<{ pem: string; certificate: NodeX509Certificate } | undefined> {
  const pem = await readOptional(path);
  if (pem === undefined) return undefined;
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate found');
    return { pem, certificate: new NodeX509Certificate(pem) };
  } catch (error) {
    throw new Error(`${path} is not a valid PEM certificate: ${errorMessage(error)}`, { cause: error });
  }
}

async function readPrivateKeyFile(path: string): Promise<{ pem: string; key: KeyObject } | undefined> {
  const pem = await readOptional(path);
  if (pem === undefined) return undefined;
  try {
    return { pem, key: createPrivateKey(pem) };
  } catch (error) {
    throw new Error(`${path} is not a valid PEM private key: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * Writes via a temporary file + rename, so a crash never leaves a half-written file. The mode is given to writeFile
 * and set again with chmod (writeFile's mode is filtered by the umask, and only applies to newly created files).
 */
async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { mode, flag: 'wx' });
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw new Error(`cannot write ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
