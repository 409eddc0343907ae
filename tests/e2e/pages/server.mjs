// Serves the login-style test pages (this folder) on 127.0.0.1 with a CSP like
// the demo's, plus the wasm package (pkg/), the bundles (dist/), the ES module
// builds that auth0-js and auth0-spa-js ship, /pages-config.json, and the
// reference token backend mounted at /api/idp-token on the pages' own origin.
// Auth0.js is served in both major versions: 10 (the project's) and 9 (Lock 14's).

import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { listen, sendJson, sendText } from '../../../tools/mock/http.mjs';
import { CLAIM_CLIENT_ID, IDP_TOKENS_CLAIM } from '../../../tools/mock/tenant.mjs';
import { API_AUDIENCE, MANAGEMENT_CLIENT } from '../../../tools/mock/users.mjs';
import { createTokenEndpointHandler } from '../../../tools/token-backend/index.mjs';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** URL path → file under the repository root, for the fixed files. */
const VENDOR_FILES = {
  '/vendor/auth0-js.js': 'node_modules/auth0-js/dist/auth0.min.esm.js',
  '/vendor/auth0-spa-js.js': 'node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js',
  '/logo.svg': 'www/logo.svg',
};
/**
 * Auth0.js 9, for the tests of that major version: the copy auth0-lock 14
 * depends on (the project's own auth0-js is 10).
 */
const AUTH0_JS_9 = path.join(
  path.dirname(createRequire(path.join(ROOT, 'node_modules/auth0-lock/package.json'))
    .resolve('auth0-js/package.json')),
  'dist/auth0.min.esm.js',
);
const STATIC_DIRS = { '/pages/': 'tests/e2e/pages', '/pkg/': 'pkg', '/dist/': 'dist' };
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * Starts the page server. `mocks` is what startMocks() resolved to; `lock9`
 * (optional) the HTTPS tenant for Lock 9 ({ origin, issuer, clientId }).
 * Resolves to { origin, close() }.
 */
export async function startPagesServer({ mocks, lock9 = null }) {
  const tokenEndpoint = createTokenEndpointHandler({
    tenant: mocks.tenantOrigin,
    audience: API_AUDIENCE,
    managementClientId: MANAGEMENT_CLIENT.clientId,
    managementClientSecret: MANAGEMENT_CLIENT.clientSecret,
  });
  const tenants = [mocks.tenantOrigin, ...(lock9 ? [lock9.origin] : [])];
  const providers = Object.values(mocks.providers);
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${tenants.join(' ')}`,
    `connect-src 'self' ${tenants.join(' ')} ${providers.join(' ')}`,
    `img-src 'self' data: ${tenants.join(' ')} ${providers.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    `frame-src ${tenants.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const config = {
    tenant: {
      origin: mocks.tenantOrigin,
      issuer: mocks.issuer,
      legacyClientId: mocks.clientId,
      modernClientId: 'idpBridgeModernClient',
      claimClientId: CLAIM_CLIENT_ID,
      idpTokensClaim: IDP_TOKENS_CLAIM,
      audience: API_AUDIENCE,
    },
    lock9: lock9 && { domain: new URL(lock9.origin).host, clientId: lock9.clientId },
    endpoints: mocks.providers,
  };

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://pages.invalid');
    const security = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
    if (url.pathname === '/api/idp-token') return tokenEndpoint(req, res);
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed', 'text/plain');
    if (url.pathname === '/pages-config.json') return sendJson(res, 200, config, security);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, security);
      return res.end();
    }
    const file = fileForPath(url.pathname);
    if (!file) return sendText(res, 404, 'Not found', 'text/plain; charset=utf-8', security);
    return sendFile(res, file, security);
  };

  const listener = await listen(handle, 0);
  return { origin: listener.origin, close: listener.close };
}

function fileForPath(pathname) {
  if (VENDOR_FILES[pathname]) return path.join(ROOT, VENDOR_FILES[pathname]);
  if (pathname === '/vendor/auth0-js-9.js') return AUTH0_JS_9;
  for (const [prefix, dir] of Object.entries(STATIC_DIRS)) {
    if (!pathname.startsWith(prefix)) continue;
    const base = path.join(ROOT, dir);
    const file = path.normalize(path.join(base, pathname.slice(prefix.length)));
    return file.startsWith(base + path.sep) ? file : null;
  }
  return null;
}

async function sendFile(res, file, headers) {
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) {
    return sendText(res, 404, 'Not found', 'text/plain; charset=utf-8', headers);
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    ...headers,
  });
  createReadStream(file).pipe(res);
}
