import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setUnauthorizedHandler } from '../../../lib/api-client';
import { jsonResponse, stubFetch } from '../../../testing/fetch-stub';
import { renderWithProviders } from '../../../testing/render';
import { authQueries } from '../api/auth-queries';
import { LoginPage } from './login-page';

function renderLogin(route: Parameters<typeof renderWithProviders>[1] = { route: '/login' }) {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/live" element={<h1>Live page</h1>} />
      <Route path="/certificates" element={<h1>Certificates page</h1>} />
    </Routes>,
    route,
  );
}

describe(LoginPage.name, () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it("shows the server's message in an alert on 401, without the session redirect", async () => {
    const onUnauthorized = vi.fn();
    restore = setUnauthorizedHandler(onUnauthorized);
    const { requests } = stubFetch({
      'POST /api/auth/login': () =>
        jsonResponse(401, { code: 'AUTH_ERR_INVALID_CREDENTIALS', message: 'Invalid username or password.' }),
    });
    const { user } = renderLogin();

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Invalid username or password.');
    expect(requests).toEqual([
      { method: 'POST', path: '/api/auth/login', body: { username: 'alice', password: 'wrong' } },
    ]);
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(screen.queryByRole('heading', { name: 'Live page' })).toBeNull();
  });

  it('goes to /live after signing in and caches the session user', async () => {
    stubFetch({ 'POST /api/auth/login': () => jsonResponse(200, { username: 'alice', role: 'admin' }) });
    const { user, queryClient } = renderLogin();

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { name: 'Live page' });
    expect(queryClient.getQueryData(authQueries.me().queryKey)).toEqual({ username: 'alice', role: 'admin' });
  });

  it('returns to the page the user came from', async () => {
    stubFetch({ 'POST /api/auth/login': () => jsonResponse(200, { username: 'bob', role: 'operator' }) });
    const { user } = renderLogin({ route: { pathname: '/login', state: { from: '/certificates' } } });

    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { name: 'Certificates page' });
  });
});
