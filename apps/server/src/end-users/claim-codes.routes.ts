import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClaimCodeSchema, CreateClaimCodeRequestSchema } from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import type { DeviceOwnershipStore } from './device-ownership.store.js';

const DEFAULT_CLAIM_CODE_HOURS = 168;

/** Claim codes to print for a device (admins, and operators who create devices). */
export const claimCodesRoutes: FastifyPluginAsyncTypebox<{
  ownership: DeviceOwnershipStore;
  requireThing(thingName: string): Promise<void>;
}> = async (app, { ownership, requireThing }) => {
  app.addHook('onRequest', requireRole('admin', 'operator'));

  app.post(
    '/claim-codes',
    { schema: { body: CreateClaimCodeRequestSchema, response: { 201: ClaimCodeSchema } } },
    async (request, reply) => {
      const { thingName, expiresInHours = DEFAULT_CLAIM_CODE_HOURS } = request.body;
      await requireThing(thingName);
      const created = ownership.createClaimCode(thingName, expiresInHours * 3600_000);
      request.log.info({ thingName, by: request.session?.username }, 'claim code created');
      return reply.status(201).send({ thingName, ...created });
    },
  );
};
