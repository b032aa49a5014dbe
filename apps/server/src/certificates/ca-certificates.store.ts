import type { AutoRegistrationStatus, CaCertificateStatus } from '@meridian/contracts';
import type { Db } from '../db/database.js';
import type { CertificateMode } from './certificates.store.js';
import type { PageCursor } from './paging.js';

/** AWS RegisterCACertificate's registrationConfig (kept for DescribeCACertificate; JITP is not implemented). */
export interface RegistrationConfig {
  templateBody?: string;
  roleArn?: string;
  templateName?: string;
}

export interface CaCertificateRecord {
  caCertificateId: string;
  status: CaCertificateStatus;
  autoRegistrationStatus: AutoRegistrationStatus;
  certificateMode: CertificateMode;
  certificatePem: string;
  /** subject distinguished name as text, to find the CA of a certificate by its issuer */
  subject: string;
  commonName: string | null;
  registrationConfig: RegistrationConfig | null;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
  lastModifiedAt: Date;
  customerVersion: number;
  generationId: string;
}

interface CaCertificateRow {
  ca_certificate_id: string;
  status: CaCertificateStatus;
  auto_registration_status: AutoRegistrationStatus;
  certificate_mode: CertificateMode;
  certificate_pem: string;
  subject: string;
  common_name: string | null;
  registration_config: string | null;
  not_before: number;
  not_after: number;
  created_at: number;
  last_modified_at: number;
  customer_version: number;
  generation_id: string;
}

const toRecord = (row: CaCertificateRow): CaCertificateRecord => ({
  caCertificateId: row.ca_certificate_id,
  status: row.status,
  autoRegistrationStatus: row.auto_registration_status,
  certificateMode: row.certificate_mode,
  certificatePem: row.certificate_pem,
  subject: row.subject,
  commonName: row.common_name,
  registrationConfig:
    row.registration_config === null ? null : (JSON.parse(row.registration_config) as RegistrationConfig),
  notBefore: new Date(row.not_before),
  notAfter: new Date(row.not_after),
  createdAt: new Date(row.created_at),
  lastModifiedAt: new Date(row.last_modified_at),
  customerVersion: row.customer_version,
  generationId: row.generation_id,
});

export interface CaCertificateChanges {
  status?: CaCertificateStatus;
  autoRegistrationStatus?: AutoRegistrationStatus;
  /** null removes it */
  registrationConfig?: RegistrationConfig | null;
}

/** Registered CA certificates and the platform's registration code, in SQLite. */
export class CaCertificatesStore {
  constructor(private readonly db: Db) {}

  /** Inserts; false when this CA is registered already. */
  insert(ca: CaCertificateRecord): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO ca_certificates (
           ca_certificate_id, status, auto_registration_status, certificate_mode, certificate_pem, subject, common_name,
           registration_config, not_before, not_after, created_at, last_modified_at, customer_version, generation_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ca.caCertificateId,
        ca.status,
        ca.autoRegistrationStatus,
        ca.certificateMode,
        ca.certificatePem,
        ca.subject,
        ca.commonName,
        ca.registrationConfig === null ? null : JSON.stringify(ca.registrationConfig),
        ca.notBefore.getTime(),
        ca.notAfter.getTime(),
        ca.createdAt.getTime(),
        ca.lastModifiedAt.getTime(),
        ca.customerVersion,
        ca.generationId,
      );
    return result.changes === 1;
  }

  get(caCertificateId: string): CaCertificateRecord | undefined {
    const row = this.db.prepare('SELECT * FROM ca_certificates WHERE ca_certificate_id = ?').get(caCertificateId) as
      | CaCertificateRow
      | undefined;
    return row && toRecord(row);
  }

  countWithSubject(subject: string): number {
    return this.db.prepare('SELECT count(*) FROM ca_certificates WHERE subject = ?').pluck().get(subject) as number;
  }

  /** CAs whose subject is `issuer`, e.g. the candidates that may have signed a certificate. */
  withSubject(subject: string): CaCertificateRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM ca_certificates WHERE subject = ? ORDER BY created_at, ca_certificate_id')
      .all(subject) as CaCertificateRow[];
    return rows.map(toRecord);
  }

  /** Applies the changes, bumps customerVersion and sets a new generationId. */
  update(caCertificateId: string, changes: CaCertificateChanges, at: Date, generationId: string): void {
    const current = this.get(caCertificateId);
    if (!current) return;
    const registrationConfig =
      changes.registrationConfig === undefined ? current.registrationConfig : changes.registrationConfig;
    this.db
      .prepare(
        `UPDATE ca_certificates
         SET status = ?, auto_registration_status = ?, registration_config = ?, last_modified_at = ?,
             customer_version = customer_version + 1, generation_id = ?
         WHERE ca_certificate_id = ?`,
      )
      .run(
        changes.status ?? current.status,
        changes.autoRegistrationStatus ?? current.autoRegistrationStatus,
        registrationConfig === null ? null : JSON.stringify(registrationConfig),
        at.getTime(),
        generationId,
        caCertificateId,
      );
  }

  delete(caCertificateId: string): boolean {
    return (
      this.db.prepare('DELETE FROM ca_certificates WHERE ca_certificate_id = ?').run(caCertificateId).changes === 1
    );
  }

  page(options: { limit: number; ascending: boolean; after?: PageCursor }): CaCertificateRecord[] {
    const { limit, ascending, after } = options;
    const direction = ascending ? 'ASC' : 'DESC';
    const where = after ? `WHERE (created_at, ca_certificate_id) ${ascending ? '>' : '<'} (?, ?)` : '';
    const rows = this.db
      .prepare(
        `SELECT * FROM ca_certificates ${where}
         ORDER BY created_at ${direction}, ca_certificate_id ${direction} LIMIT ?`,
      )
      .all(...(after ? [after.createdAt, after.id] : []), limit) as CaCertificateRow[];
    return rows.map(toRecord);
  }

  /** Every registered CA, newest first (the console's list). */
  list(): CaCertificateRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM ca_certificates ORDER BY created_at DESC, ca_certificate_id DESC')
      .all() as CaCertificateRow[];
    return rows.map(toRecord);
  }

  /** The platform's registration code, created (with `generate`) on first use and stable afterwards. */
  registrationCode(generate: () => string, at: Date): string {
    this.db
      .prepare('INSERT OR IGNORE INTO registration_code (id, code, created_at) VALUES (1, ?, ?)')
      .run(generate(), at.getTime());
    return this.db.prepare('SELECT code FROM registration_code WHERE id = 1').pluck().get() as string;
  }
}
