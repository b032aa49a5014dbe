// Reads the stage results in .results/ and prints the closing line "N passed, N failed".
// Typecheck, lint and build count as one test each; a test stage without a results file counts
// as one failure, so a crashed runner can never look green.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.results';
let passed = 0;
let failed = 0;
const lines = [];

const status = (stage) => {
  const file = join(dir, `stage-${stage}.status`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'missing';
};

for (const stage of ['typecheck', 'lint', 'build']) {
  if (status(stage) === 'ok') passed++;
  else failed++;
  lines.push(`${stage}: ${status(stage)}`);
}

function count(stage, file, read) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    failed++;
    lines.push(`${stage}: no results (${status(stage)})`);
    return;
  }
  const { pass, fail } = read(readFileSync(path, 'utf8'));
  // A runner that exits non-zero with every test passing (e.g. a crash after the tests) is a failure.
  const extra = status(stage) !== 'ok' && fail === 0 ? 1 : 0;
  passed += pass;
  failed += fail + extra;
  lines.push(`${stage}: ${pass} passed, ${fail + extra} failed`);
}

count('node', 'node.xml', (xml) => {
  // Attribute values may hold a bare `>` (Node's JUnit reporter escapes only `<`), so attributes are
  // matched as quoted strings rather than up to the first `>`.
  const cases = xml.match(/<testcase\b(?:\s+[\w:.-]+="[^"]*")*\s*(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  let pass = 0;
  // Every <testcase> must be read as one case; any that were not count as failures.
  let fail = (xml.match(/<testcase\b/g) ?? []).length - cases.length;
  for (const testcase of cases) {
    if (/<skipped\b/.test(testcase)) continue;
    if (/<failure\b/.test(testcase)) fail++;
    else pass++;
  }
  return { pass, fail };
});
count('web', 'web.json', (text) => {
  const json = JSON.parse(text);
  return { pass: json.numPassedTests, fail: json.numFailedTests };
});
count('e2e', 'e2e.json', (text) => {
  const { stats } = JSON.parse(text);
  return { pass: stats.expected + stats.flaky, fail: stats.unexpected };
});

console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
