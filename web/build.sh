#!/usr/bin/env bash
# Builds the browser client into OUT (default web/dist) with the machine's own node and npm:
# installs web/node_modules from package-lock.json if it is missing (from the npm cache when
# offline), then bundles with esbuild (build.mjs). Called by demo's Maven build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dist}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "web/build.sh: node and npm are needed to build the web client (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -e "$here/node_modules/esbuild/package.json" ] || [ ! -d "$here/node_modules/@noble/curves" ]; then
  (cd "$here" && { npm ci --no-audit --no-fund --prefer-offline --loglevel=error || {
    echo "web/build.sh: npm ci failed in $here (no network and no npm cache?)" >&2; exit 1; }; })
fi
exec node "$here/build.mjs" "$out"
