import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ServerStats } from './servers/common.js';

/** `floor` is not a broker: a relay that shows what the machine and the generator cost (servers/floor-server.ts). */
export type BrokerKind = 'meridian' | 'aedes' | 'mosquitto' | 'floor';
export const BROKER_KINDS: readonly BrokerKind[] = ['meridian', 'aedes', 'mosquitto', 'floor'];

type NodeBrokerKind = Exclude<BrokerKind, 'mosquitto'>;

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

export interface RunningBroker {
  kind: BrokerKind;
  pid: number;
  port: number;
  /** VmRSS of the broker process in KiB. */
  rssKiB(): number;
  /** user+system CPU seconds used by the broker process so far. */
  cpuSeconds(): number;
  /** false once the process has exited (crashed). */
  alive(): boolean;
  /** Ask a Node broker to run a full GC (no-op for mosquitto). */
  gc(): Promise<void>;
  /** Node brokers: write a V8 heap snapshot to `file`. */
  snapshot(file: string): Promise<void>;
  /** Node brokers: start sampling allocations (see servers/common.ts). */
  startAllocationProfile(): Promise<void>;
  /** Node brokers: write the allocation profile (a .heapprofile for Chrome DevTools or profile-summary.ts). */
  stopAllocationProfile(file: string): Promise<void>;
  /** Node brokers: restart the GC and event-loop counters. */
  resetStats(): void;
  /** Node brokers: memory, GC and event-loop figures since the last reset (undefined for mosquitto). */
  stats(): Promise<ServerStats | undefined>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Directory with ca.pem, server.pem, server.key: serve TLS with required client certificates. */
  tlsDir?: string;
  /** Write a V8 CPU profile of the broker process into this directory (Node brokers only). */
  cpuProfDir?: string;
  /** JSON of broker options passed to the meridian server (`--options`). */
  meridianOptions?: string;
  /** Another server script in servers/ for a Node broker (e.g. `meridian-rules-server.ts`), and its arguments. */
  script?: string;
  scriptArgs?: string[];
  /** How long the server may take to report its port (default 15 s). */
  startTimeoutMs?: number;
  /** Extra Node flags for Node brokers (e.g. `--max-semi-space-size=2`). */
  nodeFlags?: string[];
  /** Extra environment for the broker process (e.g. `MALLOC_ARENA_MAX=2`). */
  env?: Record<string, string>;
  /** Node brokers sample their event-loop delay (adds a 1 ms timer to the broker). */
  loopStats?: boolean;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

export function readRssKiB(pid: number): number {
  const status = readProc(pid, 'status');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]);
}

const CLOCK_TICKS = 100;

/** CPU seconds of a process, or with `thread` (a thread id; the process id is its main thread) of one thread. */
export function readCpuSeconds(pid: number, thread?: number): number {
  const stat = readProc(pid, thread === undefined ? 'stat' : `task/${thread}/stat`);
  if (stat === '') return Number.NaN;
  // Fields after the ")" of the command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitExit(child, 4000)) return;
  child.kill('SIGKILL');
  await waitExit(child, 2000);
}

function handle(kind: BrokerKind, child: ChildProcess, port: number, nodeBroker: boolean): RunningBroker {
  const pid = child.pid!;
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  /** Sends a stdin command to a Node broker and resolves with the stdout line starting with `reply`. */
  const command = (text: string, reply: string): Promise<string | undefined> => {
    if (!nodeBroker || child.stdin === null || child.stdout === null || !alive()) return Promise.resolve(undefined);
    const stdout = child.stdout;
    return new Promise((resolve) => {
      let buffered = '';
      const timer = setTimeout(() => done(undefined), 5000);
      function onData(chunk: Buffer): void {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        const line = lines.find((l) => l.startsWith(reply));
        if (line !== undefined) done(line);
      }
      function done(line: string | undefined): void {
        clearTimeout(timer);
        stdout.off('data', onData);
        resolve(line);
      }
      stdout.on('data', onData);
      child.stdin!.write(`${text}\n`);
    });
  };
  return {
    kind,
    pid,
    port,
    alive,
    rssKiB: () => (alive() ? readRssKiB(pid) : Number.NaN),
    cpuSeconds: () => (alive() ? readCpuSeconds(pid) : Number.NaN),
    gc: async () => {
      await command('gc', 'gc-done');
    },
    snapshot: async (file: string) => {
      await command(`snapshot ${file}`, 'snapshot ');
    },
    startAllocationProfile: async () => {
      await command('alloc-start', 'alloc-started');
    },
    stopAllocationProfile: async (file: string) => {
      await command(`alloc-stop ${file}`, 'alloc-stopped');
    },
    resetStats: () => {
      if (nodeBroker) child.stdin?.write('reset\n');
    },
    stats: async () => {
      const line = await command('stats', 'stats ');
      return line === undefined ? undefined : (JSON.parse(line.slice('stats '.length)) as ServerStats);
    },
    stop: () => stopChild(child),
  };
}

async function startNodeBroker(kind: NodeBrokerKind, options: StartOptions): Promise<RunningBroker> {
  const script = path.join(here, 'servers', options.script ?? `${kind}-server.ts`);
  const nodeArgs = ['--import', tsxLoader, '--expose-gc', ...(options.nodeFlags ?? [])];
  if (options.cpuProfDir !== undefined) {
    mkdirSync(options.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  }
  const args = [...nodeArgs, script];
  if (options.tlsDir !== undefined) args.push('--tls-dir', options.tlsDir);
  if (kind === 'meridian' && options.meridianOptions !== undefined) args.push('--options', options.meridianOptions);
  if (options.scriptArgs !== undefined) args.push(...options.scriptArgs);
  if (options.loopStats === true) args.push('--loop-stats');
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const startTimeoutMs = options.startTimeoutMs ?? 15_000;
    const timer = setTimeout(
      () => fail(new Error(`${kind} server did not report its port within ${startTimeoutMs / 1000} s`)),
      startTimeoutMs,
    );
    function onData(chunk: Buffer): void {
      buffered += chunk.toString();
      // The first line that is a JSON object (Node flags such as --trace-gc may print before it).
      const line = buffered.split('\n').find((l, i, all) => i < all.length - 1 && l.startsWith('{'));
      if (line === undefined) return;
      cleanup();
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (error) {
        reject(error);
      }
    }
    function onExit(code: number | null): void {
      fail(new Error(`${kind} server exited with ${code} before listening`));
    }
    function fail(error: Error): void {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  // Keep draining stdout so the child never blocks on a full pipe; what Node flags such as
  // --trace-gc print there goes to stderr (the replies to the runner's commands do not).
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!PROTOCOL_REPLY.test(line)) process.stderr.write(`${kind}: ${line}\n`);
    }
  });
  return handle(kind, child, port, true);
}

/** Lines the broker servers print for the runner (servers/common.ts). */
const PROTOCOL_REPLY = /^(\{"name"|gc-done$|stats |snapshot |alloc-started$|alloc-stopped$)/;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 200 && Date.now() < deadline; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** mosquitto settings used for every run (documented in bench/README.md). */
export function mosquittoConfig(port: number, tlsDir: string | undefined): string {
  const lines = [
    'per_listener_settings false',
    'allow_anonymous true',
    'persistence false',
    'log_dest none',
    'user root',
    // Debian defaults (20 in flight, 1000 queued) drop QoS 1 messages under load; raise them so
    // QoS 1 figures measure throughput, not queue caps.
    'max_inflight_messages 1000',
    'max_queued_messages 1000000',
    'max_queued_bytes 0',
    'max_connections -1',
    `listener ${port} 127.0.0.1`,
  ];
  if (tlsDir !== undefined) {
    lines.push(
      `cafile ${path.join(tlsDir, 'ca.pem')}`,
      `certfile ${path.join(tlsDir, 'server.pem')}`,
      `keyfile ${path.join(tlsDir, 'server.key')}`,
      'require_certificate true',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function startMosquitto(options: StartOptions): Promise<RunningBroker> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(conf, mosquittoConfig(port, options.tlsDir));
  const child = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter((line) => line !== '' && !line.includes('should not be run as root'))
      .join('\n');
    if (text !== '') process.stderr.write(`mosquitto: ${text}\n`);
  });
  try {
    await waitForPort(port, 5000);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = handle('mosquitto', child, port, false);
  return {
    ...running,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function mosquittoAvailable(): boolean {
  return existsSync(MOSQUITTO_BIN);
}

export function startBroker(kind: BrokerKind, options: StartOptions = {}): Promise<RunningBroker> {
  if (kind === 'mosquitto') return startMosquitto(options);
  return startNodeBroker(kind, options);
}

export interface CertFiles {
  dir: string;
  ca: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
}

/** CA, server cert (localhost / 127.0.0.1) and one client cert, ECDSA P-256, via the openssl CLI. */
export function generateCerts(): CertFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-certs-'));
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  };
  const ecKey = (name: string): void => run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', name]);
  ecKey('ca.key');
  run(['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '2', '-subj', '/CN=bench-ca', '-out', 'ca.pem']);
  const issue = (name: string, subject: string, ext: string): void => {
    ecKey(`${name}.key`);
    run(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ]);
  };
  issue(
    'server',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  issue('client', '/CN=bench-device', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  return {
    dir,
    ca: readFileSync(path.join(dir, 'ca.pem')),
    clientCert: readFileSync(path.join(dir, 'client.pem')),
    clientKey: readFileSync(path.join(dir, 'client.key')),
  };
}
