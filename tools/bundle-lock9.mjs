// Bundles Lock 9 (npm alias auth0-lock-9 → auth0-lock@9.2.3) into dist/lock9.js,
// a classic script that sets window.Auth0Lock, for the Lock 9 end-to-end tests.
//
// Lock 9 ships no browser build. Its templates, styles and version are read by
// the browserify transforms its package.json names (ejsify, brfs, packageify),
// which esbuild cannot apply; so browserify bundles it and esbuild only
// minifies the result. Its stylesheet loads fonts from Auth0's CDN; those
// sources become local() names that match nothing, so the widget renders with
// its fallback fonts and the page stays offline. The bundle is rebuilt only when its inputs change
// (the installed versions and this script), so repeated test runs skip it.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import browserify from 'browserify';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFile = path.join(root, 'dist/lock9.js');
const stampFile = path.join(root, 'dist/lock9.stamp');

async function inputsHash() {
  const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8'));
  const relevant = Object.entries(lock.packages || {})
    .filter(([name]) => name.startsWith('node_modules/auth0-lock-9') ||
      name === 'node_modules/browserify' || name === 'node_modules/esbuild')
    .map(([name, entry]) => `${name}@${entry.version}:${entry.integrity || ''}`)
    .sort();
  const script = await readFile(fileURLToPath(import.meta.url), 'utf8');
  return createHash('sha256').update(relevant.join('\n')).update(script).digest('hex');
}

function bundle() {
  const bundler = browserify(path.join(root, 'node_modules/auth0-lock-9/standalone.js'), {
    basedir: root,
  });
  return new Promise((resolve, reject) => {
    bundler.bundle((error, buffer) => (error ? reject(error) : resolve(buffer.toString('utf8'))));
  });
}

/**
 * brfs inlines the stylesheet as Buffer("<base64>", "base64"); in each such
 * stylesheet, font sources on Auth0's CDN become a local() name.
 */
function withoutCdnFonts(code) {
  const inlined = /Buffer\("([A-Za-z0-9+/=]+)","base64"\)/g;
  return code.replace(inlined, (whole, base64) => {
    const text = Buffer.from(base64, 'base64').toString('utf8');
    if (!text.includes('cdn.auth0.com')) return whole;
    const cdnUrl = /url\(\s*['"]?(?:https?:)?\/\/cdn\.auth0\.com\/[^)]*\)(\s*format\([^)]*\))?/g;
    const offline = text.replace(cdnUrl, 'local(lock9-offline)');
    return `Buffer(${JSON.stringify(Buffer.from(offline).toString('base64'))},"base64")`;
  });
}

const started = Date.now();
const hash = await inputsHash();
const stamp = existsSync(stampFile) ? (await readFile(stampFile, 'utf8')).trim() : '';
if (stamp === hash && existsSync(outFile)) {
  console.log('dist/lock9.js is up to date');
} else {
  const code = await bundle();
  const minified = await transform(withoutCdnFonts(code), {
    minify: true,
    target: 'es2015',
    legalComments: 'inline',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, minified.code);
  await writeFile(stampFile, `${hash}\n`);
  const kib = Math.round(Buffer.byteLength(minified.code) / 1024);
  console.log(`bundled auth0-lock 9 into dist/lock9.js (${kib} KiB, ${Date.now() - started} ms)`);
}
