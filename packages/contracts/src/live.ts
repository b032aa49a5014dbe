import { type Static, Type } from '@sinclair/typebox';
import { RULE_NAME_PATTERN, type RuleActivity } from './rules.js';

/** Path of the console's one WebSocket (per browser tab). */
export const LIVE_SOCKET_PATH = '/api/live';

export const QosSchema = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]);
export type Qos = Static<typeof QosSchema>;

export const PublishRequestSchema = Type.Object(
  {
    topic: Type.String({ minLength: 1, maxLength: 256 }),
    qos: QosSchema,
    retain: Type.Boolean(),
    payload: Type.String({ maxLength: 131072 }),
  },
  { additionalProperties: false },
);
export type PublishRequest = Static<typeof PublishRequestSchema>;

/** Frames the browser sends on the live socket. */
export const LiveClientFrameSchema = Type.Union([
  Type.Object({
    type: Type.Literal('subscribe'),
    filters: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 16 }),
  }),
  Type.Object({
    type: Type.Literal('unsubscribe'),
    filters: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 16 }),
  }),
  Type.Composite([Type.Object({ type: Type.Literal('publish') }), PublishRequestSchema]),
  /** Stream the outputs and errors of these rules as `rule-activity` frames. */
  Type.Object({
    type: Type.Literal('watch-rules'),
    ruleNames: Type.Array(Type.String({ pattern: RULE_NAME_PATTERN }), { minItems: 1, maxItems: 16 }),
  }),
  Type.Object({
    type: Type.Literal('unwatch-rules'),
    ruleNames: Type.Array(Type.String({ pattern: RULE_NAME_PATTERN }), { minItems: 1, maxItems: 16 }),
  }),
  /** Stream the rows timeseries actions store under these device keys as `timeseries-row` frames. */
  Type.Object({
    type: Type.Literal('watch-timeseries'),
    deviceKeys: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 16 }),
  }),
  Type.Object({
    type: Type.Literal('unwatch-timeseries'),
    deviceKeys: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 16 }),
  }),
]);
export type LiveClientFrame = Static<typeof LiveClientFrameSchema>;

export const LiveMessageSchema = Type.Object({
  type: Type.Literal('message'),
  topic: Type.String(),
  qos: QosSchema,
  retain: Type.Boolean(),
  /** UTF-8 text of the payload, or base64 when it is not valid UTF-8. */
  payload: Type.String(),
  payloadEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  /** ISO-8601 time the broker accepted the message. */
  receivedAt: Type.String(),
  /** Client id of the publisher; absent for messages published by the platform itself. */
  clientId: Type.Optional(Type.String()),
});
export type LiveMessage = Static<typeof LiveMessageSchema>;

/** A row a timeseries action just stored: its numeric members, nested ones as dotted names. */
export const LiveTimeseriesRowSchema = Type.Object({
  type: Type.Literal('timeseries-row'),
  deviceKey: Type.String(),
  /** Row time, epoch milliseconds. */
  time: Type.Number(),
  values: Type.Record(Type.String(), Type.Number()),
});
export type LiveTimeseriesRow = Static<typeof LiveTimeseriesRowSchema>;

/** Frames the server sends on the live socket. */
export type LiveServerFrame =
  | LiveMessage
  | { type: 'subscribed'; filters: string[] }
  | { type: 'unsubscribed'; filters: string[] }
  | { type: 'published'; topic: string }
  | { type: 'watching-rules'; ruleNames: string[] }
  | { type: 'rule-activity'; activity: RuleActivity }
  | { type: 'watching-timeseries'; deviceKeys: string[] }
  | LiveTimeseriesRow
  | { type: 'error'; code: string; message: string };
