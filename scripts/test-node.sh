#!/usr/bin/env bash
# node:test over every *.test.ts of the server, the simulator and packages; JUnit results for the summary.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .results
mapfile -t files < <(find packages/*/src apps/server/src apps/server/test apps/sim/src -name '*.test.ts' | sort)
exec node --import tsx --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination=.results/node.xml \
  "$@" "${files[@]}"
