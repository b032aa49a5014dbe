import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A CA made with the openssl CLI, so that tests prove the platform against certificates its own code did not
 * produce. Keeps its key in a temporary folder until `dispose()`.
 */
export class OpensslCa {
  private constructor(
    private readonly dir: string,
    readonly certificatePem: string,
  ) {}

  static create(commonName: string): OpensslCa {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-e2e-ca-'));
    run(dir, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
    ]);
    return new OpensslCa(dir, readFileSync(join(dir, 'ca.crt'), 'utf8'));
  }

  /** A new key and a certificate for it with subject CN=`commonName`, signed by this CA. */
  issue(commonName: string): { key: string; cert: string } {
    run(this.dir, [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      `/CN=${commonName}`,
    ]);
    run(this.dir, [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.crt',
      '-days',
      '1',
    ]);
    return {
      key: readFileSync(join(this.dir, 'leaf.key'), 'utf8'),
      cert: readFileSync(join(this.dir, 'leaf.crt'), 'utf8'),
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function run(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}
