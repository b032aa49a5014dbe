import {
  type CertificateAuthority,
  createCertificateFromCsr,
  createKeysAndCertificate,
  isIssuedBy,
  isValidAt,
  type ParsedCertificate,
  parseCertificatePem,
} from '@meridian/certs';
import { type CertificateStatus, DomainError, type IotArns } from '@meridian/contracts';
import type { CaCertificateRecord, CaCertificatesStore } from './ca-certificates.store.js';
import type { CertificateChanges } from './certificate-changes.js';
import {
  checkCertificateId,
  checkSettableStatus,
  epochSeconds,
  initialStatus,
  newCertificateRecord,
  newGenerationId,
} from './certificate-rules.js';
import type { CertificateMode, CertificateRecord, CertificatesStore } from './certificates.store.js';
import { checkPageSize, decodeMarker, toPage } from './paging.js';

/**
 * What else points at a certificate (filled by the server from the policy and registry services).
 * Results may be promises.
 */
export interface CertificateAttachments {
  hasAttachedPolicies(certificateArn: string): boolean | Promise<boolean>;
  hasAttachedThings(certificateArn: string): boolean | Promise<boolean>;
  /** Called when forceDelete removes a certificate that still has policies attached. */
  detachAllPolicies?(certificateArn: string): void | Promise<void>;
}

export const NO_ATTACHMENTS: CertificateAttachments = {
  hasAttachedPolicies: () => false,
  hasAttachedThings: () => false,
};

export interface CertificatesServiceDeps {
  certificates: CertificatesStore;
  caCertificates: CaCertificatesStore;
  /** the platform CA that signs CreateKeysAndCertificate / CreateCertificateFromCsr certificates */
  platformCa: CertificateAuthority;
  arns: IotArns;
  attachments: CertificateAttachments;
  changes: CertificateChanges;
  clock?: () => Date;
}

export interface CreatedCertificate {
  certificateArn: string;
  certificateId: string;
  certificatePem: string;
}

export interface RegisteredCertificate {
  certificateArn: string;
  certificateId: string;
}

export interface CertificateDescription {
  certificateArn: string;
  certificateId: string;
  caCertificateId?: string;
  status: CertificateStatus;
  certificatePem: string;
  ownedBy: string;
  creationDate: number;
  lastModifiedDate: number;
  customerVersion: number;
  generationId: string;
  transferData: Record<string, never>;
  validity: { notBefore: number; notAfter: number };
  certificateMode: CertificateMode;
}

export interface CertificateListItem {
  certificateArn: string;
  certificateId: string;
  status: CertificateStatus;
  certificateMode: CertificateMode;
  creationDate: number;
}

export interface ListCertificatesInput {
  pageSize?: number;
  marker?: string;
  ascendingOrder?: boolean;
}

export interface CertificateList {
  certificates: CertificateListItem[];
  nextMarker?: string;
}

/**
 * AWS IoT's certificate operations (reference §4.5, §7.2): inputs and outputs shaped like the API so that routes
 * only translate HTTP. Dates are epoch seconds. Refusals are DomainErrors with AWS's exception names.
 */
export class CertificatesService {
  private readonly clock: () => Date;

  constructor(private readonly deps: CertificatesServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** CreateKeysAndCertificate: `setAsActive` false (default) leaves it INACTIVE. The private key is never stored. */
  async createKeysAndCertificate(
    input: { setAsActive?: boolean; keyType?: 'rsa-2048' | 'ec-p256' } = {},
  ): Promise<CreatedCertificate & { keyPair: { PublicKey: string; PrivateKey: string } }> {
    const created = await createKeysAndCertificate(
      this.deps.platformCa,
      input.keyType ? { keyType: input.keyType } : {},
    );
    const stored = this.insertNew(parseCertificatePem(created.certificatePem), {
      status: input.setAsActive === true ? 'ACTIVE' : 'INACTIVE',
      caCertificateId: null,
      certificateMode: 'DEFAULT',
    });
    return { ...stored, certificatePem: created.certificatePem, keyPair: created.keyPair };
  }

  /** CreateCertificateFromCsr: signs the CSR's key with the platform CA. */
  async createCertificateFromCsr(input: {
    certificateSigningRequest: unknown;
    setAsActive?: boolean;
  }): Promise<CreatedCertificate> {
    const signed = await createCertificateFromCsr(this.deps.platformCa, input.certificateSigningRequest);
    const stored = this.insertNew(parseCertificatePem(signed.certificatePem), {
      status: input.setAsActive === true ? 'ACTIVE' : 'INACTIVE',
      caCertificateId: null,
      certificateMode: 'DEFAULT',
    });
    return { ...stored, certificatePem: signed.certificatePem };
  }

  /**
   * RegisterCertificate: a certificate signed by a registered, ACTIVE CA (`caCertificatePem` names it; without it
   * the CA is found by the certificate's issuer and signature).
   */
  async registerCertificate(input: {
    certificatePem: unknown;
    caCertificatePem?: unknown;
    status?: unknown;
    setAsActive?: boolean;
  }): Promise<RegisteredCertificate> {
    const certificate = parseCertificatePem(input.certificatePem, 'certificatePem');
    const status = initialStatus(input.status, input.setAsActive);
    this.checkValidNow(certificate);
    const ca = this.issuingCa(certificate, input.caCertificatePem);
    if (ca.status !== 'ACTIVE') {
      throw new DomainError(
        'CertificateStateException',
        `The CA certificate ${ca.caCertificateId} that issued certificatePem is ${ca.status}`,
      );
    }
    return this.insertNew(certificate, {
      status,
      caCertificateId: ca.caCertificateId,
      certificateMode: ca.certificateMode,
    });
  }

  /** RegisterCertificateWithoutCA: any certificate (self-signed or of an unregistered CA), in SNI_ONLY mode. */
  async registerCertificateWithoutCA(input: {
    certificatePem: unknown;
    status?: unknown;
  }): Promise<RegisteredCertificate> {
    const certificate = parseCertificatePem(input.certificatePem, 'certificatePem');
    const status = initialStatus(input.status, undefined);
    this.checkValidNow(certificate);
    return this.insertNew(certificate, { status, caCertificateId: null, certificateMode: 'SNI_ONLY' });
  }

  /** DescribeCertificate. */
  describeCertificate(certificateId: unknown): { certificateDescription: CertificateDescription } {
    const record = this.require(certificateId);
    const { arns } = this.deps;
    return {
      certificateDescription: {
        certificateArn: arns.certificate(record.certificateId),
        certificateId: record.certificateId,
        ...(record.caCertificateId === null ? {} : { caCertificateId: record.caCertificateId }),
        status: record.status,
        certificatePem: record.certificatePem,
        ownedBy: arns.accountId,
        creationDate: epochSeconds(record.createdAt),
        lastModifiedDate: epochSeconds(record.lastModifiedAt),
        customerVersion: record.customerVersion,
        generationId: record.generationId,
        transferData: {},
        validity: { notBefore: epochSeconds(record.notBefore), notAfter: epochSeconds(record.notAfter) },
        certificateMode: record.certificateMode,
      },
    };
  }

  /** ListCertificates: newest first unless `ascendingOrder`; `nextMarker` while more follow. */
  listCertificates(input: ListCertificatesInput = {}): CertificateList {
    return this.listPage(input, undefined);
  }

  /** ListCertificatesByCA: the certificates registered as issued by one CA. */
  listCertificatesByCA(caCertificateId: unknown, input: ListCertificatesInput = {}): CertificateList {
    return this.listPage(input, checkCertificateId(caCertificateId, 'caCertificateId'));
  }

  /**
   * UpdateCertificate: ACTIVE, INACTIVE, REVOKED (or REGISTER_INACTIVE). A REVOKED certificate stays revoked;
   * setting the current status again changes nothing. Connections using it are re-checked at once.
   */
  updateCertificate(certificateId: unknown, newStatus: unknown): void {
    const status = checkSettableStatus(newStatus, 'newStatus');
    const record = this.require(certificateId);
    if (record.status === status) return;
    if (record.status === 'REVOKED') {
      throw new DomainError(
        'CertificateStateException',
        `Certificate ${record.certificateId} is REVOKED; a revoked certificate cannot change status`,
      );
    }
    if (record.status === 'PENDING_TRANSFER') {
      throw new DomainError(
        'CertificateStateException',
        `Certificate ${record.certificateId} is PENDING_TRANSFER; its status cannot change during a transfer`,
      );
    }
    this.deps.certificates.updateStatus(record.certificateId, status, this.clock(), newGenerationId());
    this.deps.changes.notify({ kind: 'certificate', certificateId: record.certificateId });
  }

  /**
   * DeleteCertificate: refused while ACTIVE (CertificateStateException) or attached to a thing, or to a policy
   * unless `forceDelete` (DeleteConflictException).
   */
  async deleteCertificate(certificateId: unknown, input: { forceDelete?: boolean } = {}): Promise<void> {
    const record = this.require(certificateId);
    if (record.status === 'ACTIVE') {
      throw new DomainError(
        'CertificateStateException',
        `Certificate ${record.certificateId} is ACTIVE; deactivate or revoke it before deleting it`,
      );
    }
    const { attachments } = this.deps;
    const arn = this.deps.arns.certificate(record.certificateId);
    if (await attachments.hasAttachedThings(arn)) {
      throw new DomainError(
        'DeleteConflictException',
        `Certificate ${record.certificateId} is attached to one or more things; detach it first`,
      );
    }
    const hasPolicies = await attachments.hasAttachedPolicies(arn);
    if (hasPolicies && input.forceDelete !== true) {
      throw new DomainError(
        'DeleteConflictException',
        `Certificate ${record.certificateId} has policies attached; detach them or use forceDelete`,
      );
    }
    if (hasPolicies) await attachments.detachAllPolicies?.(arn);
    this.deps.certificates.delete(record.certificateId);
    this.deps.changes.notify({ kind: 'certificate', certificateId: record.certificateId });
  }

  /** Whether `certificateArn` names a stored certificate (the registry's principal-exists port). */
  hasCertificate(certificateArn: string): boolean {
    const prefix = this.deps.arns.certificate('');
    if (!certificateArn.startsWith(prefix)) return false;
    const id = certificateArn.slice(prefix.length);
    return /^[0-9a-f]{64}$/.test(id) && this.deps.certificates.get(id) !== undefined;
  }

  /** Stores a certificate made or registered by the platform; a known id is ResourceAlreadyExistsException. */
  insertNew(
    certificate: ParsedCertificate,
    fields: {
      status: CertificateStatus;
      caCertificateId: string | null;
      certificateMode: CertificateMode;
      deviceName?: string;
    },
  ): RegisteredCertificate {
    const record = newCertificateRecord(certificate, fields, this.clock());
    const certificateArn = this.deps.arns.certificate(record.certificateId);
    if (!this.deps.certificates.insert(record)) {
      throw new DomainError(
        'ResourceAlreadyExistsException',
        `Certificate ${record.certificateId} is already registered`,
        {
          resourceId: record.certificateId,
          resourceArn: certificateArn,
        },
      );
    }
    return { certificateArn, certificateId: record.certificateId };
  }

  private listPage(input: ListCertificatesInput, caCertificateId: string | undefined): CertificateList {
    const pageSize = checkPageSize(input.pageSize);
    const after = input.marker === undefined || input.marker === '' ? undefined : decodeMarker(input.marker);
    const fetched = this.deps.certificates.page({
      limit: pageSize + 1,
      ascending: input.ascendingOrder === true,
      ...(after ? { after } : {}),
      ...(caCertificateId === undefined ? {} : { caCertificateId }),
    });
    const page = toPage(fetched, pageSize, (record) => ({
      createdAt: record.createdAt.getTime(),
      id: record.certificateId,
    }));
    return {
      certificates: page.items.map((record) => ({
        certificateArn: this.deps.arns.certificate(record.certificateId),
        certificateId: record.certificateId,
        status: record.status,
        certificateMode: record.certificateMode,
        creationDate: epochSeconds(record.createdAt),
      })),
      ...(page.nextMarker === undefined ? {} : { nextMarker: page.nextMarker }),
    };
  }

  private require(certificateId: unknown): CertificateRecord {
    const id = checkCertificateId(certificateId);
    const record = this.deps.certificates.get(id);
    if (!record) throw new DomainError('ResourceNotFoundException', `Certificate ${id} does not exist`);
    return record;
  }

  private checkValidNow(certificate: ParsedCertificate): void {
    if (!isValidAt(certificate, this.clock())) {
      throw new DomainError(
        'CertificateValidationException',
        `certificatePem is not valid now (valid from ${certificate.x509.notBefore.toISOString()} to ${certificate.x509.notAfter.toISOString()})`,
      );
    }
  }

  /** The registered CA that signed `certificate`: the one given as `caCertificatePem`, or found by issuer name. */
  private issuingCa(certificate: ParsedCertificate, caCertificatePem: unknown): CaCertificateRecord {
    const { caCertificates } = this.deps;
    if (caCertificatePem !== undefined && caCertificatePem !== null && caCertificatePem !== '') {
      const ca = parseCertificatePem(caCertificatePem, 'caCertificatePem');
      const registered = caCertificates.get(ca.certificateId);
      if (!registered) {
        throw new DomainError('CertificateValidationException', 'caCertificatePem is not a registered CA certificate');
      }
      if (!isIssuedBy(certificate, ca)) {
        throw new DomainError('CertificateValidationException', 'certificatePem is not signed by caCertificatePem');
      }
      return registered;
    }
    const issuer = caCertificates
      .withSubject(certificate.node.issuer)
      .find((candidate) => isIssuedBy(certificate, parseCertificatePem(candidate.certificatePem)));
    if (!issuer) {
      throw new DomainError(
        'CertificateValidationException',
        'The CA certificate that signed certificatePem is not registered; register it first (RegisterCACertificate)',
      );
    }
    return issuer;
  }
}
