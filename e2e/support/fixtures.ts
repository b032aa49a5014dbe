import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { E2E_ADMIN_PASSWORD } from './global-setup.js';

export interface Platform {
  mqttsUrl: string;
  wssUrl: string;
  /** the platform CA, which devices trust for the server certificate */
  caCertificatePem: string;
}

export const test = base.extend<{ platform: Platform; signIn: () => Promise<void> }>({
  baseURL: async ({}, use) => {
    await use(process.env.E2E_BASE_URL);
  },
  platform: async ({}, use) => {
    await use({
      mqttsUrl: `mqtts://127.0.0.1:${process.env.E2E_MQTTS_PORT}`,
      wssUrl: `wss://127.0.0.1:${process.env.E2E_WSS_PORT}/mqtt`,
      caCertificatePem: readFileSync(join(process.env.E2E_DATA_DIR ?? '', 'pki', 'ca.crt'), 'utf8'),
    });
  },
  signIn: async ({ page }, use) => {
    await use(() => signInAsAdmin(page));
  },
});
export { expect };

export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Connects a real mqtt.js client; resolves on CONNACK, rejects on the first error or close. */
export function connectDevice(url: string, options: IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect(url, { servername: 'localhost', reconnectPeriod: 0, connectTimeout: 5000, ...options });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
}
