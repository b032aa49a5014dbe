import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CertificateIdParamsSchema,
  CertificateListSchema,
  CertificateSummarySchema,
  CreateDeviceCredentialsRequestSchema,
  DeviceCredentialsSchema,
  UpdateCertificateStatusRequestSchema,
} from '@meridian/contracts';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../auth/require-role.js';
import type { CertificatesService } from './certificates.service.js';
import type { CertificatesStore } from './certificates.store.js';
import { toCertificateSummary } from './console-summaries.js';
import type { DeviceCredentialsService } from './device-credentials.service.js';

/** Console API for device certificates: list, create device credentials, change status, delete. */
export const certificatesRoutes: FastifyPluginAsyncTypebox<{
  store: CertificatesStore;
  certificates: CertificatesService;
  credentials: DeviceCredentialsService;
}> = async (app, { store, certificates, credentials }) => {
  app.get('/certificates', { schema: { response: { 200: CertificateListSchema } } }, async () => ({
    certificates: store.list().map(toCertificateSummary),
  }));

  app.post(
    '/certificates',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: { body: CreateDeviceCredentialsRequestSchema, response: { 201: DeviceCredentialsSchema } },
    },
    async (request, reply) => {
      const created = await credentials.create(request.body.deviceName, request.body.policyName);
      request.log.info(
        { deviceName: created.deviceName, certificateId: created.certificateId, by: request.session?.username },
        'device certificate created',
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/certificates/:certificateId/status',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: {
        params: CertificateIdParamsSchema,
        body: UpdateCertificateStatusRequestSchema,
        response: { 200: CertificateSummarySchema },
      },
    },
    async (request) => {
      const { certificateId } = request.params;
      certificates.updateCertificate(certificateId, request.body.status);
      request.log.info(
        { certificateId, status: request.body.status, by: request.session?.username },
        'certificate status changed',
      );
      const updated = store.get(certificateId.toLowerCase());
      if (!updated) throw new Error(`certificate ${certificateId} vanished after its update`);
      return toCertificateSummary(updated);
    },
  );

  app.delete(
    '/certificates/:certificateId',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: {
        params: CertificateIdParamsSchema,
        querystring: Type.Object({ forceDelete: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { certificateId } = request.params;
      // forceDelete detaches the certificate's policies first (AWS DeleteCertificate semantics).
      await certificates.deleteCertificate(certificateId, { forceDelete: request.query.forceDelete === true });
      request.log.info({ certificateId, by: request.session?.username }, 'certificate deleted');
      return reply.status(204).send();
    },
  );
};
