import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '@meridian/test-utils';

const SERVER_ENTRY = fileURLToPath(new URL('../src/server.ts', import.meta.url));

function startServer(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      HTTP_PORT: '0',
      MQTTS_PORT: '0',
      WSS_PORT: '0',
      AWS_API_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('server process', () => {
  test('a bad setting stops start-up with a message naming it', async () => {
    const child = startServer({ HTTP_PORT: 'abc', DATA_DIR: '/nonexistent-never-created' });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    assert.notEqual(code, 0);
    assert.match(stderr, /HTTP_PORT="abc": must be a port number/);
  });

  test('SIGTERM shuts down cleanly after start', async () => {
    const dir = await tempDir('meridian-process-');
    const child = startServer({ DATA_DIR: dir.path, ADMIN_PASSWORD: 'a-long-password' });
    const messages: string[] = [];
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve) =>
      lines.on('line', (line) => {
        const message = JSON.parse(line).msg as string;
        messages.push(message);
        if (message === 'platform ready') resolve();
      }),
    );
    await ready;
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.ok(messages.includes('platform stopped'), messages.join(' | '));
    await dir.remove();
  });
});
