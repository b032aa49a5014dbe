import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CertificateListSchema,
  CreateDeviceCredentialsRequestSchema,
  DeviceCredentialsSchema,
} from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import type { CertificatesStore } from './certificates.store.js';
import type { DeviceCredentialsService } from './device-credentials.service.js';

export const certificatesRoutes: FastifyPluginAsyncTypebox<{
  store: CertificatesStore;
  credentials: DeviceCredentialsService;
}> = async (app, { store, credentials }) => {
  app.get('/certificates', { schema: { response: { 200: CertificateListSchema } } }, async () => ({
    certificates: store.list(),
  }));

  app.post(
    '/certificates',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: { body: CreateDeviceCredentialsRequestSchema, response: { 201: DeviceCredentialsSchema } },
    },
    async (request, reply) => {
      const created = await credentials.create(request.body.deviceName);
      request.log.info(
        { deviceName: created.deviceName, certificateId: created.certificateId, by: request.session?.username },
        'device certificate created',
      );
      return reply.status(201).send(created);
    },
  );
};
