import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Broker, isValidTopicName } from '@meridian/broker';
import { PublishRequestSchema } from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import { ApiHttpError, PUBLISH_ERR_INVALID_TOPIC } from '../http/api-error.js';

export const publishRoutes: FastifyPluginAsyncTypebox<{ broker: Broker }> = async (app, { broker }) => {
  app.post(
    '/publish',
    { preHandler: requireRole('admin', 'operator'), schema: { body: PublishRequestSchema } },
    async (request, reply) => {
      const { topic, qos, retain, payload } = request.body;
      if (!isValidTopicName(topic)) {
        throw new ApiHttpError(
          400,
          PUBLISH_ERR_INVALID_TOPIC,
          `Invalid topic name "${topic}": no wildcards, no empty topic`,
        );
      }
      broker.publish({ topic, payload, qos: qos === 0 ? 0 : 1, retain });
      request.log.info({ topic, qos, retain, by: request.session?.username }, 'console publish');
      return reply.status(202).send({});
    },
  );
};
