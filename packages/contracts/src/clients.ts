import { type Static, Type } from '@sinclair/typebox';
import { QosSchema } from './live.js';

/** MQTT version as people name it; the CONNECT protocol level 3, 4, 5 in that order. */
export const MqttVersionSchema = Type.Union([Type.Literal('3.1'), Type.Literal('3.1.1'), Type.Literal('5.0')]);
export type MqttVersion = Static<typeof MqttVersionSchema>;

/** Which device listener the client came in on (`memory` is for in-process tests). */
export const ClientTransportSchema = Type.Union([
  Type.Literal('tls'),
  Type.Literal('wss'),
  Type.Literal('tcp'),
  Type.Literal('memory'),
]);
export type ClientTransport = Static<typeof ClientTransportSchema>;

export const ClientSubscriptionSchema = Type.Object({
  filter: Type.String(),
  qos: QosSchema,
});
export type ClientSubscription = Static<typeof ClientSubscriptionSchema>;

/** An MQTT client connected to the broker right now. */
export const ConnectedClientSchema = Type.Object({
  clientId: Type.String(),
  protocolVersion: MqttVersionSchema,
  transport: ClientTransportSchema,
  remoteAddress: Type.Optional(Type.String()),
  /** Hex SHA-256 of the client certificate it connected with, when the transport had one. */
  certificateId: Type.Optional(Type.String()),
  connectedAt: Type.String({ format: 'date-time' }),
  subscriptions: Type.Array(ClientSubscriptionSchema),
});
export type ConnectedClient = Static<typeof ConnectedClientSchema>;

/** `GET /api/clients`: oldest connection first. */
export const ConnectedClientListSchema = Type.Object({
  clients: Type.Array(ConnectedClientSchema),
});
export type ConnectedClientList = Static<typeof ConnectedClientListSchema>;

export const ClientIdParamsSchema = Type.Object({
  clientId: Type.String({ minLength: 1 }),
});
export type ClientIdParams = Static<typeof ClientIdParamsSchema>;
