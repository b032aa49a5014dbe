import type { DeviceCredentials } from '@meridian/contracts';
import type { IDisconnectPacket, MqttClient } from 'mqtt';
import { connectDevice, expect, test } from '../support/fixtures.js';

test.describe('connected clients on the Live page', () => {
  let device: MqttClient | undefined;
  test.afterEach(() => {
    device?.end(true);
  });

  test('a device connected over TLS is listed with its subscription, and the operator disconnects it', async ({
    page,
    signIn,
    platform,
  }) => {
    await signIn();
    const created = await page.request.post('/api/certificates', { data: { deviceName: 'e2e-kicked-1' } });
    expect(created.status()).toBe(201);
    const credentials = (await created.json()) as DeviceCredentials;

    device = await connectDevice(platform.mqttsUrl, {
      key: credentials.privateKeyPem,
      cert: credentials.certificatePem,
      ca: credentials.caCertificatePem,
      clientId: 'e2e-kicked-1',
      protocolVersion: 5,
    });
    await device.subscribeAsync('commands/e2e-kicked-1', { qos: 1 });
    let disconnectPacket: IDisconnectPacket | undefined;
    device.once('disconnect', (packet) => {
      disconnectPacket = packet;
    });
    const closed = new Promise<void>((resolve) => device?.once('close', () => resolve()));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).click();
    const section = page.getByRole('region', { name: 'Connected clients' });
    await expect(section.getByRole('heading', { name: 'Connected clients' })).toBeVisible();
    const row = section.getByRole('row').filter({ hasText: 'e2e-kicked-1' });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').nth(1)).toHaveText('5.0');
    await expect(row.getByRole('cell').nth(2)).toContainText('127.0.0.1');
    await expect(row).toContainText('commands/e2e-kicked-1');
    await expect(row).toContainText('QoS 1');

    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Disconnect e2e-kicked-1' }).click();

    await closed;
    // MQTT 5: the broker says why before closing — 0x98 administrative action.
    expect(disconnectPacket?.reasonCode).toBe(0x98);
    await expect(row).toHaveCount(0);
    await expect(section.getByRole('alert')).toHaveCount(0);
  });
});
