import type { ISubackPacket, ISubscribePacket, ISubscription } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { isThenable } from '../maybe-promise.js';
import { ReasonCode, SUBACK_FAILURE_V4 } from '../reason-codes.js';
import type { Subscription } from '../session.js';

/** SUBSCRIBE (§3.8): validate and authorize each filter, SUBACK in order, then retained messages. */
export function handleSubscribe(connection: Connection, packet: ISubscribePacket): void | Promise<void> {
  const { core } = connection;
  const v5 = connection.protocolVersion === 5;
  if (packet.properties?.subscriptionIdentifier !== undefined) {
    // CONNACK said Subscription Identifiers Available = 0 (MQTT 5 §3.2.2.3.12) → DISCONNECT 0xA1.
    return connection.protocolError(
      'subscription identifiers are not supported',
      ReasonCode.subscriptionIdentifiersNotSupported,
    );
  }
  const requests = packet.subscriptions;
  const codes: number[] = new Array(requests.length);
  let pending: Array<Promise<void>> | undefined;
  const hook = core.hooks.authorizeSubscribe;

  for (let i = 0; i < requests.length; i++) {
    const { topic: filter, qos } = requests[i]!;
    if (v5 && filter.startsWith('$share/')) {
      codes[i] = ReasonCode.sharedSubscriptionsNotSupported;
      continue;
    }
    if (!core.isAcceptableTopicFilter(filter)) {
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
      allowed = hook.call(core.hooks, connection.info!, filter);
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
    const subscription: Subscription = {
      session,
      filter: request.topic,
      qos: code,
      noLocal: request.nl === true,
      retainAsPublished: request.rap === true,
      retainHandling: request.rh === 1 || request.rh === 2 ? request.rh : 0,
    };
    added.push({ subscription, isNew: core.subscribe(subscription) });
  }
  const suback: ISubackPacket = { cmd: 'suback', messageId: packet.messageId!, granted: codes };
  connection.writeSafely(suback);
  // Retained messages after the SUBACK; MQTT 5 Retain Handling 1 = only for new, 2 = never.
  for (const { subscription, isNew } of added) {
    if (subscription.retainHandling === 2 || (subscription.retainHandling === 1 && !isNew)) continue;
    core.sendRetained(subscription);
  }
}
