import type { IUnsubackPacket, IUnsubscribePacket } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { ReasonCode } from '../reason-codes.js';
import { isSharedFilter, parseSharedFilter } from '../shared-subscriptions.js';

/** UNSUBSCRIBE (§3.10): remove each filter, UNSUBACK (MQTT 5 with a reason code per filter). */
export function handleUnsubscribe(connection: Connection, packet: IUnsubscribePacket): void {
  const { core } = connection;
  const session = connection.session!;
  const removed: string[] = [];
  const codes = packet.unsubscriptions.map((filter) => {
    let inner = filter;
    if (isSharedFilter(filter)) {
      const share = parseSharedFilter(filter);
      if ('error' in share) return ReasonCode.topicFilterInvalid;
      inner = share.filter;
    }
    if (!core.isAcceptableTopicFilter(inner)) return ReasonCode.topicFilterInvalid;
    if (!core.unsubscribe(session, filter)) return ReasonCode.noSubscriptionExisted;
    removed.push(filter);
    return ReasonCode.success;
  });
  const unsuback: IUnsubackPacket = { cmd: 'unsuback', messageId: packet.messageId!, granted: codes };
  // 3.1.1 UNSUBACK has no payload [MQTT-3.11.3]; mqtt-packet ignores `granted` there.
  connection.writeSafely(unsuback);
  core.lifecycle.subscriptions(connection, 'unsubscribed', removed);
}
