import { isIssuedBy, isValidAt, type ParsedCertificate, parseCertificatePem } from '@meridian/certs';
import type { CaCertificatesStore } from './ca-certificates.store.js';
import { newCertificateRecord } from './certificate-rules.js';
import type { CertificateRecord, CertificatesStore } from './certificates.store.js';

/** The documented payload of `$aws/events/certificates/registered/{caCertificateId}`. */
export interface CertificateRegisteredEvent {
  certificateId: string;
  caCertificateId: string;
  /** when this event was published, epoch milliseconds */
  timestamp: number;
  certificateStatus: 'PENDING_ACTIVATION';
  awsAccountId: string;
  /** when the certificate was registered, epoch milliseconds as a string (as AWS sends it) */
  certificateRegistrationTimestamp: string;
}

export const certificateRegisteredTopic = (caCertificateId: string): string =>
  `$aws/events/certificates/registered/${caCertificateId}`;

export interface JustInTimeRegistrationDeps {
  certificates: CertificatesStore;
  caCertificates: CaCertificatesStore;
  accountId: string;
  /** publishes a platform message (QoS 0, not retained) */
  publish(topic: string, payload: string): void;
  clock?: () => Date;
}

/**
 * JITR (reference §4.5): an unknown device certificate signed by an ACTIVE CA with auto-registration enabled is
 * registered as PENDING_ACTIVATION on its first connection; every connection attempt with it while it is pending
 * publishes the registration event, for a rule or service to activate it.
 */
export class JustInTimeRegistration {
  private readonly clock: () => Date;

  constructor(private readonly deps: JustInTimeRegistrationDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Registers `certificate` as PENDING_ACTIVATION when an auto-registering CA signed it; else undefined. */
  register(certificate: ParsedCertificate): CertificateRecord | undefined {
    const now = this.clock();
    if (!isValidAt(certificate, now)) return undefined;
    const ca = this.deps.caCertificates
      .withSubject(certificate.node.issuer)
      .filter((candidate) => candidate.status === 'ACTIVE' && candidate.autoRegistrationStatus === 'ENABLE')
      .find((candidate) => isIssuedBy(certificate, parseCertificatePem(candidate.certificatePem)));
    if (!ca) return undefined;
    const record = newCertificateRecord(
      certificate,
      { status: 'PENDING_ACTIVATION', caCertificateId: ca.caCertificateId, certificateMode: ca.certificateMode },
      now,
    );
    // A concurrent attempt with the same certificate may have registered it first: keep that one.
    if (!this.deps.certificates.insert(record)) return this.deps.certificates.get(record.certificateId);
    return record;
  }

  /** Publishes the registration event of a PENDING_ACTIVATION certificate issued by a registered CA. */
  announce(record: CertificateRecord): void {
    if (record.status !== 'PENDING_ACTIVATION' || record.caCertificateId === null) return;
    const event: CertificateRegisteredEvent = {
      certificateId: record.certificateId,
      caCertificateId: record.caCertificateId,
      timestamp: this.clock().getTime(),
      certificateStatus: 'PENDING_ACTIVATION',
      awsAccountId: this.deps.accountId,
      certificateRegistrationTimestamp: String(record.createdAt.getTime()),
    };
    this.deps.publish(certificateRegisteredTopic(record.caCertificateId), JSON.stringify(event));
  }
}
