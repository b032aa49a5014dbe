import { rmSync } from 'node:fs';
import { BROKER_KINDS, type BrokerKind, generateCerts, readRssKiB, startBroker } from './brokers.js';
import { runConnections } from './generator.js';
import type { ServerStats } from './servers/common.js';

/**
 * What one TLS device connection costs a Node broker, split into the V8 heap and the rest (native:
 * OpenSSL, Node's TLS buffers, malloc's own overhead and fragmentation):
 *
 *   node --import tsx bench/src/connection-memory.ts [--broker meridian|aedes|floor] [--connections 2000]
 *        [--env 'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'] [--node-flags '--max-semi-space-size=2']
 *        [--snapshot <file>]
 *
 * Figures are growth from before the first connection to after the last one (after a full GC,
 * and again 10 s later), divided by the number of connections; use a few thousand connections so
 * that the broker's fixed growth (code, young generation) does not weigh in. `--snapshot` also writes a heap snapshot of the broker
 * with every connection open.
 */

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const kind = (option('--broker') ?? 'meridian') as BrokerKind;
if (!BROKER_KINDS.includes(kind) || kind === 'mosquitto') throw new Error('--broker must be a Node broker');
const connections = Number(option('--connections') ?? 2000);
const env: Record<string, string> = {};
for (const pair of (option('--env') ?? '').split(/\s+/).filter(Boolean)) {
  const eq = pair.indexOf('=');
  env[pair.slice(0, eq)] = pair.slice(eq + 1);
}
const nodeFlags = (option('--node-flags') ?? '').split(/\s+/).filter(Boolean);
const snapshot = option('--snapshot');

const certs = generateCerts();
const broker = await startBroker(kind, { tlsDir: certs.dir, nodeFlags, env });
try {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await broker.gc();
  const rssBefore = readRssKiB(broker.pid);
  const before = (await broker.stats())!;
  let rssAfter = 0;
  let rssSettled = 0;
  let after: ServerStats | undefined;
  const result = await runConnections({
    port: broker.port,
    connections,
    concurrency: 64,
    certs,
    whileConnected: async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await broker.gc();
      if (snapshot !== undefined) await broker.snapshot(snapshot);
      rssAfter = readRssKiB(broker.pid);
      after = await broker.stats();
      // An allocator may give freed memory back later (jemalloc: about 10 s).
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      rssSettled = readRssKiB(broker.pid);
    },
  });
  const n = Math.max(1, result.connected);
  const perConnection = (from: number, to: number): string => `${((to - from) / n).toFixed(1)} KiB`;
  const kib = (bytes: number): number => bytes / 1024;
  const rss = rssAfter - rssBefore;
  const heapCommitted = kib(after!.memory.heapTotal - before.memory.heapTotal);
  process.stdout.write(
    [
      `${kind} ${JSON.stringify(env)} ${nodeFlags.join(' ')}: ${result.connected} connections in ${(result.wallMs / 1000).toFixed(1)} s${result.failed > 0 ? ` (${result.failed} failed: ${result.firstError})` : ''}`,
      `  RSS                     ${perConnection(0, rss)}  (${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MiB)`,
      `  RSS 10 s later          ${perConnection(rssBefore, rssSettled)}`,
      `  V8 heap used            ${perConnection(kib(before.memory.heapUsed), kib(after!.memory.heapUsed))}`,
      `  V8 heap committed       ${perConnection(0, heapCommitted)}`,
      `  rest (native)           ${perConnection(heapCommitted, rss)}`,
      `  heap spaces (MiB, size/used): ${after!.heapSpaces
        .filter((s) => s.size > 0)
        .map((s) => `${s.name} ${(s.size / 2 ** 20).toFixed(1)}/${(s.used / 2 ** 20).toFixed(1)}`)
        .join(', ')}`,
      '',
    ].join('\n'),
  );
} finally {
  await broker.stop();
  rmSync(certs.dir, { recursive: true, force: true });
}
