import type { Simulator } from '@meridian/sim';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { E2E_ADMIN_PASSWORD } from '../support/global-setup.js';
import { startSimulatedDevices } from '../support/simulator.js';

const PASSWORD = 'end-user-password';

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  // A phone-sized window: the page is meant for end users' phones.
  const context = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 390, height: 844 },
  });
  return { context, page: await context.newPage() };
}

test.describe('end users', () => {
  let simulator: Simulator | undefined;
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await simulator?.close();
  });

  test('end user flips a lamp switch: pending, then confirmed; offline it is not confirmed; another end user cannot see or change it', async ({
    browser,
    request,
    platform,
  }) => {
    // Two browser contexts, a device and a 3 s confirmation timeout: more than the default 30 s on a busy machine.
    test.setTimeout(60_000);
    const suffix = Date.now().toString(36);
    const lamp = `e2e-lamp-${suffix}`;
    const alice = `alice-${suffix}`;
    const bob = `bob-${suffix}`;
    const lampType = `E2eLamp-${suffix}`;

    simulator = await startSimulatedDevices(platform, [lamp], {
      initialReported: { lamp: false, mode: 'eco' },
      reportDelayMs: 500,
    });
    const device = simulator.device(lamp);

    // The admin creates Alice's account and gives her the lamp; Bob gets an invitation link.
    expect(
      (await request.post('/api/auth/login', { data: { username: 'admin', password: E2E_ADMIN_PASSWORD } })).ok(),
    ).toBe(true);
    // The lamp's type says how to show its `mode`: a select of the type's values.
    expect((await request.post('/api/thing-types', { data: { thingTypeName: lampType } })).status()).toBe(201);
    const hinted = await request.put(`/api/thing-types/${lampType}/control-hints`, {
      data: { hints: { mode: 'enum:eco,boost' } },
    });
    expect(hinted.status()).toBe(200);
    expect((await request.patch(`/api/things/${lamp}`, { data: { thingTypeName: lampType } })).status()).toBe(204);
    const created = await request.post('/api/users', {
      data: { username: alice, password: PASSWORD, role: 'end-user' },
    });
    expect(created.status()).toBe(201);
    expect((await request.put(`/api/device-assignments/${lamp}`, { data: { username: alice } })).status()).toBe(200);
    const invitation = await request.post('/api/invitations', { data: {} });
    const { signupPath } = (await invitation.json()) as { signupPath: string };

    // Alice signs in on her phone and lands on My devices.
    const a = await newPage(browser);
    contexts.push(a.context);
    await a.page.goto('/login');
    await a.page.getByLabel('Username').fill(alice);
    await a.page.getByLabel('Password').fill(PASSWORD);
    await a.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(a.page.getByRole('heading', { level: 1, name: 'My devices' })).toBeVisible();
    await expect(a.page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['My devices']);

    const card = a.page.getByRole('article', { name: lamp });
    const lampSwitch = card.getByRole('switch', { name: 'lamp' });
    await expect(card.getByText('Online')).toBeVisible();
    await expect(lampSwitch).toHaveAttribute('aria-checked', 'false');
    const modeSelect = card.getByRole('combobox', { name: 'mode' });
    await expect(modeSelect).toHaveValue('eco');
    await expect(modeSelect.getByRole('option')).toHaveText(['eco', 'boost']);

    await lampSwitch.click();
    await expect(card.getByText('Pending…')).toBeVisible();
    await expect(card.getByText('Confirmed')).toBeVisible();
    await expect(lampSwitch).toHaveAttribute('aria-checked', 'true');
    expect(device.reported().lamp).toBe(true);

    // Offline, the lamp cannot answer: the change stays unconfirmed, with Retry.
    await device.goOffline();
    await expect(card.getByText('Offline')).toBeVisible();
    await lampSwitch.click();
    await expect(card.getByText('Pending…')).toBeVisible();
    await expect(card.getByText('Not confirmed')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Retry' })).toBeVisible();
    expect(device.reported().lamp).toBe(true);

    // Back online, the lamp applies the change it missed and the late answer confirms it.
    await device.goOnline();
    await expect(card.getByText('Online')).toBeVisible();
    await expect(card.getByText('Confirmed')).toBeVisible();
    await expect(lampSwitch).toHaveAttribute('aria-checked', 'false');
    expect(device.reported().lamp).toBe(false);

    // Bob signs up with his invitation and sees none of Alice's devices.
    const b = await newPage(browser);
    contexts.push(b.context);
    await b.page.goto(signupPath);
    await b.page.getByLabel('Username').fill(bob);
    await b.page.getByLabel('Password').fill(PASSWORD);
    await b.page.getByRole('button', { name: 'Create account' }).click();
    await expect(b.page.getByRole('heading', { level: 1, name: 'My devices' })).toBeVisible();
    await expect(b.page.getByText(/No devices yet/)).toBeVisible();
    await expect(b.page.getByText(lamp)).toHaveCount(0);
    await b.page.goto(`/things/${lamp}`);
    await expect(b.page.getByRole('heading', { level: 1, name: 'My devices' })).toBeVisible();

    // With Bob's session, the lamp does not exist, and the operator API is closed.
    expect((await b.page.request.get(`/api/my/devices/${lamp}`)).status()).toBe(404);
    const write = await b.page.request.post(`/api/my/devices/${lamp}/desired`, { data: { state: { lamp: true } } });
    expect(write.status()).toBe(404);
    expect((await b.page.request.get(`/api/things/${lamp}`)).status()).toBe(403);
    await expect(card.getByText('Pending…')).toHaveCount(0);
    expect(device.reported().lamp).toBe(false);

    // Alice picks another mode from the type's select; the lamp applies it.
    await modeSelect.selectOption('boost');
    await expect.poll(() => device.reported().mode).toBe('boost');
    await expect(modeSelect).toHaveValue('boost');
  });
});
