import { createHash, X509Certificate } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { connectDevice, expect, test } from '../support/fixtures.js';
import { OpensslCa } from '../support/openssl-ca.js';

test.describe('certificates in the console', () => {
  const devices: MqttClient[] = [];
  test.afterEach(() => {
    for (const device of devices.splice(0)) device.end(true);
  });

  test('create a certificate, connect a device with it, revoke it in the browser: the device is disconnected', async ({
    page,
    signIn,
    platform,
  }) => {
    await signIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByLabel('Device name').fill('e2e-revoked-1');
    await page.getByRole('button', { name: 'Create certificate' }).click();
    const panel = page.getByRole('region', { name: 'New device credentials' });
    const identity = {
      cert: await panel.getByLabel('Certificate PEM', { exact: true }).inputValue(),
      key: await panel.getByLabel('Private key PEM').inputValue(),
      ca: await panel.getByLabel('CA certificate PEM', { exact: true }).inputValue(),
    };

    const device = await connectDevice(platform.mqttsUrl, {
      ...identity,
      clientId: 'e2e-revoked-1',
      protocolVersion: 5,
    });
    devices.push(device);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));

    const row = page.getByRole('row').filter({ hasText: 'e2e-revoked-1' });
    await expect(row.locator('.badge')).toHaveText('ACTIVE');
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Revoke e2e-revoked-1' }).click();

    await expect(row.locator('.badge')).toHaveText('REVOKED');
    await closed;
    await expect(row.getByRole('button')).toHaveText(['Delete']);
    await expect(connectDevice(platform.mqttsUrl, { ...identity, clientId: 'e2e-revoked-2' })).rejects.toThrow(
      /Not authorized/i,
    );
  });

  test('register a CA with the registration code; its device is auto-registered, activated in the browser, and connects', async ({
    page,
    signIn,
    platform,
  }) => {
    const ca = OpensslCa.create('E2E Fleet CA');
    try {
      await signIn();
      await page.goto('/certificates');
      const registrationCode = (await page.getByTestId('registration-code').textContent()) ?? '';
      expect(registrationCode).toMatch(/^[0-9a-f]{64}$/);
      const verification = ca.issue(registrationCode);

      await page.getByLabel('CA certificate PEM', { exact: true }).fill(ca.certificatePem);
      await page.getByLabel('Verification certificate PEM').fill(verification.cert);
      await page.getByLabel('Allow auto-registration of its device certificates').check();
      await page.getByRole('button', { name: 'Register CA' }).click();
      await expect(page.getByRole('status')).toHaveText('Registered CA E2E Fleet CA.');
      const caRow = page
        .getByRole('region', { name: 'CA certificates' })
        .getByRole('row')
        .filter({ hasText: 'E2E Fleet CA' });
      await expect(caRow).toContainText('ACTIVE');
      await expect(caRow).toContainText('Enabled');

      const identity = { ...ca.issue('e2e-fleet-device'), ca: platform.caCertificatePem };
      await expect(connectDevice(platform.mqttsUrl, { ...identity, clientId: 'e2e-fleet-1' })).rejects.toThrow(
        /Not authorized/i,
      );

      await page.reload();
      const deviceRow = page.getByRole('row').filter({ hasText: 'e2e-fleet-device' });
      await expect(deviceRow.locator('.badge')).toHaveText('PENDING_ACTIVATION');
      page.once('dialog', (dialog) => dialog.accept());
      await deviceRow.getByRole('button', { name: 'Activate e2e-fleet-device' }).click();
      await expect(deviceRow.locator('.badge')).toHaveText('ACTIVE');

      // An auto-registered certificate has no policy yet: give it the default device policy.
      const certificateId = createHash('sha256').update(new X509Certificate(identity.cert).raw).digest('hex');
      const attached = await page.request.post('/api/policies/meridian-default-device/targets', {
        data: { certificateId },
      });
      expect(attached.status()).toBe(204);
      devices.push(await connectDevice(platform.mqttsUrl, { ...identity, clientId: 'e2e-fleet-2' }));
    } finally {
      ca.dispose();
    }
  });
});
