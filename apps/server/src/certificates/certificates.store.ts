import type { CertificateStatus, CertificateSummary } from '@meridian/contracts';
import type { Db } from '../db/database.js';

export interface StoredCertificate extends CertificateSummary {
  certificatePem: string;
  serialNumber: string;
  notBefore: string;
}

interface CertificateRow {
  certificate_id: string;
  device_name: string;
  status: CertificateStatus;
  certificate_pem: string;
  serial_number: string;
  not_before: string;
  not_after: string;
  created_at: string;
}

const toSummary = (row: CertificateRow): CertificateSummary => ({
  certificateId: row.certificate_id,
  deviceName: row.device_name,
  status: row.status,
  createdAt: row.created_at,
  notAfter: row.not_after,
});

export class CertificatesStore {
  constructor(private readonly db: Db) {}

  insert(certificate: StoredCertificate): void {
    this.db
      .prepare(
        `INSERT INTO certificates
          (certificate_id, device_name, status, certificate_pem, serial_number, not_before, not_after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        certificate.certificateId,
        certificate.deviceName,
        certificate.status,
        certificate.certificatePem,
        certificate.serialNumber,
        certificate.notBefore,
        certificate.notAfter,
        certificate.createdAt,
      );
  }

  status(certificateId: string): CertificateStatus | undefined {
    const row = this.db.prepare('SELECT status FROM certificates WHERE certificate_id = ?').get(certificateId) as
      | { status: CertificateStatus }
      | undefined;
    return row?.status;
  }

  list(): CertificateSummary[] {
    const rows = this.db.prepare('SELECT * FROM certificates ORDER BY created_at DESC').all() as CertificateRow[];
    return rows.map(toSummary);
  }
}
