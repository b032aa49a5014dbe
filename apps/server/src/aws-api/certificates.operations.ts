import { DomainError } from '@meridian/contracts';
import { Type } from '@sinclair/typebox';
import type { CaCertificatesService } from '../certificates/ca-certificates.service.js';
import type { CertificatesService } from '../certificates/certificates.service.js';
import { type AwsOperation, defineOperation } from './aws-operation.js';

// Only JSON types are checked here (and query text converted); the services check ids, statuses,
// PEM contents and page sizes with AWS's rules and their own messages.

const CertificateIdLabel = Type.Object({ certificateId: Type.String() });

const SetAsActiveQuery = Type.Object({ setAsActive: Type.Optional(Type.Boolean()) });

/** `marker` / `pageSize` paging; the SDK member `ascendingOrder` travels as `isAscendingOrder`. */
const ListQuery = {
  pageSize: Type.Optional(Type.Integer()),
  marker: Type.Optional(Type.String()),
  isAscendingOrder: Type.Optional(Type.Boolean()),
};

const RegistrationConfig = Type.Object({
  templateBody: Type.Optional(Type.String()),
  roleArn: Type.Optional(Type.String()),
  templateName: Type.Optional(Type.String()),
});

/** Accepted on RegisterCACertificate and not stored: the platform has no tagging. */
const Tags = Type.Array(Type.Object({ Key: Type.String(), Value: Type.Optional(Type.String()) }));

const listInput = (query: { pageSize?: number; marker?: string; isAscendingOrder?: boolean }) => ({
  pageSize: query.pageSize,
  marker: query.marker,
  ascendingOrder: query.isAscendingOrder,
});

/**
 * The control-plane operations on device and CA certificates (reference §4.5, §7.2) at the paths
 * and member names of `@aws-sdk/client-iot`.
 */
export function certificateOperations(
  certificates: CertificatesService,
  caCertificates: CaCertificatesService,
): AwsOperation[] {
  return [
    defineOperation({
      name: 'CreateKeysAndCertificate',
      method: 'POST',
      path: '/keys-and-certificate',
      access: 'write',
      input: { query: SetAsActiveQuery },
      handler: ({ query }) => certificates.createKeysAndCertificate({ setAsActive: query.setAsActive }),
    }),
    defineOperation({
      name: 'CreateCertificateFromCsr',
      method: 'POST',
      path: '/certificates',
      access: 'write',
      input: { query: SetAsActiveQuery, body: Type.Object({ certificateSigningRequest: Type.String() }) },
      handler: ({ query, body }) =>
        certificates.createCertificateFromCsr({
          certificateSigningRequest: body.certificateSigningRequest,
          setAsActive: query.setAsActive,
        }),
    }),
    defineOperation({
      name: 'RegisterCertificate',
      method: 'POST',
      path: '/certificate/register',
      access: 'write',
      input: {
        query: SetAsActiveQuery,
        body: Type.Object({
          certificatePem: Type.String(),
          caCertificatePem: Type.Optional(Type.String()),
          status: Type.Optional(Type.String()),
        }),
      },
      handler: ({ query, body }) => certificates.registerCertificate({ ...body, setAsActive: query.setAsActive }),
    }),
    defineOperation({
      name: 'RegisterCertificateWithoutCA',
      method: 'POST',
      path: '/certificate/register-no-ca',
      access: 'write',
      input: { body: Type.Object({ certificatePem: Type.String(), status: Type.Optional(Type.String()) }) },
      handler: ({ body }) => certificates.registerCertificateWithoutCA(body),
    }),
    defineOperation({
      name: 'DescribeCertificate',
      method: 'GET',
      path: '/certificates/{certificateId}',
      access: 'read',
      input: { labels: CertificateIdLabel },
      handler: ({ labels }) => certificates.describeCertificate(labels.certificateId),
    }),
    defineOperation({
      name: 'ListCertificates',
      method: 'GET',
      path: '/certificates',
      access: 'read',
      input: { query: Type.Object(ListQuery) },
      handler: ({ query }) => certificates.listCertificates(listInput(query)),
    }),
    defineOperation({
      name: 'ListCertificatesByCA',
      method: 'GET',
      path: '/certificates-by-ca/{caCertificateId}',
      access: 'read',
      input: { labels: Type.Object({ caCertificateId: Type.String() }), query: Type.Object(ListQuery) },
      handler: ({ labels, query }) => certificates.listCertificatesByCA(labels.caCertificateId, listInput(query)),
    }),
    defineOperation({
      name: 'UpdateCertificate',
      method: 'PUT',
      path: '/certificates/{certificateId}',
      access: 'write',
      input: { labels: CertificateIdLabel, query: Type.Object({ newStatus: Type.String() }) },
      handler: ({ labels, query }) => certificates.updateCertificate(labels.certificateId, query.newStatus),
    }),
    defineOperation({
      name: 'DeleteCertificate',
      method: 'DELETE',
      path: '/certificates/{certificateId}',
      access: 'write',
      input: { labels: CertificateIdLabel, query: Type.Object({ forceDelete: Type.Optional(Type.Boolean()) }) },
      handler: ({ labels, query }) =>
        certificates.deleteCertificate(labels.certificateId, { forceDelete: query.forceDelete }),
    }),
    defineOperation({
      name: 'GetRegistrationCode',
      method: 'GET',
      path: '/registrationcode',
      access: 'read',
      handler: () => caCertificates.getRegistrationCode(),
    }),
    defineOperation({
      name: 'RegisterCACertificate',
      method: 'POST',
      path: '/cacertificate',
      access: 'write',
      input: {
        query: Type.Object({
          setAsActive: Type.Optional(Type.Boolean()),
          allowAutoRegistration: Type.Optional(Type.Boolean()),
        }),
        body: Type.Object({
          caCertificate: Type.String(),
          verificationCertificate: Type.Optional(Type.String()),
          registrationConfig: Type.Optional(RegistrationConfig),
          certificateMode: Type.Optional(Type.String()),
          tags: Type.Optional(Tags),
        }),
      },
      handler: ({ query, body }) =>
        caCertificates.registerCACertificate({
          caCertificate: body.caCertificate,
          verificationCertificate: body.verificationCertificate,
          registrationConfig: body.registrationConfig,
          certificateMode: body.certificateMode,
          setAsActive: query.setAsActive,
          allowAutoRegistration: query.allowAutoRegistration,
        }),
    }),
    defineOperation({
      name: 'DescribeCACertificate',
      method: 'GET',
      path: '/cacertificate/{certificateId}',
      access: 'read',
      input: { labels: CertificateIdLabel },
      handler: ({ labels }) => caCertificates.describeCACertificate(labels.certificateId),
    }),
    defineOperation({
      name: 'UpdateCACertificate',
      method: 'PUT',
      path: '/cacertificate/{certificateId}',
      access: 'write',
      input: {
        labels: CertificateIdLabel,
        query: Type.Object({
          newStatus: Type.Optional(Type.String()),
          newAutoRegistrationStatus: Type.Optional(Type.String()),
        }),
        body: Type.Object({
          registrationConfig: Type.Optional(RegistrationConfig),
          removeAutoRegistration: Type.Optional(Type.Boolean()),
        }),
      },
      handler: ({ labels, query, body }) =>
        caCertificates.updateCACertificate(labels.certificateId, { ...query, ...body }),
    }),
    defineOperation({
      name: 'ListCACertificates',
      method: 'GET',
      path: '/cacertificates',
      access: 'read',
      input: { query: Type.Object({ ...ListQuery, templateName: Type.Optional(Type.String()) }) },
      handler: ({ query }) => {
        if (query.templateName !== undefined) {
          throw new DomainError('InvalidRequestException', 'Listing CA certificates by templateName is not supported');
        }
        return caCertificates.listCACertificates(listInput(query));
      },
    }),
    defineOperation({
      name: 'DeleteCACertificate',
      method: 'DELETE',
      path: '/cacertificate/{certificateId}',
      access: 'write',
      input: { labels: CertificateIdLabel },
      handler: ({ labels }) => caCertificates.deleteCACertificate(labels.certificateId),
    }),
  ];
}
