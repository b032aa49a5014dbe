import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CaCertificateIdParamsSchema,
  CaCertificateListSchema,
  CaCertificateSummarySchema,
  RegisterCaCertificateRequestSchema,
  RegistrationCodeSchema,
  UpdateCaCertificateRequestSchema,
} from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import type { CaCertificatesService } from './ca-certificates.service.js';
import type { CaCertificatesStore } from './ca-certificates.store.js';
import { toCaCertificateSummary } from './console-summaries.js';

/** Console API for CA certificates: list, registration code, register, change status, delete. */
export const caCertificatesRoutes: FastifyPluginAsyncTypebox<{
  store: CaCertificatesStore;
  caCertificates: CaCertificatesService;
}> = async (app, { store, caCertificates }) => {
  const summaryOf = (caCertificateId: string) => {
    const record = store.get(caCertificateId.toLowerCase());
    if (!record) throw new Error(`CA certificate ${caCertificateId} vanished after it was written`);
    return toCaCertificateSummary(record);
  };

  app.get('/ca-certificates', { schema: { response: { 200: CaCertificateListSchema } } }, async () => ({
    caCertificates: store.list().map(toCaCertificateSummary),
  }));

  app.get(
    '/ca-certificates/registration-code',
    { preHandler: requireRole('admin', 'operator'), schema: { response: { 200: RegistrationCodeSchema } } },
    async () => caCertificates.getRegistrationCode(),
  );

  app.post(
    '/ca-certificates',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: { body: RegisterCaCertificateRequestSchema, response: { 201: CaCertificateSummarySchema } },
    },
    async (request, reply) => {
      const { caCertificatePem, verificationCertificatePem, setAsActive, allowAutoRegistration } = request.body;
      const { certificateId } = caCertificates.registerCACertificate({
        caCertificate: caCertificatePem,
        verificationCertificate: verificationCertificatePem,
        ...(setAsActive === undefined ? {} : { setAsActive }),
        ...(allowAutoRegistration === undefined ? {} : { allowAutoRegistration }),
      });
      request.log.info({ caCertificateId: certificateId, by: request.session?.username }, 'CA certificate registered');
      return reply.status(201).send(summaryOf(certificateId));
    },
  );

  app.put(
    '/ca-certificates/:caCertificateId',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: {
        params: CaCertificateIdParamsSchema,
        body: UpdateCaCertificateRequestSchema,
        response: { 200: CaCertificateSummarySchema },
      },
    },
    async (request) => {
      const { caCertificateId } = request.params;
      const { status, autoRegistrationStatus } = request.body;
      caCertificates.updateCACertificate(caCertificateId, {
        ...(status === undefined ? {} : { newStatus: status }),
        ...(autoRegistrationStatus === undefined ? {} : { newAutoRegistrationStatus: autoRegistrationStatus }),
      });
      request.log.info({ caCertificateId, ...request.body, by: request.session?.username }, 'CA certificate updated');
      return summaryOf(caCertificateId);
    },
  );

  app.delete(
    '/ca-certificates/:caCertificateId',
    { preHandler: requireRole('admin', 'operator'), schema: { params: CaCertificateIdParamsSchema } },
    async (request, reply) => {
      const { caCertificateId } = request.params;
      caCertificates.deleteCACertificate(caCertificateId);
      request.log.info({ caCertificateId, by: request.session?.username }, 'CA certificate deleted');
      return reply.status(204).send();
    },
  );
};
