import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BROKER_KINDS,
  type BrokerKind,
  type CertFiles,
  generateCerts,
  mosquittoAvailable,
  type RunningBroker,
  readRssKiB,
  startBroker,
} from './brokers.js';
import { runConnections, runLatency, runThroughput } from './generator.js';

/**
 * Broker benchmark: runs @meridian/broker, aedes 1.x and mosquitto (if installed), each in its own
 * child process, against the same load generator (this process), and prints Markdown tables.
 *
 *   node --import tsx bench/src/run.ts [fanin] [fanout] [latency] [connections]
 *        [--quick] [--duration <s>] [--connections <n>] [--brokers meridian,aedes,mosquitto,floor] [--cpu-prof]
 *        [--alloc-prof] [--open-loop] [--loop-stats] [--meridian-options '{"maxQueuedMessages":100000}']
 *        [--meridian-node-flags '--max-semi-space-size=2'] [--meridian-env 'MALLOC_ARENA_MAX=2']
 */

const SCENARIOS = ['fanin', 'fanout', 'latency', 'connections'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Config {
  scenarios: Scenario[];
  brokers: BrokerKind[];
  durationMs: number;
  latencyWarmupMs: number;
  latencyMs: number;
  latencyRate: number;
  connections: number;
  backlogPerPublisher: number;
  meridianOptions: string | undefined;
  meridianNodeFlags: string[];
  meridianEnv: Record<string, string>;
  loopStats: boolean;
  cpuProfDir: string | undefined;
  allocProfDir: string | undefined;
}

function parseArgs(argv: string[]): Config {
  const scenarios: Scenario[] = [];
  let quick = false;
  let duration: number | undefined;
  let connections: number | undefined;
  let brokers: BrokerKind[] = [...BROKER_KINDS];
  let cpuProf = false;
  let allocProf = false;
  let openLoop = false;
  let loopStats = false;
  let meridianOptions: string | undefined;
  let meridianNodeFlags: string[] = [];
  const meridianEnv: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') continue;
    if (arg === '--quick') quick = true;
    else if (arg === '--duration') duration = Number(value()) * 1000;
    else if (arg === '--connections') connections = Number(value());
    else if (arg === '--brokers') brokers = value().split(',') as BrokerKind[];
    else if (arg === '--cpu-prof') cpuProf = true;
    else if (arg === '--alloc-prof') allocProf = true;
    else if (arg === '--open-loop') openLoop = true;
    else if (arg === '--loop-stats') loopStats = true;
    else if (arg === '--meridian-node-flags') meridianNodeFlags = value().split(/\s+/).filter(Boolean);
    else if (arg === '--meridian-env') {
      for (const pair of value().split(/\s+/).filter(Boolean)) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new Error(`--meridian-env takes NAME=value pairs, got ${pair}`);
        meridianEnv[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
    } else if (arg === '--meridian-options') {
      meridianOptions = value();
      JSON.parse(meridianOptions);
    } else if ((SCENARIOS as readonly string[]).includes(arg)) scenarios.push(arg as Scenario);
    else throw new Error(`unknown argument ${arg} (scenarios: ${SCENARIOS.join(', ')})`);
  }
  for (const b of brokers) {
    if (!BROKER_KINDS.includes(b)) throw new Error(`unknown broker ${b}`);
  }
  if (!mosquittoAvailable()) brokers = brokers.filter((b) => b !== 'mosquitto');
  const durationMs = duration ?? (quick ? 2000 : 5000);
  if (!(durationMs > 0 && durationMs <= 120_000)) throw new Error('--duration must be in (0, 120] seconds');
  const conns = connections ?? (quick ? 500 : 2000);
  if (!(Number.isInteger(conns) && conns > 0 && conns <= 50_000)) throw new Error('--connections must be 1..50000');
  const here = path.dirname(fileURLToPath(import.meta.url));
  return {
    scenarios: scenarios.length > 0 ? scenarios : [...SCENARIOS],
    brokers,
    durationMs,
    latencyWarmupMs: quick ? 500 : 1000,
    latencyMs: durationMs,
    latencyRate: 10_000,
    connections: conns,
    backlogPerPublisher: openLoop ? 0 : 1000,
    meridianOptions,
    meridianNodeFlags,
    meridianEnv,
    loopStats,
    cpuProfDir: cpuProf ? path.join(here, '..', '.results', 'profiles') : undefined,
    allocProfDir: allocProf ? path.join(here, '..', '.results', 'allocations') : undefined,
  };
}

interface Row {
  scenario: string;
  broker: BrokerKind;
  /** the figure the ratios compare; higher is better unless lowerIsBetter */
  key: number;
  lowerIsBetter?: boolean;
  cells: string[];
  error?: string;
}

/** When the held connections' RSS is read the last time, after the last connection. */
const SETTLE_MS = 10_000;

const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function withBroker<T>(
  kind: BrokerKind,
  config: Config,
  options: { tlsDir?: string; profileName?: string },
  body: (broker: RunningBroker) => Promise<T>,
): Promise<{ value: T; cpu: number; wallMs: number; rssKiB: number; crashed: boolean }> {
  const broker = await startBroker(kind, {
    ...(config.meridianOptions === undefined ? {} : { meridianOptions: config.meridianOptions }),
    ...(options.tlsDir === undefined ? {} : { tlsDir: options.tlsDir }),
    ...(kind === 'meridian' ? { nodeFlags: config.meridianNodeFlags, env: config.meridianEnv } : {}),
    loopStats: config.loopStats,
    ...(config.cpuProfDir !== undefined && kind === 'meridian'
      ? { cpuProfDir: path.join(config.cpuProfDir, (options.profileName ?? 'run').replace(/[^a-z0-9-]+/gi, '-')) }
      : {}),
  });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const allocFile =
      config.allocProfDir !== undefined && kind === 'meridian'
        ? path.join(config.allocProfDir, `${(options.profileName ?? 'run').replace(/[^a-z0-9-]+/gi, '-')}.heapprofile`)
        : undefined;
    if (allocFile !== undefined) {
      mkdirSync(path.dirname(allocFile), { recursive: true });
      await broker.startAllocationProfile();
    }
    const cpu0 = broker.cpuSeconds();
    const t0 = performance.now();
    const value = await body(broker);
    const wallMs = performance.now() - t0;
    const cpu = broker.cpuSeconds() - cpu0;
    if (allocFile !== undefined) await broker.stopAllocationProfile(allocFile);
    const rssKiB = broker.rssKiB();
    await new Promise((r) => setTimeout(r, 200));
    return { value, cpu, wallMs, rssKiB, crashed: !broker.alive() };
  } finally {
    await broker.stop();
  }
}

async function throughputScenario(
  config: Config,
  name: string,
  shape: { publishers: number; subscribers: number; topic: (i: number) => string; filter: string },
  qos: 0 | 1,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of config.brokers) {
    const label = `${name} QoS ${qos}`;
    process.stderr.write(`  ${label} · ${kind} …\n`);
    try {
      const {
        value: r,
        cpu,
        wallMs,
        rssKiB,
        crashed,
      } = await withBroker(kind, config, { profileName: `${name.replace('→', 'to')}-qos${qos}` }, (broker) =>
        runThroughput({
          port: broker.port,
          qos,
          durationMs: config.durationMs,
          window: 100,
          backlogPerPublisher: config.backlogPerPublisher,
          ...shape,
        }),
      );
      rows.push({
        scenario: label,
        broker: kind,
        key: r.rate,
        cells: [
          fmtInt(r.rate),
          `${fmt(r.lossPct, 1)}% (${fmtInt(r.lost)} of ${fmtInt(r.expected)})${r.delivered > r.expected ? ` +${fmtInt(r.delivered - r.expected)} extra` : ''}${r.drainTimedOut ? ' †' : ''}${crashed ? ' ‡' : ''}`,
          `${fmt((100 * cpu) / (wallMs / 1000), 0)}%`,
          `${fmt(rssKiB / 1024, 0)} MiB`,
        ],
      });
    } catch (error) {
      rows.push({ scenario: label, broker: kind, key: Number.NaN, cells: [], error: (error as Error).message });
    }
  }
  return rows;
}

async function latencyScenario(config: Config): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of config.brokers) {
    const label = `latency QoS 1 @ ${config.latencyRate / 1000}k/s`;
    process.stderr.write(`  ${label} · ${kind} …\n`);
    try {
      const {
        value: { r, stats },
        cpu,
        wallMs,
      } = await withBroker(kind, config, { profileName: 'latency' }, async (broker) => {
        const r = await runLatency({
          port: broker.port,
          rate: config.latencyRate,
          warmupMs: config.latencyWarmupMs,
          durationMs: config.latencyMs,
          onMeasureStart: () => broker.resetStats(),
        });
        return { r, stats: await broker.stats() };
      });
      const gc = stats === undefined ? '–' : `${stats.gc.count} / ${fmt(stats.gc.maxMs, 1)}`;
      const loop =
        stats?.loop.p99 === undefined ? '–' : `${fmt(stats.loop.p99, 2)} / ${fmt(stats.loop.max ?? Number.NaN, 1)}`;
      rows.push({
        scenario: label,
        broker: kind,
        key: r.p99,
        lowerIsBetter: true,
        cells: [
          fmt(r.p50, 3),
          fmt(r.p99, 3),
          fmt(r.p999, 3),
          fmt(r.max, 2),
          `${fmtInt(r.achievedRate)} (${fmtInt(r.delivered)}/${fmtInt(r.sent)} delivered)`,
          `${fmt((100 * cpu) / (wallMs / 1000), 0)}%`,
          gc,
          loop,
          `${fmt(r.tickP99, 2)} / ${fmt(r.tickMax, 1)}`,
        ],
      });
    } catch (error) {
      rows.push({ scenario: label, broker: kind, key: Number.NaN, cells: [], error: (error as Error).message });
    }
  }
  return rows;
}

async function connectionsScenario(config: Config, certs: CertFiles): Promise<Row[]> {
  const rows: Row[] = [];
  for (const kind of config.brokers) {
    const label = `${fmtInt(config.connections)} TLS connections`;
    process.stderr.write(`  ${label} · ${kind} …\n`);
    try {
      let before = 0;
      let after = 0;
      let afterGc = 0;
      let settled = 0;
      const { value: r, cpu } = await withBroker(
        kind,
        config,
        { tlsDir: certs.dir, profileName: 'connections' },
        (b) => {
          before = readRssKiB(b.pid);
          return runConnections({
            port: b.port,
            connections: config.connections,
            concurrency: 64,
            certs,
            whileConnected: async () => {
              const connectedAt = performance.now();
              await new Promise((res) => setTimeout(res, 500));
              after = readRssKiB(b.pid);
              await b.gc();
              afterGc = readRssKiB(b.pid);
              // Held connections: what is left once freed memory went back to the system
              // (an allocator may return it with a delay; jemalloc's default is 10 s).
              await new Promise((res) => setTimeout(res, Math.max(0, connectedAt + SETTLE_MS - performance.now())));
              settled = readRssKiB(b.pid);
            },
          });
        },
      );
      const n = Math.max(1, r.connected);
      rows.push({
        scenario: label,
        broker: kind,
        key: (settled - before) / n,
        lowerIsBetter: true,
        cells: [
          `${fmtInt(r.connected)}${r.failed > 0 ? ` (${r.failed} failed: ${r.firstError})` : ''}`,
          fmt(r.wallMs / 1000, 2),
          fmt((after - before) / n, 1),
          kind === 'mosquitto' ? '(no GC)' : fmt((afterGc - before) / n, 1),
          fmt((settled - before) / n, 1),
          `${fmt(before / 1024, 0)} → ${fmt(settled / 1024, 0)} MiB`,
          `${fmt(cpu, 1)} s`,
        ],
      });
    } catch (error) {
      rows.push({ scenario: label, broker: kind, key: Number.NaN, cells: [], error: (error as Error).message });
    }
  }
  return rows;
}

function ratio(row: Row, rows: Row[], other: BrokerKind): string {
  const base = rows.find((r) => r.scenario === row.scenario && r.broker === other);
  if (base === undefined || !Number.isFinite(base.key) || !Number.isFinite(row.key) || row.broker === other) return '';
  if (base.key === 0) return '';
  return `${fmt(row.key / base.key, 2)}×`;
}

function printTable(title: string, headers: string[], rows: Row[], note: string): void {
  const others = (['aedes', 'mosquitto', 'floor'] as const).filter((kind) => rows.some((r) => r.broker === kind));
  const all = ['scenario', 'broker', ...headers, ...others.map((kind) => `vs ${kind}`)];
  const lines = [`### ${title}`, '', `| ${all.join(' | ')} |`, `|${all.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cells = row.error !== undefined ? [`error: ${row.error}`, ...headers.slice(1).map(() => '')] : row.cells;
    lines.push(
      `| ${[row.scenario, row.broker, ...cells, ...others.map((kind) => ratio(row, rows, kind))].join(' | ')} |`,
    );
  }
  lines.push('', note, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  process.stdout.write(
    `# Broker benchmark\n\n${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · brokers: ${config.brokers.join(', ')}${config.meridianOptions === undefined ? '' : ` (meridian options ${config.meridianOptions})`} · duration ${config.durationMs / 1000} s · 64-byte payloads, MQTT 3.1.1\n\n`,
  );
  const started = performance.now();
  let certs: CertFiles | undefined;
  try {
    for (const scenario of config.scenarios) {
      process.stderr.write(`${scenario}\n`);
      if (scenario === 'fanin' || scenario === 'fanout') {
        const shape =
          scenario === 'fanin'
            ? { publishers: 10, subscribers: 1, topic: (i: number) => `bench/dev${i}/data`, filter: 'bench/+/data' }
            : { publishers: 1, subscribers: 50, topic: () => 'bench/fanout/data', filter: 'bench/fanout/data' };
        const rows = [
          ...(await throughputScenario(config, scenario === 'fanin' ? 'fan-in 10→1' : 'fan-out 1→50', shape, 0)),
          ...(await throughputScenario(config, scenario === 'fanin' ? 'fan-in 10→1' : 'fan-out 1→50', shape, 1)),
        ];
        printTable(
          scenario === 'fanin'
            ? 'Fan-in (10 publishers → 1 subscriber on bench/+/data)'
            : 'Fan-out (1 publisher → 50 subscribers)',
          ['delivered msg/s', 'loss', 'broker CPU', 'broker RSS at end'],
          rows,
          `Ratios compare delivered msg/s (higher is better). ${config.backlogPerPublisher > 0 ? `Closed loop: publishers pause while more than ${config.backlogPerPublisher} messages each are not yet delivered to every subscriber.` : 'Open loop: publishers send as fast as TCP accepts.'} † = drain stopped after 1 s without progress. ‡ = broker process died when the clients disconnected (after the measurement).`,
        );
      } else if (scenario === 'latency') {
        printTable(
          `Latency, QoS 1, 1 publisher → 1 subscriber at ${config.latencyRate} msg/s`,
          [
            'p50 ms',
            'p99 ms',
            'p99.9 ms',
            'max ms',
            'sent msg/s',
            'broker CPU',
            'broker GCs / max pause ms',
            'broker loop delay p99 / max ms',
            'generator tick p99 / max ms',
          ],
          await latencyScenario(config),
          'Ratios compare p99 (lower is better: 0.5× = half the latency). `floor` is not a broker but a relay that forwards each PUBLISH unchanged (bench/src/servers/floor-server.ts): the floor of this machine and generator. Loop delay only with --loop-stats (it adds a 1 ms timer to the broker). Generator ticks are the intervals of its 1 ms pacing timer.',
        );
      } else {
        certs ??= generateCerts();
        printTable(
          `${fmtInt(config.connections)} concurrent TLS connections with client certificates`,
          [
            'connected',
            'connect wall s',
            'RSS KiB/conn',
            'after GC',
            `after ${SETTLE_MS / 1000} s`,
            'broker RSS',
            'broker CPU',
          ],
          await connectionsScenario(config, certs),
          `RSS growth per connection 0.5 s after the last connection, then after a full GC (Node brokers), then ${SETTLE_MS / 1000} s after the last connection. Ratios compare the last one (lower is better).`,
        );
      }
    }
  } finally {
    if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
  }
  process.stdout.write(`Total bench time ${fmt((performance.now() - started) / 1000, 1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
