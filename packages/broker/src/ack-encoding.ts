/** First bytes of the QoS 2 acknowledgements (PUBREL has the reserved flags 0b0010 [MQTT-3.6.1-1]). */
export const AckType = { pubrec: 0x50, pubrel: 0x62, pubcomp: 0x70 } as const;

/**
 * PUBREC/PUBREL/PUBCOMP without going through mqtt-packet. MQTT 5 omits the reason code when it
 * is 0 and the property length when there are no properties (§3.5.2.1, §3.6.2.1, §3.7.2.1).
 */
export function encodeAck(type: number, packetId: number, protocolVersion: 3 | 4 | 5, reasonCode = 0): Buffer {
  if (protocolVersion !== 5 || reasonCode === 0) return shortAck(type, packetId);
  return Buffer.from([type, 0x03, packetId >> 8, packetId & 0xff, reasonCode]);
}

/** A 4-byte acknowledgement (type byte, remaining length 2, packet id): one per QoS 1/2 message. */
export function shortAck(type: number, packetId: number): Buffer {
  const bytes = Buffer.allocUnsafe(4);
  bytes[0] = type;
  bytes[1] = 0x02;
  bytes[2] = packetId >> 8;
  bytes[3] = packetId & 0xff;
  return bytes;
}
