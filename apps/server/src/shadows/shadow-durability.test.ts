import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ShadowService } from '@meridian/shadow';
import { tempDir } from '@meridian/test-utils';
import { openDatabase } from '../db/database.js';
import { RULES_PRINCIPAL } from './shadow-access.js';
import { SqliteShadowStore } from './sqlite-shadow-store.js';

const WRITER = fileURLToPath(new URL('./shadow-writer.fixture.ts', import.meta.url));

describe('shadow durability', { timeout: 30_000 }, () => {
  test('an accepted update survives the process being killed right after answering', async () => {
    const dir = await tempDir('meridian-shadow-');
    try {
      const file = join(dir.path, 'meridian.db');
      const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const accepted: number[] = [];
      const lines = createInterface({ input: writer.stdout });
      const thirdAccepted = new Promise<void>((resolve) =>
        lines.on('line', (line) => {
          accepted.push(JSON.parse(line).version);
          if (accepted.length === 3) resolve();
        }),
      );
      for (const level of [1, 2, 3]) {
        writer.stdin.write(`${JSON.stringify({ state: { desired: { level }, reported: { [`r${level}`]: true } } })}\n`);
      }
      await thirdAccepted;
      writer.kill('SIGKILL');
      const [code, signal] = await once(writer, 'exit');
      assert.deepEqual([code, signal], [null, 'SIGKILL']);
      assert.deepEqual(accepted, [1, 2, 3]);

      const db = openDatabase(file);
      try {
        const service = new ShadowService({ store: new SqliteShadowStore(db), publish: () => {} });
        const document = await service.getShadow({ thingName: 'lamp-1', principal: RULES_PRINCIPAL });
        assert.equal(document.version, 3);
        assert.deepEqual(document.state.desired, { level: 3 });
        assert.deepEqual(document.state.reported, { r1: true, r2: true, r3: true });
        const history = await service.listVersions({ thingName: 'lamp-1', principal: RULES_PRINCIPAL });
        assert.deepEqual(
          history.map((version) => version.version),
          [3, 2, 1],
        );
      } finally {
        db.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
