// The npm tarball: exactly the files a consumer needs, a package.json whose
// exports resolve to them, and nothing from development (sources, tests, maps).
//
// Needs pkg/ (npm run build).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { cargoPackage, finishPackage, packTarball } from '../../tools/package.mjs';

/** The wasm file a browser downloads; a size well past it means something leaked in. */
const MAX_TARBALL_BYTES = 400 * 1024;

describe('npm package', () => {
  let scratch;
  let packed;
  let manifest;
  /** Where the tarball was unpacked: what a consumer's node_modules/idp-bridge holds. */
  let unpacked;

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'idp-bridge-pack-'));
    await finishPackage();
    packed = await packTarball(scratch);
    await promisify(execFile)('tar', ['-xzf', packed.tarball, '-C', scratch]);
    unpacked = path.join(scratch, 'package');
    manifest = JSON.parse(await readFile(path.join(unpacked, 'package.json'), 'utf8'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  test('the tarball holds exactly the module, its types, the wasm and the JS snippets', () => {
    const snippets = packed.files.filter((file) => file.startsWith('snippets/'));
    const others = packed.files.filter((file) => !file.startsWith('snippets/'));
    assert.deepEqual(others, [
      'LICENSE',
      'README.md',
      'idp_bridge.d.ts',
      'idp_bridge.js',
      'idp_bridge_bg.wasm',
      'package.json',
    ]);
    // wasm-bindgen copies each JS file the Rust code imports, under a hashed folder.
    assert.deepEqual(
      snippets.map((file) => file.replace(/^snippets\/idp-bridge-[0-9a-f]+\//, '')),
      ['src/bindings/adapters.js', 'src/http/fetch.js'],
    );
    assert.ok(packed.size < MAX_TARBALL_BYTES, `tarball is ${packed.size} bytes`);
  });

  test('package.json is a library manifest that matches Cargo.toml', async () => {
    const cargo = await cargoPackage();
    assert.equal(manifest.name, 'idp-bridge');
    assert.equal(manifest.version, cargo.version);
    assert.equal(manifest.license, cargo.license);
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.sideEffects, false);
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.exports['.'], {
      types: './idp_bridge.d.ts',
      default: './idp_bridge.js',
    });
    // `types` must come before `default`: resolvers take the first condition that matches.
    assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'default']);
    assert.ok(manifest.keywords.includes('auth0'));
  });

  test('every path package.json names is in the tarball', () => {
    const targets = [
      manifest.main,
      manifest.module,
      manifest.types,
      manifest.browser,
      ...Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.values(target),
      ),
    ];
    for (const target of targets) {
      assert.ok(packed.files.includes(target.replace(/^\.\//, '')), `${target} is shipped`);
    }
  });

  test('the module imports only files that ship, and loads its wasm next to itself', async () => {
    const module = await readFile(path.join(unpacked, 'idp_bridge.js'), 'utf8');
    const imports = [...module.matchAll(/^import .* from ["'](\.\/[^"']+)["']/gm)].map((m) => m[1]);
    assert.ok(imports.length > 0);
    for (const file of imports) {
      assert.ok(packed.files.includes(file.replace(/^\.\//, '')), `${file} is shipped`);
    }
    assert.match(module, /new URL\('idp_bridge_bg\.wasm', import\.meta\.url\)/);
  });

  test('the types declare every export and the error code union', async () => {
    const types = await readFile(path.join(unpacked, 'idp_bridge.d.ts'), 'utf8');
    for (const name of [
      'function configure',
      'function onLogin',
      'function parseProfile',
      'function selectIdentity',
      'class IdpClient',
      'function attachToLock',
      'function handleRedirect',
      'function loginWithPopup',
      'function fromAuth0Client',
      'type IdpErrorCode',
      'interface IdpBridgeError',
      'export default function __wbg_init',
    ]) {
      assert.ok(types.includes(name), `idp_bridge.d.ts declares ${name}`);
    }
  });

  test('the npm README is for users: quick start and errors, no development sections', async () => {
    const readme = await readFile(path.join(unpacked, 'README.md'), 'utf8');
    assert.match(readme, /^## Quick start$/m);
    assert.match(readme, /^## Errors$/m);
    assert.doesNotMatch(readme, /^## Two commands$/m);
    assert.doesNotMatch(readme, /npm run demo/);
  });
});
