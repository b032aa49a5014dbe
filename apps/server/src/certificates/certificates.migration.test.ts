import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyMigrations, openDatabase } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations.js';
import { CertificatesStore } from './certificates.store.js';

const CERTIFICATES_MIGRATION = 'certificate statuses, CA certificates and the registration code';

describe('certificates migration', () => {
  test('keeps the certificates created before it, with their times, device names and statuses', () => {
    const migration = MIGRATIONS.find((m) => m.name === CERTIFICATES_MIGRATION);
    assert.ok(migration);
    const db = openDatabase(
      ':memory:',
      MIGRATIONS.filter((m) => m.version < migration.version),
    );
    db.prepare(
      `INSERT INTO certificates
         (certificate_id, device_name, status, certificate_pem, serial_number, not_before, not_after, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      'ab'.repeat(32),
      'old-sensor',
      'INACTIVE',
      '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
      '0a0b',
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2026-01-01T00:01:02.345Z',
    );
    applyMigrations(db, MIGRATIONS);
    const record = new CertificatesStore(db).get('ab'.repeat(32));
    assert.ok(record);
    assert.equal(record.deviceName, 'old-sensor');
    assert.equal(record.commonName, 'old-sensor');
    assert.equal(record.status, 'INACTIVE');
    assert.equal(record.createdAt.toISOString(), '2026-01-01T00:01:02.345Z');
    assert.equal(record.lastModifiedAt.toISOString(), '2026-01-01T00:01:02.345Z');
    assert.equal(record.notBefore.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.equal(record.notAfter.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(record.caCertificateId, null);
    assert.equal(record.certificateMode, 'DEFAULT');
    assert.equal(record.customerVersion, 1);
    assert.match(record.generationId, /^[0-9a-f]{32}$/);
    db.close();
  });

  test('accepts every AWS status and refuses others', () => {
    const db = openDatabase(':memory:');
    const insert = (status: string) =>
      db
        .prepare(
          `INSERT INTO certificates (certificate_id, status, certificate_pem, certificate_mode, serial_number,
             not_before, not_after, created_at, last_modified_at, customer_version, generation_id)
           VALUES (lower(hex(randomblob(32))), ?, 'pem', 'DEFAULT', '01', 0, 0, 0, 0, 1, 'g')`,
        )
        .run(status);
    for (const status of [
      'ACTIVE',
      'INACTIVE',
      'REVOKED',
      'PENDING_ACTIVATION',
      'PENDING_TRANSFER',
      'REGISTER_INACTIVE',
    ]) {
      insert(status);
    }
    assert.throws(() => insert('LOST'), /CHECK constraint failed/);
    db.close();
  });
});
