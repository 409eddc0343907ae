// What the mock providers other than Google share: CORS as the real API answers
// it (allowed and exposed headers), preflights, the /__mock/* control endpoints
// (faults and log, see control.mjs), avatars at /avatars/<label>.svg, and the
// token check. Each provider module supplies its accounts, its own error body
// for a status, and its routes.

import { avatarSvg } from './avatar.mjs';
import { createControl, describeFault, playFault } from './control.mjs';
import { bearerToken, listen, readParams, sendText } from './http.mjs';

const FIRST_NAMES = [
  'Ada', 'Brian', 'Cleve', 'Dana', 'Erna', 'Fran', 'Gerald', 'Hanna', 'Ivar', 'Jutta',
  'Kristen', 'Lois', 'Mitchell', 'Nora', 'Otto', 'Pat', 'Quentin', 'Rosa', 'Seymour', 'Tove',
];
const LAST_NAMES = [
  'Abelson', 'Backus', 'Cocke', 'Dijkstra', 'Engelbart', 'Feigenbaum', 'Gray', 'Hoare',
  'Iverson', 'Jones', 'Kahan', 'Liskov', 'McCarthy', 'Nygaard', 'Ousterhout', 'Pnueli',
];

/**
 * Starts a mock provider on 127.0.0.1:`port`.
 *   name           Auth0 provider name or catalogue key; identities with it are served
 *   connection     for custom oauth2 providers: the connection name identities carry
 *   users          users.mjs users
 *   buildAccount   (user, identity, origin) => account object kept per token
 *   errorBody      (status) => the provider's own error JSON for that status
 *   exposeHeaders  response headers the real API lets browsers read
 *   tokenFrom      (req, params) => token; default: the Bearer header
 *   allowHeaders   request headers the preflight allows; default: whatever is asked
 *   route          (ctx) => answers the API request; ctx has req, res, url, params,
 *                  auth ('valid' | 'invalid' | 'missing'), account, headers, origin
 */
export async function startProviderMock(options) {
  const control = createControl();
  const accounts = new Map();
  const tokenFrom = options.tokenFrom || ((req) => bearerToken(req));
  let origin = '';

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://mock.invalid');
    const cors = corsHeaders(req, options.exposeHeaders || []);

    if (req.method === 'OPTIONS') return answerPreflight(req, res, cors, options.allowHeaders);
    if (await control.handleControlRequest(req, res, url, cors)) return;
    if (req.method === 'GET' && url.pathname.startsWith('/avatars/')) {
      const label = decodeURIComponent(url.pathname.slice('/avatars/'.length).replace(/\.svg$/, ''));
      return sendText(res, 200, avatarSvg(label), 'image/svg+xml', cors);
    }

    const params = req.method === 'POST' ? await readParams(req) : {};
    const token = tokenFrom(req, params);
    const account = token ? accounts.get(token) : undefined;
    const auth = !token ? 'missing' : account && !account.identity.revoked ? 'valid' : 'invalid';
    const entry = control.record(req, res, url, auth);

    const fault = control.takeFault(url.pathname, url.searchParams);
    if (fault) entry.fault = describeFault(fault);
    if (fault && (await playFault(fault, res, cors, options.errorBody))) return;
    const headers = fault?.noCors ? {} : cors;

    return options.route({ req, res, url, params, auth, account, headers, origin });
  };

  const listener = await listen(handle, options.port ?? 0);
  origin = listener.origin;
  for (const user of options.users) {
    for (const identity of user.identities) {
      if (!servedBy(options, identity) || !identity.accessToken) continue;
      accounts.set(identity.accessToken, {
        user,
        identity,
        ...options.buildAccount(user, identity, origin),
      });
    }
  }
  return { origin, close: listener.close };
}

function servedBy(options, identity) {
  if (options.connection) {
    return identity.provider === 'oauth2' && identity.connection === options.connection;
  }
  return identity.provider === options.name;
}

/** `count` deterministic people for `seed`: { n, id, name, handle, email }. */
export function peopleFor(seed, count) {
  const offset = [...String(seed)].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return Array.from({ length: count }, (_, n) => {
    const first = FIRST_NAMES[(n + offset) % FIRST_NAMES.length];
    const last = LAST_NAMES[Math.floor((n + offset) / FIRST_NAMES.length) % LAST_NAMES.length];
    const handle = `${first}${last}${n}`.toLowerCase();
    return { n, id: String(100000 + n), name: `${first} ${last}`, handle, email: `${handle}@example.test` };
  });
}

/** The avatar URL the mock serves for a label. */
export function avatarUrl(origin, label) {
  return `${origin}/avatars/${encodeURIComponent(label)}.svg`;
}

/** A whole number from a query parameter within [1, max], or `fallback`. */
export function pageSize(raw, fallback, max) {
  const size = Number(raw);
  return Number.isInteger(size) && size >= 1 ? Math.min(size, max) : fallback;
}

/** Opaque cursors that carry an offset, as real providers' cursors are opaque. */
export function encodeCursor(offset) {
  return Buffer.from(`mockcursor:${offset}`).toString('base64url');
}

export function decodeCursor(cursor) {
  const match = /^mockcursor:(\d+)$/.exec(Buffer.from(String(cursor || ''), 'base64url').toString());
  return match ? Number(match[1]) : null;
}

function corsHeaders(req, exposeHeaders) {
  const headers = { 'Access-Control-Allow-Origin': req.headers.origin || '*', Vary: 'Origin' };
  if (exposeHeaders.length) headers['Access-Control-Expose-Headers'] = exposeHeaders.join(', ');
  return headers;
}

function answerPreflight(req, res, cors, allowHeaders) {
  res.writeHead(204, {
    ...cors,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers':
      allowHeaders ?? (req.headers['access-control-request-headers'] || 'authorization, content-type'),
    'Access-Control-Max-Age': '600',
  });
  res.end();
}
