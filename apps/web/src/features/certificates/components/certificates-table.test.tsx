import type { CertificateStatus, CertificateSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { CertificatesTable } from './certificates-table';

const ACTIVE_ID = 'a1'.repeat(32);
const REVOKED_ID = 'b2'.repeat(32);
const CA_ID = 'c3'.repeat(32);

function certificate(certificateId: string, status: CertificateStatus, extra: Partial<CertificateSummary> = {}) {
  return {
    certificateId,
    status,
    createdAt: '2026-03-01T08:00:00.000Z',
    notAfter: '2027-03-01T08:00:00.000Z',
    ...extra,
  } satisfies CertificateSummary;
}

/** happy-dom has no `window.confirm`; the stub answers the dialog (restored by `unstubGlobals`). */
function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

function stubApi(initial: CertificateSummary[]) {
  let certificates = initial;
  return stubFetch({
    'GET /api/certificates': () => jsonResponse(200, { certificates }),
    [`PUT /api/certificates/${ACTIVE_ID}/status`]: ({ body }) => {
      const { status } = body as { status: CertificateStatus };
      certificates = certificates.map((c) => (c.certificateId === ACTIVE_ID ? { ...c, status } : c));
      return jsonResponse(
        200,
        certificates.find((c) => c.certificateId === ACTIVE_ID),
      );
    },
    [`DELETE /api/certificates/${REVOKED_ID}?forceDelete=true`]: () => {
      certificates = certificates.filter((c) => c.certificateId !== REVOKED_ID);
      return emptyResponse(204);
    },
    [`DELETE /api/certificates/${ACTIVE_ID}?forceDelete=true`]: () =>
      jsonResponse(406, {
        code: 'CertificateStateException',
        message: `Certificate ${ACTIVE_ID} is ACTIVE; deactivate or revoke it before deleting it`,
      }),
  });
}

const rowOf = async (name: string) => {
  const cell = await screen.findByRole('cell', { name });
  const row = cell.closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe(CertificatesTable.name, () => {
  it('shows a status badge, the issuing CA, and names certificates by device name or subject CN', async () => {
    stubApi([
      certificate(ACTIVE_ID, 'ACTIVE', { deviceName: 'thermostat-1', commonName: 'thermostat-1' }),
      certificate(REVOKED_ID, 'PENDING_ACTIVATION', { commonName: 'jitr-device', caCertificateId: CA_ID }),
    ]);
    renderWithProviders(<CertificatesTable />);

    const pending = await rowOf('jitr-device');
    expect(within(pending).getByText('PENDING_ACTIVATION').className).toBe('badge badge--pending_activation');
    expect(within(pending).getByTitle(CA_ID).textContent).toBe('CA c3c3c3c3c3c3…');
    const active = await rowOf('thermostat-1');
    expect(within(active).getByText('ACTIVE').className).toBe('badge badge--active');
    expect(within(active).getByText('platform / none')).toBeTruthy();
  });

  it('offers the actions that fit each status', async () => {
    stubApi([
      certificate(ACTIVE_ID, 'ACTIVE', { commonName: 'live' }),
      certificate(REVOKED_ID, 'REVOKED', { commonName: 'dead' }),
      certificate('d4'.repeat(32), 'INACTIVE', { commonName: 'idle' }),
    ]);
    renderWithProviders(<CertificatesTable />);
    const buttons = async (name: string) =>
      within(await rowOf(name))
        .getAllByRole('button')
        .map((button) => button.textContent);
    expect(await buttons('live')).toEqual(['Deactivate', 'Revoke']);
    expect(await buttons('dead')).toEqual(['Delete']);
    expect(await buttons('idle')).toEqual(['Activate', 'Revoke', 'Delete']);
  });

  it('revoking asks for confirmation, sends REVOKED and shows the new status', async () => {
    const { requests } = stubApi([certificate(ACTIVE_ID, 'ACTIVE', { deviceName: 'pump-7' })]);
    const confirm = stubConfirm(true);
    const { user } = renderWithProviders(<CertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Revoke pump-7' }));

    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0]?.[0]).toMatch(
      /Revoke the certificate of pump-7\? .*disconnected at once.*never be activated again/,
    );
    expect(await screen.findByText('REVOKED')).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')).toEqual({
      method: 'PUT',
      path: `/api/certificates/${ACTIVE_ID}/status`,
      body: { status: 'REVOKED' },
    });
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    const { requests } = stubApi([certificate(ACTIVE_ID, 'ACTIVE', { deviceName: 'pump-7' })]);
    stubConfirm(false);
    const { user } = renderWithProviders(<CertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Deactivate pump-7' }));

    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(screen.getByText('ACTIVE')).toBeTruthy();
  });

  it('deletes after confirmation and the row disappears', async () => {
    stubApi([certificate(REVOKED_ID, 'REVOKED', { commonName: 'retired' })]);
    stubConfirm(true);
    const { user } = renderWithProviders(<CertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Delete retired' }));

    expect(await screen.findByText(/No certificates yet/)).toBeTruthy();
  });

  it("shows the server's refusal", async () => {
    stubFetch({
      'GET /api/certificates': () =>
        jsonResponse(200, { certificates: [certificate(ACTIVE_ID, 'ACTIVE', { commonName: 'x' })] }),
      [`PUT /api/certificates/${ACTIVE_ID}/status`]: () =>
        jsonResponse(403, {
          code: 'AUTH_ERR_FORBIDDEN',
          message: 'This action needs one of the roles: admin, operator',
        }),
    });
    stubConfirm(true);
    const { user } = renderWithProviders(<CertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Deactivate x' }));

    expect((await screen.findByRole('alert')).textContent).toBe('This action needs one of the roles: admin, operator');
  });
});
