import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { x509 } from './x509.js';

/** Parses a PEM certificate with @peculiar/x509 (for extension details node:crypto does not expose). */
export function parseWithExtensions(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(new NodeX509Certificate(pem).raw);
}

export function keyUsages(pem: string): { usages: number; critical: boolean } | undefined {
  const extension = parseWithExtensions(pem).getExtension(x509.KeyUsagesExtension);
  return extension ? { usages: extension.usages, critical: extension.critical } : undefined;
}

export { x509 };
