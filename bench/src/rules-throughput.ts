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

async function measure(rules: number): Promise<number> {
  const server = await startBroker('meridian', {
    script: 'meridian-rules-server.ts',
    scriptArgs: ['--rules', String(rules)],
    startTimeoutMs: 120_000,
  });
  try {
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
    return result.rate;
  } finally {
    await server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const format = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(
  `end to end: ${publishers} publishers → broker → rule → republish → 1 subscriber, QoS 0, ${durationMs / 1000} s × ${rounds} rounds`,
);
const few: number[] = [];
const many: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternating the two configurations spreads the noise of a shared machine over both.
  few.push(await measure(10));
  many.push(await measure(1000));
  console.log(
    `  round ${round + 1}: 10 rules ${format(few[round] as number)}/s, 1,000 rules ${format(many[round] as number)}/s`,
  );
}
const fewRate = median(few);
const manyRate = median(many);
console.log(`delivered with    10 rules: ${format(fewRate)} messages/s (median)`);
console.log(`delivered with 1,000 rules: ${format(manyRate)} messages/s (median)`);
console.log(`ratio 1,000 / 10 rules:     ${(manyRate / fewRate).toFixed(3)} (goal: at least 0.8)`);

console.log('\nevaluation of the typical rule, one core:');
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../packages/rules/scripts/eval-speed.ts');
const speed = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script, '2'], { encoding: 'utf8' });
process.stdout.write(speed.stdout);
if (speed.status !== 0) process.stderr.write(speed.stderr);
