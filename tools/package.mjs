// Finishes the npm package that wasm-pack wrote to pkg/: a package.json of a
// real library (exports, files, sideEffects, version and licence taken from
// Cargo.toml) and a README for npm readers: the repository's README without
// the sections about developing idp-bridge itself.
//
//   node tools/package.mjs              finish pkg/ (scripts/build.sh runs it)
//   node tools/package.mjs --pack DIR   finish pkg/, then `npm pack` it into DIR
//
// Tests import packTarball() to get a tarball to check and install.

import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PKG_DIR = path.join(ROOT, 'pkg');

/** What wasm-pack emits and the package ships; anything else in pkg/ stays out. */
const SHIPPED = ['idp_bridge.js', 'idp_bridge.d.ts', 'idp_bridge_bg.wasm', 'snippets/'];

/** README sections about developing idp-bridge itself, left out of the npm README. */
const DEV_ONLY_SECTIONS = ['Two commands', 'Benchmark', 'Layout'];

const KEYWORDS = [
  'auth0',
  'oauth',
  'identity-provider',
  'google-people',
  'github',
  'microsoft-graph',
  'contacts',
  'wasm',
  'webassembly',
];

/** The few `[package]` keys of Cargo.toml the npm package repeats. */
export async function cargoPackage() {
  const text = await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = text.split(/^\[package\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  const value = (key) => section.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
  const fields = {
    name: value('name'),
    version: value('version'),
    description: value('description'),
    license: value('license'),
    repository: value('repository'),
    rustVersion: value('rust-version'),
  };
  for (const key of ['name', 'version', 'description', 'license']) {
    if (!fields[key]) throw new Error(`Cargo.toml: [package] has no ${key}`);
  }
  return fields;
}

export function packageJson(cargo) {
  return {
    name: cargo.name,
    version: cargo.version,
    description: cargo.description,
    license: cargo.license,
    keywords: KEYWORDS,
    ...(cargo.repository ? { repository: { type: 'git', url: cargo.repository } } : {}),
    type: 'module',
    main: './idp_bridge.js',
    module: './idp_bridge.js',
    types: './idp_bridge.d.ts',
    exports: {
      '.': {
        types: './idp_bridge.d.ts',
        default: './idp_bridge.js',
      },
      // For apps that serve or fetch the wasm themselves, e.g. Vite's `?url`.
      './idp_bridge_bg.wasm': './idp_bridge_bg.wasm',
      './package.json': './package.json',
    },
    files: SHIPPED,
    // Importing the module only defines functions and its own caches; the
    // snippets only define functions. Nothing global changes until init().
    sideEffects: false,
    browser: './idp_bridge.js',
    engines: { node: '>=18' },
  };
}

/**
 * The repository README without the sections about developing idp-bridge.
 * npm renders it alone, so the README keeps to absolute links.
 */
export function packageReadme(readme) {
  const kept = [];
  let skipping = false;
  for (const line of readme.split('\n')) {
    const heading = line.match(/^## (.+?)\s*$/);
    if (heading) skipping = DEV_ONLY_SECTIONS.includes(heading[1]);
    if (!skipping) kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Rewrites pkg/package.json and pkg/README.md; pkg/ must hold wasm-pack's output. */
export async function finishPackage() {
  const present = await readdir(PKG_DIR).catch(() => null);
  if (!present || !present.includes('idp_bridge.js')) {
    throw new Error(`${PKG_DIR} holds no wasm-pack output: run "npm run build" first`);
  }
  const cargo = await cargoPackage();
  const manifest = packageJson(cargo);
  await writeFile(path.join(PKG_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  await writeFile(path.join(PKG_DIR, 'README.md'), packageReadme(readme));
  return manifest;
}

/**
 * `npm pack` of pkg/ into `destination`. Resolves to { tarball (absolute
 * path), files (paths inside the package, sorted), size, unpackedSize }.
 */
export async function packTarball(destination) {
  await mkdir(destination, { recursive: true });
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--pack-destination', destination],
    { cwd: PKG_DIR, maxBuffer: 16 * 1024 * 1024 },
  );
  const [report] = JSON.parse(stdout);
  return {
    tarball: path.join(destination, report.filename),
    files: report.files.map((file) => file.path).sort(),
    size: report.size,
    unpackedSize: report.unpackedSize,
  };
}

async function main(args) {
  const manifest = await finishPackage();
  console.log(`package: pkg/package.json for ${manifest.name}@${manifest.version}`);
  const packAt = args.indexOf('--pack');
  if (packAt >= 0) {
    const destination = path.resolve(args[packAt + 1] || '.');
    const packed = await packTarball(destination);
    console.log(`package: ${packed.tarball} (${packed.files.length} files, ${packed.size} bytes)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
