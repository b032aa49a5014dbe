#!/usr/bin/env bash
# Command B: set up, then run every stage (typecheck, lint, node tests, web tests, console build,
# Playwright) even when one fails, and end with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

rm -rf .results && mkdir -p .results
stage() { # name, command...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo ok > ".results/stage-$name.status"; else echo failed > ".results/stage-$name.status"; fi
}

stage typecheck pnpm exec tsc -b
stage lint pnpm exec biome ci .
stage node bash scripts/test-node.sh
stage web bash -c 'cd apps/web && pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=../../.results/web.json'
stage build pnpm --filter @meridian/web build
stage e2e bash -c 'cd e2e && PLAYWRIGHT_JSON_OUTPUT_NAME=../.results/e2e.json pnpm exec playwright test --reporter=list,json'

node scripts/summary.mjs
