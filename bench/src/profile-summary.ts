import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Prints the functions with the most self time in V8 CPU profiles written by `run.ts --cpu-prof`,
 * or the most allocated bytes in allocation profiles written by `run.ts --alloc-prof`:
 *   node --import tsx bench/src/profile-summary.ts bench/.results/profiles/<scenario> [top]
 *   node --import tsx bench/src/profile-summary.ts bench/.results/allocations/latency.heapprofile [top]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  samples: number[];
  timeDeltas: number[];
}
interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

const target = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (target === undefined) {
  process.stderr.write('usage: profile-summary.ts <dir | .cpuprofile | .heapprofile> [top]\n');
  process.exit(2);
}
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile') || f.endsWith('.heapprofile'))
      .map((f) => path.join(target, f))
  : [target];

function frameKey({ functionName, url, lineNumber }: CallFrame): string {
  const where =
    url === ''
      ? ''
      : ` ${url
          .replace(/^.*node_modules\//, '')
          .replace(/^file:\/\/.*?\/(packages|apps|bench)\//, '$1/')}:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'}${where}`;
}

function cpuSelfTime(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const key = frameKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return self;
}

function allocatedBytes(head: HeapProfileNode): Map<string, number> {
  const self = new Map<string, number>();
  const walk = (node: HeapProfileNode): void => {
    const key = frameKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  return self;
}

for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile | { head: HeapProfileNode };
  const heap = 'head' in data;
  const self = heap ? allocatedBytes(data.head) : cpuSelfTime(data);
  let total = 0;
  for (const value of self.values()) total += value;
  process.stdout.write(
    heap
      ? `\n${file} — ${(total / 2 ** 20).toFixed(1)} MiB allocated (sampled)\n`
      : `\n${file} — ${(total / 1e6).toFixed(2)} s sampled\n`,
  );
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, value] of rows) {
    process.stdout.write(`${((100 * value) / total).toFixed(1).padStart(5)}%  ${key}\n`);
  }
}
