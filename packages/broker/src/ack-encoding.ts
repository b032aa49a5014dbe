/** First bytes of the QoS 2 acknowledgements (PUBREL has the reserved flags 0b0010 [MQTT-3.6.1-1]). */
export const AckType = { pubrec: 0x50, pubrel: 0x62, pubcomp: 0x70 } as const;

/**
 * PUBREC/PUBREL/PUBCOMP without going through mqtt-packet. MQTT 5 omits the reason code when it
 * is 0 and the property length when there are no properties (§3.5.2.1, §3.6.2.1, §3.7.2.1).
 */
export function encodeAck(type: number, packetId: number, protocolVersion: 3 | 4 | 5, reasonCode = 0): Buffer {
  if (protocolVersion !== 5 || reasonCode === 0) return Buffer.from([type, 0x02, packetId >> 8, packetId & 0xff]);
  return Buffer.from([type, 0x03, packetId >> 8, packetId & 0xff, reasonCode]);
}
