import { type CertificateAuthority, createCertificateAuthority, issueDeviceCertificate } from '@meridian/certs';
import { IotArns } from '@meridian/contracts';
import { type Db, openDatabase } from '../db/database.js';
import { CaCertificatesService } from './ca-certificates.service.js';
import { CaCertificatesStore } from './ca-certificates.store.js';
import { type CertificateChange, CertificateChanges } from './certificate-changes.js';
import { type CertificateAttachments, CertificatesService } from './certificates.service.js';
import { CertificatesStore } from './certificates.store.js';
import { DeviceAdmission } from './device-admission.js';
import { JustInTimeRegistration } from './just-in-time-registration.js';

const TEST_ARNS = new IotArns('eu-test-1', '123456789012');
export const TEST_ARN_PREFIX = TEST_ARNS.prefix;

let platformCa: Promise<CertificateAuthority> | undefined;

/**
 * The certificate services over a real (in-memory) SQLite database, with a settable clock, recorded change
 * notifications and published messages, and attachments the test can set.
 */
export async function newCertificatesTestbed() {
  platformCa ??= createCertificateAuthority({ commonName: 'Test Platform CA' });
  const db: Db = openDatabase(':memory:');
  let now = new Date();
  const clock = () => now;
  const arns = TEST_ARNS;
  const certificateStore = new CertificatesStore(db);
  const caCertificateStore = new CaCertificatesStore(db);
  const changes = new CertificateChanges();
  const notified: CertificateChange[] = [];
  changes.subscribe((change) => notified.push(change));
  const attached = { policies: new Set<string>(), things: new Set<string>(), detached: [] as string[] };
  const attachments: CertificateAttachments = {
    hasAttachedPolicies: async (arn) => attached.policies.has(arn),
    hasAttachedThings: (arn) => attached.things.has(arn),
    detachAllPolicies: (arn) => {
      attached.detached.push(arn);
      attached.policies.delete(arn);
    },
  };
  const published: Array<{ topic: string; payload: string }> = [];
  const certificates = new CertificatesService({
    certificates: certificateStore,
    caCertificates: caCertificateStore,
    platformCa: await platformCa,
    arns,
    attachments,
    changes,
    clock,
  });
  const caCertificates = new CaCertificatesService({ caCertificates: caCertificateStore, arns, changes, clock });
  const admission = new DeviceAdmission({
    certificates: certificateStore,
    caCertificates: caCertificateStore,
    justInTimeRegistration: new JustInTimeRegistration({
      certificates: certificateStore,
      caCertificates: caCertificateStore,
      accountId: arns.accountId,
      publish: (topic, payload) => published.push({ topic, payload }),
      clock,
    }),
    clock,
  });

  /** Creates a CA and registers it with proof of possession; returns it with its id. */
  async function registerNewCa(
    options: { commonName?: string; setAsActive?: boolean; allowAutoRegistration?: boolean } = {},
  ): Promise<{ ca: CertificateAuthority; caCertificateId: string }> {
    const ca = await createCertificateAuthority({ commonName: options.commonName ?? 'Customer CA' });
    const { registrationCode } = caCertificates.getRegistrationCode();
    const verification = await issueDeviceCertificate(ca, { commonName: registrationCode });
    const { certificateId } = caCertificates.registerCACertificate({
      caCertificate: ca.certificatePem,
      verificationCertificate: verification.certificatePem,
      setAsActive: options.setAsActive ?? true,
      allowAutoRegistration: options.allowAutoRegistration ?? false,
    });
    return { ca, caCertificateId: certificateId };
  }

  return {
    /** every stored row of the certificates table, as SQLite holds it */
    certificateRows: (): unknown[] => db.prepare('SELECT * FROM certificates').all(),
    arns,
    certificates,
    caCertificates,
    admission,
    certificateStore,
    caCertificateStore,
    notified,
    attached,
    published,
    registerNewCa,
    platformCa: await platformCa,
    /** The services' clock: tests move it instead of waiting. */
    get now() {
      return now;
    },
    setNow(date: Date) {
      now = date;
    },
  };
}
