// Reference backend for idp-bridge's `tokenEndpoint`: the server half of the
// contract in the README ("Where the provider token comes from").
//
//   POST <path>   Authorization: Bearer <the user's Auth0 access token>
//                 {"provider": "google-oauth2", "connection": "google-oauth2"?}
//   200  {"access_token", "expires_in", "provider", "connection", "user_id"}
//   401  the Auth0 token is missing or invalid (signature, issuer, audience, expiry)
//   404  the user has no such linked identity, or Auth0 holds no token for it
//
// It checks the Auth0 access token against the tenant's JWKS, reads the user
// from the Management API with a machine-to-machine token (client credentials,
// scopes read:users and read:user_idp_tokens) and returns the one identity's
// token. The user is always the token's `sub`: nothing in the request can name
// another user. Standard library only; it logs nothing.
//
//   import { createTokenEndpointHandler, startTokenBackend }
//     from './tools/token-backend/index.mjs';
//   node tools/token-backend/index.mjs   (AUTH0_DOMAIN, AUTH0_AUDIENCE,
//     AUTH0_MGMT_CLIENT_ID, AUTH0_MGMT_CLIENT_SECRET, ALLOWED_ORIGINS, PORT)

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createVerifier, TokenError } from './verify-jwt.mjs';

const MAX_BODY_BYTES = 4 * 1024;
/** A Management API token is renewed this long before it expires. */
const RENEW_EARLY_S = 60;
const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * A request handler `(req, res) => Promise` for the token endpoint.
 *
 * Options: `tenant` (the tenant's base URL, e.g. https://example.eu.auth0.com),
 * `audience` (your API's identifier, the `aud` the access token must carry),
 * `managementClientId`, `managementClientSecret`, `allowedOrigins` (page
 * origins allowed to call it cross-origin; none when mounted on the page's own
 * origin), `issuer` (default: tenant + '/').
 */
export function createTokenEndpointHandler(options) {
  const tenant = String(options.tenant || '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(tenant)) throw new TypeError('`tenant` must be an http(s) URL');
  for (const name of ['audience', 'managementClientId', 'managementClientSecret']) {
    if (!options[name]) throw new TypeError(`\`${name}\` is required`);
  }
  const allowedOrigins = new Set(options.allowedOrigins || []);
  const verifyToken = createVerifier({
    issuer: options.issuer || `${tenant}/`,
    audience: options.audience,
    jwksUri: `${tenant}/.well-known/jwks.json`,
    fetchJson: (url) => requestJson(url).then(({ status, body }) => {
      if (status !== 200) throw new UpstreamError(`JWKS answered ${status}`);
      return body;
    }),
  });
  const management = managementClient(tenant, options);

  return async function handleTokenRequest(req, res) {
    const cors = corsHeaders(req, allowedOrigins);
    const reply = (status, body, headers = {}) =>
      sendJson(res, status, body, { ...cors, ...headers });

    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'authorization, content-type',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (req.method !== 'POST') return reply(405, refusal('method_not_allowed', 'Use POST.'));

    // 1. Who is asking: the verified Auth0 access token, nothing else.
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '');
    const challenge = { 'WWW-Authenticate': 'Bearer realm="idp-token"' };
    if (!match) return reply(401, refusal('unauthorized', 'No Bearer access token.'), challenge);
    let claims;
    try {
      claims = await verifyToken(match[1]);
    } catch (error) {
      if (error instanceof TokenError) {
        return reply(401, refusal('unauthorized', error.message), challenge);
      }
      return reply(502, refusal('upstream', 'Could not read the tenant keys.'));
    }

    // 2. Which identity.
    let wanted;
    try {
      wanted = parseWanted(await readBody(req));
    } catch (error) {
      return reply(400, refusal('invalid_request', error.message));
    }

    // 3. The user, with identity tokens, from the Management API.
    let user;
    try {
      user = await management.getUser(claims.sub);
    } catch (error) {
      return reply(502, refusal('upstream', error instanceof UpstreamError
        ? error.message : 'The Management API could not be reached.'));
    }
    const identity = (user?.identities || []).find((candidate) =>
      candidate.provider === wanted.provider &&
      (wanted.connection === undefined || candidate.connection === wanted.connection));
    if (!identity) {
      return reply(404, refusal('identity_not_linked',
        `The user has no linked ${describe(wanted)} identity.`));
    }
    if (typeof identity.access_token !== 'string' || !identity.access_token) {
      return reply(404, refusal('no_idp_token',
        `Auth0 holds no access token for the ${describe(wanted)} identity.`));
    }

    // 4. Only that identity's token, never the rest of the user.
    return reply(200, {
      access_token: identity.access_token,
      expires_in: typeof identity.expires_in === 'number' ? identity.expires_in : undefined,
      provider: identity.provider,
      connection: identity.connection,
      user_id: String(identity.user_id),
    }, { 'Cache-Control': 'no-store' });
  };
}

/**
 * Starts the handler alone on 127.0.0.1:`port` (0 = ephemeral) at `path`
 * (default /api/idp-token). Resolves to { origin, url, close() }.
 */
export function startTokenBackend({ port = 0, path: route = '/api/idp-token', ...options }) {
  const handle = createTokenEndpointHandler(options);
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://backend.invalid');
    if (pathname !== route) return sendJson(res, 404, refusal('not_found', 'No such path.'));
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, refusal('internal', 'The token backend failed.'));
    });
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({
        origin,
        url: `${origin}${route}`,
        close: () => new Promise((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Gets and caches the Management API token; reads users with it. */
function managementClient(tenant, options) {
  let cached = null;

  async function token() {
    if (cached && cached.renewAt > Date.now()) return cached.token;
    const { status, body } = await requestJson(`${tenant}/oauth/token`, {
      method: 'POST',
      body: {
        grant_type: 'client_credentials',
        client_id: options.managementClientId,
        client_secret: options.managementClientSecret,
        audience: `${tenant}/api/v2/`,
      },
    });
    if (status !== 200 || typeof body?.access_token !== 'string') {
      throw new UpstreamError(`The client credentials grant answered ${status}.`);
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 0;
    cached = {
      token: body.access_token,
      renewAt: Date.now() + Math.max(0, lifetime - RENEW_EARLY_S) * 1000,
    };
    return cached.token;
  }

  return {
    /** The user, or null when the Management API does not know them. */
    async getUser(userId) {
      const url = `${tenant}/api/v2/users/${encodeURIComponent(userId)}`;
      // A revoked or rotated Management token gets one fresh try.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const bearer = await token();
        const { status, body } = await requestJson(url, { bearer });
        if (status === 200) return body;
        if (status === 404) return null;
        if (status !== 401) break;
        cached = null;
      }
      throw new UpstreamError('The Management API refused to read the user.');
    },
  };
}

function parseWanted(text) {
  let body;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    throw new Error('The body must be JSON: {"provider": "...", "connection": "..."}.');
  }
  const provider = body?.provider;
  const connection = body?.connection ?? undefined;
  if (typeof provider !== 'string' || !provider) {
    throw new Error('`provider` must be a non-empty string.');
  }
  if (connection !== undefined && (typeof connection !== 'string' || !connection)) {
    throw new Error('`connection` must be a non-empty string when given.');
  }
  return { provider, connection };
}

function describe({ provider, connection }) {
  return connection && connection !== provider ? `${provider} (${connection})` : provider;
}

function refusal(error, description) {
  return { error, error_description: description };
}

function corsHeaders(req, allowedOrigins) {
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins.has(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('The body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** A JSON request to the tenant; resolves to { status, body } (body null if not JSON). */
async function requestJson(url, { method = 'GET', body, bearer } = {}) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch {
    throw new UpstreamError('The tenant could not be reached.');
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

class UpstreamError extends Error {}

async function main() {
  const env = process.env;
  const domain = env.AUTH0_DOMAIN || '';
  const backend = await startTokenBackend({
    port: Number(env.PORT || 0),
    tenant: /^https?:\/\//.test(domain) ? domain : `https://${domain}`,
    audience: env.AUTH0_AUDIENCE,
    managementClientId: env.AUTH0_MGMT_CLIENT_ID,
    managementClientSecret: env.AUTH0_MGMT_CLIENT_SECRET,
    allowedOrigins: (env.ALLOWED_ORIGINS || '').split(',').filter(Boolean),
  });
  console.log(`idp-bridge token backend: POST ${backend.url}`);
  const stop = () => backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
