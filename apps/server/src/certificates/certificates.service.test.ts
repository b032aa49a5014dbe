import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import { DomainError, type DomainErrorType } from '@meridian/contracts';
import { CertificatesService } from './certificates.service.js';
import { newCertificatesTestbed, TEST_ARN_PREFIX } from './certificates.testing.js';

const DAY_MS = 86_400_000;

function rejectsAs(type: DomainErrorType, pattern?: RegExp) {
  return (error: unknown) =>
    error instanceof DomainError && error.type === type && (pattern === undefined || pattern.test(error.message));
}

/** A P-256 CSR made with the openssl CLI. */
function opensslCsr(subject: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-csr-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'k.pem',
        '-subj',
        subject,
        '-out',
        'csr.pem',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return readFileSync(join(dir, 'csr.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(CertificatesService.name, () => {
  describe('CreateKeysAndCertificate', () => {
    test('is INACTIVE unless setAsActive, and returns the key pair once without storing it', async () => {
      const { certificates: sut, certificateStore, certificateRows } = await newCertificatesTestbed();
      const inactive = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      const active = await sut.createKeysAndCertificate({ setAsActive: true, keyType: 'ec-p256' });
      assert.equal(certificateStore.status(inactive.certificateId), 'INACTIVE');
      assert.equal(certificateStore.status(active.certificateId), 'ACTIVE');
      assert.equal(inactive.certificateArn, `${TEST_ARN_PREFIX}cert/${inactive.certificateId}`);
      assert.match(inactive.keyPair.PrivateKey, /PRIVATE KEY/);
      assert.doesNotMatch(JSON.stringify(certificateRows()), /PRIVATE KEY/);
    });

    test('creates RSA 2048 keys by default, as AWS does', async () => {
      const { certificates: sut } = await newCertificatesTestbed();
      const created = await sut.createKeysAndCertificate();
      assert.match(created.keyPair.PrivateKey, /^-----BEGIN RSA PRIVATE KEY-----/);
    });
  });

  describe('CreateCertificateFromCsr', () => {
    test('the same CSR twice yields two distinct stored certificates', async () => {
      const { certificates: sut, certificateStore } = await newCertificatesTestbed();
      const csr = opensslCsr('/CN=from-csr');
      const first = await sut.createCertificateFromCsr({ certificateSigningRequest: csr, setAsActive: true });
      const second = await sut.createCertificateFromCsr({ certificateSigningRequest: csr });
      assert.notEqual(first.certificateId, second.certificateId);
      assert.equal(certificateStore.status(first.certificateId), 'ACTIVE');
      assert.equal(certificateStore.status(second.certificateId), 'INACTIVE');
      assert.equal(certificateStore.get(first.certificateId)?.commonName, 'from-csr');
    });

    test('a bad CSR is a CertificateValidationException and stores nothing', async () => {
      const { certificates: sut, certificateStore } = await newCertificatesTestbed();
      await assert.rejects(
        sut.createCertificateFromCsr({ certificateSigningRequest: 'not a csr' }),
        rejectsAs('CertificateValidationException', /certificateSigningRequest/),
      );
      assert.deepEqual(certificateStore.list(), []);
    });
  });

  describe('RegisterCertificate', () => {
    test('registers a certificate of a registered ACTIVE CA, found by its issuer', async () => {
      const { certificates: sut, certificateStore, registerNewCa } = await newCertificatesTestbed();
      const { ca, caCertificateId } = await registerNewCa();
      const device = await issueDeviceCertificate(ca, { commonName: 'registered-device' });
      const registered = await sut.registerCertificate({ certificatePem: device.certificatePem, status: 'ACTIVE' });
      assert.deepEqual(registered, {
        certificateArn: `${TEST_ARN_PREFIX}cert/${device.certificateId}`,
        certificateId: device.certificateId,
      });
      const record = certificateStore.get(device.certificateId);
      assert.equal(record?.caCertificateId, caCertificateId);
      assert.equal(record?.status, 'ACTIVE');
      assert.equal(record?.certificateMode, 'DEFAULT');
    });

    test('uses caCertificatePem when given, and defaults to INACTIVE (setAsActive sets ACTIVE)', async () => {
      const { certificates: sut, certificateStore, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa();
      const first = await issueDeviceCertificate(ca, { commonName: 'one' });
      const second = await issueDeviceCertificate(ca, { commonName: 'two' });
      await sut.registerCertificate({ certificatePem: first.certificatePem, caCertificatePem: ca.certificatePem });
      await sut.registerCertificate({ certificatePem: second.certificatePem, setAsActive: true });
      assert.equal(certificateStore.status(first.certificateId), 'INACTIVE');
      assert.equal(certificateStore.status(second.certificateId), 'ACTIVE');
    });

    test('the issuing CA must be registered', async () => {
      const { certificates: sut, registerNewCa } = await newCertificatesTestbed();
      await registerNewCa({ commonName: 'Customer CA' });
      // Same subject name as the registered CA, different key: not the issuer.
      const unregistered = await createCertificateAuthority({ commonName: 'Customer CA' });
      const device = await issueDeviceCertificate(unregistered, { commonName: 'stray' });
      await assert.rejects(
        sut.registerCertificate({ certificatePem: device.certificatePem }),
        rejectsAs('CertificateValidationException', /not registered/),
      );
      await assert.rejects(
        sut.registerCertificate({
          certificatePem: device.certificatePem,
          caCertificatePem: unregistered.certificatePem,
        }),
        rejectsAs('CertificateValidationException', /caCertificatePem is not a registered CA certificate/),
      );
    });

    test('caCertificatePem must be the CA that signed the certificate', async () => {
      const { certificates: sut, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa({ commonName: 'CA one' });
      const other = await registerNewCa({ commonName: 'CA two' });
      const device = await issueDeviceCertificate(ca, { commonName: 'crossed' });
      await assert.rejects(
        sut.registerCertificate({ certificatePem: device.certificatePem, caCertificatePem: other.ca.certificatePem }),
        rejectsAs('CertificateValidationException', /not signed by caCertificatePem/),
      );
    });

    test('the issuing CA must be ACTIVE', async () => {
      const { certificates: sut, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa({ setAsActive: false });
      const device = await issueDeviceCertificate(ca, { commonName: 'early' });
      await assert.rejects(
        sut.registerCertificate({ certificatePem: device.certificatePem }),
        rejectsAs('CertificateStateException', /is INACTIVE/),
      );
    });

    test('a duplicate is ResourceAlreadyExistsException with resourceId and resourceArn', async () => {
      const { certificates: sut, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa();
      const device = await issueDeviceCertificate(ca, { commonName: 'twice' });
      await sut.registerCertificate({ certificatePem: device.certificatePem });
      await assert.rejects(sut.registerCertificate({ certificatePem: device.certificatePem }), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.type, 'ResourceAlreadyExistsException');
        assert.deepEqual(error.extra, {
          resourceId: device.certificateId,
          resourceArn: `${TEST_ARN_PREFIX}cert/${device.certificateId}`,
        });
        return true;
      });
    });

    test('PENDING_* statuses cannot be requested, and an expired certificate is refused', async () => {
      const { certificates: sut, registerNewCa, setNow } = await newCertificatesTestbed();
      const { ca } = await registerNewCa();
      const device = await issueDeviceCertificate(ca, { commonName: 'short', validityDays: 1 });
      for (const status of ['PENDING_ACTIVATION', 'PENDING_TRANSFER']) {
        await assert.rejects(
          sut.registerCertificate({ certificatePem: device.certificatePem, status }),
          rejectsAs('InvalidRequestException', /cannot be set/),
        );
      }
      await assert.rejects(
        sut.registerCertificate({ certificatePem: device.certificatePem, status: 'BOGUS' }),
        rejectsAs('InvalidRequestException', /must be one of ACTIVE, INACTIVE, REVOKED/),
      );
      setNow(new Date(Date.now() + 2 * DAY_MS));
      await assert.rejects(
        sut.registerCertificate({ certificatePem: device.certificatePem }),
        rejectsAs('CertificateValidationException', /not valid now/),
      );
    });

    test('bad PEM is a CertificateValidationException', async () => {
      const { certificates: sut } = await newCertificatesTestbed();
      await assert.rejects(
        sut.registerCertificate({ certificatePem: 'garbage' }),
        rejectsAs('CertificateValidationException', /^certificatePem is not a valid certificate/),
      );
    });
  });

  describe('RegisterCertificateWithoutCA', () => {
    test('registers a certificate of an unregistered CA in SNI_ONLY mode, INACTIVE by default', async () => {
      const { certificates: sut, certificateStore } = await newCertificatesTestbed();
      const foreignCa = await createCertificateAuthority({ commonName: 'Somebody' });
      const device = await issueDeviceCertificate(foreignCa, { commonName: 'sni' });
      const registered = await sut.registerCertificateWithoutCA({ certificatePem: device.certificatePem });
      const record = certificateStore.get(registered.certificateId);
      assert.equal(record?.status, 'INACTIVE');
      assert.equal(record?.certificateMode, 'SNI_ONLY');
      assert.equal(record?.caCertificateId, null);
      await assert.rejects(
        sut.registerCertificateWithoutCA({ certificatePem: device.certificatePem }),
        rejectsAs('ResourceAlreadyExistsException'),
      );
    });
  });

  describe('DescribeCertificate', () => {
    test('answers the AWS shape with epoch-second dates', async () => {
      const { certificates: sut, registerNewCa, now } = await newCertificatesTestbed();
      const { ca, caCertificateId } = await registerNewCa();
      const device = await issueDeviceCertificate(ca, { commonName: 'described' });
      await sut.registerCertificate({ certificatePem: device.certificatePem, status: 'ACTIVE' });
      const { certificateDescription } = sut.describeCertificate(device.certificateId.toUpperCase());
      assert.deepEqual(certificateDescription, {
        certificateArn: `${TEST_ARN_PREFIX}cert/${device.certificateId}`,
        certificateId: device.certificateId,
        caCertificateId,
        status: 'ACTIVE',
        certificatePem: device.certificatePem,
        ownedBy: '123456789012',
        creationDate: now.getTime() / 1000,
        lastModifiedDate: now.getTime() / 1000,
        customerVersion: 1,
        generationId: certificateDescription.generationId,
        transferData: {},
        validity: { notBefore: device.notBefore.getTime() / 1000, notAfter: device.notAfter.getTime() / 1000 },
        certificateMode: 'DEFAULT',
      });
    });

    test('an unknown id is ResourceNotFoundException, a malformed one InvalidRequestException', async () => {
      const { certificates: sut } = await newCertificatesTestbed();
      assert.throws(() => sut.describeCertificate('a'.repeat(64)), rejectsAs('ResourceNotFoundException'));
      assert.throws(() => sut.describeCertificate('xyz'), rejectsAs('InvalidRequestException', /64 hexadecimal/));
    });
  });

  describe('UpdateCertificate', () => {
    test('changes the status, bumps customerVersion and generationId, and notifies', async () => {
      const { certificates: sut, notified, setNow } = await newCertificatesTestbed();
      const { certificateId } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      const before = sut.describeCertificate(certificateId).certificateDescription;
      setNow(new Date(Date.now() + 5000));
      sut.updateCertificate(certificateId, 'ACTIVE');
      const after = sut.describeCertificate(certificateId).certificateDescription;
      assert.equal(after.status, 'ACTIVE');
      assert.equal(after.customerVersion, 2);
      assert.notEqual(after.generationId, before.generationId);
      assert.ok(after.lastModifiedDate > before.lastModifiedDate);
      assert.deepEqual(notified, [{ kind: 'certificate', certificateId }]);
    });

    test('is idempotent: the current status again changes nothing', async () => {
      const { certificates: sut, notified } = await newCertificatesTestbed();
      const { certificateId } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      sut.updateCertificate(certificateId, 'INACTIVE');
      assert.equal(sut.describeCertificate(certificateId).certificateDescription.customerVersion, 1);
      assert.deepEqual(notified, []);
    });

    test('a REVOKED certificate cannot be reactivated (CertificateStateException); revoking again is fine', async () => {
      const { certificates: sut } = await newCertificatesTestbed();
      const { certificateId } = await sut.createKeysAndCertificate({ setAsActive: true, keyType: 'ec-p256' });
      sut.updateCertificate(certificateId, 'REVOKED');
      for (const status of ['ACTIVE', 'INACTIVE']) {
        assert.throws(
          () => sut.updateCertificate(certificateId, status),
          (error: unknown) => {
            assert.ok(error instanceof DomainError);
            assert.equal(error.type, 'CertificateStateException');
            assert.equal(error.statusCode, 406);
            return true;
          },
        );
      }
      sut.updateCertificate(certificateId, 'REVOKED');
      assert.equal(sut.describeCertificate(certificateId).certificateDescription.status, 'REVOKED');
    });

    test('PENDING_TRANSFER and PENDING_ACTIVATION cannot be set (InvalidRequestException)', async () => {
      const { certificates: sut } = await newCertificatesTestbed();
      const { certificateId } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      for (const status of ['PENDING_TRANSFER', 'PENDING_ACTIVATION']) {
        assert.throws(() => sut.updateCertificate(certificateId, status), rejectsAs('InvalidRequestException'));
      }
      assert.throws(() => sut.updateCertificate(certificateId, 'active'), rejectsAs('InvalidRequestException'));
      assert.throws(() => sut.updateCertificate('f'.repeat(64), 'ACTIVE'), rejectsAs('ResourceNotFoundException'));
    });

    test('a PENDING_ACTIVATION certificate can be activated', async () => {
      const { certificates: sut, certificateStore, admission, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa({ allowAutoRegistration: true });
      const device = await issueDeviceCertificate(ca, { commonName: 'jitr' });
      admission.admit(
        device.certificateId,
        Buffer.from(device.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
      );
      assert.equal(certificateStore.status(device.certificateId), 'PENDING_ACTIVATION');
      sut.updateCertificate(device.certificateId, 'ACTIVE');
      assert.equal(certificateStore.status(device.certificateId), 'ACTIVE');
    });
  });

  describe('DeleteCertificate', () => {
    test('an ACTIVE certificate cannot be deleted (CertificateStateException 406)', async () => {
      const { certificates: sut, certificateStore } = await newCertificatesTestbed();
      const { certificateId } = await sut.createKeysAndCertificate({ setAsActive: true, keyType: 'ec-p256' });
      await assert.rejects(sut.deleteCertificate(certificateId), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.type, 'CertificateStateException');
        assert.equal(error.statusCode, 406);
        return true;
      });
      assert.ok(certificateStore.get(certificateId));
    });

    test('a certificate attached to a thing cannot be deleted, even with forceDelete', async () => {
      const { certificates: sut, attached, certificateStore } = await newCertificatesTestbed();
      const { certificateId, certificateArn } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      attached.things.add(certificateArn);
      for (const forceDelete of [false, true]) {
        await assert.rejects(
          sut.deleteCertificate(certificateId, { forceDelete }),
          rejectsAs('DeleteConflictException', /things/),
        );
      }
      assert.ok(certificateStore.get(certificateId));
    });

    test('attached policies block the delete unless forceDelete, which detaches them', async () => {
      const { certificates: sut, attached, certificateStore, notified } = await newCertificatesTestbed();
      const { certificateId, certificateArn } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      attached.policies.add(certificateArn);
      await assert.rejects(sut.deleteCertificate(certificateId), rejectsAs('DeleteConflictException', /policies/));
      await sut.deleteCertificate(certificateId, { forceDelete: true });
      assert.equal(certificateStore.get(certificateId), undefined);
      assert.deepEqual(attached.detached, [certificateArn]);
      assert.deepEqual(notified, [{ kind: 'certificate', certificateId }]);
      await assert.rejects(sut.deleteCertificate(certificateId), rejectsAs('ResourceNotFoundException'));
    });

    test('an INACTIVE or REVOKED certificate without attachments is deleted', async () => {
      const { certificates: sut, certificateStore } = await newCertificatesTestbed();
      const inactive = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      const revoked = await sut.createKeysAndCertificate({ setAsActive: true, keyType: 'ec-p256' });
      sut.updateCertificate(revoked.certificateId, 'REVOKED');
      await sut.deleteCertificate(inactive.certificateId);
      await sut.deleteCertificate(revoked.certificateId);
      assert.deepEqual(certificateStore.list(), []);
    });
  });

  test('hasCertificate answers for certificate ARNs of this platform only', async () => {
    const { certificates: sut } = await newCertificatesTestbed();
    const { certificateArn, certificateId } = await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
    assert.equal(sut.hasCertificate(certificateArn), true);
    assert.equal(sut.hasCertificate(`${TEST_ARN_PREFIX}cert/${'0'.repeat(64)}`), false);
    assert.equal(sut.hasCertificate(`arn:aws:iot:other-1:123456789012:cert/${certificateId}`), false);
    assert.equal(sut.hasCertificate(`${TEST_ARN_PREFIX}thing/${certificateId}`), false);
  });

  describe('ListCertificates', () => {
    async function withCertificates(count: number) {
      const testbed = await newCertificatesTestbed();
      const ids: string[] = [];
      const start = testbed.now.getTime();
      for (let index = 0; index < count; index++) {
        // Two certificates share each creation time: ties are ordered by id.
        testbed.setNow(new Date(start + Math.floor(index / 2) * 1000));
        ids.push((await testbed.certificates.createKeysAndCertificate({ keyType: 'ec-p256' })).certificateId);
      }
      const ascending = ids
        .map((id, index) => ({ id, time: Math.floor(index / 2) }))
        .sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))
        .map((entry) => entry.id);
      return { ...testbed, ascending };
    }

    test('pages newest first with nextMarker until the end', async () => {
      const { certificates: sut, ascending } = await withCertificates(5);
      const seen: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const page = sut.listCertificates({ pageSize: 2, ...(marker ? { marker } : {}) });
        seen.push(...page.certificates.map((c) => c.certificateId));
        marker = page.nextMarker;
        pages++;
      } while (marker);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...ascending].reverse());
    });

    test('ascendingOrder lists oldest first; items have the AWS shape', async () => {
      const { certificates: sut, ascending } = await withCertificates(3);
      const first = sut.listCertificates({ pageSize: 2, ascendingOrder: true });
      assert.deepEqual(
        first.certificates.map((c) => c.certificateId),
        ascending.slice(0, 2),
      );
      assert.ok(first.nextMarker);
      const rest = sut.listCertificates({ pageSize: 2, ascendingOrder: true, marker: first.nextMarker });
      assert.deepEqual(
        rest.certificates.map((c) => c.certificateId),
        ascending.slice(2),
      );
      assert.equal(rest.nextMarker, undefined);
      assert.deepEqual(Object.keys(first.certificates[0] ?? {}).sort(), [
        'certificateArn',
        'certificateId',
        'certificateMode',
        'creationDate',
        'status',
      ]);
    });

    test('a bad marker or pageSize is InvalidRequestException', async () => {
      const { certificates: sut } = await withCertificates(1);
      assert.throws(() => sut.listCertificates({ marker: 'nonsense' }), rejectsAs('InvalidRequestException', /marker/));
      for (const pageSize of [0, 251, 1.5]) {
        assert.throws(() => sut.listCertificates({ pageSize }), rejectsAs('InvalidRequestException', /pageSize/));
      }
      assert.equal(sut.listCertificates({ pageSize: 250 }).certificates.length, 1);
    });

    test('ListCertificatesByCA lists only the certificates of that CA', async () => {
      const { certificates: sut, registerNewCa } = await newCertificatesTestbed();
      const first = await registerNewCa({ commonName: 'First' });
      const second = await registerNewCa({ commonName: 'Second' });
      const mine = await issueDeviceCertificate(first.ca, { commonName: 'mine' });
      const theirs = await issueDeviceCertificate(second.ca, { commonName: 'theirs' });
      await sut.registerCertificate({ certificatePem: mine.certificatePem });
      await sut.registerCertificate({ certificatePem: theirs.certificatePem });
      await sut.createKeysAndCertificate({ keyType: 'ec-p256' });
      assert.deepEqual(
        sut.listCertificatesByCA(first.caCertificateId).certificates.map((c) => c.certificateId),
        [mine.certificateId],
      );
      assert.throws(() => sut.listCertificatesByCA('nope'), rejectsAs('InvalidRequestException'));
    });
  });
});
