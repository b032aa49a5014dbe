import { request as playwrightRequest } from '@playwright/test';
import { connectDevice, expect, test } from '../support/fixtures.js';
import { foreignClientCertificate } from '../support/foreign-ca.js';

async function platformCaPem(baseURL: string): Promise<string> {
  const api = await playwrightRequest.newContext({ baseURL });
  await api.post('/api/auth/login', { data: { username: 'admin', password: 'e2e-admin-password' } });
  const created = await api.post('/api/certificates', { data: { deviceName: 'refusal-probe' } });
  expect(created.status()).toBe(201);
  const { caCertificatePem } = (await created.json()) as { caCertificatePem: string };
  await api.dispose();
  return caCertificatePem;
}

test.describe('devices the platform does not trust', () => {
  test('a client with no certificate cannot connect, over MQTTS or WSS', async ({ platform, baseURL }) => {
    const ca = await platformCaPem(baseURL!);
    await expect(connectDevice(platform.mqttsUrl, { ca, clientId: 'no-cert' })).rejects.toThrow();
    await expect(connectDevice(platform.wssUrl, { ca, clientId: 'no-cert-ws' })).rejects.toThrow();
  });

  test('a client whose certificate comes from a different CA cannot connect', async ({ platform, baseURL }) => {
    const ca = await platformCaPem(baseURL!);
    const foreign = foreignClientCertificate('intruder');
    await expect(connectDevice(platform.mqttsUrl, { ca, ...foreign, clientId: 'intruder' })).rejects.toThrow();
    await expect(connectDevice(platform.wssUrl, { ca, ...foreign, clientId: 'intruder-ws' })).rejects.toThrow();
  });
});
