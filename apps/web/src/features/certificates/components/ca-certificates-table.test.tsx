import type { CaCertificateSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { CaCertificatesTable } from './ca-certificates-table';

const CA_ID = 'e5'.repeat(32);

const fleetCa: CaCertificateSummary = {
  caCertificateId: CA_ID,
  commonName: 'Fleet CA',
  status: 'ACTIVE',
  autoRegistrationStatus: 'DISABLE',
  createdAt: '2026-02-01T00:00:00.000Z',
  notAfter: '2036-02-01T00:00:00.000Z',
};

function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

function stubApi() {
  let ca: CaCertificateSummary | undefined = fleetCa;
  return stubFetch({
    'GET /api/ca-certificates': () => jsonResponse(200, { caCertificates: ca ? [ca] : [] }),
    [`PUT /api/ca-certificates/${CA_ID}`]: ({ body }) => {
      ca = { ...fleetCa, ...(ca ?? {}), ...(body as Partial<CaCertificateSummary>) };
      return jsonResponse(200, ca);
    },
    [`DELETE /api/ca-certificates/${CA_ID}`]: () => {
      ca = undefined;
      return emptyResponse(204);
    },
    'GET /api/certificates': () => jsonResponse(200, { certificates: [] }),
  });
}

describe(CaCertificatesTable.name, () => {
  it('lists registered CAs with status and auto-registration', async () => {
    stubApi();
    renderWithProviders(<CaCertificatesTable />);
    const row = (await screen.findByTitle(CA_ID)).closest('tr');
    if (!row) throw new Error('no row');
    expect(
      within(row)
        .getAllByRole('cell')
        .slice(0, 3)
        .map((cell) => cell.textContent),
    ).toEqual(['Fleet CA', 'ACTIVE', 'Disabled']);
  });

  it('deactivating asks for confirmation; then the CA can be deleted', async () => {
    const { requests } = stubApi();
    const confirm = stubConfirm(true);
    const { user } = renderWithProviders(<CaCertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Deactivate CA Fleet CA' }));
    expect(confirm.mock.calls[0]?.[0]).toMatch(/Devices with certificates it issued are disconnected at once/);
    expect(await screen.findByText('INACTIVE')).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ status: 'INACTIVE' });

    await user.click(await screen.findByRole('button', { name: 'Delete CA Fleet CA' }));
    expect(await screen.findByText(/No CA is registered/)).toBeTruthy();
  });

  it('turns auto-registration on without a confirmation', async () => {
    const { requests } = stubApi();
    const confirm = stubConfirm(false);
    const { user } = renderWithProviders(<CaCertificatesTable />);

    await user.click(await screen.findByRole('button', { name: 'Enable auto-registration for CA Fleet CA' }));

    expect(await screen.findByText('Enabled')).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ autoRegistrationStatus: 'ENABLE' });
    expect(confirm).not.toHaveBeenCalled();
  });
});
