import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import net from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import v8 from 'node:v8';

/** What a Node broker process reports on `stats` (since the last `reset`). */
export interface ServerStats {
  memory: NodeJS.MemoryUsage;
  /** V8 heap spaces: size (reserved and committed) and used bytes. */
  heapSpaces: Array<{ name: string; size: number; used: number }>;
  gc: { count: number; totalMs: number; maxMs: number; over1ms: number };
  /** Event-loop utilisation (0..1) and, with `--loop-stats`, delay in ms sampled every 1 ms. */
  loop: { utilization: number; p50?: number; p99?: number; max?: number };
}

function statsCollector(sampleLoopDelay: boolean): { reset(): void; read(): ServerStats } {
  let gc = { count: 0, totalMs: 0, maxMs: 0, over1ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      if (entry.duration > gc.maxMs) gc.maxMs = entry.duration;
      if (entry.duration >= 1) gc.over1ms++;
    }
  }).observe({ entryTypes: ['gc'] });
  const delay = sampleLoopDelay ? monitorEventLoopDelay({ resolution: 1 }) : undefined;
  delay?.enable();
  let elu = performance.eventLoopUtilization();
  return {
    reset(): void {
      gc = { count: 0, totalMs: 0, maxMs: 0, over1ms: 0 };
      delay?.reset();
      elu = performance.eventLoopUtilization();
    },
    read(): ServerStats {
      const ms = (ns: number): number => ns / 1e6;
      return {
        memory: process.memoryUsage(),
        heapSpaces: v8
          .getHeapSpaceStatistics()
          .map((s) => ({ name: s.space_name, size: s.space_size, used: s.space_used_size })),
        gc,
        loop: {
          utilization: performance.eventLoopUtilization(elu).utilization,
          ...(delay === undefined
            ? {}
            : { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) }),
        },
      };
    },
  };
}

/**
 * V8's sampling heap profiler, counting objects the GC already collected too: where the
 * allocations (and so the scavenges) come from, not only what stays alive.
 */
function allocationProfiler(): { start(): Promise<void>; stop(file: string): Promise<void> } {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
    });
  return {
    async start() {
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    async stop(file: string) {
      const { profile } = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/**
 * Shared part of the broker server scripts: listens on 127.0.0.1 port 0 (plain TCP, or TLS with
 * client certificates when `--tls-dir <dir>` is given), prints `{"port":N}` on stdout, answers
 * `gc` (needs --expose-gc), `reset`, `stats` (a `stats {json}` line, see ServerStats),
 * `snapshot <file>`, `alloc-start` and `alloc-stop <file>` on stdin and exits on SIGTERM/SIGINT
 * or stdin end. With `--loop-stats` it also samples the
 * event-loop delay every 1 ms (a timer of its own, so only when asked).
 */
export function serve(
  name: string,
  onConnection: (socket: Duplex, secure: boolean, remoteAddress: string | undefined) => void,
  close: () => Promise<void>,
): void {
  const argv = process.argv.slice(2);
  const tlsIndex = argv.indexOf('--tls-dir');
  const tlsDir = tlsIndex >= 0 ? argv[tlsIndex + 1] : undefined;
  const stats = statsCollector(argv.includes('--loop-stats'));
  const allocations = allocationProfiler();

  let server: net.Server;
  if (tlsDir !== undefined) {
    server = tls.createServer(
      {
        ca: readFileSync(path.join(tlsDir, 'ca.pem')),
        cert: readFileSync(path.join(tlsDir, 'server.pem')),
        key: readFileSync(path.join(tlsDir, 'server.key')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => onConnection(socket, true, socket.remoteAddress),
    );
    server.on('tlsClientError', () => {});
  } else {
    server = net.createServer((socket) => {
      socket.setNoDelay(true);
      onConnection(socket, false, socket.remoteAddress);
    });
  }
  server.maxConnections = 100_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    process.stdout.write(`${JSON.stringify({ name, port: address.port, pid: process.pid })}\n`);
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    const timer = setTimeout(() => process.exit(0), 1500);
    close()
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() === 'gc') {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (gc !== undefined) {
          gc();
          gc();
        }
        process.stdout.write('gc-done\n');
      } else if (line.startsWith('snapshot ')) {
        // A heap snapshot for finding what a connection keeps (Chrome DevTools → Memory).
        process.stdout.write(`snapshot ${v8.writeHeapSnapshot(line.slice('snapshot '.length).trim())}\n`);
      } else if (line.trim() === 'alloc-start') {
        allocations.start().then(() => process.stdout.write('alloc-started\n'));
      } else if (line.startsWith('alloc-stop ')) {
        allocations.stop(line.slice('alloc-stop '.length).trim()).then(() => process.stdout.write('alloc-stopped\n'));
      } else if (line.trim() === 'reset') {
        stats.reset();
      } else if (line.trim() === 'stats') {
        process.stdout.write(`stats ${JSON.stringify(stats.read())}\n`);
      } else if (line.trim() === 'stop') {
        stop();
      }
    }
  });
  process.stdin.on('end', stop);
}
