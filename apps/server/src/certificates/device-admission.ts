import { parseCertificateDer } from '@meridian/certs';
import type { CaCertificatesStore } from './ca-certificates.store.js';
import type { CertificateRecord, CertificatesStore } from './certificates.store.js';
import type { JustInTimeRegistration } from './just-in-time-registration.js';

export type Admission = { ok: true } | { ok: false; message: string };

export interface DeviceAdmissionDeps {
  certificates: CertificatesStore;
  caCertificates: CaCertificatesStore;
  justInTimeRegistration: JustInTimeRegistration;
  clock?: () => Date;
}

/**
 * Whether a device presenting a certificate may be connected: the certificate is registered and ACTIVE, within
 * its validity period, and the registered CA that issued it (if any) is registered and ACTIVE. The TLS handshake
 * has already proven that the device holds the certificate's private key.
 */
export class DeviceAdmission {
  private readonly clock: () => Date;

  constructor(private readonly deps: DeviceAdmissionDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * The decision at CONNECT. An unknown certificate (`certificateDer` given) may be registered just in time as
   * PENDING_ACTIVATION; a PENDING_ACTIVATION one announces itself again. Both are refused.
   */
  admit(certificateId: string, certificateDer?: Buffer): Admission {
    const record = this.deps.certificates.get(certificateId);
    if (record) {
      if (record.status === 'PENDING_ACTIVATION') this.deps.justInTimeRegistration.announce(record);
      return this.decide(record);
    }
    if (certificateDer === undefined) return { ok: false, message: 'Certificate is not registered' };
    let registered: CertificateRecord | undefined;
    try {
      registered = this.deps.justInTimeRegistration.register(parseCertificateDer(certificateDer));
    } catch {
      return { ok: false, message: 'Certificate cannot be parsed' };
    }
    if (!registered) return { ok: false, message: 'Certificate is not registered' };
    this.deps.justInTimeRegistration.announce(registered);
    return { ok: false, message: 'Certificate was registered as PENDING_ACTIVATION; it must be activated first' };
  }

  /** The same rules without side effects, for connections already open (after a status change). */
  check(certificateId: string): Admission {
    const record = this.deps.certificates.get(certificateId);
    return record ? this.decide(record) : { ok: false, message: 'Certificate is not registered' };
  }

  private decide(record: CertificateRecord): Admission {
    if (record.status !== 'ACTIVE') return { ok: false, message: `Certificate is ${record.status}` };
    const now = this.clock().getTime();
    if (now < record.notBefore.getTime() || now > record.notAfter.getTime()) {
      return { ok: false, message: 'Certificate is outside its validity period' };
    }
    if (record.caCertificateId === null) return { ok: true };
    const ca = this.deps.caCertificates.get(record.caCertificateId);
    if (!ca) return { ok: false, message: 'The CA certificate that issued it is not registered' };
    if (ca.status !== 'ACTIVE') return { ok: false, message: `The CA certificate that issued it is ${ca.status}` };
    return { ok: true };
  }
}
