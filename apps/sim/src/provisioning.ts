import type { ApiError, CreateThingRequest, DeviceCredentials, LoginRequest } from '@meridian/contracts';
import type { SimulatedDeviceSpec } from './index.js';

const SESSION_COOKIE = 'meridian_session';

/** A device's credentials as the console's "new device" flow hands them out, plus the platform CA. */
export interface ProvisionedDevice extends SimulatedDeviceSpec {
  certificateId: string;
  caCertificatePem: string;
}

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

/** The console API (`/api/...`) as a signed-in user; only what provisioning devices needs. */
export class ConsoleApiClient {
  private constructor(
    private readonly apiUrl: string,
    private readonly cookie: string,
  ) {}

  /** Signs in with the console's username and password; `apiUrl` is the console's origin, e.g. http://localhost:3000. */
  static async signIn(apiUrl: string, username: string, password: string): Promise<ConsoleApiClient> {
    const body: LoginRequest = { username, password };
    const response = await send(apiUrl, 'POST', '/api/auth/login', undefined, body);
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(';')[0] ?? '')
      .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error(`signing in to ${apiUrl} set no session cookie`);
    return new ConsoleApiClient(apiUrl, cookie);
  }

  /** Creates the thing; one that exists already is fine. */
  async ensureThing(thingName: string): Promise<void> {
    const body: CreateThingRequest = { thingName };
    try {
      await send(this.apiUrl, 'POST', '/api/things', this.cookie, body);
    } catch (error) {
      if (!(error instanceof ConsoleApiError && error.code === 'ResourceAlreadyExistsException')) throw error;
    }
  }

  /** A new key pair and ACTIVE certificate named after the device, with the default device policy attached. */
  async createDeviceCredentials(deviceName: string): Promise<DeviceCredentials> {
    const response = await send(this.apiUrl, 'POST', '/api/certificates', this.cookie, { deviceName });
    return (await response.json()) as DeviceCredentials;
  }

  async attachCertificate(thingName: string, certificateId: string): Promise<void> {
    const path = `/api/things/${encodeURIComponent(thingName)}/certificates/${encodeURIComponent(certificateId)}`;
    await send(this.apiUrl, 'PUT', path, this.cookie);
  }

  /** Thing + certificate (+ the default device policy) + attachment, as an operator does in the console. */
  async provisionDevice(thingName: string): Promise<ProvisionedDevice> {
    await this.ensureThing(thingName);
    const credentials = await this.createDeviceCredentials(thingName);
    await this.attachCertificate(thingName, credentials.certificateId);
    return {
      thingName,
      certificateId: credentials.certificateId,
      certificatePem: credentials.certificatePem,
      privateKeyPem: credentials.privateKeyPem,
      caCertificatePem: credentials.caCertificatePem,
    };
  }
}

async function send(apiUrl: string, method: string, path: string, cookie?: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, apiUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response;
  const text = await response.text();
  let error: Partial<ApiError> = {};
  try {
    error = JSON.parse(text) as ApiError;
  } catch {
    // not the API's error body
  }
  throw new ConsoleApiError(
    response.status,
    error.code ?? `HTTP_${response.status}`,
    `${method} ${path}: ${response.status} ${error.message ?? text}`,
  );
}
