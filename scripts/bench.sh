#!/usr/bin/env bash
# The benchmark in one command: installs what is missing, builds the release
# package (the same build users get: wasm-pack --release, then wasm-opt -Oz),
# then runs bench/run.mjs, which starts the mocks and a page server on
# 127.0.0.1, drives headless Chromium and prints one table. Takes a few
# minutes. Extra arguments go to bench/run.mjs (--smoke: small counts).
# BENCH_SKIP_BUILD=1 measures the pkg/ already there.
set -euo pipefail

cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  bash scripts/setup.sh
  bash scripts/build.sh
fi
if [ ! -f pkg/idp_bridge_bg.wasm ]; then
  echo "bench: pkg/ is not built; run without BENCH_SKIP_BUILD" >&2
  exit 1
fi

node bench/run.mjs "$@"
