import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { RegisterCaForm } from './register-ca-form';

const REGISTRATION_CODE = '0f'.repeat(32);
const CA_PEM = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
const VERIFICATION_PEM = '-----BEGIN CERTIFICATE-----\nVERIFY\n-----END CERTIFICATE-----\n';

function stubApi() {
  return stubFetch({
    'GET /api/ca-certificates/registration-code': () => jsonResponse(200, { registrationCode: REGISTRATION_CODE }),
    'GET /api/ca-certificates': () => jsonResponse(200, { caCertificates: [] }),
    'POST /api/ca-certificates': ({ body }) => {
      const { verificationCertificatePem } = body as { verificationCertificatePem: string };
      if (verificationCertificatePem.includes('WRONG')) {
        return jsonResponse(400, {
          code: 'CertificateValidationException',
          message: 'verificationCertificate must have the registration code as its subject common name (CN)',
        });
      }
      return jsonResponse(201, {
        caCertificateId: 'aa'.repeat(32),
        commonName: 'Fleet CA',
        status: 'ACTIVE',
        autoRegistrationStatus: 'ENABLE',
        createdAt: '2026-01-01T00:00:00.000Z',
        notAfter: '2036-01-01T00:00:00.000Z',
      });
    },
  });
}

describe(RegisterCaForm.name, () => {
  it('shows the registration code and registers a CA with its verification certificate', async () => {
    const { requests } = stubApi();
    const { user } = renderWithProviders(<RegisterCaForm />);

    expect((await screen.findByTestId('registration-code')).textContent).toBe(REGISTRATION_CODE);
    await user.click(screen.getByLabelText('CA certificate PEM'));
    await user.paste(CA_PEM);
    await user.click(screen.getByLabelText('Verification certificate PEM'));
    await user.paste(VERIFICATION_PEM);
    await user.click(screen.getByLabelText('Allow auto-registration of its device certificates'));
    await user.click(screen.getByRole('button', { name: 'Register CA' }));

    expect((await screen.findByRole('status')).textContent).toBe('Registered CA Fleet CA.');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      caCertificatePem: CA_PEM,
      verificationCertificatePem: VERIFICATION_PEM,
      setAsActive: true,
      allowAutoRegistration: true,
    });
    expect((screen.getByLabelText('CA certificate PEM') as HTMLTextAreaElement).value).toBe('');
  });

  it('asks for PEM text before calling the server', async () => {
    const { requests } = stubApi();
    const { user } = renderWithProviders(<RegisterCaForm />);

    await user.click(screen.getByRole('button', { name: 'Register CA' }));

    expect(screen.getByRole('alert').textContent).toBe('Paste the CA certificate in PEM format.');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it("shows the server's reason when the proof of possession is refused", async () => {
    stubApi();
    const { user } = renderWithProviders(<RegisterCaForm />);

    await user.click(screen.getByLabelText('CA certificate PEM'));
    await user.paste(CA_PEM);
    await user.click(screen.getByLabelText('Verification certificate PEM'));
    await user.paste(VERIFICATION_PEM.replace('VERIFY', 'WRONG'));
    await user.click(screen.getByRole('button', { name: 'Register CA' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/registration code as its subject common name/);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
