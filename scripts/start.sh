#!/usr/bin/env bash
# Sets up, builds the console and starts the platform with the embedded defaults
# (data folder ./data at the repository root unless DATA_DIR says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_BROWSER=0 bash scripts/setup.sh
pnpm --filter @meridian/web build >/dev/null
export DATA_DIR="${DATA_DIR:-$PWD/data}"

# jemalloc instead of glibc's malloc when installed (Debian: libjemalloc2), with its background
# purging thread: memory freed after TLS handshakes goes back to the system instead of staying
# fragmented: 7–9 KiB less RSS per connected device at 10,000 (bench/README.md, "What a TLS
# connection's memory is made of"). LD_PRELOAD or MALLOC_CONF set by the caller win.
if [ -z "${LD_PRELOAD:-}" ]; then
  for jemalloc in /usr/lib/"$(uname -m)"-linux-gnu/libjemalloc.so.2 /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
    if [ -f "$jemalloc" ]; then
      export LD_PRELOAD="$jemalloc"
      export MALLOC_CONF="${MALLOC_CONF:-background_thread:true}"
      break
    fi
  done
fi
exec node --import tsx apps/server/src/server.ts
