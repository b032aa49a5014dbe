/**
 * Policy enforcement overhead (prints figures; not a timed test). The same load goes through our broker
 * with allow-all hooks and with the platform's policy enforcement (DeviceAuthorizer, 10-statement
 * thing-scoped policy, cacheAuthorization on), alternating the two in every round:
 *  - `100 devices`: dev0..dev99 publish on devices/<thing>/telemetry, the monitor thing receives all
 *    of them through `devices/+/telemetry` (allowed by the policy's monitor statements);
 *  - `fan-in`: 10 devices → the monitor, each publishing as fast as the closed loop allows.
 * Then raw `evaluate()` speed of that policy.
 *
 * Usage: node --import tsx bench/src/policy-overhead.ts [--duration s] [--rounds n] [--warmup s]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  createAuthorizationContext,
  evaluate,
  type IotAction,
  MemoryPolicyStore,
  PolicyService,
} from '@meridian/policy';
import { startBroker } from './brokers.js';
import { arns, DEVICE_POLICY, deviceName, MONITOR, TELEMETRY_FILTER, telemetryTopic } from './device-policy.js';
import { runThroughput } from './generator.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const durationMs = option('duration', 3) * 1000;
const rounds = option('rounds', 5);
const warmupMs = option('warmup', 1.5) * 1000;
const MODES = ['allow-all', 'policy'] as const;
type Mode = (typeof MODES)[number];

interface Case {
  name: string;
  publishers: number;
  qos: 0 | 1;
  window: number;
  backlogPerPublisher: number;
}
const CASES: Case[] = [
  { name: '100 devices → monitor, QoS 0', publishers: 100, qos: 0, window: 0, backlogPerPublisher: 100 },
  { name: '100 devices → monitor, QoS 1', publishers: 100, qos: 1, window: 10, backlogPerPublisher: 100 },
  { name: 'fan-in 10 devices → monitor, QoS 0', publishers: 10, qos: 0, window: 0, backlogPerPublisher: 1000 },
  { name: 'fan-in 10 devices → monitor, QoS 1', publishers: 10, qos: 1, window: 100, backlogPerPublisher: 1000 },
];

interface Measured {
  rate: number;
  /** Broker process CPU per delivered message (µs): less sensitive to a busy machine than the rate. */
  cpuMicros: number;
  lossPct: number;
}

const results = new Map<string, Measured[]>();
const key = (c: Case, mode: Mode): string => `${c.name}\0${mode}`;

async function measureRound(mode: Mode): Promise<void> {
  const server = await startBroker('meridian', {
    script: 'meridian-policy-server.ts',
    scriptArgs: ['--mode', mode, '--devices', '100'],
    startTimeoutMs: 60_000,
  });
  const run = (c: Case, ms: number) =>
    runThroughput({
      port: server.port,
      publishers: c.publishers,
      subscribers: 1,
      qos: c.qos,
      durationMs: ms,
      window: c.window,
      topic: telemetryTopic,
      filter: TELEMETRY_FILTER,
      backlogPerPublisher: c.backlogPerPublisher,
      publisherId: deviceName,
      subscriberId: () => MONITOR,
    });
  try {
    // Untimed warm-up of every case: the first seconds of a fresh process measure the JIT, not the checks.
    for (const c of CASES) await run(c, warmupMs / CASES.length);
    for (const c of CASES) {
      const cpuBefore = server.cpuSeconds();
      const result = await run(c, durationMs);
      if (result.delivered === 0) throw new Error(`${mode}: nothing delivered in "${c.name}"`);
      const cpuMicros = ((server.cpuSeconds() - cpuBefore) * 1e6) / result.delivered;
      const measured = { rate: result.rate, cpuMicros, lossPct: result.lossPct };
      const list = results.get(key(c, mode)) ?? [];
      list.push(measured);
      results.set(key(c, mode), list);
      process.stderr.write(
        `  ${mode.padEnd(9)} ${c.name}: ${format(result.rate)}/s, ${cpuMicros.toFixed(2)} µs CPU/msg` +
          `${result.lossPct > 0 ? `, loss ${result.lossPct.toFixed(1)}%${result.drainTimedOut ? ' †' : ''}` : ''}\n`,
      );
    }
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const percent = (ratio: number): string => `${((ratio - 1) * 100).toFixed(1)} %`;
const loss = (ratio: number): string => `${((1 - ratio) * 100).toFixed(1)} %`;

console.log(
  `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (${os.cpus().length} CPUs)`,
);
console.log(`${rounds} rounds × ${CASES.length} cases × ${MODES.length} configurations, ${durationMs / 1000} s each\n`);
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`round ${round + 1}\n`);
  // Alternating which configuration goes first spreads the drift of a shared machine over both.
  const order = round % 2 === 0 ? MODES : [...MODES].reverse();
  for (const mode of order) await measureRound(mode);
}

console.log(
  '| case | allow-all msgs/s | policy msgs/s | ratio policy / allow-all | throughput overhead | CPU µs/msg allow-all / policy | CPU overhead |',
);
console.log('|---|---|---|---|---|---|---|');
for (const c of CASES) {
  const allow = results.get(key(c, 'allow-all')) ?? [];
  const policy = results.get(key(c, 'policy')) ?? [];
  const allowRate = median(allow.map((m) => m.rate));
  const policyRate = median(policy.map((m) => m.rate));
  const allowCpu = median(allow.map((m) => m.cpuMicros));
  const policyCpu = median(policy.map((m) => m.cpuMicros));
  const maxLoss = Math.max(...allow.map((m) => m.lossPct), ...policy.map((m) => m.lossPct));
  console.log(
    `| ${c.name} | ${format(allowRate)} | ${format(policyRate)} | ${(policyRate / allowRate).toFixed(3)} | ` +
      `${loss(policyRate / allowRate)} | ${allowCpu.toFixed(2)} / ${policyCpu.toFixed(2)} | ${percent(policyCpu / allowCpu)} |` +
      `${maxLoss > 0 ? ` (max loss ${maxLoss.toFixed(1)} %)` : ''}`,
  );
  console.log(
    `|   per round | ${allow.map((m) => format(m.rate)).join(', ')} | ${policy.map((m) => format(m.rate)).join(', ')} | | | | |`,
  );
}
console.log(
  '\nthroughput overhead = 1 − policy rate / allow-all rate (medians of the rounds); goal: below 10 %; CPU overhead = policy / allow-all CPU per message − 1',
);
console.log(
  `load average at end: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);

// ---- raw evaluate() speed of the 10-statement policy ----------------------------------------------

const service = new PolicyService({ store: new MemoryPolicyStore(), arns });
await service.createPolicy({ policyName: 'device', policyDocument: JSON.stringify(DEVICE_POLICY) });
const target = arns.certificate('c0'.repeat(32));
await service.attachPolicy('device', target);
const policies = await service.effectivePolicies([target]);
const contextFor = (thing: string, role: string) =>
  createAuthorizationContext(
    {
      clientId: thing,
      thing: { name: thing, attributes: { role } },
      certificate: { id: 'c0'.repeat(32) },
      connectAttributes: [],
    },
    arns,
  );
const device = contextFor(deviceName(7), 'sensor');
const monitor = contextFor(MONITOR, 'monitor');
const checks: Array<{ name: string; action: IotAction; resource: string; context: typeof device; allowed: boolean }> = [
  {
    name: 'iot:Publish own topic (allowed)',
    action: 'iot:Publish',
    resource: arns.topic(telemetryTopic(7)),
    context: device,
    allowed: true,
  },
  {
    name: "iot:Publish other thing's topic (denied)",
    action: 'iot:Publish',
    resource: arns.topic(telemetryTopic(8)),
    context: device,
    allowed: false,
  },
  {
    name: 'iot:Receive by the monitor (allowed, condition)',
    action: 'iot:Receive',
    resource: arns.topic(telemetryTopic(7)),
    context: monitor,
    allowed: true,
  },
  {
    name: 'iot:Subscribe devices/+/telemetry by the monitor',
    action: 'iot:Subscribe',
    resource: arns.topicFilter(TELEMETRY_FILTER),
    context: monitor,
    allowed: true,
  },
];
console.log('\nraw evaluate() of the 10-statement policy, one thread, ~1 s each:');
for (const check of checks) {
  const decision = evaluate(policies, check.action, check.resource, check.context);
  if (decision.allowed !== check.allowed) throw new Error(`${check.name}: expected allowed=${check.allowed}`);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 10_000; i++) evaluate(policies, check.action, check.resource, check.context);
    count += 10_000;
    elapsed = performance.now() - started;
  }
  console.log(`  ${check.name}: ${format((count * 1000) / elapsed)} evaluations/s`);
}
