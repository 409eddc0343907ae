#!/usr/bin/env bash
# Builds the wasm package into pkg/ (wasm-pack, --target web, release), then
# shrinks it with the wasm-opt of the npm `binaryen` package. Debian's binaryen
# is too old for current wasm-bindgen output and breaks init(), so it is never
# used. WASM_OPT=0 skips the shrinking step. Last, tools/package.mjs finishes
# pkg/package.json and pkg/README.md for npm.
set -euo pipefail

cd "$(dirname "$0")/.."

wasm-pack build --target web --out-dir pkg --release

wasm=pkg/idp_bridge_bg.wasm
wasm_opt=node_modules/.bin/wasm-opt
if [ "${WASM_OPT:-1}" = "0" ]; then
  echo "build: wasm-opt skipped (WASM_OPT=0)"
elif [ ! -x "$wasm_opt" ]; then
  echo "build: $wasm_opt missing; run scripts/setup.sh" >&2
  exit 1
else
  before=$(stat -c %s "$wasm")
  # Features current rustc emits for wasm32-unknown-unknown by default.
  # --converge repeats -Oz until it stops shrinking (about 0.3% of the gzip
  # size); the producers section only names the toolchain.
  "$wasm_opt" -Oz --converge --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "build: wasm-opt -Oz: $before -> $(stat -c %s "$wasm") bytes"
fi

# The npm package around wasm-pack's output: exports, files, sideEffects, README.
node tools/package.mjs
