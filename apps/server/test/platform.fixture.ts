import { tempDir } from '@meridian/test-utils';
import { buildPlatform, type Platform, type PlatformPorts } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';

export const ADMIN_PASSWORD = 'correct-horse-battery';

export interface TestPlatform {
  platform: Platform;
  ports: PlatformPorts;
  dataDir: string;
  /** Logs in as admin through the API and returns the Cookie header value. */
  login(): Promise<string>;
  close(): Promise<void>;
}

/** A real platform on a fresh data folder with every listener on a free port. */
export async function startTestPlatform(
  env: Record<string, string> = {},
  options: { dataDir?: string; logLines?: string[] } = {},
): Promise<TestPlatform> {
  const dir = options.dataDir ? { path: options.dataDir, remove: async () => {} } : await tempDir('meridian-server-');
  const config = loadConfig({
    DATA_DIR: dir.path,
    HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTTS_PORT: '0',
    WSS_PORT: '0',
    AWS_API_PORT: '0',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const { logLines } = options;
  const logger = logLines ? { level: 'info', stream: { write: (line: string) => logLines.push(line) } } : false;
  const platform = await buildPlatform(config, { logger });
  const ports = await platform.listen();
  return {
    platform,
    ports,
    dataDir: dir.path,
    async login() {
      const response = await platform.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'meridian_session');
      if (!cookie) throw new Error('login set no session cookie');
      return `${cookie.name}=${cookie.value}`;
    },
    async close() {
      await platform.close();
      await dir.remove();
    },
  };
}
