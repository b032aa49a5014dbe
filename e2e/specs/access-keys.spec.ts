import type { AccessKeyList } from '@meridian/contracts';
import { expect, test } from '../support/fixtures.js';

test.describe('access keys page', () => {
  test('an admin creates a key, sees and copies its secret once, then revokes it', async ({
    page,
    context,
    signIn,
    baseURL,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await signIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access keys' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Access keys' })).toBeVisible();
    // The key the first start made for admin is listed.
    await expect(page.getByRole('row').filter({ hasText: 'Created on first start' })).toContainText('Active');

    await page.getByLabel('Description (optional)').fill('e2e deploy bot');
    await page.getByRole('button', { name: 'Create access key' }).click();

    const panel = page.getByRole('region', { name: 'New access key' });
    await expect(panel).toContainText('shown only once');
    const accessKeyId = await panel.getByLabel('Access key ID').inputValue();
    const secret = await panel.getByLabel('Secret access key').inputValue();
    expect(accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);

    await panel.getByRole('button', { name: 'Copy secret access key' }).click();
    await expect(panel.getByText('Copied')).toBeVisible();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);

    const row = page.getByRole('row').filter({ hasText: accessKeyId });
    await expect(row).toContainText('e2e deploy bot');
    await expect(row).toContainText('Active');
    await expect(row).toContainText('admin');

    await panel.getByRole('button', { name: 'Done' }).click();
    await expect(panel).toBeHidden();
    expect(await page.content()).not.toContain(secret);

    // Once gone, the secret cannot be read back: neither after a reload nor from the API.
    await page.reload();
    await expect(row).toContainText('Active');
    expect(await page.content()).not.toContain(secret);
    const listed = (await (await page.request.get('/api/access-keys')).json()) as AccessKeyList;
    expect(listed.accessKeys.some((key) => key.accessKeyId === accessKeyId)).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(secret);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(`Revoke ${accessKeyId}?`);
      void dialog.accept();
    });
    await row.getByRole('button', { name: `Revoke ${accessKeyId}` }).click();
    await expect(row).toContainText('Revoked');
    await expect(row.getByRole('button')).toHaveCount(0);
  });
});
