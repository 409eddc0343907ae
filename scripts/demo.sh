#!/usr/bin/env bash
# One command for the demo: install what is missing, build the wasm package,
# bundle Lock, then serve the page on http://127.0.0.1:${PORT:-8080}/ with the
# mock tenant and mock providers (or a real tenant: set AUTH0_DOMAIN and
# AUTH0_CLIENT_ID).
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh
node tools/bundle-lock.mjs
exec node tools/serve.mjs
