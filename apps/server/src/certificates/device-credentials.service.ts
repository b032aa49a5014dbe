import { type CertificateAuthority, issueDeviceCertificate, parseCertificatePem } from '@meridian/certs';
import type { DeviceCredentials } from '@meridian/contracts';
import type { CertificatesService } from './certificates.service.js';
import type { CertificatesStore } from './certificates.store.js';
import { toCertificateSummary } from './console-summaries.js';

/** The console's "new device" flow: a key pair and an ACTIVE platform-CA certificate; only the certificate is kept. */
export class DeviceCredentialsService {
  constructor(
    private readonly ca: CertificateAuthority,
    private readonly certificates: CertificatesService,
    private readonly store: CertificatesStore,
    private readonly validityDays: number,
    /** Gives the new certificate its rights (the chosen policy, or the default device policy). */
    private readonly grant: (certificateId: string, policyName: string | undefined) => Promise<void> = async () => {},
  ) {}

  async create(deviceName: string, policyName?: string): Promise<DeviceCredentials> {
    const issued = await issueDeviceCertificate(this.ca, { commonName: deviceName, validityDays: this.validityDays });
    const { certificateId } = this.certificates.insertNew(parseCertificatePem(issued.certificatePem), {
      status: 'ACTIVE',
      caCertificateId: null,
      certificateMode: 'DEFAULT',
      deviceName,
    });
    await this.grant(certificateId, policyName);
    const stored = this.store.get(certificateId);
    if (!stored) throw new Error(`certificate ${certificateId} vanished right after it was stored`);
    return {
      ...toCertificateSummary(stored),
      deviceName,
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      caCertificatePem: this.ca.certificatePem,
    };
  }
}
