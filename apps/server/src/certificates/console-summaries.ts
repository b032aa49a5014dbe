import type { CaCertificateSummary, CertificateSummary } from '@meridian/contracts';
import type { CaCertificateRecord } from './ca-certificates.store.js';
import type { CertificateRecord } from './certificates.store.js';

/** A certificate as the console lists it (ISO dates, optional fields only when set). */
export function toCertificateSummary(record: CertificateRecord): CertificateSummary {
  return {
    certificateId: record.certificateId,
    ...(record.deviceName === null ? {} : { deviceName: record.deviceName }),
    ...(record.commonName === null ? {} : { commonName: record.commonName }),
    status: record.status,
    ...(record.caCertificateId === null ? {} : { caCertificateId: record.caCertificateId }),
    createdAt: record.createdAt.toISOString(),
    notAfter: record.notAfter.toISOString(),
  };
}

export function toCaCertificateSummary(record: CaCertificateRecord): CaCertificateSummary {
  return {
    caCertificateId: record.caCertificateId,
    ...(record.commonName === null ? {} : { commonName: record.commonName }),
    status: record.status,
    autoRegistrationStatus: record.autoRegistrationStatus,
    createdAt: record.createdAt.toISOString(),
    notAfter: record.notAfter.toISOString(),
  };
}
