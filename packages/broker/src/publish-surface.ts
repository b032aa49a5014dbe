import type { IPublishPacket } from 'mqtt-packet';
import type { BrokerCore } from './broker-core.js';
import type { Connection } from './connection.js';
import { isThenable } from './maybe-promise.js';
import { encodePuback } from './packet-encoding.js';
import { ReasonCode } from './reason-codes.js';
import { isServiceOwnedTopic, parseBasicIngest } from './reserved-topics.js';
import type { Message } from './types.js';

/**
 * Inbound PUBLISH checks of the AWS surface, before authorization: publish rate per connection
 * (AWS 100/s) and the topics only the platform publishes to (`$aws/events/...`, the shadow
 * service's `/accepted`, `/rejected`, `/delta` and `/documents`). Returns false when the publish was
 * refused here (the response, if any, has been sent).
 */
export function admitPublish(connection: Connection, packet: IPublishPacket): boolean {
  const v5 = connection.protocolVersion === 5;
  const bucket = connection.surface.publishBucket;
  if (bucket !== undefined && !bucket.take()) {
    // Excess is discarded (AWS); MQTT 5 QoS 1 gets PUBACK 0x97 Quota exceeded: 0x96 Message rate
    // too high is a DISCONNECT-only code (MQTT 5 §3.4.2.1), clients reject it in a PUBACK.
    const now = Date.now();
    if (now - connection.surface.throttleLoggedAt >= 1000) {
      connection.surface.throttleLoggedAt = now;
      connection.core.logger.warn(
        connection.logContext({ topic: packet.topic, limit: connection.core.options.publishRatePerSecond }),
        'MQTT publish rate exceeded, message dropped',
      );
    }
    if (v5 && packet.qos === 1) connection.write(encodePuback(packet.messageId!, 5, ReasonCode.quotaExceeded));
    return false;
  }
  if (isServiceOwnedTopic(packet.topic)) {
    // Refused like an unauthorized publish (3.1.1: close), so no device can forge lifecycle events
    // or shadow responses.
    if (!v5) {
      connection.protocolError(`publish to reserved topic ${JSON.stringify(packet.topic)}`);
      return false;
    }
    connection.core.logger.info(
      connection.logContext({ topic: packet.topic }),
      'MQTT publish to reserved topic refused',
    );
    if (packet.qos === 1) connection.write(encodePuback(packet.messageId!, 5, ReasonCode.notAuthorized));
    return false;
  }
  return true;
}

/**
 * Basic Ingest: `$aws/rules/{ruleName}/...` goes only to hooks.onBasicIngest, never to subscribers.
 * Returns undefined when `message` is not a Basic Ingest message; otherwise what the caller
 * should return (PUBACK after the hook settled).
 */
export function basicIngest(
  connection: Connection,
  packet: IPublishPacket,
  message: Message,
): { done: void | Promise<void> } | undefined {
  const parsed = parseBasicIngest(message.topic);
  if (parsed === undefined) return undefined;
  const { core } = connection;
  const hook = core.hooks.onBasicIngest;
  const ack = (): void => {
    if (packet.qos === 1 && connection.state !== 'closed') {
      connection.write(encodePuback(packet.messageId!, connection.protocolVersion));
    }
  };
  const fail = (error: unknown): void => {
    core.logger.error(connection.logContext({ err: error, topic: message.topic }), 'MQTT onBasicIngest hook failed');
    if (packet.qos === 1 && connection.protocolVersion === 5 && connection.state !== 'closed') {
      connection.write(encodePuback(packet.messageId!, 5, ReasonCode.unspecifiedError));
    }
  };
  if (hook === undefined || parsed.ruleName.length === 0) {
    core.logger.debug(
      connection.logContext({ topic: message.topic }),
      'MQTT basic ingest message dropped: no rule hook',
    );
    ack();
    return { done: undefined };
  }
  let result: void | Promise<void>;
  try {
    result = hook.call(core.hooks, parsed.ruleName, { ...message, topic: parsed.topic });
  } catch (error) {
    fail(error);
    return { done: undefined };
  }
  if (isThenable(result)) return { done: Promise.resolve(result).then(ack, fail) };
  ack();
  return { done: undefined };
}

/**
 * Basic Ingest for a platform publish (e.g. HTTPS publish to `$aws/rules/...`): handed to
 * hooks.onBasicIngest only. Returns false when `message` is not a Basic Ingest message.
 */
export function platformBasicIngest(core: BrokerCore, message: Message): boolean {
  const parsed = parseBasicIngest(message.topic);
  if (parsed === undefined) return false;
  const hook = core.hooks.onBasicIngest;
  if (hook === undefined || parsed.ruleName.length === 0) return true;
  const fail = (error: unknown): void => {
    core.logger.error({ err: error, topic: message.topic }, 'MQTT onBasicIngest hook failed');
  };
  try {
    const result = hook.call(core.hooks, parsed.ruleName, { ...message, topic: parsed.topic });
    if (isThenable(result)) Promise.resolve(result).catch(fail);
  } catch (error) {
    fail(error);
  }
  return true;
}
