import type { CertificateStatus } from '@meridian/contracts';
import type { Db } from '../db/database.js';
import type { PageCursor } from './paging.js';

export type CertificateMode = 'DEFAULT' | 'SNI_ONLY';

export interface CertificateRecord {
  certificateId: string;
  status: CertificateStatus;
  certificatePem: string;
  /** the registered CA that issued it; null for the platform CA's certificates and those registered without CA */
  caCertificateId: string | null;
  certificateMode: CertificateMode;
  /** set for certificates created in the console for a named device */
  deviceName: string | null;
  commonName: string | null;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
  lastModifiedAt: Date;
  /** AWS: starts at 1, +1 per change */
  customerVersion: number;
  /** AWS: a new random value per change */
  generationId: string;
}

interface CertificateRow {
  certificate_id: string;
  status: CertificateStatus;
  certificate_pem: string;
  ca_certificate_id: string | null;
  certificate_mode: CertificateMode;
  device_name: string | null;
  common_name: string | null;
  serial_number: string;
  not_before: number;
  not_after: number;
  created_at: number;
  last_modified_at: number;
  customer_version: number;
  generation_id: string;
}

const toRecord = (row: CertificateRow): CertificateRecord => ({
  certificateId: row.certificate_id,
  status: row.status,
  certificatePem: row.certificate_pem,
  caCertificateId: row.ca_certificate_id,
  certificateMode: row.certificate_mode,
  deviceName: row.device_name,
  commonName: row.common_name,
  serialNumber: row.serial_number,
  notBefore: new Date(row.not_before),
  notAfter: new Date(row.not_after),
  createdAt: new Date(row.created_at),
  lastModifiedAt: new Date(row.last_modified_at),
  customerVersion: row.customer_version,
  generationId: row.generation_id,
});

/** Device certificates in SQLite. Ordering for pages: creation time, then id. */
export class CertificatesStore {
  constructor(private readonly db: Db) {}

  /** Inserts; false when a certificate with this id exists already. */
  insert(certificate: CertificateRecord): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO certificates (
           certificate_id, status, certificate_pem, ca_certificate_id, certificate_mode, device_name, common_name,
           serial_number, not_before, not_after, created_at, last_modified_at, customer_version, generation_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        certificate.certificateId,
        certificate.status,
        certificate.certificatePem,
        certificate.caCertificateId,
        certificate.certificateMode,
        certificate.deviceName,
        certificate.commonName,
        certificate.serialNumber,
        certificate.notBefore.getTime(),
        certificate.notAfter.getTime(),
        certificate.createdAt.getTime(),
        certificate.lastModifiedAt.getTime(),
        certificate.customerVersion,
        certificate.generationId,
      );
    return result.changes === 1;
  }

  get(certificateId: string): CertificateRecord | undefined {
    const row = this.db.prepare('SELECT * FROM certificates WHERE certificate_id = ?').get(certificateId) as
      | CertificateRow
      | undefined;
    return row && toRecord(row);
  }

  status(certificateId: string): CertificateStatus | undefined {
    return this.get(certificateId)?.status;
  }

  /** Sets the status, bumps customerVersion and sets a new generationId. */
  updateStatus(certificateId: string, status: CertificateStatus, at: Date, generationId: string): void {
    this.db
      .prepare(
        `UPDATE certificates
         SET status = ?, last_modified_at = ?, customer_version = customer_version + 1, generation_id = ?
         WHERE certificate_id = ?`,
      )
      .run(status, at.getTime(), generationId, certificateId);
  }

  delete(certificateId: string): boolean {
    return this.db.prepare('DELETE FROM certificates WHERE certificate_id = ?').run(certificateId).changes === 1;
  }

  /** Up to `limit` certificates after `after` in creation order (optionally of one CA). */
  page(options: {
    limit: number;
    ascending: boolean;
    after?: PageCursor;
    caCertificateId?: string;
  }): CertificateRecord[] {
    const { limit, ascending, after, caCertificateId } = options;
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    if (caCertificateId !== undefined) {
      conditions.push('ca_certificate_id = ?');
      parameters.push(caCertificateId);
    }
    if (after) {
      conditions.push(ascending ? '(created_at, certificate_id) > (?, ?)' : '(created_at, certificate_id) < (?, ?)');
      parameters.push(after.createdAt, after.id);
    }
    const direction = ascending ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(
        `SELECT * FROM certificates ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY created_at ${direction}, certificate_id ${direction} LIMIT ?`,
      )
      .all(...parameters, limit) as CertificateRow[];
    return rows.map(toRecord);
  }

  /** Every certificate, newest first (the console's list). */
  list(): CertificateRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM certificates ORDER BY created_at DESC, certificate_id DESC')
      .all() as CertificateRow[];
    return rows.map(toRecord);
  }
}
