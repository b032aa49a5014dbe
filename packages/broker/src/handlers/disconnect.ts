import type { IDisconnectPacket } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { ReasonCode } from '../reason-codes.js';

/**
 * DISCONNECT from the client (§3.14): discard the Will [MQTT-3.14.4-3] unless MQTT 5 reason 0x04
 * "Disconnect with Will Message" asks for it, then close.
 */
export function handleDisconnect(connection: Connection, packet: IDisconnectPacket): void {
  if (!(connection.protocolVersion === 5 && packet.reasonCode === ReasonCode.disconnectWithWillMessage)) {
    connection.will = undefined;
  }
  connection.close('CLIENT_INITIATED_DISCONNECT');
}
