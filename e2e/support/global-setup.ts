import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ReadyLine {
  msg: string;
  ports: { http: number; mqtts: number; wss: number };
}

/**
 * Starts the real server (as `pnpm start` would, minus the build) on a fresh data folder with
 * every port chosen by the OS, and hands the ports to the tests through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      HTTP_PORT: '0',
      MQTTS_PORT: '0',
      WSS_PORT: '0',
      AWS_API_PORT: '0',
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      LOG_LEVEL: 'info',
      // My devices shows an unanswered change as not confirmed after this long (default 10 s).
      END_USER_CONFIRM_TIMEOUT_MS: '3000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not become ready in 60 s')), 60_000);
    server.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as ReadyLine;
        if (entry.msg === 'platform ready') {
          clearTimeout(timer);
          resolve(entry);
        }
      } catch {
        // not a log line
      }
    });
  });
  process.env.E2E_BASE_URL = `http://127.0.0.1:${ready.ports.http}`;
  process.env.E2E_MQTTS_PORT = String(ready.ports.mqtts);
  process.env.E2E_WSS_PORT = String(ready.ports.wss);
  process.env.E2E_DATA_DIR = dataDir;

  return async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
}
