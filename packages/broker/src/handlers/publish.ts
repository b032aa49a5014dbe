import type { IPublishPacket } from 'mqtt-packet';
import { AckType, encodeAck } from '../ack-encoding.js';
import { authorize } from '../authorization.js';
import type { Connection } from '../connection.js';
import { isThenable } from '../maybe-promise.js';
import { encodePuback } from '../packet-encoding.js';
import { admitPublish, basicIngest } from '../publish-surface.js';
import { ReasonCode } from '../reason-codes.js';
import { isValidTopicName } from '../topic.js';
import type { ForwardedProperties, Message } from '../types.js';

type PublishProperties = NonNullable<IPublishPacket['properties']>;

/** The MQTT 5 properties forwarded to subscribers (§3.3.2.3), or undefined when none. */
export function forwardedProperties(properties: PublishProperties): ForwardedProperties | undefined {
  let out: ForwardedProperties | undefined;
  if (properties.payloadFormatIndicator !== undefined) {
    out ??= {};
    out.payloadFormatIndicator = properties.payloadFormatIndicator;
  }
  if (properties.messageExpiryInterval !== undefined) {
    out ??= {};
    out.messageExpiryInterval = properties.messageExpiryInterval;
  }
  if (properties.contentType !== undefined) {
    out ??= {};
    out.contentType = properties.contentType;
  }
  if (properties.responseTopic !== undefined) {
    out ??= {};
    out.responseTopic = properties.responseTopic;
  }
  if (properties.correlationData !== undefined) {
    out ??= {};
    out.correlationData = properties.correlationData;
  }
  if (properties.userProperties !== undefined) {
    out ??= {};
    out.userProperties = properties.userProperties;
  }
  return out;
}

/** PUBLISH from a client (§3.3), QoS 0, 1 and 2. */
export function handlePublish(connection: Connection, packet: IPublishPacket): void | Promise<void> {
  const { core } = connection;
  const { qos } = packet;
  const v5 = connection.protocolVersion === 5;

  if (qos > 0) {
    const session = connection.session!;
    const packetId = packet.messageId!;
    if (qos === 2 && session.incomingQos2.has(packetId)) {
      // A resent QoS 2 PUBLISH before PUBREL is acknowledged, not delivered again [MQTT-4.3.3-9].
      return acknowledge(connection, encodeAck(AckType.pubrec, packetId, connection.protocolVersion), -1);
    }
    // More unacknowledged QoS 1/2 than the advertised Receive Maximum [MQTT-3.3.4-7]: DISCONNECT 0x93 (§4.9).
    if (v5 && connection.pendingAcks + session.incomingQos2.size >= core.options.receiveMaximum) {
      return connection.protocolError('receive maximum exceeded', ReasonCode.receiveMaximumExceeded);
    }
  }
  const properties = packet.properties;
  if (properties !== undefined) {
    // Topic Alias up to the Topic Alias Maximum from CONNACK [MQTT-3.3.2-9] (none for 3.1.1).
    if (properties.topicAlias !== undefined) {
      const aliasError = connection.surface.inboundAliases.resolve(packet);
      if (aliasError !== undefined) return connection.protocolError(aliasError.message, aliasError.reasonCode);
    }
    // [MQTT-3.3.4-6]: a client must not send a Subscription Identifier.
    if (properties.subscriptionIdentifier !== undefined) {
      return connection.protocolError('subscription identifier in PUBLISH');
    }
    // [MQTT-3.3.2-14]: the Response Topic is a topic name, without wildcards.
    if (properties.responseTopic !== undefined && !isValidTopicName(properties.responseTopic)) {
      return connection.protocolError('invalid response topic');
    }
  }
  const topic = packet.topic;
  // [MQTT-3.3.2-2]: no wildcards in a topic name; limits from the options.
  if (!core.isAcceptableTopicName(topic)) {
    return connection.protocolError(`invalid topic name ${JSON.stringify(topic)}`, ReasonCode.topicNameInvalid);
  }
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  if (payload.length > core.options.maxPayloadBytes) {
    if (!v5) return connection.protocolError(`payload of ${payload.length} bytes too large`);
    core.logger.info(
      connection.logContext({ topic, bytes: payload.length }),
      'MQTT publish refused: payload too large',
    );
    if (qos > 0) connection.write(errorAck(packet, ReasonCode.quotaExceeded));
    return;
  }

  if (!admitPublish(connection, packet)) return;

  const hook = core.hooks.authorizePublish;
  if (hook === undefined) return accept(connection, packet, payload);
  let allowed: boolean | Promise<boolean>;
  try {
    allowed = authorize(connection, packet.retain ? 'retainPublish' : 'publish', topic);
  } catch (error) {
    return hookFailed(connection, packet, error);
  }
  if (typeof allowed === 'boolean') {
    return allowed ? accept(connection, packet, payload) : deny(connection, packet);
  }
  if (isThenable(allowed)) {
    return Promise.resolve(allowed).then(
      (ok) => {
        if (connection.state === 'closed') return;
        return ok === true ? accept(connection, packet, payload) : deny(connection, packet);
      },
      (error: unknown) => hookFailed(connection, packet, error),
    );
  }
  return deny(connection, packet);
}

function accept(connection: Connection, packet: IPublishPacket, payload: Buffer): void | Promise<void> {
  const message: Message = {
    topic: packet.topic,
    payload,
    qos: packet.qos,
    retain: packet.retain,
    clientId: connection.clientId,
    receivedAt: new Date(),
  };
  if (packet.properties !== undefined) {
    const forwarded = forwardedProperties(packet.properties);
    if (forwarded !== undefined) message.properties = forwarded;
  }
  const ingested = basicIngest(connection, packet, message);
  if (ingested !== undefined) return ingested.done;
  const { core } = connection;
  const session = connection.session!;
  const mark = core.persistence.added;
  const packetId = packet.messageId!;
  // Exactly once: the packet id is remembered (and stored) until PUBREL [MQTT-4.3.3-9].
  if (packet.qos === 2) session.addIncomingQos2(packetId);
  const stored = core.route(message, session);
  const held = core.takeHeldAck();
  if (packet.qos === 0) return stored === undefined ? undefined : stored.then(noop);
  // PUBACK/PUBREC once the message is handed to every subscriber, queued durably for persistent
  // sessions and stored if retained [MQTT-4.3.2-2], [MQTT-4.3.3-2] — and answered by the request
  // handlers that asked to hold it (Broker.onRequest).
  const version = connection.protocolVersion;
  const ack = packet.qos === 1 ? encodePuback(packetId, version) : encodeAck(AckType.pubrec, packetId, version);
  if (held !== undefined) {
    if (stored === undefined) return connection.acknowledgeAfter(held, ack);
    return stored.then(() => connection.acknowledgeAfter(held, ack));
  }
  if (stored === undefined) return acknowledge(connection, ack, mark);
  return stored.then(() => acknowledge(connection, ack, mark));
}

/** Writes `ack` now, or after the session store flush when this publish changed stored state. */
function acknowledge(connection: Connection, ack: Buffer, mark: number): void {
  if (connection.state === 'closed') return;
  if (connection.core.persistence.added === mark && connection.pendingAcks === 0) connection.write(ack);
  else connection.acknowledgeWhenStored(ack);
}

/** MQTT 5 PUBACK or PUBREC carrying an error reason code. */
function errorAck(packet: IPublishPacket, reasonCode: number): Buffer {
  if (packet.qos === 2) return encodeAck(AckType.pubrec, packet.messageId!, 5, reasonCode);
  return encodePuback(packet.messageId!, 5, reasonCode);
}

/** Denied: MQTT 5 PUBACK 0x87 (QoS 1) or drop (QoS 0); 3.1.1 closes the connection as AWS does. */
function deny(connection: Connection, packet: IPublishPacket): void {
  if (connection.protocolVersion !== 5) {
    connection.protocolError(`publish to ${JSON.stringify(packet.topic)} not authorized`);
    return;
  }
  connection.core.logger.info(connection.logContext({ topic: packet.topic }), 'MQTT publish not authorized');
  if (packet.qos > 0) connection.write(errorAck(packet, ReasonCode.notAuthorized));
}

function hookFailed(connection: Connection, packet: IPublishPacket, error: unknown): void {
  connection.core.logger.warn(
    connection.logContext({ err: error, topic: packet.topic }),
    'MQTT authorizePublish hook failed',
  );
  if (connection.state !== 'closed') deny(connection, packet);
}

function noop(): void {}
