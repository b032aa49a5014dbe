import type { IUnsubackPacket, IUnsubscribePacket } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { ReasonCode } from '../reason-codes.js';

/** UNSUBSCRIBE (§3.10): remove each filter, UNSUBACK (MQTT 5 with a reason code per filter). */
export function handleUnsubscribe(connection: Connection, packet: IUnsubscribePacket): void {
  const { core } = connection;
  const session = connection.session!;
  const codes = packet.unsubscriptions.map((filter) => {
    if (!core.isAcceptableTopicFilter(filter)) return ReasonCode.topicFilterInvalid;
    return core.unsubscribe(session, filter) ? ReasonCode.success : ReasonCode.noSubscriptionExisted;
  });
  const unsuback: IUnsubackPacket = { cmd: 'unsuback', messageId: packet.messageId!, granted: codes };
  // 3.1.1 UNSUBACK has no payload [MQTT-3.11.3]; mqtt-packet ignores `granted` there.
  connection.writeSafely(unsuback);
}
