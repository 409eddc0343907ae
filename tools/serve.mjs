// The demo server: serves index.html, www/, pkg/ (the wasm package) and dist/
// (the Lock bundle) on 127.0.0.1, with a strict Content-Security-Policy, plus
// /demo-config.json telling the page where Lock and the providers live.
//
// By default it also starts the mock tenant and mock providers (tools/mock/),
// mounts the reference token backend (tools/token-backend/) at /api/idp-token,
// and offers the page its mock accounts and both token modes to switch between.
// With AUTH0_DOMAIN and AUTH0_CLIENT_ID set it points Lock at that real tenant
// instead and leaves provider endpoints alone (the real provider hosts). That
// mode is untested: the machines this was written on reach no Auth0 tenant, so
// its CSP (Auth0 CDN for Lock's client settings, the real provider APIs) is
// written from Auth0's and the providers' documentation only.
//
//   node tools/serve.mjs              PORT (default 8080), MOCK_TENANT_PORT and
//                                     MOCK_GOOGLE_PORT (default ephemeral)

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { listen, sendJson, sendText } from './mock/http.mjs';
import { startMocks } from './mock/index.mjs';
import {
  API_AUDIENCE,
  CLIENT_ID,
  MANAGEMENT_CLIENT,
  MODERN_CLIENT_ID,
  demoUser,
  userByEmail,
} from './mock/users.mjs';
import { createTokenEndpointHandler } from './token-backend/index.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** URL prefix → directory under the repository root that it serves. */
const STATIC_DIRS = { '/www/': 'www', '/pkg/': 'pkg', '/dist/': 'dist' };

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where the demo's own token endpoint is mounted (tools/token-backend/). */
const TOKEN_ENDPOINT_PATH = '/api/idp-token';

/**
 * The mock accounts the demo's switch offers: which provider and lists each
 * shows, and whom to log in as (users.mjs).
 */
const DEMO_ACCOUNTS = [
  { label: 'Google', provider: 'google-oauth2', fetch: ['me', 'contacts'], email: demoUser.email },
  {
    label: 'GitHub',
    provider: 'github',
    fetch: ['me', 'followers', 'following'],
    email: 'ken@example.test',
  },
  {
    label: 'Microsoft',
    provider: 'windowslive',
    fetch: ['me', 'contacts'],
    email: 'radia@example.test',
  },
];

/** Providers a real-tenant demo may call, for connect-src. */
const REAL_PROVIDER_ORIGINS = [
  'https://people.googleapis.com',
  'https://api.github.com',
  'https://graph.microsoft.com',
];

/**
 * Starts the demo. Options: port (0 = ephemeral), tenantPort, googlePort,
 * mockOptions (passed to startMocks), env (default process.env).
 * Resolves to { origin, config, mocks (null for a real tenant), close() }.
 */
export async function startDemoServer(options = {}) {
  const env = options.env || process.env;
  const realTenant = env.AUTH0_DOMAIN && env.AUTH0_CLIENT_ID;

  const mocks = realTenant
    ? null
    : await startMocks({
        tenantPort: options.tenantPort ?? 0,
        googlePort: options.googlePort ?? 0,
        ...(options.mockOptions || {}),
      });

  const config = realTenant ? realTenantConfig(env) : mockConfig(mocks, env);
  const csp = contentSecurityPolicy(config, mocks);
  // The reference token backend on the page's own origin, against the mock
  // tenant's Management API: what the "token from your backend" mode calls.
  const tokenEndpoint = mocks
    ? createTokenEndpointHandler({
        tenant: mocks.tenantOrigin,
        issuer: mocks.issuer,
        audience: API_AUDIENCE,
        managementClientId: MANAGEMENT_CLIENT.clientId,
        managementClientSecret: MANAGEMENT_CLIENT.clientSecret,
      })
    : null;

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://demo.invalid');
    const security = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };

    if (tokenEndpoint && url.pathname === TOKEN_ENDPOINT_PATH) {
      return tokenEndpoint(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', security);
    }
    if (url.pathname === '/demo-config.json') return sendJson(res, 200, config, security);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, security);
      return res.end();
    }

    const file = fileForPath(url.pathname);
    if (!file) return sendText(res, 404, 'Not found', 'text/plain; charset=utf-8', security);
    return sendFile(req, res, file, security);
  };

  let listener;
  try {
    listener = await listen(handle, options.port ?? 0);
  } catch (error) {
    await mocks?.close();
    throw error;
  }

  return {
    origin: listener.origin,
    config,
    mocks,
    close: async () => {
      await listener.close();
      await mocks?.close();
    },
  };
}

function mockConfig(mocks, env) {
  return {
    mode: 'mock',
    lock: {
      clientId: mocks.clientId,
      domain: mocks.tenantOrigin,
      configurationBaseUrl: mocks.tenantOrigin,
      tokenIssuer: mocks.issuer,
    },
    bridge: {
      provider: env.IDP_PROVIDER || 'google-oauth2',
      fetch: ['me', 'contacts'],
      endpoints: mocks.providers,
      allowInsecureLoopback: true,
    },
    // Fixture accounts of the local mock (passwords included), not secrets.
    accounts: DEMO_ACCOUNTS.map((account) => ({
      ...account,
      password: userByEmail(account.email)?.password,
    })),
    tokenModes: [
      {
        key: 'profile',
        label: 'Token in the profile',
        hint: 'A legacy tenant: Auth0 sends the provider token in identities[].',
        clientId: CLIENT_ID,
      },
      {
        key: 'endpoint',
        label: 'Token from the app backend',
        hint: `A tenant of today: the page asks ${TOKEN_ENDPOINT_PATH}, which asks Auth0.`,
        clientId: MODERN_CLIENT_ID,
        audience: API_AUDIENCE,
        tokenEndpoint: TOKEN_ENDPOINT_PATH,
      },
    ],
  };
}

function realTenantConfig(env) {
  return {
    mode: 'tenant',
    lock: {
      clientId: env.AUTH0_CLIENT_ID,
      domain: env.AUTH0_DOMAIN,
      configurationBaseUrl: env.AUTH0_CONFIGURATION_BASE_URL || undefined,
      tokenIssuer: undefined,
    },
    bridge: {
      provider: env.IDP_PROVIDER || 'google-oauth2',
      fetch: ['me', 'contacts'],
      endpoints: undefined,
      allowInsecureLoopback: false,
    },
    // A real tenant's users and token setup are unknown: the page offers no switch.
    accounts: [],
    tokenModes: [],
  };
}

/**
 * No inline script and no eval: scripts come from this origin, plus the one
 * script Lock loads from the tenant's configuration URL (its client settings).
 * Lock injects its stylesheet and sets inline styles, hence 'unsafe-inline' for
 * styles only.
 */
function contentSecurityPolicy(config, mocks) {
  let tenant;
  let configScripts;
  let providers;
  let images;
  if (mocks) {
    tenant = mocks.tenantOrigin;
    configScripts = [mocks.tenantOrigin];
    providers = Object.values(mocks.providers);
    images = [mocks.tenantOrigin, ...providers];
  } else {
    const domain = config.lock.domain.replace(/^https?:\/\//, '');
    tenant = `https://${domain}`;
    configScripts = config.lock.configurationBaseUrl
      ? [new URL(config.lock.configurationBaseUrl).origin]
      : ['https://cdn.auth0.com', 'https://*.auth0.com'];
    providers = REAL_PROVIDER_ORIGINS;
    images = ['https:'];
  }

  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${configScripts.join(' ')}`,
    `connect-src 'self' ${tenant} ${providers.join(' ')}`,
    `img-src 'self' data: ${images.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    `frame-src ${tenant}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The file a URL path maps to, or null; never anything outside the served folders. */
function fileForPath(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded === '/index.html') return path.join(ROOT, 'index.html');

  for (const [prefix, dir] of Object.entries(STATIC_DIRS)) {
    if (!decoded.startsWith(prefix)) continue;
    const base = path.join(ROOT, dir);
    const file = path.normalize(path.join(base, decoded.slice(prefix.length)));
    return file.startsWith(base + path.sep) ? file : null;
  }
  return null;
}

async function sendFile(req, res, file, headers) {
  let info;
  try {
    info = await stat(file);
  } catch {
    info = null;
  }
  if (!info || !info.isFile()) {
    return sendText(res, 404, 'Not found', 'text/plain; charset=utf-8', headers);
  }

  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    ...headers,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

async function main() {
  const server = await startDemoServer({
    port: Number(process.env.PORT || 8080),
    tenantPort: Number(process.env.MOCK_TENANT_PORT || 0),
    googlePort: Number(process.env.MOCK_GOOGLE_PORT || 0),
  });

  console.log(`idp-bridge demo: ${server.origin}/`);
  if (server.mocks) {
    console.log(`  mock tenant         ${server.mocks.tenantOrigin}`);
    for (const [name, origin] of Object.entries(server.mocks.providers)) {
      console.log(`  mock ${name.padEnd(14)} ${origin}`);
    }
    // Fixture credentials of the local mock, not a secret.
    console.log(`  log in as ${demoUser.email} / ${demoUser.password}`);
  } else {
    console.log(`  Auth0 tenant  ${server.config.lock.domain}`);
  }
  console.log('Press Ctrl+C to stop.');

  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
