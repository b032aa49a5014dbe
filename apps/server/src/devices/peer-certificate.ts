import type { TLSSocket } from 'node:tls';

/** The client certificate of a TLS connection: its id (SHA-256 of the DER, as AWS IoT's) and DER, or undefined. */
export function peerCertificate(socket: TLSSocket): { certificateId: string; certificateDer: Buffer } | undefined {
  // The X509 object's fingerprint is SHA-256 of the DER, without building Node's legacy certificate object.
  const certificate = socket.getPeerX509Certificate();
  if (certificate === undefined) return undefined;
  return {
    certificateId: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
    certificateDer: certificate.raw,
  };
}
