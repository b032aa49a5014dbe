import { expect, test } from '../support/fixtures.js';

test.describe('console sessions', () => {
  test('the API refuses requests without a session', async ({ request }) => {
    for (const [method, path] of [
      ['get', '/api/auth/me'],
      ['get', '/api/certificates'],
      ['post', '/api/certificates'],
      ['post', '/api/publish'],
    ] as const) {
      const response = await request[method](path, { data: method === 'post' ? {} : undefined });
      expect(response.status(), `${method} ${path}`).toBe(401);
      expect((await response.json()).code).toBe('AUTH_ERR_REQUIRED');
    }
  });

  test('a wrong password is refused with a message and the console stays on the login page', async ({ page }) => {
    await page.goto('/live');
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong username or password');
    await expect(page).toHaveURL(/\/login/);
  });

  test('signing out ends the session for the API too', async ({ page, signIn }) => {
    await signIn();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});
