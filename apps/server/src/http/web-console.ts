import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Serves the built console; returns false when it has not been built. */
export async function serveWebConsole(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'console not built: serving the APIs only (run `pnpm build:web`)');
    return false;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: 'index.html' });
  return true;
}
