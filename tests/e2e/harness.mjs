// The test harness page and its server: tests/e2e/pages/harness.html with the
// wasm package, served on 127.0.0.1 under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval', nothing inline, no eval), next to the
// mock providers. Used by the secrecy, CSP and load tests.
//
// The package comes from pkg/ (npm run build); IDP_PKG_DIR points elsewhere.

import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { listen, sendText } from '../../tools/mock/http.mjs';
import { startMocks } from '../../tools/mock/index.mjs';
import { identityOf, users } from '../../tools/mock/users.mjs';
import { openBrowser, watchPage } from './browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES_DIR = fileURLToPath(new URL('./pages/', import.meta.url));
export const PKG_DIR = process.env.IDP_PKG_DIR || path.join(ROOT, 'pkg');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The providers the library can call from a browser, by catalogue key. */
export const PROVIDERS = [
  'google-oauth2', 'github', 'windowslive', 'facebook', 'dropbox', 'spotify', 'bitbucket', 'slack',
];

export function requirePackage() {
  const file = path.join(PKG_DIR, 'idp_bridge.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
}

/** The policy the harness page runs under. */
export function strictPolicy(connectOrigins) {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Starts the mocks and the harness server. Resolves to { origin, mocks, policy, close }. */
export async function startHarness() {
  requirePackage();
  const mocks = await startMocks();
  const policy = strictPolicy([mocks.tenantOrigin, ...Object.values(mocks.providers)]);
  const headers = {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://harness.invalid');
    let file = null;
    if (url.pathname === '/' || url.pathname === '/pages/harness.html') {
      file = path.join(PAGES_DIR, 'harness.html');
    } else if (url.pathname === '/pages/harness.js') {
      file = path.join(PAGES_DIR, 'harness.js');
    } else if (/^\/pkg\/[\w.-]+$/.test(url.pathname)) {
      file = path.join(PKG_DIR, url.pathname.slice('/pkg/'.length));
    } else if (/^\/pkg\/snippets\/[\w./-]+$/.test(url.pathname) && !url.pathname.includes('..')) {
      file = path.join(PKG_DIR, url.pathname.slice('/pkg/'.length));
    }
    const info = file ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) return sendText(res, 404, 'Not found', 'text/plain', headers);
    res.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': info.size,
    });
    createReadStream(file).pipe(res);
  };

  let listener;
  try {
    listener = await listen(handle, 0);
  } catch (error) {
    await mocks.close();
    throw error;
  }
  return {
    origin: listener.origin,
    mocks,
    policy,
    close: async () => {
      await listener.close();
      await mocks.close();
    },
  };
}

/**
 * Opens the harness in a fresh Chromium and waits for the module. Resolves to
 * { page, watch, close }; `watch` is browser.mjs's console/CSP watcher.
 */
export async function openHarness(server) {
  const browser = await openBrowser();
  try {
    const watch = await watchPage(browser.page);
    await browser.page.goto(`${server.origin}/`);
    await browser.page.waitForSelector('body[data-ready="true"]');
    return { page: browser.page, context: browser.context, watch, close: browser.close };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The first live identity per provider in the mock's users, as the client
 * needs it: { key, origin, token, profile } (the profile holds the token).
 */
export function accounts(mocks) {
  const found = {};
  for (const user of users) {
    for (const identity of user.identities) {
      const key = identity.provider === 'oauth2' ? identity.connection : identity.provider;
      const live = identity.accessToken && !identity.revoked;
      if (!mocks.providers[key] || found[key] || !live) continue;
      found[key] = {
        key,
        origin: mocks.providers[key],
        token: identity.accessToken,
        identity,
        profile: {
          user_id: user.userId,
          name: user.name,
          identities: [{
            provider: identity.provider,
            connection: identity.connection,
            user_id: identity.userId,
            access_token: identity.accessToken,
          }],
        },
      };
    }
  }
  for (const key of PROVIDERS) {
    if (!found[key]) throw new Error(`no live identity for ${key} in users.mjs`);
  }
  return found;
}

/** The client options for `key`'s mock. */
export function clientOptions(mocks, key, extra = {}) {
  return {
    allowInsecureLoopback: true,
    endpoints: { [key]: mocks.providers[key] },
    ...extra,
  };
}

/** Posts to a mock's control endpoint. */
export async function control(origin, pathname, body = {}) {
  const response = await fetch(`${origin}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${pathname}: ${await response.text()}`);
  return response.json();
}

export async function mockLog(origin) {
  return (await (await fetch(`${origin}/__mock/log`)).json()).requests;
}

export { identityOf };
