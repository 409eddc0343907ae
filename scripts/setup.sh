#!/usr/bin/env bash
# Installs what the demo and the tests need, skipping whatever is already there.
# Needs rustup, cargo, node and npm; apt-get (as root) only if Chromium is missing.
# Safe to run again: with everything present it takes a few seconds.
set -euo pipefail

cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1

say() { printf 'setup: %s\n' "$*"; }

# The Rust target the library compiles to.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-pack, at the version the scripts were written for.
installed_version() { command -v "$1" >/dev/null && "$1" --version; }

if [ "$(installed_version wasm-pack)" = "wasm-pack $WASM_PACK_VERSION" ]; then
  say "wasm-pack $WASM_PACK_VERSION present"
else
  say "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly, or wasm-pack tries
# to download a matching one (which fails offline).
if [ ! -f Cargo.lock ]; then
  say "no Cargo.lock yet: generating it"
  cargo generate-lockfile
fi
bindgen_version=$(awk '
  $0 == "name = \"wasm-bindgen\"" { found = 1; next }
  found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  say "Cargo.lock names no wasm-bindgen package; cannot pick a wasm-bindgen-cli version" >&2
  exit 1
fi
if [ "$(installed_version wasm-bindgen)" = "wasm-bindgen $bindgen_version" ]; then
  say "wasm-bindgen-cli $bindgen_version present"
else
  say "installing wasm-bindgen-cli $bindgen_version (matches Cargo.lock)"
  # --locked first, for the versions wasm-bindgen's authors tested; the
  # registry has lost one of those (webpki-roots 1.0.11 for 0.2.130), so
  # fall back to resolving compatible versions afresh.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --locked \
    || cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# Debian's Chromium and its driver: the browser tests never download a browser.
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium and chromedriver present"
else
  say "installing chromium and chromium-driver from Debian"
  if [ "$(id -u)" -ne 0 ]; then
    say "needs root for apt-get; run: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# openssl makes the self-signed certificate of the HTTPS mock tenant (Lock 9
# only talks https://). Debian images normally have it.
if command -v openssl >/dev/null; then
  say "openssl present"
else
  say "installing openssl from Debian"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y openssl
fi

# npm packages: reinstall only when the lockfile changed since the last install.
# npm writes node_modules/.package-lock.json on every install, so a newer
# package-lock.json means node_modules is stale.
if [ ! -f package-lock.json ]; then
  say "no package-lock.json: running npm install"
  npm install --no-audit --no-fund
elif [ ! -f node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
else
  say "node_modules up to date"
fi

say "done"
