/**
 * Prints evaluations per second of a typical rule for the compiled evaluator and for AST walking.
 * Usage: pnpm --filter @meridian/rules bench:eval [seconds per evaluator]
 */
import { performance } from 'node:perf_hooks';
import { compileSql, interpretSql, type MessageContext, NO_MATCH, type SqlQuery, type Value } from '../src/index.js';

const SQL = "SELECT temperature, topic(2) AS device FROM 'sensors/+/telemetry' WHERE temperature > 30";
const seconds = Number(process.argv[2] ?? 2);

const payloads: Value[] = Array.from({ length: 64 }, (_, i) =>
  JSON.parse(JSON.stringify({ temperature: 20 + (i % 20), humidity: 40 + i, ts: 1_700_000_000_000 + i })),
);
const messages: MessageContext[] = payloads.map((_, i) => ({
  topic: `sensors/device-${i}/telemetry`,
  clientId: `c${i}`,
}));

function measure(query: SqlQuery): { perSecond: number; matched: number } {
  let evaluations = 0;
  let matched = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    for (let batch = 0; batch < 10_000; batch++) {
      const i = batch & 63;
      if (query.evaluate(payloads[i], messages[i] as MessageContext) !== NO_MATCH) matched++;
    }
    evaluations += 10_000;
  }
  return { perSecond: evaluations / seconds, matched };
}

const compiled = compileSql(SQL);
const interpreted = interpretSql(SQL);
measure(compiled);
measure(interpreted);
const fast = measure(compiled);
const slow = measure(interpreted);
const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`rule: ${SQL}`);
console.log(`compiled closures: ${format(fast.perSecond)} evaluations/s`);
console.log(`AST walking:       ${format(slow.perSecond)} evaluations/s`);
console.log(`ratio:             ${(fast.perSecond / slow.perSecond).toFixed(2)}x`);
