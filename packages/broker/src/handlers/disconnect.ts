import type { IDisconnectPacket } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { ReasonCode } from '../reason-codes.js';

/**
 * DISCONNECT from the client (§3.14): discard the Will [MQTT-3.14.4-3] unless MQTT 5 reason 0x04
 * "Disconnect with Will Message" asks for it, then close. MQTT 5 may change the Session Expiry
 * Interval, but not from 0 to more [MQTT-3.14.2-2].
 */
export function handleDisconnect(connection: Connection, packet: IDisconnectPacket): void {
  const expiry = connection.protocolVersion === 5 ? packet.properties?.sessionExpiryInterval : undefined;
  const session = connection.session;
  if (expiry !== undefined && session !== undefined) {
    if (session.expiryIntervalSeconds === 0 && expiry > 0) {
      connection.protocolError('session expiry changed from 0 in DISCONNECT');
      return;
    }
    connection.core.setSessionExpiry(session, Math.min(expiry, connection.core.options.maxSessionExpirySeconds));
  }
  if (!(connection.protocolVersion === 5 && packet.reasonCode === ReasonCode.disconnectWithWillMessage)) {
    connection.will = undefined;
  }
  connection.close('CLIENT_INITIATED_DISCONNECT');
}
