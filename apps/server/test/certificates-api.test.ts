import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import type {
  CaCertificateList,
  CaCertificateSummary,
  CertificateList,
  CertificateSummary,
  DeviceCredentials,
} from '@meridian/contracts';
import type { InjectOptions } from 'fastify';
import { hashPassword } from '../src/auth/password.js';
import { UsersStore } from '../src/auth/users.store.js';
import { startTestPlatform, type TestPlatform } from './platform.fixture.js';

const VIEWER_PASSWORD = 'viewer-long-password';

describe('console certificates API', () => {
  let sut: TestPlatform;
  let cookie: string;
  let viewer: string;

  const inject = (options: InjectOptions) =>
    sut.platform.app.inject({ ...options, headers: { cookie, ...options.headers } });

  async function createDevice(deviceName: string): Promise<DeviceCredentials> {
    const response = await inject({ method: 'POST', url: '/api/certificates', payload: { deviceName } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  }

  const setStatus = (certificateId: string, status: string) =>
    inject({ method: 'PUT', url: `/api/certificates/${certificateId}/status`, payload: { status } });

  async function listed(certificateId: string): Promise<CertificateSummary | undefined> {
    const response = await inject({ method: 'GET', url: '/api/certificates' });
    return response.json<CertificateList>().certificates.find((c) => c.certificateId === certificateId);
  }

  before(async () => {
    sut = await startTestPlatform();
    cookie = await sut.login();
    new UsersStore(sut.platform.db).create({
      username: 'watcher',
      passwordHash: await hashPassword(VIEWER_PASSWORD),
      role: 'viewer',
    });
    const login = await sut.platform.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'watcher', password: VIEWER_PASSWORD },
    });
    const session = login.cookies.find((c) => c.name === 'meridian_session');
    assert.ok(session);
    viewer = `${session.name}=${session.value}`;
  });
  after(() => sut.close());

  test('the list shows status, common name and issuing CA', async () => {
    const device = await createDevice('listed-device');
    assert.deepEqual(await listed(device.certificateId), {
      certificateId: device.certificateId,
      deviceName: 'listed-device',
      commonName: 'listed-device',
      status: 'ACTIVE',
      createdAt: device.createdAt,
      notAfter: device.notAfter,
    });
    const ca = await createCertificateAuthority({ commonName: 'Listed CA' });
    const { certificateId: caCertificateId } = sut.platform.caCertificates.registerCACertificate({
      caCertificate: ca.certificatePem,
      certificateMode: 'SNI_ONLY',
      setAsActive: true,
    });
    const fromCa = await issueDeviceCertificate(ca, { commonName: 'ca-device' });
    await sut.platform.certificates.registerCertificate({ certificatePem: fromCa.certificatePem });
    const summary = await listed(fromCa.certificateId);
    assert.equal(summary?.caCertificateId, caCertificateId);
    assert.equal(summary?.status, 'INACTIVE');
    assert.equal(summary?.deviceName, undefined);
  });

  test('deactivate, activate and revoke; a revoked certificate cannot be reactivated (406)', async () => {
    const device = await createDevice('status-device');
    const deactivated = await setStatus(device.certificateId, 'INACTIVE');
    assert.equal(deactivated.statusCode, 200);
    assert.equal(deactivated.json<CertificateSummary>().status, 'INACTIVE');
    assert.equal((await setStatus(device.certificateId, 'ACTIVE')).json<CertificateSummary>().status, 'ACTIVE');
    assert.equal((await setStatus(device.certificateId, 'REVOKED')).statusCode, 200);
    const reactivate = await setStatus(device.certificateId, 'ACTIVE');
    assert.equal(reactivate.statusCode, 406);
    assert.equal(reactivate.json().code, 'CertificateStateException');
    assert.match(reactivate.json().message, /REVOKED/);
  });

  test('bad status, unknown and malformed ids get 400/404 with a message', async () => {
    const device = await createDevice('bad-input-device');
    const pending = await setStatus(device.certificateId, 'PENDING_ACTIVATION');
    assert.equal(pending.statusCode, 400);
    assert.match(pending.json().message, /status/);
    const unknown = await setStatus('c'.repeat(64), 'INACTIVE');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'ResourceNotFoundException');
    const malformed = await setStatus('not-an-id', 'INACTIVE');
    assert.equal(malformed.statusCode, 400);
    assert.equal((await listed(device.certificateId))?.status, 'ACTIVE');
  });

  test('an ACTIVE certificate cannot be deleted (406); an inactive one with policies only with forceDelete (409, 204)', async () => {
    const device = await createDevice('delete-device');
    const refused = await inject({ method: 'DELETE', url: `/api/certificates/${device.certificateId}` });
    assert.equal(refused.statusCode, 406);
    assert.match(refused.json().message, /deactivate or revoke it/);
    await setStatus(device.certificateId, 'INACTIVE');
    const attached = await inject({ method: 'DELETE', url: `/api/certificates/${device.certificateId}` });
    assert.equal(attached.statusCode, 409, 'the default device policy is still attached');
    assert.equal(attached.json().code, 'DeleteConflictException');
    const deleted = await inject({
      method: 'DELETE',
      url: `/api/certificates/${device.certificateId}?forceDelete=true`,
    });
    assert.equal(deleted.statusCode, 204);
    assert.equal(await listed(device.certificateId), undefined);
  });

  test('registering a CA: registration code, proof of possession, status and auto-registration, delete', async () => {
    const codeResponse = await inject({ method: 'GET', url: '/api/ca-certificates/registration-code' });
    assert.equal(codeResponse.statusCode, 200);
    const { registrationCode } = codeResponse.json<{ registrationCode: string }>();
    const ca = await createCertificateAuthority({ commonName: 'Console CA' });
    const wrong = await issueDeviceCertificate(ca, { commonName: 'wrong-code' });
    const refused = await inject({
      method: 'POST',
      url: '/api/ca-certificates',
      payload: { caCertificatePem: ca.certificatePem, verificationCertificatePem: wrong.certificatePem },
    });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'CertificateValidationException');

    const verification = await issueDeviceCertificate(ca, { commonName: registrationCode });
    const body = {
      caCertificatePem: ca.certificatePem,
      verificationCertificatePem: verification.certificatePem,
      setAsActive: true,
      allowAutoRegistration: true,
    };
    const registered = await inject({ method: 'POST', url: '/api/ca-certificates', payload: body });
    assert.equal(registered.statusCode, 201, registered.body);
    const summary = registered.json<CaCertificateSummary>();
    assert.equal(summary.commonName, 'Console CA');
    assert.equal(summary.status, 'ACTIVE');
    assert.equal(summary.autoRegistrationStatus, 'ENABLE');
    const again = await inject({ method: 'POST', url: '/api/ca-certificates', payload: body });
    assert.equal(again.statusCode, 409);

    const url = `/api/ca-certificates/${summary.caCertificateId}`;
    const activeDelete = await inject({ method: 'DELETE', url });
    assert.equal(activeDelete.statusCode, 406);
    const updated = await inject({
      method: 'PUT',
      url,
      payload: { status: 'INACTIVE', autoRegistrationStatus: 'DISABLE' },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.json<CaCertificateSummary>().status, 'INACTIVE');
    assert.equal(updated.json<CaCertificateSummary>().autoRegistrationStatus, 'DISABLE');
    const list = await inject({ method: 'GET', url: '/api/ca-certificates' });
    assert.ok(list.json<CaCertificateList>().caCertificates.some((c) => c.caCertificateId === summary.caCertificateId));
    assert.equal((await inject({ method: 'DELETE', url })).statusCode, 204);
    assert.equal((await inject({ method: 'PUT', url, payload: { status: 'ACTIVE' } })).statusCode, 404);
  });

  test('a viewer can list but change nothing', async () => {
    const device = await createDevice('viewer-target');
    const asViewer = (options: InjectOptions) => sut.platform.app.inject({ ...options, headers: { cookie: viewer } });
    assert.equal((await asViewer({ method: 'GET', url: '/api/certificates' })).statusCode, 200);
    assert.equal((await asViewer({ method: 'GET', url: '/api/ca-certificates' })).statusCode, 200);
    for (const request of [
      { method: 'PUT', url: `/api/certificates/${device.certificateId}/status`, payload: { status: 'REVOKED' } },
      { method: 'DELETE', url: `/api/certificates/${device.certificateId}` },
      { method: 'GET', url: '/api/ca-certificates/registration-code' },
      {
        method: 'POST',
        url: '/api/ca-certificates',
        payload: { caCertificatePem: 'x', verificationCertificatePem: 'y' },
      },
    ] as const) {
      assert.equal((await asViewer(request)).statusCode, 403, `${request.method} ${request.url}`);
    }
    assert.equal((await listed(device.certificateId))?.status, 'ACTIVE');
  });
});
