import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Broker, ClientInfo } from '@meridian/broker';
import {
  ClientIdParamsSchema,
  type ConnectedClient,
  ConnectedClientListSchema,
  type MqttVersion,
} from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import { ApiHttpError, CLIENT_ERR_NOT_CONNECTED } from '../http/api-error.js';

const MQTT_VERSIONS: Record<ClientInfo['protocolVersion'], MqttVersion> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };

function toConnectedClient(info: ClientInfo): ConnectedClient {
  return {
    clientId: info.clientId,
    protocolVersion: MQTT_VERSIONS[info.protocolVersion],
    transport: info.transport,
    ...(info.remoteAddress === undefined ? {} : { remoteAddress: info.remoteAddress }),
    ...(info.certificateId === undefined ? {} : { certificateId: info.certificateId }),
    connectedAt: info.connectedAt.toISOString(),
    subscriptions: info.subscriptions.map(({ filter, qos }) => ({ filter, qos })),
  };
}

/** The MQTT clients connected to the broker right now, and the operator's "disconnect" button. */
export const clientsRoutes: FastifyPluginAsyncTypebox<{ broker: Broker }> = async (app, { broker }) => {
  app.get(
    '/clients',
    {
      preHandler: requireRole('admin', 'operator', 'viewer'),
      schema: { response: { 200: ConnectedClientListSchema } },
    },
    async () => ({
      clients: broker
        .clients()
        .sort((a, b) => a.connectedAt.getTime() - b.connectedAt.getTime() || a.clientId.localeCompare(b.clientId))
        .map(toConnectedClient),
    }),
  );

  app.delete(
    '/clients/:clientId',
    {
      preHandler: requireRole('admin', 'operator'),
      schema: { params: ClientIdParamsSchema },
    },
    async (request, reply) => {
      const { clientId } = request.params;
      // MQTT 5 clients get DISCONNECT 0x98 (administrative action) before the close.
      if (!broker.disconnect(clientId)) {
        throw new ApiHttpError(404, CLIENT_ERR_NOT_CONNECTED, `No MQTT client "${clientId}" is connected`);
      }
      request.log.info({ clientId, by: request.session?.username }, 'MQTT client disconnected from the console');
      return reply.status(204).send();
    },
  );
};
