import { type Broker, ReasonCode } from '@meridian/broker';
import type { FastifyBaseLogger } from 'fastify';
import type { CertificateChange, CertificateChanges } from './certificate-changes.js';
import type { DeviceAdmission } from './device-admission.js';

/**
 * Applies certificate and CA changes to live connections: after each change, the connections whose certificate
 * is concerned are checked again with the CONNECT rules, and those no longer admitted are disconnected at once
 * (MQTT 5 clients get DISCONNECT 0x87 not authorized). Returns the unsubscribe function.
 */
export function guardLiveConnections(
  broker: Pick<Broker, 'clients' | 'disconnect'>,
  admission: Pick<DeviceAdmission, 'check'>,
  changes: CertificateChanges,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
): () => void {
  return changes.subscribe((change) => {
    try {
      for (const client of broker.clients()) {
        const { certificateId } = client;
        if (certificateId === undefined || !concerns(change, certificateId)) continue;
        const admitted = admission.check(certificateId);
        if (admitted.ok) continue;
        if (broker.disconnect(client.clientId, ReasonCode.notAuthorized)) {
          log.info({ clientId: client.clientId, certificateId, reason: admitted.message }, 'device disconnected');
        }
      }
    } catch (error) {
      log.error({ err: error, change }, 're-checking live connections after a certificate change failed');
    }
  });
}

/** A CA change may concern any connection (its certificates are looked up); a certificate change only its own. */
function concerns(change: CertificateChange, certificateId: string): boolean {
  return change.kind === 'ca' || change.certificateId === certificateId;
}
