import type { Connection } from '../connection.js';
import { PINGRESP } from '../packet-encoding.js';

/** PINGREQ → PINGRESP [MQTT-3.12.4-1]. */
export function handlePingreq(connection: Connection): void {
  connection.write(PINGRESP);
}
