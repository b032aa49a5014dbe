import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { DomainError } from '@meridian/contracts';
import { certificateId } from './certificate-id.js';
import { x509 } from './x509.js';

/** AWS IoT's length limit for every certificate PEM field. */
export const MAX_CERTIFICATE_PEM_LENGTH = 65_536;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** One X.509 certificate, parsed by node:crypto and @peculiar/x509, with its AWS IoT id and canonical PEM. */
export interface ParsedCertificate {
  certificateId: string;
  /** re-encoded from the DER: `\n` line ends, one trailing newline */
  pem: string;
  der: Buffer;
  node: NodeX509Certificate;
  x509: x509.X509Certificate;
}

function invalid(field: string, reason: string): DomainError {
  return new DomainError('CertificateValidationException', `${field} is not a valid certificate: ${reason}`);
}

/**
 * Parses exactly one PEM certificate. Anything else (not a string, too long, no PEM block, several
 * certificates, undecodable DER) is a CertificateValidationException naming `field`.
 */
export function parseCertificatePem(pem: unknown, field = 'certificatePem'): ParsedCertificate {
  if (typeof pem !== 'string' || pem.trim() === '') throw invalid(field, 'expected a PEM text');
  if (pem.length > MAX_CERTIFICATE_PEM_LENGTH) {
    throw invalid(field, `longer than ${MAX_CERTIFICATE_PEM_LENGTH} characters`);
  }
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw invalid(field, 'no "-----BEGIN CERTIFICATE-----" block found');
  if (blocks.length > 1) throw invalid(field, `expected one certificate, found ${blocks.length}`);
  return parseCertificateDer(pemBody(blocks[0] as string), field);
}

/** Parses a DER certificate (e.g. the one a TLS peer presented). */
export function parseCertificateDer(der: Buffer, field = 'certificate'): ParsedCertificate {
  let node: NodeX509Certificate;
  let parsed: x509.X509Certificate;
  try {
    node = new NodeX509Certificate(der);
    parsed = new x509.X509Certificate(node.raw);
  } catch {
    throw invalid(field, 'the DER encoding cannot be decoded');
  }
  return { certificateId: certificateId(node.raw), pem: derToPem(node.raw), der: node.raw, node, x509: parsed };
}

function pemBody(block: string): Buffer {
  return Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** True when `now` lies within the certificate's validity period. */
export function isValidAt(certificate: ParsedCertificate, now: Date): boolean {
  return certificate.x509.notBefore.getTime() <= now.getTime() && now.getTime() <= certificate.x509.notAfter.getTime();
}

/** True when `certificate` names `issuer` as its issuer and carries a signature made with the issuer's key. */
export function isIssuedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return certificate.node.checkIssued(issuer.node) && certificate.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}
