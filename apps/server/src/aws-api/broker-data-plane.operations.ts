import type { Broker, ForwardedProperties, RetainedMessage } from '@meridian/broker';
import { DomainError } from '@meridian/contracts';
import { parseShadowTopic } from '@meridian/shadow';
import { type Static, Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation, stringEnum } from './aws-operation.js';
import { decodeBase64, decodeUserProperties, encodeUserProperties } from './mqtt5-http-properties.js';

const DEFAULT_RETAINED_PAGE = 50;
const MAX_RETAINED_PAGE = 200;
/** AWS's longest message expiry interval (7 days). */
const MAX_MESSAGE_EXPIRY_SECONDS = 604_800;

/** The topic is one percent-encoded label for the SDKs, but raw slashes are accepted as well. */
const TopicLabel = Type.Object({ topic: Type.String({ minLength: 1 }) });

export const PublishQuery = Type.Object({
  qos: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  retain: Type.Optional(Type.Boolean()),
  contentType: Type.Optional(Type.String()),
  responseTopic: Type.Optional(Type.String()),
  messageExpiry: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_MESSAGE_EXPIRY_SECONDS })),
});

export const PublishHeaders = Type.Object({
  'x-amz-mqtt5-user-properties': Type.Optional(Type.String()),
  'x-amz-mqtt5-payload-format-indicator': Type.Optional(stringEnum(['UNSPECIFIED_BYTES', 'UTF8_DATA'])),
  'x-amz-mqtt5-correlation-data': Type.Optional(Type.String()),
});

/**
 * The reserved-topic rules for a publish from outside (AWS §5): `$aws/events/...` is subscribe-only,
 * the shadow response topics belong to the shadow service, and no `$` topic keeps retained messages.
 */
function checkPublishable(broker: Broker, topic: string, retain: boolean): void {
  if (!broker.isAcceptableTopicName(topic)) {
    throw new DomainError(
      'InvalidRequestException',
      `Invalid topic name "${topic}": no + or #, at most ${broker.options.maxTopicBytes} bytes and ${broker.options.maxTopicLevels} levels`,
    );
  }
  if (topic.startsWith('$aws/events/') || parseShadowTopic(topic)?.response !== undefined) {
    throw new DomainError('ForbiddenException', `Topic ${topic} is reserved: it cannot be published to`);
  }
  if (retain && topic.startsWith('$')) {
    throw new DomainError('InvalidRequestException', `Reserved topic ${topic} cannot hold a retained message`);
  }
}

function publishProperties(
  broker: Broker,
  query: Static<typeof PublishQuery>,
  headers: Static<typeof PublishHeaders>,
): ForwardedProperties | undefined {
  const properties: ForwardedProperties = {};
  const userProperties = headers['x-amz-mqtt5-user-properties'];
  if (userProperties !== undefined) {
    properties.userProperties = decodeUserProperties('x-amz-mqtt5-user-properties', userProperties);
  }
  const format = headers['x-amz-mqtt5-payload-format-indicator'];
  if (format !== undefined) properties.payloadFormatIndicator = format === 'UTF8_DATA';
  const correlationData = headers['x-amz-mqtt5-correlation-data'];
  if (correlationData !== undefined) {
    properties.correlationData = decodeBase64('x-amz-mqtt5-correlation-data', correlationData);
  }
  if (query.contentType !== undefined) properties.contentType = query.contentType;
  if (query.responseTopic !== undefined) {
    if (!broker.isAcceptableTopicName(query.responseTopic)) {
      throw new DomainError('InvalidRequestException', `Invalid responseTopic "${query.responseTopic}"`);
    }
    properties.responseTopic = query.responseTopic;
  }
  // An interval of 0 would expire the message at once; AWS raises it to the 1 s minimum.
  if (query.messageExpiry !== undefined) properties.messageExpiryInterval = Math.max(1, query.messageExpiry);
  return Object.keys(properties).length === 0 ? undefined : properties;
}

/**
 * Publish over HTTP (AWS's `POST /topics/{topic}`): the reserved-topic rules, the payload limit and
 * the MQTT 5 extras from the query and headers, then a platform publish through the broker.
 */
export function publishOverHttp(
  broker: Broker,
  topic: string,
  payload: Buffer,
  query: Static<typeof PublishQuery>,
  headers: Static<typeof PublishHeaders>,
): void {
  const retain = query.retain === true;
  checkPublishable(broker, topic, retain);
  if (payload.length > broker.options.maxPayloadBytes) {
    throw new DomainError(
      'RequestEntityTooLargeException',
      `The payload of ${payload.length} bytes exceeds the maximum of ${broker.options.maxPayloadBytes} bytes`,
    );
  }
  const properties = publishProperties(broker, query, headers);
  broker.publish({ topic, payload, qos: query.qos === 1 ? 1 : 0, retain, ...(properties && { properties }) });
}

/** An MQTT 5 retained message whose expiry interval has passed is gone (as on SUBSCRIBE). */
function isLive(message: RetainedMessage, now: number): boolean {
  const expiry = message.properties?.messageExpiryInterval;
  return expiry === undefined || message.receivedAt.getTime() + expiry * 1000 > now;
}

function decodeRetainedToken(token: string): string {
  const topic = Buffer.from(token, 'base64url').toString('utf8');
  if (topic.length === 0 || Buffer.from(topic, 'utf8').toString('base64url') !== token) {
    throw new DomainError('InvalidRequestException', 'nextToken is not a token returned by this operation');
  }
  return topic;
}

/**
 * The broker's data-plane HTTP API: Publish (a platform publish through the broker, with the MQTT 5
 * extras), GetRetainedMessage and ListRetainedMessages (from the broker's retained store).
 */
export function brokerDataPlaneOperations(broker: Broker): AwsOperation[] {
  return [
    defineOperation({
      name: 'Publish',
      method: 'POST',
      path: '/topics/{topic+}',
      access: 'write',
      plane: 'data',
      input: { labels: TopicLabel, query: PublishQuery, headers: PublishHeaders, body: 'blob' },
      handler: ({ labels: { topic }, query, headers, body }) => publishOverHttp(broker, topic, body, query, headers),
    }),
    defineOperation({
      name: 'GetRetainedMessage',
      method: 'GET',
      path: '/retainedMessage/{topic+}',
      access: 'read',
      plane: 'data',
      input: { labels: TopicLabel },
      handler: async ({ labels: { topic } }) => {
        const message = await broker.retained.get(topic);
        if (message === undefined || !isLive(message, Date.now())) {
          throw new DomainError('ResourceNotFoundException', `No retained message exists on topic ${topic}`);
        }
        const userProperties = message.properties?.userProperties;
        return {
          topic: message.topic,
          payload: message.payload.toString('base64'),
          qos: message.qos,
          lastModifiedTime: message.receivedAt.getTime(),
          ...(userProperties && { userProperties: encodeUserProperties(userProperties) }),
        };
      },
    }),
    defineOperation({
      name: 'ListRetainedMessages',
      method: 'GET',
      path: '/retainedMessage',
      access: 'read',
      plane: 'data',
      input: {
        query: Type.Object({
          nextToken: Type.Optional(Type.String()),
          maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RETAINED_PAGE })),
        }),
      },
      handler: async ({ query }) => {
        const limit = query.maxResults ?? DEFAULT_RETAINED_PAGE;
        const after = query.nextToken === undefined ? undefined : decodeRetainedToken(query.nextToken);
        // One more than the page, to know whether another page follows.
        const rows = await broker.retained.list({ ...(after !== undefined && { after }), limit: limit + 1 });
        const page = rows.slice(0, limit);
        const now = Date.now();
        const retainedTopics = page
          .filter((message) => isLive(message, now))
          .map((message) => ({
            topic: message.topic,
            payloadSize: message.payload.length,
            qos: message.qos,
            lastModifiedTime: message.receivedAt.getTime(),
          }));
        const last = page.at(-1);
        return rows.length > limit && last !== undefined
          ? { retainedTopics, nextToken: Buffer.from(last.topic, 'utf8').toString('base64url') }
          : { retainedTopics };
      },
    }),
  ];
}
