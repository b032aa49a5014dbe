import type { MqttClient } from 'mqtt';
import { connectDevice, expect, test } from '../support/fixtures.js';

test.describe('from a device to the browser', () => {
  let device: MqttClient | undefined;
  test.afterEach(() => {
    device?.end(true);
  });

  test('an operator creates device credentials, the device connects over TLS and its telemetry shows on the Live page', async ({
    page,
    signIn,
    platform,
  }) => {
    await signIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByLabel('Device name').fill('e2e-sensor-1');
    await page.getByRole('button', { name: 'Create certificate' }).click();

    const credentials = page.getByRole('region', { name: 'New device credentials' });
    await expect(credentials).toBeVisible();
    const certificateId = (await credentials.getByTestId('certificate-id').textContent())?.trim() ?? '';
    expect(certificateId).toMatch(/^[0-9a-f]{64}$/);
    const cert = await credentials.getByLabel('Certificate PEM', { exact: true }).inputValue();
    const key = await credentials.getByLabel('Private key PEM').inputValue();
    const ca = await credentials.getByLabel('CA certificate PEM').inputValue();
    expect(key).toContain('PRIVATE KEY');

    const download = page.waitForEvent('download');
    await credentials.getByRole('link', { name: 'Download certificate' }).click();
    expect((await download).suggestedFilename()).toBe('e2e-sensor-1.cert.pem');

    await credentials.getByRole('button', { name: 'Done' }).click();
    await expect(credentials).toBeHidden();
    await expect(page.getByRole('table').getByText('e2e-sensor-1')).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).click();
    await page.getByLabel('Topic filter').fill('factory/+/telemetry');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Unsubscribe factory/+/telemetry' })).toBeVisible();

    device = await connectDevice(platform.mqttsUrl, { key, cert, ca, clientId: 'e2e-sensor-1', protocolVersion: 5 });
    await device.publishAsync('factory/e2e-sensor-1/telemetry', JSON.stringify({ temperature: 21.5, unit: 'C' }), {
      qos: 1,
    });

    const log = page.getByRole('log', { name: 'Messages' });
    const message = log.getByRole('article').filter({ hasText: 'factory/e2e-sensor-1/telemetry' });
    await expect(message).toBeVisible();
    await expect(message).toContainText('QoS 1');
    await expect(message.locator('pre')).toContainText('"temperature": 21.5');

    // And back: the console publishes, the device receives.
    await device.subscribeAsync('commands/e2e-sensor-1', { qos: 1 });
    const received = new Promise<string>((resolve) =>
      device?.once('message', (_topic, payload) => resolve(String(payload))),
    );
    await page.getByLabel('Publish topic').fill('commands/e2e-sensor-1');
    await page.getByLabel('Payload').fill('{"led": "on"}');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Published to commands/e2e-sensor-1');
    expect(JSON.parse(await received)).toEqual({ led: 'on' });

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await device.publishAsync('factory/e2e-sensor-1/telemetry', JSON.stringify({ temperature: 22 }), { qos: 1 });
    await expect(page.getByText('1 paused')).toBeVisible();
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(log.getByRole('article')).toHaveCount(0);
  });
});
