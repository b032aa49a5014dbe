import type { AuthenticateResult, BrokerHooks } from '@meridian/broker';
import type { CertificatesStore } from './certificates/certificates.store.js';

/**
 * A device may connect only with a certificate the platform knows and holds ACTIVE. The TLS layer
 * has already proven the certificate was signed by the platform CA and that the peer holds its key.
 */
export function authenticateDevice(certificates: CertificatesStore): NonNullable<BrokerHooks['authenticate']> {
  return ({ meta }): AuthenticateResult => {
    if (meta.transport === 'tcp' || meta.transport === 'memory') return { ok: true };
    if (!meta.certificateId)
      return { ok: false, reason: 'not-authorized', message: 'A client certificate is required' };
    const status = certificates.status(meta.certificateId);
    if (status === 'ACTIVE') return { ok: true };
    return {
      ok: false,
      reason: 'not-authorized',
      message: status ? `Certificate is ${status}` : 'Certificate is not registered',
    };
  };
}
