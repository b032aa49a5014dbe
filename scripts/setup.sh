#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine with Node 20 and npm: pnpm, jemalloc, Chromium (for the
# end-to-end tests), the MQTT clients and openssl used by the interoperability tests, the AWS CLI
# used by the AWS-compatible API tests, and the workspace's dependencies from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
want_browser=${SETUP_BROWSER:-1}

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm install -g --allow-scripts=pnpm "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi

# Runtime: jemalloc keeps the memory per connected device lower than glibc's malloc
# (bench/README.md); best effort, the platform runs without it.
if ! ls /usr/lib/*/libjemalloc.so.2 >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing libjemalloc2 from Debian"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libjemalloc2 >/dev/null; } ||
    echo "setup: could not install libjemalloc2; the platform will use glibc's malloc"
fi

if [ "$want_browser" = 1 ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  /usr/bin/python3 -c 'import paho.mqtt' >/dev/null 2>&1 || missing+=(python3-paho-mqtt)
  # Debian's AWS CLI specifically (another `aws` on the PATH may be any version).
  [ -x /usr/bin/aws ] || missing+=(awscli)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# better-sqlite3 is compiled from source here; node-gyp must use the local Node headers.
if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi
pnpm install --frozen-lockfile --reporter=silent
