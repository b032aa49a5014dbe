import type { AuthenticateResult, BrokerHooks } from '@meridian/broker';
import type { DeviceAdmission } from './certificates/device-admission.js';

/**
 * Device authentication happens at CONNECT, not in the TLS handshake. The TLS listeners request a client
 * certificate and verify the handshake's proof that the device holds its private key, but they accept any issuer:
 * devices may present certificates of the platform CA, of registered CAs, or registered without a CA, and
 * unknown certificates of auto-registering CAs must reach just-in-time registration. Here the certificate (by its
 * SHA-256 id) must be registered and ACTIVE, and its registered CA (if any) ACTIVE; see DeviceAdmission.
 */
export function authenticateDevice(admission: DeviceAdmission): NonNullable<BrokerHooks['authenticate']> {
  return ({ meta }): AuthenticateResult => {
    if (meta.transport === 'tcp' || meta.transport === 'memory') return { ok: true };
    if (!meta.certificateId) {
      return { ok: false, reason: 'not-authorized', message: 'A client certificate is required' };
    }
    const admitted = admission.admit(meta.certificateId, meta.certificateDer);
    return admitted.ok ? { ok: true } : { ok: false, reason: 'not-authorized', message: admitted.message };
  };
}
