// Mock Auth0 tenant: just enough of Auth0's authentication API for the real
// auth0-lock package to log a user in with email + password (cross-origin
// authentication) and fetch their profile.
//
//   GET  /client/<clientID>.js          Lock's client settings (JSONP: Auth0.setClient)
//   GET  /authorize                     prompt=none probe → login_required;
//                                       login_ticket → tokens (fragment or web_message)
//   POST /co/authenticate               email + password → login ticket
//   GET  /.well-known/jwks.json         the RS256 key that signs id_tokens
//   GET  /.well-known/openid-configuration
//   GET  /userinfo                      legacy-style profile with identities[]
//   GET  /avatars/<nickname>.svg        profile pictures
//   GET  /v2/logout                     back to returnTo
//   GET  /__mock/log                    method, path and status of each request seen
//
// Not mocked: sign-up, password reset, social/enterprise login pages, MFA,
// refresh tokens, the authorization-code flow and the session cookie that makes a
// second prompt=none probe succeed (every probe answers login_required).

import { randomBytes } from 'node:crypto';

import { avatarSvg } from './avatar.mjs';
import { accessTokenHash, createSigningKey, signJwt } from './jwt.mjs';
import { bearerToken, listen, readParams, sendJson, sendText } from './http.mjs';
import { CLIENT_ID, DB_CONNECTION } from './users.mjs';

const TICKET_TTL_MS = 5 * 60 * 1000;
const ACCESS_TOKEN_TTL_S = 2 * 60 * 60;
const ID_TOKEN_TTL_S = 10 * 60 * 60;
const GOOGLE_TOKEN_TTL_S = 3599;
const MAX_LOG_ENTRIES = 2_000;

/** Any http origin on the loopback address, which is where every demo and test page lives. */
export function isLoopbackOrigin(origin) {
  return /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(String(origin || ''));
}

/**
 * Starts the tenant on 127.0.0.1:`port`.
 * `includeIdpTokens: false` serves profiles whose identities carry no access_token,
 * as a tenant does when the app must fetch provider tokens from its own backend.
 */
export async function startTenantMock({
  port = 0,
  users,
  clientId = CLIENT_ID,
  includeIdpTokens = true,
  isAllowedOrigin = isLoopbackOrigin,
}) {
  const key = createSigningKey();
  const tickets = new Map();
  const accessTokens = new Map();
  const requests = [];
  let origin = '';

  const tenant = { users, clientId, includeIdpTokens, isAllowedOrigin, key, tickets, accessTokens };

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://mock.invalid');
    // Only method and path: queries carry login tickets and bodies carry passwords.
    const entry = { method: req.method, path: url.pathname, status: null };
    if (requests.length < MAX_LOG_ENTRIES) requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });

    const route = `${req.method} ${url.pathname}`;
    if (req.method === 'OPTIONS') return answerPreflight(req, res, tenant);
    if (route === `GET /client/${clientId}.js`) return sendClientSettings(res, tenant, origin);
    if (route === 'GET /authorize') return authorize(res, url, tenant, origin);
    if (route === 'POST /co/authenticate') return crossOriginAuthenticate(req, res, tenant);
    if (route === 'GET /.well-known/jwks.json') {
      return sendJson(res, 200, { keys: [key.jwk] }, { 'Access-Control-Allow-Origin': '*' });
    }
    if (route === 'GET /.well-known/openid-configuration') return sendDiscovery(res, origin);
    if (route === 'GET /userinfo') return userInfo(req, res, tenant, origin);
    if (route === 'GET /v2/logout') return logout(res, url, tenant);
    if (route === 'GET /__mock/log') {
      return sendJson(res, 200, { requests }, { 'Access-Control-Allow-Origin': '*' });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/avatars/')) {
      const nickname = url.pathname.slice('/avatars/'.length).replace(/\.svg$/, '');
      const user = users.find((u) => u.nickname === nickname);
      return sendText(res, 200, avatarSvg(user ? user.name : nickname), 'image/svg+xml');
    }
    return sendJson(res, 404, { error: 'not_found', error_description: `No route ${route}` });
  };

  const listener = await listen(handle, port);
  origin = listener.origin;

  return {
    origin,
    /** The `iss` of this tenant's tokens, which Lock needs as overrides.__token_issuer. */
    issuer: `${origin}/`,
    clientId,
    close: listener.close,
  };
}

function sendClientSettings(res, tenant, origin) {
  const settings = {
    id: tenant.clientId,
    tenant: 'idp-bridge-mock',
    subscription: 'free',
    authorize: `${origin}/authorize`,
    callback: '',
    hasAllowedOrigins: true,
    strategies: [
      {
        name: 'auth0',
        connections: [
          {
            name: DB_CONNECTION,
            showSignup: false,
            showForgot: false,
            passwordPolicy: 'none',
          },
        ],
      },
    ],
  };
  // Lock loads this with a <script> tag and waits for Auth0.setClient.
  const script = `Auth0.setClient(${JSON.stringify(settings)});\n`;
  return sendText(res, 200, script, 'text/javascript; charset=utf-8');
}

async function crossOriginAuthenticate(req, res, tenant) {
  const requestOrigin = req.headers.origin;
  const cors = credentialedCors(requestOrigin, tenant);
  if (!cors) {
    return sendJson(res, 403, {
      error: 'unauthorized',
      error_description: `Origin ${requestOrigin || '(none)'} is not allowed.`,
    });
  }

  const params = await readParams(req);
  if (params.client_id !== tenant.clientId) {
    return sendJson(res, 401, {
      error: 'unauthorized_client',
      error_description: 'Unknown client.',
    }, cors);
  }
  if (params.realm !== undefined && params.realm !== DB_CONNECTION) {
    return sendJson(res, 400, {
      error: 'invalid_request',
      error_description: `Unknown realm ${JSON.stringify(String(params.realm))}.`,
    }, cors);
  }

  const email = String(params.username || '').trim().toLowerCase();
  const user = tenant.users.find((candidate) => candidate.email === email);
  if (!user || typeof params.password !== 'string' || params.password !== user.password) {
    return sendJson(res, 403, {
      error: 'access_denied',
      error_description: 'Wrong email or password.',
    }, cors);
  }

  const ticket = randomId();
  tenant.tickets.set(ticket, {
    user,
    clientId: tenant.clientId,
    expiresAt: Date.now() + TICKET_TTL_MS,
  });
  return sendJson(res, 200, { login_ticket: ticket, co_verifier: randomId(), co_id: randomId() }, cors);
}

function authorize(res, url, tenant, origin) {
  const q = url.searchParams;
  const redirectUri = q.get('redirect_uri') || '';

  // Never redirect to an unchecked address: errors before this point are pages.
  if (q.get('client_id') !== tenant.clientId) {
    return sendText(res, 400, errorPage('Unknown client_id.'), 'text/html; charset=utf-8');
  }
  if (!isAllowedRedirect(redirectUri, tenant)) {
    return sendText(res, 400, errorPage('Callback URL mismatch.'), 'text/html; charset=utf-8');
  }

  const responseMode = q.get('response_mode') || 'fragment';
  const respond = (fields) => answerAuthorization(res, redirectUri, responseMode, fields);
  const state = q.get('state') || undefined;

  const ticketId = q.get('login_ticket');
  if (!ticketId) {
    if (q.get('prompt') === 'none') {
      return respond({ error: 'login_required', error_description: 'Login required', state });
    }
    return respond({
      error: 'unsupported_flow',
      error_description: 'The mock tenant has no hosted login page; log in through Lock.',
      state,
    });
  }

  const ticket = tenant.tickets.get(ticketId);
  tenant.tickets.delete(ticketId);
  if (!ticket || ticket.expiresAt < Date.now() || ticket.clientId !== tenant.clientId) {
    return respond({ error: 'access_denied', error_description: 'Invalid login ticket.', state });
  }

  const responseTypes = (q.get('response_type') || '').split(/\s+/).filter(Boolean);
  if (!responseTypes.length || responseTypes.some((t) => t !== 'token' && t !== 'id_token')) {
    return respond({
      error: 'unsupported_response_type',
      error_description: 'The mock tenant supports response_type token and/or id_token only.',
      state,
    });
  }

  const fields = { state };
  const scope = q.get('scope') || 'openid';
  if (responseTypes.includes('token')) {
    fields.access_token = randomId();
    fields.scope = scope;
    fields.expires_in = String(ACCESS_TOKEN_TTL_S);
    fields.token_type = 'Bearer';
    tenant.accessTokens.set(fields.access_token, {
      user: ticket.user,
      expiresAt: Date.now() + ACCESS_TOKEN_TTL_S * 1000,
    });
  }
  if (responseTypes.includes('id_token')) {
    fields.id_token = idToken(ticket.user, tenant, origin, q.get('nonce'), fields.access_token);
  }
  return respond(fields);
}

function idToken(user, tenant, origin, nonce, accessToken) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    given_name: user.givenName,
    family_name: user.familyName,
    nickname: user.nickname,
    name: user.name,
    picture: pictureUrl(user, origin),
    email: user.email,
    email_verified: user.emailVerified,
    updated_at: new Date(0).toISOString(),
    iss: `${origin}/`,
    aud: tenant.clientId,
    sub: user.userId,
    iat: now,
    exp: now + ID_TOKEN_TTL_S,
    sid: randomId().slice(0, 22),
  };
  if (nonce) claims.nonce = nonce;
  if (accessToken) claims.at_hash = accessTokenHash(accessToken);
  return signJwt(claims, tenant.key);
}

function userInfo(req, res, tenant, origin) {
  const cors = { 'Access-Control-Allow-Origin': req.headers.origin || '*', Vary: 'Origin' };
  const token = bearerToken(req);
  const grant = token ? tenant.accessTokens.get(token) : undefined;
  if (!grant || grant.expiresAt < Date.now()) {
    return sendText(res, 401, 'Unauthorized', 'text/plain; charset=utf-8', cors);
  }
  return sendJson(res, 200, legacyProfile(grant.user, tenant, origin), cors);
}

/** The profile shape of Auth0's legacy /userinfo, with identities[] and provider tokens. */
function legacyProfile(user, tenant, origin) {
  return {
    sub: user.userId,
    user_id: user.userId,
    clientID: tenant.clientId,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    nickname: user.nickname,
    email: user.email,
    email_verified: user.emailVerified,
    picture: pictureUrl(user, origin),
    created_at: '2024-01-15T09:30:00.000Z',
    updated_at: new Date().toISOString(),
    identities: user.identities.map((identity) => {
      const entry = {
        provider: identity.provider,
        user_id: identity.userId,
        connection: identity.connection,
        isSocial: identity.isSocial,
      };
      if (tenant.includeIdpTokens && identity.accessToken) {
        entry.access_token = identity.accessToken;
        entry.expires_in = GOOGLE_TOKEN_TTL_S;
      }
      return entry;
    }),
  };
}

function logout(res, url, tenant) {
  const returnTo = url.searchParams.get('returnTo');
  if (returnTo && isAllowedRedirect(returnTo, tenant)) {
    res.writeHead(302, { Location: returnTo, 'Cache-Control': 'no-store' });
    return res.end();
  }
  return sendText(res, 200, 'OK', 'text/plain; charset=utf-8');
}

function sendDiscovery(res, origin) {
  return sendJson(res, 200, {
    issuer: `${origin}/`,
    authorization_endpoint: `${origin}/authorize`,
    userinfo_endpoint: `${origin}/userinfo`,
    jwks_uri: `${origin}/.well-known/jwks.json`,
    response_types_supported: ['token', 'id_token', 'token id_token'],
    response_modes_supported: ['fragment', 'web_message'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  }, { 'Access-Control-Allow-Origin': '*' });
}

/**
 * Sends an authorization response: a redirect with the fields in the fragment,
 * or, for response_mode=web_message, a page that posts them to the opener/parent
 * at the redirect URI's origin (how Lock's hidden-frame requests get answers).
 */
function answerAuthorization(res, redirectUri, responseMode, fields) {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

  if (responseMode === 'web_message') {
    const message = { type: 'authorization_response', response: defined };
    const targetOrigin = new URL(redirectUri).origin;
    const page = [
      '<!DOCTYPE html><html><head><title>Authorization Response</title></head><body><script>',
      `(window.opener || window.parent).postMessage(${safeJson(message)}, ${safeJson(targetOrigin)});`,
      '</script></body></html>',
    ].join('');
    return sendText(res, 200, page, 'text/html; charset=utf-8');
  }

  const location = `${redirectUri.split('#')[0]}#${new URLSearchParams(defined)}`;
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  return res.end();
}

function answerPreflight(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  res.writeHead(204, {
    ...cors,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] || 'authorization, content-type',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

function credentialedCors(requestOrigin, tenant) {
  if (!requestOrigin || !tenant.isAllowedOrigin(requestOrigin)) return null;
  return {
    'Access-Control-Allow-Origin': requestOrigin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

function isAllowedRedirect(uri, tenant) {
  try {
    return tenant.isAllowedOrigin(new URL(uri).origin);
  } catch {
    return false;
  }
}

function pictureUrl(user, origin) {
  return `${origin}/avatars/${user.nickname}.svg`;
}

function errorPage(message) {
  return `<!DOCTYPE html><html><body><h1>Mock tenant error</h1><p>${message}</p></body></html>`;
}

/** JSON that is safe inside a <script> element. */
function safeJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function randomId() {
  return randomBytes(24).toString('base64url');
}
