import { createHash, X509Certificate } from 'node:crypto';
import { errorMessage } from './errors.js';

/**
 * AWS IoT's certificate id: lowercase hex SHA-256 of the certificate's DER encoding.
 * Accepts a PEM string (the first certificate is used) or a DER buffer.
 */
export function certificateId(certificate: string | Buffer): string {
  let der: Buffer;
  try {
    der = new X509Certificate(certificate).raw;
  } catch (error) {
    throw new Error(`certificateId: not a valid X.509 certificate (${errorMessage(error)})`, { cause: error });
  }
  return createHash('sha256').update(der).digest('hex');
}
