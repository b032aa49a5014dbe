#!/usr/bin/env bash
# Sets up, builds the console and starts the platform with the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_BROWSER=0 bash scripts/setup.sh
pnpm --filter @meridian/web build >/dev/null
exec pnpm --filter @meridian/server start
