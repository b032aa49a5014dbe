import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generate } from 'mqtt-packet';
import { readCpuSeconds } from './brokers.js';
import { encodeConnect, FrameReader, PACKET_CONNACK, PACKET_PUBLISH, PACKET_SUBACK, puback } from './wire.js';

/**
 * Shadow update benchmark: the real server (`apps/server/src/server.ts`, SQLite in a fresh temp data
 * folder) in a child process, N devices on its plain-TCP MQTT listener in this process. Each device
 * subscribes to its `/update/accepted` and `/update/rejected` at QoS 1 (`--answer-qos 0`: QoS 0) and publishes reported-state
 * updates at QoS 1; the latency is from writing the PUBLISH to reading its `/update/accepted`.
 *
 *   node --import tsx bench/src/shadow-updates.ts [--devices 1000] [--rate 5000] [--closed-loop]
 *        [--duration 10] [--warmup 2] [--answer-qos 1] [--env SHADOW_HISTORY_LENGTH=0] [--cpu-prof] [--runs 1]
 *
 * `--rate` paces the devices together at that many updates per second (round robin, so each device
 * sends every devices/rate seconds whether or not its previous update was answered); `--closed-loop`
 * instead lets every device send its next update as soon as the previous one is answered, which
 * measures the most the platform sustains. `--runs N` repeats the whole run N times, each on a fresh
 * server, and ends with the spread of the p99 across them.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, '..', '..', 'apps', 'server', 'src', 'server.ts');
const tsxLoader = import.meta.resolve('tsx');

interface Options {
  devices: number;
  rate: number;
  closedLoop: boolean;
  durationMs: number;
  warmupMs: number;
  env: Record<string, string>;
  cpuProfDir: string | undefined;
  /** Runs in a row, each on a fresh server and data folder. */
  runs: number;
  /** QoS of the devices' subscriptions to their answers (the updates themselves are always QoS 1). */
  answerQos: 0 | 1;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    devices: 1000,
    rate: 5000,
    closedLoop: false,
    answerQos: 1,
    durationMs: 10_000,
    warmupMs: 2000,
    env: {},
    cpuProfDir: undefined,
    runs: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') continue;
    if (arg === '--devices') options.devices = Number(value());
    else if (arg === '--rate') options.rate = Number(value());
    else if (arg === '--closed-loop') options.closedLoop = true;
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--answer-qos') {
      const qos = Number(value());
      if (qos !== 0 && qos !== 1) throw new Error('--answer-qos is 0 or 1');
      options.answerQos = qos;
    } else if (arg === '--duration') options.durationMs = Number(value()) * 1000;
    else if (arg === '--warmup') options.warmupMs = Number(value()) * 1000;
    else if (arg === '--env') {
      const [key, ...rest] = value().split('=');
      if (key === undefined || rest.length === 0) throw new Error('--env takes KEY=VALUE');
      options.env[key] = rest.join('=');
    } else if (arg === '--cpu-prof') {
      options.cpuProfDir = path.join(here, '..', '.results', 'profiles', `shadow-${Date.now()}`);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!(Number.isInteger(options.devices) && options.devices > 0)) throw new Error('--devices must be a whole number');
  if (!(options.rate > 0)) throw new Error('--rate must be positive');
  if (!(Number.isInteger(options.runs) && options.runs > 0)) throw new Error('--runs must be a whole number');
  return options;
}

// ---- the server ------------------------------------------------------------------------------

interface RunningServer {
  child: ChildProcess;
  pid: number;
  mqttPort: number;
  stop(): Promise<void>;
}

async function startServer(options: Options, dataDir: string): Promise<RunningServer> {
  const nodeArgs = ['--import', tsxLoader];
  if (options.cpuProfDir !== undefined) {
    mkdirSync(options.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  }
  const child = spawn(process.execPath, [...nodeArgs, SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      HTTP_PORT: '0',
      MQTTS_PORT: '0',
      WSS_PORT: '0',
      MQTT_TCP_PORT: '0',
      ADMIN_PASSWORD: 'bench-admin-password',
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  const mqttPort = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error('the server did not report ready within 60 s')), 60_000);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.includes('"platform ready"')) continue;
        cleanup();
        resolve((JSON.parse(line) as { ports: { mqttTcp: number } }).ports.mqttTcp);
        return;
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`the server exited with ${code} before ready`));
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
  child.stdout!.resume();
  return {
    child,
    pid: child.pid!,
    mqttPort,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

// ---- the devices -----------------------------------------------------------------------------

interface Stats {
  latencies: number[];
  accepted: number;
  rejected: Map<string, number>;
  measuring: boolean;
}

class Device {
  private readonly socket: net.Socket;
  private readonly reader: FrameReader;
  private readonly updateTopic: string;
  private readonly sentAt = new Map<number, number>();
  private nextToken = 1;
  private packetId = 0;
  private waiting: { type: number; resolve: () => void } | undefined;
  /** Called after each answer (closed loop). */
  onAnswer: (() => void) | undefined;

  constructor(
    readonly name: string,
    port: number,
    private readonly stats: Stats,
    private readonly answerQos: 0 | 1,
  ) {
    this.updateTopic = `$aws/things/${name}/shadow/update`;
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.reader = new FrameReader((type, flags, buf, start, end) => this.onFrame(type, flags, buf, start, end));
    this.socket.on('data', (chunk: Buffer) => {
      this.acks = [];
      this.reader.push(chunk);
      if (this.acks.length > 0) this.socket.write(this.acks.length === 1 ? this.acks[0]! : Buffer.concat(this.acks));
    });
    this.socket.on('error', () => {});
  }

  private acks: Buffer[] = [];

  get outstanding(): number {
    return this.sentAt.size;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    await this.exchange(encodeConnect(this.name), PACKET_CONNACK);
    const subscribe = generate({
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [
        { topic: `${this.updateTopic}/accepted`, qos: this.answerQos },
        { topic: `${this.updateTopic}/rejected`, qos: this.answerQos },
      ],
    });
    await this.exchange(subscribe, PACKET_SUBACK);
  }

  sendUpdate(): void {
    const token = this.nextToken++;
    const payload = `{"state":{"reported":{"temperature":${20 + (token % 7)},"seq":${token}}},"clientToken":"${token}"}`;
    this.packetId = (this.packetId % 65535) + 1;
    const packet = generate({
      cmd: 'publish',
      topic: this.updateTopic,
      payload: Buffer.from(payload),
      qos: 1,
      messageId: this.packetId,
      retain: false,
      dup: false,
    });
    this.sentAt.set(token, performance.now());
    this.socket.write(packet);
  }

  close(): void {
    this.socket.destroy();
  }

  private exchange(packet: Buffer, answer: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = { type: answer, resolve };
      this.socket.write(packet);
    });
  }

  private onFrame(type: number, flags: number, buf: Buffer, start: number, end: number): void {
    if (this.waiting !== undefined && type === this.waiting.type) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve();
      return;
    }
    if (type !== PACKET_PUBLISH) return;
    const topicLength = buf.readUInt16BE(start);
    let offset = start + 2 + topicLength;
    const topic = buf.toString('latin1', start + 2, offset);
    if (((flags >> 1) & 3) > 0) {
      this.acks.push(puback(buf.readUInt16BE(offset)));
      offset += 2;
    }
    const payload = buf.toString('utf8', offset, end);
    const token = /"clientToken":"(\d+)"/.exec(payload)?.[1];
    const sentAt = token === undefined ? undefined : this.sentAt.get(Number(token));
    if (sentAt === undefined) return;
    this.sentAt.delete(Number(token));
    if (this.stats.measuring) {
      if (topic.endsWith('/accepted')) {
        this.stats.accepted += 1;
        this.stats.latencies.push(performance.now() - sentAt);
      } else {
        const code = /"code":(\d+)/.exec(payload)?.[1] ?? '?';
        this.stats.rejected.set(code, (this.stats.rejected.get(code) ?? 0) + 1);
      }
    }
    this.onAnswer?.();
  }
}

async function connectAll(count: number, port: number, stats: Stats, answerQos: 0 | 1): Promise<Device[]> {
  const devices: Device[] = [];
  const batch = 100;
  for (let first = 0; first < count; first += batch) {
    const group = Array.from(
      { length: Math.min(batch, count - first) },
      (_, i) => new Device(`dev-${first + i}`, port, stats, answerQos),
    );
    await Promise.all(group.map((device) => device.start()));
    devices.push(...group);
  }
  return devices;
}

// ---- the run ---------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The p99 goal at 5,000 updates/s (bench/README.md, "Shadow updates"). */
const P99_TARGET_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** One run on a fresh server and data folder; prints its table row and returns its p99 in ms. */
async function runOnce(options: Options, withHeader: boolean): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-shadow-bench-'));
  const loadBefore = loadAverage();
  const server = await startServer(options, dataDir);
  const stats: Stats = { latencies: [], accepted: 0, rejected: new Map(), measuring: false };
  let devices: Device[] = [];
  try {
    process.stderr.write(`server pid ${server.pid}, connecting ${options.devices} devices...\n`);
    devices = await connectAll(options.devices, server.mqttPort, stats, options.answerQos);
    process.stderr.write(`connected; running ${options.closedLoop ? 'closed loop' : `${options.rate}/s`}\n`);

    let sending = true;
    let sent = 0;
    let pacer: NodeJS.Timeout | undefined;
    if (options.closedLoop) {
      for (const device of devices) {
        device.onAnswer = () => {
          if (sending) device.sendUpdate();
        };
        device.sendUpdate();
      }
    } else {
      const start = performance.now();
      pacer = setInterval(() => {
        const due = Math.floor(((performance.now() - start) * options.rate) / 1000);
        for (; sent < due; sent++) devices[sent % devices.length]!.sendUpdate();
      }, 1);
    }

    await sleep(options.warmupMs);
    stats.measuring = true;
    // The devices' own event loop: its delays are part of every latency measured here.
    const generatorDelay = monitorEventLoopDelay({ resolution: 1 });
    generatorDelay.enable();
    const cpuStart = readCpuSeconds(server.pid);
    const mainThreadCpuStart = readCpuSeconds(server.pid, server.pid);
    const generatorCpuStart = process.cpuUsage();
    const windowStart = performance.now();
    await sleep(options.durationMs);
    const windowMs = performance.now() - windowStart;
    generatorDelay.disable();
    const generatorCpu = process.cpuUsage(generatorCpuStart);
    const cpuSeconds = readCpuSeconds(server.pid) - cpuStart;
    const mainThreadCpuSeconds = readCpuSeconds(server.pid, server.pid) - mainThreadCpuStart;
    const accepted = stats.accepted;
    stats.measuring = false;
    sending = false;
    if (pacer !== undefined) clearInterval(pacer);
    const drainUntil = Date.now() + 3000;
    while (devices.some((device) => device.outstanding > 0) && Date.now() < drainUntil) await sleep(50);
    const unanswered = devices.reduce((sum, device) => sum + device.outstanding, 0);

    const sorted = stats.latencies.slice().sort((a, b) => a - b);
    const rejected = [...stats.rejected].map(([code, n]) => `${n} × ${code}`).join(', ') || '0';
    const pacing = options.closedLoop ? 'closed loop (1 in flight per device)' : `paced ${fmtInt(options.rate)}/s`;
    const mode = options.answerQos === 1 ? pacing : `${pacing}, answers at QoS 0`;
    const env = Object.entries(options.env)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ');
    const header = [
      `| load | devices | settings | accepted updates/s | p50 ms | p99 ms | p99.9 ms | max ms | rejected | unanswered | server CPU | server CPU µs per update | main thread CPU | main thread µs per update | devices' event-loop delay p99 / max ms | devices' CPU | load avg before / after |`,
      `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`,
    ];
    process.stdout.write(
      [
        ...(withHeader ? header : []),
        `| ${mode} | ${fmtInt(options.devices)} | ${env || 'defaults'} | ${fmtInt((accepted * 1000) / windowMs)} | ${fmt(
          percentile(sorted, 50),
        )} | ${fmt(percentile(sorted, 99))} | ${fmt(percentile(sorted, 99.9))} | ${fmt(sorted.at(-1) ?? Number.NaN)} | ${rejected} | ${unanswered} | ${fmtInt(
          (cpuSeconds * 100_000) / windowMs,
        )} % | ${fmtInt((cpuSeconds * 1e6) / accepted)} | ${fmtInt((mainThreadCpuSeconds * 100_000) / windowMs)} % | ${fmtInt(
          (mainThreadCpuSeconds * 1e6) / accepted,
        )} | ${fmt(generatorDelay.percentile(99) / 1e6)} / ${fmt(generatorDelay.max / 1e6)} | ${fmtInt(
          ((generatorCpu.user + generatorCpu.system) * 100) / (windowMs * 1000),
        )} % | ${loadBefore} / ${loadAverage()} |`,
        '',
      ].join('\n'),
    );
    return percentile(sorted, 99);
  } finally {
    for (const device of devices) device.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (options.cpuProfDir !== undefined) process.stderr.write(`CPU profile in ${options.cpuProfDir}\n`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const p99s: number[] = [];
  for (let run = 0; run < options.runs; run++) p99s.push(await runOnce(options, run === 0));
  if (options.runs > 1) {
    const sorted = p99s.slice().sort((a, b) => a - b);
    const under = p99s.filter((p99) => p99 < P99_TARGET_MS).length;
    process.stdout.write(
      `\np99 over ${options.runs} runs: min ${fmt(sorted[0]!)}, median ${fmt(percentile(sorted, 50))}, max ${fmt(sorted.at(-1)!)} ms; ` +
        `under ${P99_TARGET_MS} ms in ${under} of ${options.runs}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
