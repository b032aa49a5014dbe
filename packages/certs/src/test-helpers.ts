import { execFileSync } from 'node:child_process';
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Runs the openssl CLI in a fresh folder and returns the text of `output` (a file it wrote), so tests check the
 * platform against material its own code did not produce.
 */
export function openssl(args: string[], output: string, inputs: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-openssl-'));
  try {
    for (const [name, text] of Object.entries(inputs)) writeFileSync(join(dir, name), text);
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    return readFileSync(join(dir, output), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CSR made by openssl with a fresh key: `newkey` like `rsa:2048` or `ec -pkeyopt ec_paramgen_curve:P-384`. */
export function opensslCsr(newkey: string[], subject: string, extraArgs: string[] = []): string {
  return openssl(
    [
      'req',
      '-new',
      '-newkey',
      ...newkey,
      '-nodes',
      '-keyout',
      'key.pem',
      '-subj',
      subject,
      ...extraArgs,
      '-out',
      'csr.pem',
    ],
    'csr.pem',
  );
}
