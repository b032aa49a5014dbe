import type { UserSummary } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyResponse, jsonResponse, type StubRequest, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { UsersPage } from './users-page';

const users: UserSummary[] = [
  { username: 'admin', role: 'admin', disabled: false, createdAt: '2026-01-01T00:00:00Z', deviceCount: 0 },
  { username: 'erin', role: 'end-user', disabled: false, createdAt: '2026-01-02T00:00:00Z', deviceCount: 1 },
];

function renderPage() {
  const { requests } = stubFetch({
    'GET /api/users': () => jsonResponse(200, { users }),
    'GET /api/invitations': () => jsonResponse(200, { invitations: [] }),
    'GET /api/device-assignments': () =>
      jsonResponse(200, {
        assignments: [{ thingName: 'lamp-1', username: 'erin', assignedAt: '2026-01-03T00:00:00Z' }],
      }),
    'POST /api/invitations': () =>
      jsonResponse(201, {
        id: 1,
        role: 'end-user',
        createdBy: 'admin',
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-01-04T00:00:00Z',
        token: 'tok',
        signupPath: '/signup?token=tok',
      }),
    'PUT /api/device-assignments/fan-2': (request: StubRequest) =>
      jsonResponse(200, { thingName: 'fan-2', ...(request.body as object), assignedAt: '2026-01-05T00:00:00Z' }),
    'PATCH /api/users/erin': () => jsonResponse(200, { ...users[1], disabled: true }),
    'POST /api/claim-codes': () =>
      jsonResponse(201, { thingName: 'fan-2', code: '7KQ2-M9XD-4RWE', expiresAt: '2026-01-08T00:00:00Z' }),
    'DELETE /api/device-assignments/lamp-1': () => emptyResponse(204),
  });
  return { ...renderWithProviders(<UsersPage />, { route: '/users' }), requests };
}

describe(UsersPage.name, () => {
  it('lists accounts with their role, state and devices', async () => {
    renderPage();
    const accounts = await screen.findByRole('region', { name: 'Accounts' });
    const row = (await within(accounts).findByText('erin', { selector: 'td' })).closest('tr');
    expect(row).not.toBeNull();
    expect(within(row as HTMLElement).getByText('end-user')).toBeTruthy();
    expect(within(row as HTMLElement).getByText('Active')).toBeTruthy();
    expect(within(row as HTMLElement).getByText('1')).toBeTruthy();
  });

  it('creates an invitation and shows its link once', async () => {
    const { user } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create invitation' }));
    const link = (await screen.findByLabelText(/Invitation link/)) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/signup?token=tok`);
  });

  it('assigns a device to an end user, unassigns one, disables an account and makes a claim code', async () => {
    const { user, requests } = renderPage();
    await user.type(await screen.findByLabelText('Thing name'), 'fan-2');
    await screen.findByRole('option', { name: 'erin' });
    await user.selectOptions(screen.getByLabelText('End user'), 'erin');
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    await user.click(await screen.findByRole('button', { name: 'Unassign lamp-1' }));
    await user.click(screen.getByRole('button', { name: 'Disable erin' }));
    await user.type(screen.getByLabelText('Claim code for thing'), 'fan-2');
    await user.click(screen.getByRole('button', { name: 'Generate claim code' }));

    expect(await screen.findByText('7KQ2-M9XD-4RWE')).toBeTruthy();
    const writes = requests.filter((request) => request.method !== 'GET');
    expect(writes).toEqual([
      { method: 'PUT', path: '/api/device-assignments/fan-2', body: { username: 'erin' } },
      { method: 'DELETE', path: '/api/device-assignments/lamp-1', body: undefined },
      { method: 'PATCH', path: '/api/users/erin', body: { disabled: true } },
      { method: 'POST', path: '/api/claim-codes', body: { thingName: 'fan-2' } },
    ]);
  });
});
