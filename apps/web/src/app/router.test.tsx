import { act, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyResponse, jsonResponse, stubFetch } from '../testing/fetch-stub';
import { renderWithProviders } from '../testing/render';
import { AppRoutes } from './router';

/** Stands in for the browser WebSocket the shell opens; never connects. */
class IdleWebSocket {
  static readonly instances: IdleWebSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    IdleWebSocket.instances.push(this);
  }
  send(): void {}
  close(): void {
    this.closed = true;
  }
}

const unauthorized = () => jsonResponse(401, { code: 'AUTH_ERR_NO_SESSION', message: 'Not signed in.' });

describe(AppRoutes.name, () => {
  beforeEach(() => {
    IdleWebSocket.instances.length = 0;
    vi.stubGlobal('WebSocket', IdleWebSocket);
  });

  it('sends a visitor without a session to the login page and back after signing in', async () => {
    let signedIn = false;
    stubFetch({
      'GET /api/auth/me': () => (signedIn ? jsonResponse(200, { username: 'alice', role: 'admin' }) : unauthorized()),
      'POST /api/auth/login': () => {
        signedIn = true;
        return jsonResponse(200, { username: 'alice', role: 'admin' });
      },
      'GET /api/certificates': () => jsonResponse(200, { certificates: [] }),
    });
    const { user } = renderWithProviders(<AppRoutes />, { route: '/certificates' });

    await screen.findByRole('button', { name: 'Sign in' });
    expect(IdleWebSocket.instances).toHaveLength(0); // no live socket before login
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Certificates' })).toBeTruthy();
    expect(IdleWebSocket.instances.at(-1)?.url).toMatch(/^ws:\/\/.+\/api\/live$/);
  });

  it('renders the shell: main navigation, the session and sign-out', async () => {
    const { requests } = stubFetch({
      'GET /api/auth/me': () => jsonResponse(200, { username: 'alice', role: 'operator' }),
      'POST /api/auth/logout': () => emptyResponse(204),
    });
    const { user } = renderWithProviders(<AppRoutes />, { route: '/' });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Fleet', 'Things', 'Certificates', 'Policies', 'Rules', 'Live']);
    // `/` opens the Live page.
    expect(await screen.findByRole('heading', { level: 1, name: 'Live' })).toBeTruthy();
    expect(screen.getByText('alice')).toBeTruthy();
    expect(screen.getByText('operator')).toBeTruthy();

    await user.click(within(nav).getByRole('link', { name: 'Rules' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Rules' })).toBeTruthy();
    // The rule builder (with its SQL editor) is loaded when first opened.
    await user.click(screen.getByRole('link', { name: 'New rule' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'New rule' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'SQL statement' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/auth/logout')).toBe(true);
    expect(IdleWebSocket.instances.every((socket) => socket.closed)).toBe(true);
  });

  it('shows the admin-only Access keys page in the navigation of admins', async () => {
    stubFetch({
      'GET /api/auth/me': () => jsonResponse(200, { username: 'alice', role: 'admin' }),
      'GET /api/access-keys': () => jsonResponse(200, { accessKeys: [] }),
    });
    const { user } = renderWithProviders(<AppRoutes />, { route: '/live' });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(await within(nav).findByRole('link', { name: 'Access keys' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Access keys' })).toBeTruthy();
    expect(await screen.findByText('No access keys yet.')).toBeTruthy();
  });

  it('takes an end user to My devices from any console page, with only My devices in the navigation', async () => {
    stubFetch({
      'GET /api/auth/me': () => jsonResponse(200, { username: 'erin', role: 'end-user' }),
      'GET /api/my/devices': () => jsonResponse(200, { devices: [] }),
      'GET /api/my/settings': () => jsonResponse(200, { confirmTimeoutMs: 10000 }),
    });
    renderWithProviders(<AppRoutes />, { route: '/things' });

    expect(await screen.findByRole('heading', { level: 1, name: 'My devices' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['My devices']);
  });

  it('signs up with an invitation link and lands an end user on My devices', async () => {
    const { requests } = stubFetch({
      'POST /api/auth/signup': () => jsonResponse(201, { username: 'erin', role: 'end-user' }),
      'GET /api/my/devices': () => jsonResponse(200, { devices: [] }),
      'GET /api/my/settings': () => jsonResponse(200, { confirmTimeoutMs: 10000 }),
    });
    const { user } = renderWithProviders(<AppRoutes />, { route: '/signup?token=t0k3n' });

    await user.type(await screen.findByLabelText('Username'), 'erin');
    await user.type(screen.getByLabelText('Password'), 'long-enough-password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My devices' })).toBeTruthy();
    expect(requests.find((r) => r.path === '/api/auth/signup')?.body).toEqual({
      token: 't0k3n',
      username: 'erin',
      password: 'long-enough-password',
    });
  });

  it('serves the Things page and each thing at /things/:thingName', async () => {
    stubFetch({
      'GET /api/auth/me': () => jsonResponse(200, { username: 'alice', role: 'operator' }),
      'GET /api/thing-types': () => jsonResponse(200, { thingTypes: [] }),
      'GET /api/things': () => jsonResponse(200, { things: [{ thingName: 'desk-lamp', attributes: {}, version: 1 }] }),
      'GET /api/things/desk-lamp': () =>
        jsonResponse(404, { code: 'ResourceNotFoundException', message: 'Thing desk-lamp does not exist' }),
    });
    const { user } = renderWithProviders(<AppRoutes />, { route: '/things' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Things' })).toBeTruthy();
    await user.click(await screen.findByRole('link', { name: 'desk-lamp' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'desk-lamp' })).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toBe('There is no thing named desk-lamp.');
  });

  it('goes to the login page when any API call answers 401', async () => {
    let sessionValid = true;
    stubFetch({
      'GET /api/auth/me': () =>
        sessionValid ? jsonResponse(200, { username: 'alice', role: 'admin' }) : unauthorized(),
      'GET /api/certificates': () => unauthorized(),
    });
    renderWithProviders(<AppRoutes />, { route: '/certificates' });
    sessionValid = false;

    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('re-checks the session when the live socket is refused with 4401, and goes to login if it is gone', async () => {
    let sessionValid = true;
    stubFetch({
      'GET /api/auth/me': () =>
        sessionValid ? jsonResponse(200, { username: 'alice', role: 'admin' }) : unauthorized(),
    });
    renderWithProviders(<AppRoutes />, { route: '/live' });
    await screen.findByRole('heading', { level: 1, name: 'Live' });

    sessionValid = false;
    const socket = IdleWebSocket.instances.at(-1);
    act(() => socket?.onclose?.({ code: 4401, reason: 'not logged in' }));

    await screen.findByRole('button', { name: 'Sign in' });
  });
});
