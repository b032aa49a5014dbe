import type { Packet } from 'mqtt-packet';
import type { Connection } from '../connection.js';
import { handleConnect } from './connect.js';
import { handleDisconnect } from './disconnect.js';
import { handlePingreq } from './pingreq.js';
import { handlePuback } from './puback.js';
import { handlePublish } from './publish.js';
import { handlePubcomp, handlePubrec, handlePubrel } from './qos2.js';
import { handleSubscribe } from './subscribe.js';
import { handleUnsubscribe } from './unsubscribe.js';

/**
 * Dispatches one packet from a client. Returns a promise only when a hook or port answered
 * asynchronously; the connection then holds later packets until it settles.
 */
export function handlePacket(connection: Connection, packet: Packet): void | Promise<void> {
  if (connection.state === 'awaiting-connect') {
    if (packet.cmd === 'connect') return handleConnect(connection, packet);
    // [MQTT-3.1.0-1]: the first packet must be CONNECT.
    return connection.protocolError(`first packet was ${packet.cmd}, not CONNECT`);
  }
  switch (packet.cmd) {
    case 'publish':
      return handlePublish(connection, packet);
    case 'puback':
      return handlePuback(connection, packet);
    case 'pubrec':
      return handlePubrec(connection, packet);
    case 'pubrel':
      return handlePubrel(connection, packet);
    case 'pubcomp':
      return handlePubcomp(connection, packet);
    case 'subscribe':
      return handleSubscribe(connection, packet);
    case 'unsubscribe':
      return handleUnsubscribe(connection, packet);
    case 'pingreq':
      return handlePingreq(connection);
    case 'disconnect':
      return handleDisconnect(connection, packet);
    case 'connect':
      // [MQTT-3.1.0-2]: a second CONNECT is a protocol violation.
      return connection.protocolError('second CONNECT');
    default:
      // Server-to-client packets and AUTH are not accepted.
      return connection.protocolError(`unexpected ${packet.cmd} packet`);
  }
}
