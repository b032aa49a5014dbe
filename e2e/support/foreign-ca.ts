import { OpensslCa } from './openssl-ca.js';

/**
 * A CA the platform has never seen and a client certificate it signed, made with the openssl CLI
 * so that the refusal is proven against certificates the platform's own code did not produce.
 */
export function foreignClientCertificate(commonName: string): { key: string; cert: string } {
  const ca = OpensslCa.create('Foreign Root CA');
  try {
    return ca.issue(commonName);
  } finally {
    ca.dispose();
  }
}
