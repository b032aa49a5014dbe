import type { CertificateSummary, DeviceCredentials } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { CertificatesPage } from './certificates-page';

const existing: CertificateSummary = {
  certificateId: 'aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44',
  deviceName: 'old-device',
  status: 'ACTIVE',
  createdAt: '2026-01-01T08:00:00.000Z',
  notAfter: '2027-01-01T08:00:00.000Z',
};

const created: DeviceCredentials = {
  certificateId: 'ff00ee11dd22cc33bb44aa55ff00ee11dd22cc33bb44aa55ff00ee11dd22cc33',
  deviceName: 'thermostat-42',
  status: 'ACTIVE',
  createdAt: '2026-02-01T08:00:00.000Z',
  notAfter: '2027-02-01T08:00:00.000Z',
  certificatePem: '-----BEGIN CERTIFICATE-----\nDEVICE\n-----END CERTIFICATE-----\n',
  privateKeyPem: '-----BEGIN PRIVATE KEY-----\nSECRET\n-----END PRIVATE KEY-----\n',
  caCertificatePem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
};

function stubCertificatesApi() {
  const certificates: CertificateSummary[] = [existing];
  return stubFetch({
    'GET /api/ca-certificates': () => jsonResponse(200, { caCertificates: [] }),
    'GET /api/ca-certificates/registration-code': () => jsonResponse(200, { registrationCode: 'ab'.repeat(32) }),
    'GET /api/certificates': () => jsonResponse(200, { certificates }),
    'POST /api/certificates': ({ body }) => {
      const { deviceName } = body as { deviceName: string };
      if (deviceName === 'taken')
        return jsonResponse(409, { code: 'CERTS_ERR_EXISTS', message: 'Device taken exists.' });
      const { certificatePem: _c, privateKeyPem: _k, caCertificatePem: _ca, ...summary } = created;
      certificates.push(summary);
      return jsonResponse(201, created);
    },
  });
}

const createForm = () => screen.getByRole('form', { name: 'New device certificate' });

describe(CertificatesPage.name, () => {
  it('lists certificates with a shortened id and the full id in the title', async () => {
    stubCertificatesApi();
    renderWithProviders(<CertificatesPage />, { route: '/certificates' });

    expect(screen.getByRole('heading', { level: 1, name: 'Certificates' })).toBeTruthy();
    const row = (await screen.findByRole('cell', { name: 'old-device' })).closest('tr');
    if (!row) throw new Error('no row');
    const id = within(row).getByTitle(existing.certificateId);
    expect(id.textContent).toBe('aa11bb22cc33…');
    expect(within(row).getByText('ACTIVE')).toBeTruthy();
  });

  it('shows the one-time credentials panel after creating a certificate, until Done', async () => {
    const { requests } = stubCertificatesApi();
    const { user } = renderWithProviders(<CertificatesPage />, { route: '/certificates' });

    await user.type(screen.getByLabelText('Device name'), 'thermostat-42');
    await user.click(screen.getByRole('button', { name: 'Create certificate' }));

    const panel = await screen.findByRole('region', { name: 'New device credentials' });
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ deviceName: 'thermostat-42' });
    expect(within(panel).getByText(/private key is shown only once/i)).toBeTruthy();
    expect(within(panel).getByTestId('certificate-id').textContent).toBe(created.certificateId);
    expect((within(panel).getByLabelText('Certificate PEM') as HTMLTextAreaElement).value).toBe(created.certificatePem);
    expect((within(panel).getByLabelText('Private key PEM') as HTMLTextAreaElement).value).toBe(created.privateKeyPem);
    expect((within(panel).getByLabelText('CA certificate PEM') as HTMLTextAreaElement).value).toBe(
      created.caCertificatePem,
    );
    for (const [name, file] of [
      ['Download certificate', 'thermostat-42.cert.pem'],
      ['Download private key', 'thermostat-42.private.key'],
      ['Download CA certificate', 'root-ca.pem'],
    ] as const) {
      const link = await within(panel).findByRole('link', { name });
      expect(link.getAttribute('href')).toMatch(/^blob:/);
      expect(link.getAttribute('download')).toBe(file);
    }
    // The list was refreshed with the new certificate.
    expect(await screen.findByRole('cell', { name: 'thermostat-42' })).toBeTruthy();
    expect((screen.getByLabelText('Device name') as HTMLInputElement).value).toBe('');

    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'New device credentials' })).toBeNull();
  });

  it('checks the device name before calling the server', async () => {
    const { requests } = stubCertificatesApi();
    const { user } = renderWithProviders(<CertificatesPage />, { route: '/certificates' });

    await user.type(screen.getByLabelText('Device name'), 'my device');
    await user.click(screen.getByRole('button', { name: 'Create certificate' }));

    expect(within(createForm()).getByRole('alert').textContent).toContain('letters, digits');
    expect(screen.getByLabelText('Device name').getAttribute('aria-invalid')).toBe('true');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it("shows the server's error message", async () => {
    stubCertificatesApi();
    const { user } = renderWithProviders(<CertificatesPage />, { route: '/certificates' });

    await user.type(screen.getByLabelText('Device name'), 'taken');
    await user.click(screen.getByRole('button', { name: 'Create certificate' }));

    expect((await within(createForm()).findByRole('alert')).textContent).toBe('Device taken exists.');
    expect(screen.queryByRole('region', { name: 'New device credentials' })).toBeNull();
  });
});
