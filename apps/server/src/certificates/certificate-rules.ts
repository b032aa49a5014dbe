import { randomUUID } from 'node:crypto';
import { certificateFacts, type ParsedCertificate } from '@meridian/certs';
import { type CertificateStatus, DomainError } from '@meridian/contracts';
import type { CertificateMode, CertificateRecord } from './certificates.store.js';

const CERTIFICATE_ID = /^[0-9a-fA-F]{64}$/;
const STATUSES: readonly CertificateStatus[] = [
  'ACTIVE',
  'INACTIVE',
  'REVOKED',
  'PENDING_ACTIVATION',
  'PENDING_TRANSFER',
  'REGISTER_INACTIVE',
];
/** Statuses a caller may set; PENDING_* are set only by the platform (transfer, auto-registration). */
const SETTABLE: readonly CertificateStatus[] = ['ACTIVE', 'INACTIVE', 'REVOKED', 'REGISTER_INACTIVE'];

/** A certificate id from a request: 64 hex characters, returned lowercase. */
export function checkCertificateId(value: unknown, field = 'certificateId'): string {
  if (typeof value !== 'string' || !CERTIFICATE_ID.test(value)) {
    throw new DomainError('InvalidRequestException', `${field} must be 64 hexadecimal characters`);
  }
  return value.toLowerCase();
}

/** A status a caller asks for: ACTIVE, INACTIVE, REVOKED or (deprecated) REGISTER_INACTIVE. */
export function checkSettableStatus(value: unknown, field: string): CertificateStatus {
  if (!STATUSES.includes(value as CertificateStatus)) {
    throw new DomainError('InvalidRequestException', `${field} must be one of ${SETTABLE.join(', ')}`);
  }
  if (!SETTABLE.includes(value as CertificateStatus)) {
    throw new DomainError('InvalidRequestException', `${field} ${String(value)} cannot be set by a request`);
  }
  return value as CertificateStatus;
}

/** `status` if given, else ACTIVE or INACTIVE after the (deprecated) `setAsActive` flag. */
export function initialStatus(status: unknown, setAsActive: boolean | undefined): CertificateStatus {
  if (status !== undefined && status !== null) return checkSettableStatus(status, 'status');
  return setAsActive === true ? 'ACTIVE' : 'INACTIVE';
}

export const newGenerationId = (): string => randomUUID();

export const epochSeconds = (date: Date): number => date.getTime() / 1000;

/** A new certificate record from a parsed certificate. */
export function newCertificateRecord(
  certificate: ParsedCertificate,
  fields: {
    status: CertificateStatus;
    caCertificateId: string | null;
    certificateMode: CertificateMode;
    deviceName?: string;
  },
  now: Date,
): CertificateRecord {
  const facts = certificateFacts(certificate);
  return {
    certificateId: certificate.certificateId,
    status: fields.status,
    certificatePem: certificate.pem,
    caCertificateId: fields.caCertificateId,
    certificateMode: fields.certificateMode,
    deviceName: fields.deviceName ?? null,
    commonName: facts.subject.CommonName?.[0] ?? null,
    serialNumber: facts.serialNumber,
    notBefore: facts.validity.notBefore,
    notAfter: facts.validity.notAfter,
    createdAt: now,
    lastModifiedAt: now,
    customerVersion: 1,
    generationId: newGenerationId(),
  };
}
