import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import { DomainError, type DomainErrorType } from '@meridian/contracts';
import { CaCertificatesService, MAX_CAS_PER_SUBJECT } from './ca-certificates.service.js';
import { newCertificatesTestbed, TEST_ARN_PREFIX } from './certificates.testing.js';

function rejectsAs(type: DomainErrorType, pattern?: RegExp) {
  return (error: unknown) =>
    error instanceof DomainError && error.type === type && (pattern === undefined || pattern.test(error.message));
}

describe(CaCertificatesService.name, () => {
  test('GetRegistrationCode: one stable 64-hex code for the platform', async () => {
    const { caCertificates: sut } = await newCertificatesTestbed();
    const { registrationCode } = sut.getRegistrationCode();
    assert.match(registrationCode, /^[0-9a-f]{64}$/);
    assert.deepEqual(sut.getRegistrationCode(), { registrationCode });
  });

  describe('RegisterCACertificate', () => {
    test('registers a CA with a verification certificate carrying the registration code, signed by the CA', async () => {
      const { caCertificates: sut, caCertificateStore } = await newCertificatesTestbed();
      const ca = await createCertificateAuthority({ commonName: 'Fleet CA' });
      const verification = await issueDeviceCertificate(ca, { commonName: sut.getRegistrationCode().registrationCode });
      const registered = sut.registerCACertificate({
        caCertificate: ca.certificatePem,
        verificationCertificate: verification.certificatePem,
      });
      assert.match(registered.certificateId, /^[0-9a-f]{64}$/);
      assert.equal(registered.certificateArn, `${TEST_ARN_PREFIX}cacert/${registered.certificateId}`);
      const record = caCertificateStore.get(registered.certificateId);
      assert.equal(record?.status, 'INACTIVE');
      assert.equal(record?.autoRegistrationStatus, 'DISABLE');
      assert.equal(record?.commonName, 'Fleet CA');
    });

    test('setAsActive and allowAutoRegistration set ACTIVE and ENABLE', async () => {
      const { caCertificateStore, registerNewCa } = await newCertificatesTestbed();
      const { caCertificateId } = await registerNewCa({ setAsActive: true, allowAutoRegistration: true });
      const record = caCertificateStore.get(caCertificateId);
      assert.equal(record?.status, 'ACTIVE');
      assert.equal(record?.autoRegistrationStatus, 'ENABLE');
    });

    test('without proof of possession the CA is refused (wrong code, wrong signer, missing)', async () => {
      const { caCertificates: sut, caCertificateStore } = await newCertificatesTestbed();
      const ca = await createCertificateAuthority({ commonName: 'Claimed CA' });
      const wrongCode = await issueDeviceCertificate(ca, { commonName: 'not-the-code' });
      assert.throws(
        () =>
          sut.registerCACertificate({
            caCertificate: ca.certificatePem,
            verificationCertificate: wrongCode.certificatePem,
          }),
        rejectsAs('CertificateValidationException', /registration code/),
      );
      const impostor = await createCertificateAuthority({ commonName: 'Claimed CA' });
      const signedByImpostor = await issueDeviceCertificate(impostor, {
        commonName: sut.getRegistrationCode().registrationCode,
      });
      assert.throws(
        () =>
          sut.registerCACertificate({
            caCertificate: ca.certificatePem,
            verificationCertificate: signedByImpostor.certificatePem,
          }),
        rejectsAs('CertificateValidationException', /not signed by the CA/),
      );
      assert.throws(
        () => sut.registerCACertificate({ caCertificate: ca.certificatePem }),
        rejectsAs('InvalidRequestException', /verificationCertificate is required/),
      );
      assert.deepEqual(caCertificateStore.list(), []);
    });

    test('SNI_ONLY mode needs no verification certificate', async () => {
      const { caCertificates: sut, caCertificateStore } = await newCertificatesTestbed();
      const ca = await createCertificateAuthority();
      const { certificateId } = sut.registerCACertificate({
        caCertificate: ca.certificatePem,
        certificateMode: 'SNI_ONLY',
      });
      assert.equal(caCertificateStore.get(certificateId)?.certificateMode, 'SNI_ONLY');
      assert.throws(
        () => sut.registerCACertificate({ caCertificate: ca.certificatePem, certificateMode: 'OTHER' }),
        rejectsAs('InvalidRequestException', /certificateMode/),
      );
    });

    test('a certificate that is not a CA is refused', async () => {
      const { caCertificates: sut } = await newCertificatesTestbed();
      const ca = await createCertificateAuthority();
      const leaf = await issueDeviceCertificate(ca, { commonName: 'leaf' });
      assert.throws(
        () => sut.registerCACertificate({ caCertificate: leaf.certificatePem, certificateMode: 'SNI_ONLY' }),
        rejectsAs('CertificateValidationException', /not a CA certificate/),
      );
    });

    test('a duplicate is ResourceAlreadyExistsException; more than 10 CAs with one subject LimitExceededException', async () => {
      const { caCertificates: sut } = await newCertificatesTestbed();
      const cas = await Promise.all(
        Array.from({ length: MAX_CAS_PER_SUBJECT + 1 }, () => createCertificateAuthority({ commonName: 'Same Name' })),
      );
      const register = (pem: string) => sut.registerCACertificate({ caCertificate: pem, certificateMode: 'SNI_ONLY' });
      for (const ca of cas.slice(0, MAX_CAS_PER_SUBJECT)) register(ca.certificatePem);
      assert.throws(
        () => register(cas[0]?.certificatePem ?? ''),
        (error: unknown) => {
          assert.ok(error instanceof DomainError && error.type === 'ResourceAlreadyExistsException');
          assert.match(error.extra.resourceArn ?? '', /:cacert\/[0-9a-f]{64}$/);
          return true;
        },
      );
      assert.throws(
        () => register(cas[MAX_CAS_PER_SUBJECT]?.certificatePem ?? ''),
        rejectsAs('LimitExceededException'),
      );
    });
  });

  test('DescribeCACertificate answers the AWS shape', async () => {
    const { caCertificates: sut, now } = await newCertificatesTestbed();
    const ca = await createCertificateAuthority({ commonName: 'Described CA' });
    const { certificateId } = sut.registerCACertificate({
      caCertificate: ca.certificatePem,
      certificateMode: 'SNI_ONLY',
      setAsActive: true,
      registrationConfig: { templateName: 'tpl' },
    });
    const described = sut.describeCACertificate(certificateId);
    assert.deepEqual(described, {
      certificateDescription: {
        certificateArn: `${TEST_ARN_PREFIX}cacert/${certificateId}`,
        certificateId,
        status: 'ACTIVE',
        certificatePem: ca.certificatePem,
        ownedBy: '123456789012',
        creationDate: now.getTime() / 1000,
        autoRegistrationStatus: 'DISABLE',
        lastModifiedDate: now.getTime() / 1000,
        customerVersion: 1,
        generationId: described.certificateDescription.generationId,
        validity: described.certificateDescription.validity,
        certificateMode: 'SNI_ONLY',
      },
      registrationConfig: { templateName: 'tpl' },
    });
    assert.throws(() => sut.describeCACertificate('0'.repeat(64)), rejectsAs('ResourceNotFoundException'));
  });

  test('ListCACertificates pages with nextMarker, newest first unless ascendingOrder', async () => {
    const testbed = await newCertificatesTestbed();
    const { caCertificates: sut } = testbed;
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      testbed.setNow(new Date(testbed.now.getTime() + 1000));
      const ca = await createCertificateAuthority({ commonName: `CA ${index}` });
      ids.push(
        sut.registerCACertificate({ caCertificate: ca.certificatePem, certificateMode: 'SNI_ONLY' }).certificateId,
      );
    }
    const first = sut.listCACertificates({ pageSize: 2 });
    assert.deepEqual(
      first.certificates.map((c) => c.certificateId),
      [ids[2], ids[1]],
    );
    const second = sut.listCACertificates({ pageSize: 2, marker: first.nextMarker });
    assert.deepEqual(
      second.certificates.map((c) => c.certificateId),
      [ids[0]],
    );
    assert.equal(second.nextMarker, undefined);
    assert.deepEqual(
      sut.listCACertificates({ ascendingOrder: true }).certificates.map((c) => c.certificateId),
      ids,
    );
  });

  describe('UpdateCACertificate', () => {
    test('sets status and auto-registration; only a status change notifies', async () => {
      const { caCertificates: sut, caCertificateStore, registerNewCa, notified } = await newCertificatesTestbed();
      const { caCertificateId } = await registerNewCa();
      sut.updateCACertificate(caCertificateId, { newAutoRegistrationStatus: 'ENABLE' });
      assert.deepEqual(notified, []);
      sut.updateCACertificate(caCertificateId, { newStatus: 'INACTIVE' });
      const record = caCertificateStore.get(caCertificateId);
      assert.equal(record?.status, 'INACTIVE');
      assert.equal(record?.autoRegistrationStatus, 'ENABLE');
      assert.equal(record?.customerVersion, 3);
      assert.deepEqual(notified, [{ kind: 'ca', caCertificateId }]);
    });

    test('refuses other values (InvalidRequestException)', async () => {
      const { caCertificates: sut, registerNewCa } = await newCertificatesTestbed();
      const { caCertificateId } = await registerNewCa();
      assert.throws(
        () => sut.updateCACertificate(caCertificateId, { newStatus: 'REVOKED' }),
        rejectsAs('InvalidRequestException'),
      );
      assert.throws(
        () => sut.updateCACertificate(caCertificateId, { newAutoRegistrationStatus: 'yes' }),
        rejectsAs('InvalidRequestException'),
      );
    });

    test('registrationConfig can be replaced and removed', async () => {
      const { caCertificates: sut, registerNewCa } = await newCertificatesTestbed();
      const { caCertificateId } = await registerNewCa();
      sut.updateCACertificate(caCertificateId, { registrationConfig: { templateBody: '{}' } });
      assert.deepEqual(sut.describeCACertificate(caCertificateId).registrationConfig, { templateBody: '{}' });
      sut.updateCACertificate(caCertificateId, { removeAutoRegistration: true });
      assert.equal(sut.describeCACertificate(caCertificateId).registrationConfig, undefined);
    });
  });

  test('DeleteCACertificate: only an INACTIVE CA can be deleted', async () => {
    const { caCertificates: sut, caCertificateStore, registerNewCa, notified } = await newCertificatesTestbed();
    const { caCertificateId } = await registerNewCa({ setAsActive: true });
    assert.throws(() => sut.deleteCACertificate(caCertificateId), rejectsAs('CertificateStateException', /ACTIVE/));
    sut.updateCACertificate(caCertificateId, { newStatus: 'INACTIVE' });
    sut.deleteCACertificate(caCertificateId);
    assert.equal(caCertificateStore.get(caCertificateId), undefined);
    assert.equal(notified.length, 2);
    assert.throws(() => sut.deleteCACertificate(caCertificateId), rejectsAs('ResourceNotFoundException'));
  });
});
