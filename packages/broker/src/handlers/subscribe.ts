import type { ISubackPacket, ISubscribePacket, ISubscription } from 'mqtt-packet';
import { authorize } from '../authorization.js';
import type { Connection } from '../connection.js';
import { isThenable } from '../maybe-promise.js';
import { ReasonCode, SUBACK_FAILURE_V4 } from '../reason-codes.js';
import type { Subscription } from '../session.js';
import { isSharedFilter, parseSharedFilter } from '../shared-subscriptions.js';

/** SUBSCRIBE (§3.8): validate and authorize each filter, SUBACK in order, then retained messages. */
export function handleSubscribe(connection: Connection, packet: ISubscribePacket): void | Promise<void> {
  const { core } = connection;
  const v5 = connection.protocolVersion === 5;
  // MQTT 5 Subscription Identifier 1..268,435,455; 0 is a protocol error (§3.8.2.1.2).
  if (packet.properties?.subscriptionIdentifier === 0) {
    return connection.protocolError('subscription identifier 0');
  }
  const requests = packet.subscriptions;
  const codes: number[] = new Array(requests.length);
  let pending: Array<Promise<void>> | undefined;
  const hook = core.hooks.authorizeSubscribe;
  // AWS: at most 8 filters per SUBSCRIBE; a larger one is refused (0x97 quota exceeded / 0x80).
  const tooMany = requests.length > core.options.maxFiltersPerSubscribe;
  if (tooMany) {
    core.logger.info(
      connection.logContext({ filters: requests.length, limit: core.options.maxFiltersPerSubscribe }),
      'MQTT subscribe refused: too many filters in one SUBSCRIBE',
    );
  }

  for (let i = 0; i < requests.length; i++) {
    const { topic: filter, qos } = requests[i]!;
    if (tooMany) {
      codes[i] = v5 ? ReasonCode.quotaExceeded : SUBACK_FAILURE_V4;
      continue;
    }
    let innerFilter = filter;
    if (isSharedFilter(filter)) {
      const share = parseSharedFilter(filter);
      if ('error' in share) {
        // [MQTT-4.8.2-1], [MQTT-4.8.2-2]: malformed shared subscription filter.
        core.logger.info(connection.logContext({ filter }), `MQTT subscribe refused: ${share.error}`);
        codes[i] = v5 ? ReasonCode.topicFilterInvalid : SUBACK_FAILURE_V4;
        continue;
      }
      // [MQTT-3.8.3-4]: No Local on a shared subscription is a protocol error.
      if (v5 && requests[i]!.nl === true) return connection.protocolError('No Local on a shared subscription');
      innerFilter = share.filter;
    }
    if (!core.isAcceptableTopicFilter(innerFilter)) {
      // Malformed filter [MQTT-4.7.1-2], [MQTT-4.7.1-3]: 3.1.1 failure 0x80, MQTT 5 0x8F.
      core.logger.info(connection.logContext({ filter }), 'MQTT subscribe refused: invalid topic filter');
      codes[i] = v5 ? ReasonCode.topicFilterInvalid : SUBACK_FAILURE_V4;
      continue;
    }
    // The requested QoS is granted (QoS 0, 1 and 2 are supported) [MQTT-3.8.4-6].
    const granted = qos;
    if (hook === undefined) {
      codes[i] = granted;
      continue;
    }
    const denied = v5 ? ReasonCode.notAuthorized : SUBACK_FAILURE_V4;
    const fail = (error: unknown): void => {
      core.logger.warn(connection.logContext({ err: error, filter }), 'MQTT authorizeSubscribe hook failed');
      codes[i] = denied;
    };
    let allowed: boolean | Promise<boolean>;
    try {
      allowed = authorize(connection, 'subscribe', filter);
    } catch (error) {
      fail(error);
      continue;
    }
    if (isThenable(allowed)) {
      pending ??= [];
      pending.push(
        Promise.resolve(allowed).then((ok) => {
          codes[i] = ok === true ? granted : denied;
        }, fail),
      );
    } else {
      codes[i] = allowed === true ? granted : denied;
    }
  }

  if (pending === undefined) return finish(connection, packet, codes);
  return Promise.all(pending).then(() => {
    if (connection.state !== 'closed') finish(connection, packet, codes);
  });
}

function finish(connection: Connection, packet: ISubscribePacket, codes: number[]): void {
  const { core } = connection;
  const session = connection.session!;
  const added: Array<{ subscription: Subscription; isNew: boolean }> = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code !== 0 && code !== 1 && code !== 2) {
      if (code === ReasonCode.notAuthorized || code === SUBACK_FAILURE_V4) {
        core.logger.info(connection.logContext({ filter: packet.subscriptions[i]?.topic }), 'MQTT subscribe refused');
      }
      continue;
    }
    const request: ISubscription = packet.subscriptions[i]!;
    // AWS: at most 50 subscriptions per connection; a new one beyond that is refused.
    const limit = core.options.maxSubscriptionsPerConnection;
    if (!session.subscriptions.has(request.topic) && session.subscriptions.size >= limit) {
      core.logger.info(
        connection.logContext({ filter: request.topic, limit }),
        'MQTT subscribe refused: too many subscriptions',
      );
      codes[i] = connection.protocolVersion === 5 ? ReasonCode.quotaExceeded : SUBACK_FAILURE_V4;
      continue;
    }
    const subscription = {
      session,
      filter: request.topic,
      qos: code,
      noLocal: request.nl === true,
      retainAsPublished: request.rap === true,
      retainHandling: request.rh === 1 || request.rh === 2 ? request.rh : 0,
    } as { -readonly [K in keyof Subscription]: Subscription[K] };
    const identifier = packet.properties?.subscriptionIdentifier;
    if (identifier !== undefined) subscription.identifier = identifier;
    if (isSharedFilter(request.topic)) {
      const share = parseSharedFilter(request.topic);
      if (!('error' in share)) subscription.share = share;
    }
    added.push({ subscription, isNew: core.subscribe(subscription) });
  }
  const suback: ISubackPacket = { cmd: 'suback', messageId: packet.messageId!, granted: codes };
  connection.writeSafely(suback);
  core.lifecycle.subscriptions(
    connection,
    'subscribed',
    added.map(({ subscription }) => subscription.filter),
  );
  // Retained messages after the SUBACK; MQTT 5 Retain Handling 1 = only for new, 2 = never.
  for (const { subscription, isNew } of added) {
    if (subscription.retainHandling === 2 || (subscription.retainHandling === 1 && !isNew)) continue;
    // No retained messages for a shared subscription (MQTT 5 §4.8.2, AWS §6.2).
    if (subscription.share !== undefined) continue;
    core.sendRetained(subscription);
  }
}
