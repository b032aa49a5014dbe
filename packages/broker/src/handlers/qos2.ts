import type { IPubcompPacket, IPubrecPacket, IPubrelPacket } from 'mqtt-packet';
import { AckType, encodeAck } from '../ack-encoding.js';
import type { Connection } from '../connection.js';
import { ReasonCode } from '../reason-codes.js';

/** PUBREC for an outgoing QoS 2 PUBLISH (§3.5): store the release, answer PUBREL [MQTT-4.3.3-4]. */
export function handlePubrec(connection: Connection, packet: IPubrecPacket): void {
  if (packet.messageId === undefined) return;
  connection.session?.received(packet.messageId, packet.reasonCode ?? 0);
}

/** PUBCOMP for an outgoing QoS 2 PUBLISH (§3.7): the packet id is free again [MQTT-4.3.3-5]. */
export function handlePubcomp(connection: Connection, packet: IPubcompPacket): void {
  if (packet.messageId === undefined) return;
  connection.session?.completed(packet.messageId);
}

/**
 * PUBREL for an incoming QoS 2 PUBLISH (§3.6): forget the packet id, so a later PUBLISH with it is
 * a new message [MQTT-4.3.3-10], then PUBCOMP [MQTT-4.3.3-11] once that is stored. An unknown id
 * gets PUBCOMP 0x92 (MQTT 5).
 */
export function handlePubrel(connection: Connection, packet: IPubrelPacket): void {
  const packetId = packet.messageId;
  const session = connection.session;
  if (packetId === undefined || session === undefined) return;
  const { core } = connection;
  const mark = core.persistence.added;
  const known = session.releaseIncomingQos2(packetId);
  const pubcomp = encodeAck(
    AckType.pubcomp,
    packetId,
    connection.protocolVersion,
    known ? 0 : ReasonCode.packetIdentifierNotFound,
  );
  if (core.persistence.added === mark && connection.pendingAcks === 0) {
    connection.write(pubcomp);
    return;
  }
  connection.acknowledgeWhenStored(pubcomp);
}
