import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimulatedDeviceSpec } from './index.js';

const CA_FILE = 'ca.crt';

/** A device's credentials in a folder: `<thing>.cert.pem` and `<thing>.private.key` (owner-only), plus `ca.crt`. */
export class CredentialsFolder {
  constructor(readonly dir: string) {}

  /** The stored credentials of a device, or undefined when either file is missing. */
  async load(thingName: string): Promise<SimulatedDeviceSpec | undefined> {
    const [certificatePem, privateKeyPem] = await Promise.all([
      readIfExists(this.certificatePath(thingName)),
      readIfExists(this.privateKeyPath(thingName)),
    ]);
    if (certificatePem === undefined || privateKeyPem === undefined) return undefined;
    return { thingName, certificatePem, privateKeyPem };
  }

  async save(device: SimulatedDeviceSpec): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.privateKeyPath(device.thingName), device.privateKeyPem, { mode: 0o600 });
    await writeFile(this.certificatePath(device.thingName), device.certificatePem, { mode: 0o644 });
  }

  loadCa(): Promise<string | undefined> {
    return readIfExists(join(this.dir, CA_FILE));
  }

  async saveCa(caCertificatePem: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, CA_FILE), caCertificatePem, { mode: 0o644 });
  }

  private certificatePath(thingName: string): string {
    return join(this.dir, `${thingName}.cert.pem`);
  }

  private privateKeyPath(thingName: string): string {
    return join(this.dir, `${thingName}.private.key`);
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
