import type { IPubackPacket } from 'mqtt-packet';
import type { Connection } from '../connection.js';

/** PUBACK for an outgoing QoS 1 PUBLISH : frees the packet id. Unknown ids are ignored. */
export function handlePuback(connection: Connection, packet: IPubackPacket): void {
  if (packet.messageId === undefined) return;
  connection.session?.acknowledge(packet.messageId);
}
