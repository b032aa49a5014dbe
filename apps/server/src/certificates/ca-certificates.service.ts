import {
  certificateFacts,
  checkVerificationCertificate,
  generateRegistrationCode,
  parseCaCertificate,
} from '@meridian/certs';
import { type AutoRegistrationStatus, type CaCertificateStatus, DomainError, type IotArns } from '@meridian/contracts';
import type {
  CaCertificateChanges,
  CaCertificateRecord,
  CaCertificatesStore,
  RegistrationConfig,
} from './ca-certificates.store.js';
import type { CertificateChanges } from './certificate-changes.js';
import { checkCertificateId, epochSeconds, newGenerationId } from './certificate-rules.js';
import type { CertificateMode } from './certificates.store.js';
import { checkPageSize, decodeMarker, toPage } from './paging.js';

/** AWS: at most 10 CA certificates with the same subject per account. */
export const MAX_CAS_PER_SUBJECT = 10;

const CA_STATUSES: readonly CaCertificateStatus[] = ['ACTIVE', 'INACTIVE'];
const AUTO_REGISTRATION_STATUSES: readonly AutoRegistrationStatus[] = ['ENABLE', 'DISABLE'];
const CERTIFICATE_MODES: readonly CertificateMode[] = ['DEFAULT', 'SNI_ONLY'];

export interface CaCertificatesServiceDeps {
  caCertificates: CaCertificatesStore;
  arns: IotArns;
  changes: CertificateChanges;
  clock?: () => Date;
}

export interface RegisterCaCertificateInput {
  caCertificate: unknown;
  verificationCertificate?: unknown;
  certificateMode?: unknown;
  registrationConfig?: RegistrationConfig;
  setAsActive?: boolean;
  allowAutoRegistration?: boolean;
}

export interface UpdateCaCertificateInput {
  newStatus?: unknown;
  newAutoRegistrationStatus?: unknown;
  registrationConfig?: RegistrationConfig;
  removeAutoRegistration?: boolean;
}

export interface CaCertificateDescription {
  certificateArn: string;
  certificateId: string;
  status: CaCertificateStatus;
  certificatePem: string;
  ownedBy: string;
  creationDate: number;
  autoRegistrationStatus: AutoRegistrationStatus;
  lastModifiedDate: number;
  customerVersion: number;
  generationId: string;
  validity: { notBefore: number; notAfter: number };
  certificateMode: CertificateMode;
}

export interface CaCertificateListItem {
  certificateArn: string;
  certificateId: string;
  status: CaCertificateStatus;
  creationDate: number;
}

/** AWS IoT's CA certificate operations and registration code (reference §4.5, §7.2), shaped like the API. */
export class CaCertificatesService {
  private readonly clock: () => Date;

  constructor(private readonly deps: CaCertificatesServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** GetRegistrationCode: one code for the platform, created on first use and stable afterwards. */
  getRegistrationCode(): { registrationCode: string } {
    return { registrationCode: this.deps.caCertificates.registrationCode(generateRegistrationCode, this.clock()) };
  }

  /**
   * RegisterCACertificate. DEFAULT mode needs proof of possession: a verification certificate signed by the CA
   * whose subject CN is the registration code. SNI_ONLY mode needs none. Inactive and without auto-registration
   * unless `setAsActive` / `allowAutoRegistration`.
   */
  registerCACertificate(input: RegisterCaCertificateInput): { certificateArn: string; certificateId: string } {
    const mode = oneOf(input.certificateMode ?? 'DEFAULT', CERTIFICATE_MODES, 'certificateMode');
    const now = this.clock();
    const ca = parseCaCertificate(input.caCertificate, now);
    const verification = input.verificationCertificate;
    const hasVerification = verification !== undefined && verification !== null && verification !== '';
    if (mode === 'DEFAULT' && !hasVerification) {
      throw new DomainError(
        'InvalidRequestException',
        'verificationCertificate is required to register a CA in DEFAULT mode (see GetRegistrationCode)',
      );
    }
    if (hasVerification) checkVerificationCertificate(ca, verification, this.getRegistrationCode().registrationCode);

    const { caCertificates, arns } = this.deps;
    const certificateArn = arns.caCertificate(ca.certificateId);
    if (caCertificates.get(ca.certificateId)) {
      throw new DomainError(
        'ResourceAlreadyExistsException',
        `CA certificate ${ca.certificateId} is already registered`,
        {
          resourceId: ca.certificateId,
          resourceArn: certificateArn,
        },
      );
    }
    if (caCertificates.countWithSubject(ca.node.subject) >= MAX_CAS_PER_SUBJECT) {
      throw new DomainError(
        'LimitExceededException',
        `At most ${MAX_CAS_PER_SUBJECT} CA certificates with the same subject can be registered`,
      );
    }
    const facts = certificateFacts(ca);
    caCertificates.insert({
      caCertificateId: ca.certificateId,
      status: input.setAsActive === true ? 'ACTIVE' : 'INACTIVE',
      autoRegistrationStatus: input.allowAutoRegistration === true ? 'ENABLE' : 'DISABLE',
      certificateMode: mode,
      certificatePem: ca.pem,
      subject: ca.node.subject,
      commonName: facts.subject.CommonName?.[0] ?? null,
      registrationConfig: input.registrationConfig ?? null,
      notBefore: facts.validity.notBefore,
      notAfter: facts.validity.notAfter,
      createdAt: now,
      lastModifiedAt: now,
      customerVersion: 1,
      generationId: newGenerationId(),
    });
    return { certificateArn, certificateId: ca.certificateId };
  }

  /** DescribeCACertificate. */
  describeCACertificate(caCertificateId: unknown): {
    certificateDescription: CaCertificateDescription;
    registrationConfig?: RegistrationConfig;
  } {
    const ca = this.require(caCertificateId);
    const { arns } = this.deps;
    return {
      certificateDescription: {
        certificateArn: arns.caCertificate(ca.caCertificateId),
        certificateId: ca.caCertificateId,
        status: ca.status,
        certificatePem: ca.certificatePem,
        ownedBy: arns.accountId,
        creationDate: epochSeconds(ca.createdAt),
        autoRegistrationStatus: ca.autoRegistrationStatus,
        lastModifiedDate: epochSeconds(ca.lastModifiedAt),
        customerVersion: ca.customerVersion,
        generationId: ca.generationId,
        validity: { notBefore: epochSeconds(ca.notBefore), notAfter: epochSeconds(ca.notAfter) },
        certificateMode: ca.certificateMode,
      },
      ...(ca.registrationConfig === null ? {} : { registrationConfig: ca.registrationConfig }),
    };
  }

  /** ListCACertificates: newest first unless `ascendingOrder`. */
  listCACertificates(input: { pageSize?: number; marker?: string; ascendingOrder?: boolean } = {}): {
    certificates: CaCertificateListItem[];
    nextMarker?: string;
  } {
    const pageSize = checkPageSize(input.pageSize);
    const after = input.marker === undefined || input.marker === '' ? undefined : decodeMarker(input.marker);
    const fetched = this.deps.caCertificates.page({
      limit: pageSize + 1,
      ascending: input.ascendingOrder === true,
      ...(after ? { after } : {}),
    });
    const page = toPage(fetched, pageSize, (ca) => ({ createdAt: ca.createdAt.getTime(), id: ca.caCertificateId }));
    return {
      certificates: page.items.map((ca) => ({
        certificateArn: this.deps.arns.caCertificate(ca.caCertificateId),
        certificateId: ca.caCertificateId,
        status: ca.status,
        creationDate: epochSeconds(ca.createdAt),
      })),
      ...(page.nextMarker === undefined ? {} : { nextMarker: page.nextMarker }),
    };
  }

  /**
   * UpdateCACertificate: status ACTIVE/INACTIVE, auto-registration ENABLE/DISABLE, registration config. Leaving
   * ACTIVE re-checks the live connections of the certificates it issued.
   */
  updateCACertificate(caCertificateId: unknown, input: UpdateCaCertificateInput): void {
    const ca = this.require(caCertificateId);
    const changes: CaCertificateChanges = {};
    if (input.newStatus !== undefined) changes.status = oneOf(input.newStatus, CA_STATUSES, 'newStatus');
    if (input.newAutoRegistrationStatus !== undefined) {
      changes.autoRegistrationStatus = oneOf(
        input.newAutoRegistrationStatus,
        AUTO_REGISTRATION_STATUSES,
        'newAutoRegistrationStatus',
      );
    }
    if (input.removeAutoRegistration === true) changes.registrationConfig = null;
    else if (input.registrationConfig !== undefined) changes.registrationConfig = input.registrationConfig;
    const changed =
      (changes.status !== undefined && changes.status !== ca.status) ||
      (changes.autoRegistrationStatus !== undefined && changes.autoRegistrationStatus !== ca.autoRegistrationStatus) ||
      changes.registrationConfig !== undefined;
    if (!changed) return;
    this.deps.caCertificates.update(ca.caCertificateId, changes, this.clock(), newGenerationId());
    if (changes.status !== undefined && changes.status !== ca.status) {
      this.deps.changes.notify({ kind: 'ca', caCertificateId: ca.caCertificateId });
    }
  }

  /** DeleteCACertificate: only an INACTIVE CA (else CertificateStateException). */
  deleteCACertificate(caCertificateId: unknown): void {
    const ca = this.require(caCertificateId);
    if (ca.status !== 'INACTIVE') {
      throw new DomainError(
        'CertificateStateException',
        `CA certificate ${ca.caCertificateId} is ${ca.status}; deactivate it before deleting it`,
      );
    }
    this.deps.caCertificates.delete(ca.caCertificateId);
    this.deps.changes.notify({ kind: 'ca', caCertificateId: ca.caCertificateId });
  }

  private require(caCertificateId: unknown): CaCertificateRecord {
    const id = checkCertificateId(caCertificateId, 'caCertificateId');
    const ca = this.deps.caCertificates.get(id);
    if (!ca) throw new DomainError('ResourceNotFoundException', `CA certificate ${id} does not exist`);
    return ca;
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    throw new DomainError('InvalidRequestException', `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
