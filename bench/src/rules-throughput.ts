/**
 * Rules engine benchmark (prints figures and ratios; not a timed test):
 *  1. End to end through the broker: the same load (publishers on 10 device topics, one subscriber on
 *     `alerts/#` receiving each message republished by its rule) with 10 and with 1,000 enabled rules on
 *     distinct filters. The topic index should make both deliver the same throughput.
 *  2. Evaluation speed of the typical rule, compiled vs AST walking (packages/rules/scripts/eval-speed.ts).
 *
 * Usage: node --import tsx bench/src/rules-throughput.ts [--duration s] [--rounds n] [--publishers n]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker } from './brokers.js';
import { runThroughput } from './generator.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const durationMs = option('duration', 5) * 1000;
const rounds = option('rounds', 3);
const publishers = option('publishers', 10);
const DEVICES = 10;
const payload = Buffer.from(JSON.stringify({ temperature: 35, humidity: 40, battery: 97 }));

interface Measured {
  /** Republished messages delivered per second. */
  rate: number;
  /** CPU time of the broker process per delivered message, in microseconds (robust to a busy machine). */
  cpuMicros: number;
}

async function measure(rules: number): Promise<Measured> {
  const server = await startBroker('meridian', {
    script: 'meridian-rules-server.ts',
    scriptArgs: ['--rules', String(rules)],
    startTimeoutMs: 120_000,
  });
  try {
    const cpuBefore = server.cpuSeconds();
    const result = await runThroughput({
      port: server.port,
      publishers,
      subscribers: 1,
      qos: 0,
      durationMs,
      window: 0,
      topic: (i) => `sensors/dev${i % DEVICES}/telemetry`,
      filter: 'alerts/#',
      backlogPerPublisher: 200,
      payload,
    });
    if (result.lossPct > 1)
      console.log(`  (${rules} rules: ${result.lossPct.toFixed(1)}% of republished messages missing)`);
    const cpuMicros = ((server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.delivered);
    return { rate: result.rate, cpuMicros };
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const format = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(
  `end to end: ${publishers} publishers → broker → rule → republish → 1 subscriber, QoS 0, ${durationMs / 1000} s × ${rounds} rounds`,
);
const few: Measured[] = [];
const many: Measured[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternating the two configurations spreads the noise of a shared machine over both.
  const a = await measure(10);
  const b = await measure(1000);
  few.push(a);
  many.push(b);
  console.log(
    `  round ${round + 1}: 10 rules ${format(a.rate)}/s (${a.cpuMicros.toFixed(1)} µs CPU/msg), ` +
      `1,000 rules ${format(b.rate)}/s (${b.cpuMicros.toFixed(1)} µs CPU/msg)`,
  );
}
const fewRate = median(few.map((m) => m.rate));
const manyRate = median(many.map((m) => m.rate));
const fewCpu = median(few.map((m) => m.cpuMicros));
const manyCpu = median(many.map((m) => m.cpuMicros));
console.log(
  `delivered with    10 rules: ${format(fewRate)} messages/s, ${fewCpu.toFixed(1)} µs broker CPU per message (medians)`,
);
console.log(
  `delivered with 1,000 rules: ${format(manyRate)} messages/s, ${manyCpu.toFixed(1)} µs broker CPU per message (medians)`,
);
console.log(`throughput ratio 1,000 / 10 rules: ${(manyRate / fewRate).toFixed(3)} (goal: at least 0.8)`);
console.log(`CPU per message ratio 10 / 1,000:  ${(fewCpu / manyCpu).toFixed(3)} (1.0 = rule count costs nothing)`);

console.log('\nevaluation of the typical rule, one core:');
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../packages/rules/scripts/eval-speed.ts');
const speed = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script, '2'], { encoding: 'utf8' });
process.stdout.write(speed.stdout);
if (speed.status !== 0) process.stderr.write(speed.stderr);
