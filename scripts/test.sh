#!/usr/bin/env bash
# One command for every test: native Rust tests, the Rust browser tests in
# headless Chromium against the mock Google, then the end-to-end tests of the
# demo page (real Lock → mock tenant → wasm → mock Google), and last the npm
# package: its tarball, a strict tsc over its types, and two consumer apps.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo test"
cargo test

echo "== fuzz the parsers and the callback classifier (CI sample; see examples/fuzz_parsers.rs)"
cargo run --quiet --example fuzz_parsers -- --inputs 100000

echo "== wasm-pack test --headless --chrome (against the mock Google)"
scratch=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

node tools/mock/cli.mjs >"$scratch/mock.json" 2>"$scratch/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$scratch/mock.json" ] && break
  kill -0 "$mock_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$scratch/mock.json" ]; then
  echo "test: the mock servers did not start:" >&2
  cat "$scratch/mock.err" >&2
  exit 1
fi

# The browser tests read these at compile time (option_env!); the token and the
# contact count are the mock's fixture data for its demo user, not secrets.
eval "$(node --input-type=module -e '
  import { readFileSync } from "node:fs";
  import { demoUser, identityOf, users } from "./tools/mock/users.mjs";
  const mock = JSON.parse(readFileSync(process.argv[1], "utf8").split("\n")[0]);
  const google = identityOf(demoUser, "google-oauth2");
  console.log(`export IDP_MOCK_GOOGLE_ORIGIN=${mock.providers["google-oauth2"]}`);
  console.log(`export IDP_MOCK_GOOGLE_TOKEN=${google.accessToken}`);
  console.log(`export IDP_MOCK_GOOGLE_CONTACTS=${google.contacts}`);
  // The other providers: each mock origin, and the first live identity at each
  // (catalogue key → provider, connection, user id, token and list sizes).
  const accounts = {};
  for (const user of users) {
    for (const identity of user.identities) {
      const key = identity.provider === "oauth2" ? identity.connection : identity.provider;
      if (!mock.providers[key] || key === "google-oauth2" || accounts[key]) continue;
      if (!identity.accessToken || identity.revoked) continue;
      accounts[key] = { name: user.name, ...identity, scopes: undefined };
    }
  }
  const providers = JSON.stringify({ origins: mock.providers, accounts });
  const quote = String.fromCharCode(39);
  const quoted = quote + providers.split(quote).join(quote + "\\" + quote + quote) + quote;
  console.log(`export IDP_MOCK_PROVIDERS=${quoted}`);
' "$scratch/mock.json")"
echo "mock Google at $IDP_MOCK_GOOGLE_ORIGIN"

# The fault matrix (tests/browser_faults.rs) runs longer than the runner's
# default 20 s per test binary; --nocapture shows its matrix size and pass
# count, which it prints to the console.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
wasm-pack test --headless --chrome -- -- --nocapture

kill "$mock_pid" 2>/dev/null || true
wait "$mock_pid" 2>/dev/null || true
mock_pid=""

echo "== build and end-to-end tests"
bash scripts/build.sh
node tools/bundle-lock.mjs
node tools/bundle-lock9.mjs  # cached: rebuilt only when its inputs change
node --test tests/e2e/

echo "== npm package, TypeScript declarations, consumer apps (Vite, plain page)"
node --test tests/package/ tests/types/ tests/consumers/

echo "== benchmark smoke (small counts: checks the table prints, not timings)"
bench_out=$(node bench/run.mjs --smoke)
echo "$bench_out"
bench_rows=$(grep -cE "^(download|start-up|per call|parsing|paging|memory)" <<<"$bench_out" || true)
if ! grep -qE "^figure +\| unit .*ratio .*\| met" <<<"$bench_out" || [ "$bench_rows" -ne 12 ]; then
  echo "test: the benchmark table is missing or incomplete ($bench_rows of 12 rows)" >&2
  exit 1
fi
