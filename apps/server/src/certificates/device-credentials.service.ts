import { type CertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import type { DeviceCredentials } from '@meridian/contracts';
import type { CertificatesStore } from './certificates.store.js';

/** Creates a key pair and CA-signed certificate for a device; only the certificate is kept. */
export class DeviceCredentialsService {
  constructor(
    private readonly ca: CertificateAuthority,
    private readonly store: CertificatesStore,
    private readonly validityDays: number,
  ) {}

  async create(deviceName: string): Promise<DeviceCredentials> {
    const issued = await issueDeviceCertificate(this.ca, { commonName: deviceName, validityDays: this.validityDays });
    const summary = {
      certificateId: issued.certificateId,
      deviceName,
      status: 'ACTIVE' as const,
      createdAt: new Date().toISOString(),
      notAfter: issued.notAfter.toISOString(),
    };
    this.store.insert({
      ...summary,
      certificatePem: issued.certificatePem,
      serialNumber: issued.serialNumber,
      notBefore: issued.notBefore.toISOString(),
    });
    return {
      ...summary,
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      caCertificatePem: this.ca.certificatePem,
    };
  }
}
