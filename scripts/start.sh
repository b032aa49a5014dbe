#!/usr/bin/env bash
# Sets up, builds the console and starts the platform with the embedded defaults
# (data folder ./data at the repository root unless DATA_DIR says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_BROWSER=0 bash scripts/setup.sh
pnpm --filter @meridian/web build >/dev/null
export DATA_DIR="${DATA_DIR:-$PWD/data}"
exec node --import tsx apps/server/src/server.ts
