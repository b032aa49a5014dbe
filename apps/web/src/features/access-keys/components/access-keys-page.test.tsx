import type { AccessKeySummary, CreatedAccessKey } from '@meridian/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { AccessKeysPage } from './access-keys-page';

const firstKey: AccessKeySummary = {
  accessKeyId: 'AKIAFIRSTFIRSTFIRST2',
  owner: 'admin',
  description: 'Created on first start',
  status: 'Active',
  createdAt: '2026-01-01T08:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

const oldKey: AccessKeySummary = {
  accessKeyId: 'AKIAOLDOLDOLDOLDOLD2',
  owner: 'admin',
  description: '',
  status: 'Revoked',
  createdAt: '2025-12-01T08:00:00.000Z',
  lastUsedAt: '2025-12-02T08:00:00.000Z',
  revokedAt: '2025-12-03T08:00:00.000Z',
};

const created: CreatedAccessKey = {
  accessKeyId: 'AKIANEWNEWNEWNEWNEW2',
  owner: 'admin',
  description: 'deploy bot',
  status: 'Active',
  createdAt: '2026-02-01T08:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  secretAccessKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNl',
};

function stubAccessKeysApi() {
  const accessKeys: AccessKeySummary[] = [oldKey, firstKey];
  return stubFetch({
    'GET /api/access-keys': () => jsonResponse(200, { accessKeys }),
    'POST /api/access-keys': ({ body }) => {
      if ((body as { description: string }).description === 'fail') {
        return jsonResponse(500, { code: 'SERVER_ERR_INTERNAL', message: 'Internal server error' });
      }
      const { secretAccessKey: _secret, ...summary } = created;
      accessKeys.push(summary);
      return jsonResponse(201, created);
    },
    [`POST /api/access-keys/${firstKey.accessKeyId}/revoke`]: () => {
      const revoked = { ...firstKey, status: 'Revoked' as const, revokedAt: '2026-03-01T08:00:00.000Z' };
      accessKeys.splice(accessKeys.indexOf(firstKey), 1, revoked);
      return jsonResponse(200, revoked);
    },
  });
}

const rowOf = async (accessKeyId: string) => {
  const row = (await screen.findByText(accessKeyId, { selector: 'td code' })).closest('tr');
  if (!row) throw new Error(`no row for ${accessKeyId}`);
  return row;
};

describe(AccessKeysPage.name, () => {
  it('lists keys newest first with owner, status and last use; only active keys can be revoked', async () => {
    stubAccessKeysApi();
    renderWithProviders(<AccessKeysPage />, { route: '/access-keys' });

    expect(screen.getByRole('heading', { level: 1, name: 'Access keys' })).toBeTruthy();
    const first = await rowOf(firstKey.accessKeyId);
    const old = await rowOf(oldKey.accessKeyId);
    expect(first.compareDocumentPosition(old) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(first).getByText('Active')).toBeTruthy();
    expect(within(first).getByText('never')).toBeTruthy();
    expect(within(first).getByText('Created on first start')).toBeTruthy();
    expect(within(first).getByRole('button', { name: `Revoke ${firstKey.accessKeyId}` })).toBeTruthy();
    expect(within(old).getByText('Revoked')).toBeTruthy();
    expect(within(old).queryByRole('button')).toBeNull();
  });

  it('shows the new secret once with copy buttons, until Done', async () => {
    const { requests } = stubAccessKeysApi();
    const { user } = renderWithProviders(<AccessKeysPage />, { route: '/access-keys' });

    await user.type(screen.getByLabelText('Description (optional)'), '  deploy bot ');
    await user.click(screen.getByRole('button', { name: 'Create access key' }));

    const panel = await screen.findByRole('region', { name: 'New access key' });
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ description: 'deploy bot' });
    expect(within(panel).getByText(/secret access key is shown only once/i)).toBeTruthy();
    expect((within(panel).getByLabelText('Access key ID') as HTMLInputElement).value).toBe(created.accessKeyId);
    expect((within(panel).getByLabelText('Secret access key') as HTMLInputElement).value).toBe(created.secretAccessKey);

    await user.click(within(panel).getByRole('button', { name: 'Copy secret access key' }));
    expect(await navigator.clipboard.readText()).toBe(created.secretAccessKey);
    expect(within(panel).getByText('Copied')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Copy access key ID' }));
    expect(await navigator.clipboard.readText()).toBe(created.accessKeyId);

    // The list was refreshed with the new key, without its secret.
    const row = await rowOf(created.accessKeyId);
    expect(within(row).getByText('deploy bot')).toBeTruthy();
    expect((screen.getByLabelText('Description (optional)') as HTMLInputElement).value).toBe('');

    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'New access key' })).toBeNull();
    expect(document.body.innerHTML).not.toContain(created.secretAccessKey);
  });

  it('revokes a key after confirmation and shows it revoked', async () => {
    const { requests } = stubAccessKeysApi();
    // happy-dom has no `window.confirm`; the stub answers no, then yes (restored by `unstubGlobals`).
    const confirm = vi
      .fn((_message?: string) => false)
      .mockReturnValueOnce(false)
      .mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderWithProviders(<AccessKeysPage />, { route: '/access-keys' });
    const revokeButton = within(await rowOf(firstKey.accessKeyId)).getByRole('button', {
      name: `Revoke ${firstKey.accessKeyId}`,
    });

    await user.click(revokeButton);
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining(`Revoke ${firstKey.accessKeyId}?`));
    expect(requests.filter((r) => r.path.endsWith('/revoke'))).toEqual([]);

    await user.click(revokeButton);
    expect(await within(await rowOf(firstKey.accessKeyId)).findByText('Revoked')).toBeTruthy();
    expect(requests.filter((r) => r.path.endsWith('/revoke'))).toHaveLength(1);
    expect(within(await rowOf(firstKey.accessKeyId)).queryByRole('button')).toBeNull();
  });

  it("shows the server's error message when creating fails", async () => {
    stubAccessKeysApi();
    const { user } = renderWithProviders(<AccessKeysPage />, { route: '/access-keys' });
    await user.type(screen.getByLabelText('Description (optional)'), 'fail');
    await user.click(screen.getByRole('button', { name: 'Create access key' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Internal server error');
    expect(screen.queryByRole('region', { name: 'New access key' })).toBeNull();
  });

  it('tells a non-admin why the list is not shown', async () => {
    stubFetch({
      'GET /api/access-keys': () =>
        jsonResponse(403, { code: 'AUTH_ERR_FORBIDDEN', message: 'This action needs one of the roles: admin' }),
    });
    renderWithProviders(<AccessKeysPage />, { route: '/access-keys' });
    expect((await screen.findByRole('alert')).textContent).toBe('This action needs one of the roles: admin');
  });
});
