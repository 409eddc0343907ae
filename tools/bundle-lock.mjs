// Bundles auth0-lock into dist/lock.js (an ES module whose default export is Auth0Lock).
// auth0-lock ships no browser build; its nested auth0-js declares ESM but points
// `main` at a UMD file, hence the explicit main-fields order.

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ['tools/lock-entry.mjs'],
  outfile: 'dist/lock.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  mainFields: ['browser', 'module', 'main'],
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});

const bytes = result.metafile.outputs['dist/lock.js'].bytes;
console.log(`bundled auth0-lock into dist/lock.js (${Math.round(bytes / 1024)} KiB)`);
