import type { EventEmitter } from 'node:events';
import type { DeviceCredentials } from '@meridian/contracts';
import { type RegisterOptions, type ShadowStatus, thingShadow } from 'aws-iot-device-sdk';
import type { TestPlatform } from './platform.fixture.js';

/** What the SDK hands to `status`, `delta` and `foreignStateChange` listeners (clientToken removed). */
export interface SdkDocument {
  state?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  version?: number;
  timestamp?: number;
  code?: number;
  message?: string;
}

/** Creates device credentials through the console API, as an operator would. */
export async function createDeviceCredentials(sut: TestPlatform, deviceName: string): Promise<DeviceCredentials> {
  const cookie = await sut.login();
  const response = await sut.platform.app.inject({
    method: 'POST',
    url: '/api/certificates',
    headers: { cookie },
    payload: { deviceName },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating credentials failed: ${response.statusCode} ${response.body}`);
  }
  return response.json();
}

/** Resolves with the arguments of the first `event` that passes `accept`. */
export function nextEvent<Args extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  accept: (...args: Args) => boolean = () => true,
): Promise<Args> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]) => {
      if (!accept(...(args as Args))) return;
      emitter.off(event, listener);
      resolve(args as Args);
    };
    emitter.on(event, listener);
  });
}

/**
 * Starts one SDK shadow operation (`update`, `get`, `delete`) and resolves with its status and
 * response document; rejects if the SDK refuses to start it or reports a timeout.
 */
export function shadowOperation(client: thingShadow, start: () => string | null): Promise<[ShadowStatus, SdkDocument]> {
  return new Promise((resolve, reject) => {
    const onStatus = (_thing: string, status: ShadowStatus, token: string, document: SdkDocument) => {
      if (token !== clientToken) return;
      done();
      resolve([status, document]);
    };
    const onTimeout = (_thing: string, token: string) => {
      if (token !== clientToken) return;
      done();
      reject(new Error(`shadow operation ${token} timed out`));
    };
    const done = () => {
      client.off('status', onStatus);
      client.off('timeout', onTimeout);
    };
    client.on('status', onStatus);
    client.on('timeout', onTimeout);
    const clientToken = start();
    if (clientToken === null) {
      done();
      reject(new Error('the SDK refused to start the operation (another one is pending)'));
    }
  });
}

/** A connected thingShadow client with `thingName` registered (its response subscriptions granted). */
export async function connectShadowClient(
  sut: TestPlatform,
  credentials: DeviceCredentials,
  clientId: string,
  thingName: string,
  options: RegisterOptions = {},
): Promise<thingShadow> {
  const client = new thingShadow(
    {
      host: '127.0.0.1',
      // The server certificate names localhost; an IP address is not a valid TLS server name.
      servername: 'localhost',
      port: sut.ports.mqtts,
      protocol: 'mqtts',
      clientId,
      privateKey: Buffer.from(credentials.privateKeyPem),
      clientCert: Buffer.from(credentials.certificatePem),
      caCert: Buffer.from(credentials.caCertificatePem),
    },
    { operationTimeout: 5000 },
  );
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await new Promise<void>((resolve, reject) =>
    client.register(thingName, options, (error, failedTopics) =>
      error === undefined
        ? resolve()
        : reject(new Error(`register failed: ${String(error)} ${JSON.stringify(failedTopics)}`)),
    ),
  );
  return client;
}

export function endShadowClient(client: thingShadow): Promise<void> {
  return new Promise((resolve) => client.end(true, () => resolve()));
}
