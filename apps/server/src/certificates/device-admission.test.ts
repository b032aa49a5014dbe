import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import { newCertificatesTestbed } from './certificates.testing.js';
import { DeviceAdmission } from './device-admission.js';
import { certificateRegisteredTopic } from './just-in-time-registration.js';

const der = (pem: string) => new X509Certificate(pem).raw;
const DAY_MS = 86_400_000;

describe(DeviceAdmission.name, () => {
  test('an ACTIVE certificate of the platform CA is admitted; INACTIVE and REVOKED are not', async () => {
    const { certificates, admission: sut } = await newCertificatesTestbed();
    const { certificateId, certificatePem } = await certificates.createKeysAndCertificate({ keyType: 'ec-p256' });
    assert.deepEqual(sut.admit(certificateId, der(certificatePem)), { ok: false, message: 'Certificate is INACTIVE' });
    certificates.updateCertificate(certificateId, 'ACTIVE');
    assert.deepEqual(sut.admit(certificateId, der(certificatePem)), { ok: true });
    certificates.updateCertificate(certificateId, 'REVOKED');
    assert.deepEqual(sut.check(certificateId), { ok: false, message: 'Certificate is REVOKED' });
  });

  test('an unregistered certificate is refused', async () => {
    const { admission: sut, platformCa } = await newCertificatesTestbed();
    const ghost = await issueDeviceCertificate(platformCa, { commonName: 'ghost' });
    assert.deepEqual(sut.admit(ghost.certificateId, der(ghost.certificatePem)), {
      ok: false,
      message: 'Certificate is not registered',
    });
    assert.deepEqual(sut.check(ghost.certificateId), { ok: false, message: 'Certificate is not registered' });
  });

  test('a certificate whose CA is not ACTIVE (or no longer registered) is refused', async () => {
    const { certificates, caCertificates, admission: sut, registerNewCa } = await newCertificatesTestbed();
    const { ca, caCertificateId } = await registerNewCa();
    const device = await issueDeviceCertificate(ca, { commonName: 'child' });
    await certificates.registerCertificate({ certificatePem: device.certificatePem, status: 'ACTIVE' });
    assert.deepEqual(sut.check(device.certificateId), { ok: true });
    caCertificates.updateCACertificate(caCertificateId, { newStatus: 'INACTIVE' });
    assert.deepEqual(sut.check(device.certificateId), {
      ok: false,
      message: 'The CA certificate that issued it is INACTIVE',
    });
    caCertificates.deleteCACertificate(caCertificateId);
    assert.deepEqual(sut.check(device.certificateId), {
      ok: false,
      message: 'The CA certificate that issued it is not registered',
    });
  });

  test('a certificate outside its validity period is refused', async () => {
    const { certificates, admission: sut, registerNewCa, setNow } = await newCertificatesTestbed();
    const { ca } = await registerNewCa();
    const device = await issueDeviceCertificate(ca, { commonName: 'short-lived', validityDays: 1 });
    await certificates.registerCertificate({ certificatePem: device.certificatePem, status: 'ACTIVE' });
    setNow(new Date(Date.now() + 2 * DAY_MS));
    assert.deepEqual(sut.check(device.certificateId), {
      ok: false,
      message: 'Certificate is outside its validity period',
    });
  });

  test('a registered-without-CA certificate is admitted when ACTIVE', async () => {
    const { certificates, admission: sut } = await newCertificatesTestbed();
    const selfIssued = await issueDeviceCertificate(await createCertificateAuthority(), { commonName: 'sni' });
    await certificates.registerCertificateWithoutCA({ certificatePem: selfIssued.certificatePem, status: 'ACTIVE' });
    assert.deepEqual(sut.admit(selfIssued.certificateId, der(selfIssued.certificatePem)), { ok: true });
  });

  describe('just-in-time registration', () => {
    test('an unknown certificate of an auto-registering CA is registered PENDING_ACTIVATION, refused, and announced', async () => {
      const { admission: sut, certificateStore, registerNewCa, published, now } = await newCertificatesTestbed();
      const { ca, caCertificateId } = await registerNewCa({ allowAutoRegistration: true });
      const device = await issueDeviceCertificate(ca, { commonName: 'first-contact' });
      const admitted = sut.admit(device.certificateId, der(device.certificatePem));
      assert.equal(admitted.ok, false);
      const record = certificateStore.get(device.certificateId);
      assert.equal(record?.status, 'PENDING_ACTIVATION');
      assert.equal(record?.caCertificateId, caCertificateId);
      assert.equal(published.length, 1);
      assert.equal(published[0]?.topic, `$aws/events/certificates/registered/${caCertificateId}`);
      assert.deepEqual(JSON.parse(published[0]?.payload ?? ''), {
        certificateId: device.certificateId,
        caCertificateId,
        timestamp: now.getTime(),
        certificateStatus: 'PENDING_ACTIVATION',
        awsAccountId: '123456789012',
        certificateRegistrationTimestamp: String(now.getTime()),
      });
    });

    test('each further attempt while pending publishes the event again, with the first registration time', async () => {
      const { admission: sut, registerNewCa, published, setNow, now } = await newCertificatesTestbed();
      const registeredAt = now.getTime();
      const { ca, caCertificateId } = await registerNewCa({ allowAutoRegistration: true });
      const device = await issueDeviceCertificate(ca, { commonName: 'retrying' });
      sut.admit(device.certificateId, der(device.certificatePem));
      setNow(new Date(registeredAt + 5000));
      assert.equal(sut.admit(device.certificateId, der(device.certificatePem)).ok, false);
      assert.equal(published.length, 2);
      const second = JSON.parse(published[1]?.payload ?? '');
      assert.equal(published[1]?.topic, certificateRegisteredTopic(caCertificateId));
      assert.equal(second.timestamp, registeredAt + 5000);
      assert.equal(second.certificateRegistrationTimestamp, String(registeredAt));
    });

    test('nothing is registered when the CA does not auto-register or is INACTIVE', async () => {
      const { admission: sut, certificateStore, registerNewCa, published } = await newCertificatesTestbed();
      const manual = await registerNewCa({ commonName: 'Manual CA', allowAutoRegistration: false });
      const dormant = await registerNewCa({
        commonName: 'Dormant CA',
        allowAutoRegistration: true,
        setAsActive: false,
      });
      for (const { ca } of [manual, dormant]) {
        const device = await issueDeviceCertificate(ca, { commonName: 'knock' });
        assert.deepEqual(sut.admit(device.certificateId, der(device.certificatePem)), {
          ok: false,
          message: 'Certificate is not registered',
        });
        assert.equal(certificateStore.get(device.certificateId), undefined);
      }
      assert.deepEqual(published, []);
    });

    test('check() never registers or announces', async () => {
      const { admission: sut, certificateStore, registerNewCa, published } = await newCertificatesTestbed();
      const { ca } = await registerNewCa({ allowAutoRegistration: true });
      const device = await issueDeviceCertificate(ca, { commonName: 'quiet' });
      sut.admit(device.certificateId, der(device.certificatePem));
      sut.check(device.certificateId);
      assert.equal(published.length, 1);
      assert.equal(certificateStore.list().length, 1);
    });

    test('once activated, the certificate is admitted', async () => {
      const { admission: sut, certificates, registerNewCa } = await newCertificatesTestbed();
      const { ca } = await registerNewCa({ allowAutoRegistration: true });
      const device = await issueDeviceCertificate(ca, { commonName: 'activated' });
      sut.admit(device.certificateId, der(device.certificatePem));
      certificates.updateCertificate(device.certificateId, 'ACTIVE');
      assert.deepEqual(sut.admit(device.certificateId, der(device.certificatePem)), { ok: true });
    });
  });
});
