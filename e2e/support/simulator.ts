import { type Simulator, type SimulatorOptions, startSimulator } from '@meridian/sim';
import { ConsoleApiClient } from '@meridian/sim/provisioning';
import type { Platform } from './fixtures.js';
import { E2E_ADMIN_PASSWORD } from './global-setup.js';

/** Creates things + certificates (+ the default device policy) through the console API as admin, then starts the simulator. */
export async function startSimulatedDevices(
  platform: Platform,
  thingNames: string[],
  options: Omit<SimulatorOptions, 'mqttsUrl' | 'caCertificatePem' | 'devices'> = {},
): Promise<Simulator> {
  const apiUrl = process.env.E2E_BASE_URL;
  if (!apiUrl) throw new Error('E2E_BASE_URL is not set: the global setup starts the platform and sets it');
  const api = await ConsoleApiClient.signIn(apiUrl, 'admin', E2E_ADMIN_PASSWORD);
  const devices = await Promise.all(thingNames.map((thingName) => api.provisionDevice(thingName)));
  return startSimulator({
    ...options,
    mqttsUrl: platform.mqttsUrl,
    caCertificatePem: platform.caCertificatePem,
    devices: devices.map(({ thingName, certificatePem, privateKeyPem }) => ({
      thingName,
      certificatePem,
      privateKeyPem,
    })),
  });
}
