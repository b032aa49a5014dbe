import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessKeyIdParamsSchema,
  AccessKeyListSchema,
  AccessKeySummarySchema,
  CreateAccessKeyRequestSchema,
  CreatedAccessKeySchema,
} from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import type { AccessKeysService } from './access-keys.service.js';

/** Console API for the access keys of the AWS-compatible API; admins only. */
export const accessKeysRoutes: FastifyPluginAsyncTypebox<{ accessKeys: AccessKeysService }> = async (
  app,
  { accessKeys },
) => {
  // Before body validation, so other roles learn nothing about the expected input.
  app.addHook('onRequest', requireRole('admin'));

  app.get('/access-keys', { schema: { response: { 200: AccessKeyListSchema } } }, async () => ({
    accessKeys: accessKeys.list(),
  }));

  app.post(
    '/access-keys',
    { schema: { body: CreateAccessKeyRequestSchema, response: { 201: CreatedAccessKeySchema } } },
    async (request, reply) => {
      const session = request.session!;
      const created = accessKeys.create(session.userId, request.body.description?.trim() ?? '');
      request.log.info({ accessKeyId: created.accessKeyId, by: session.username }, 'access key created');
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/access-keys/:accessKeyId/revoke',
    { schema: { params: AccessKeyIdParamsSchema, response: { 200: AccessKeySummarySchema } } },
    async (request) => {
      const revoked = accessKeys.revoke(request.params.accessKeyId);
      request.log.info({ accessKeyId: revoked.accessKeyId, by: request.session?.username }, 'access key revoked');
      return revoked;
    },
  );
};
