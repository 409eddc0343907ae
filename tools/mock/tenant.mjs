// Mock Auth0 tenant: enough of Auth0's authentication API for the real login
// libraries (auth0-lock 9 and 14, auth0-js, auth0-spa-js) to log a user in with
// email + password, and enough of the Management API for an app's token backend.
//
//   GET  /client/<clientID>.js          Lock's client settings (JSONP: Auth0.setClient)
//   GET  /authorize                     prompt=none probe → login_required;
//                                       login_ticket → tokens or code (fragment,
//                                       query or web_message); otherwise the
//                                       hosted login page (tenant-login-page.mjs)
//   POST /u/login                       the hosted login page's form
//   POST /co/authenticate               email + password → login ticket
//   POST /oauth/token                   authorization_code (PKCE) and
//                                       client_credentials (tenant-management.mjs)
//   GET  /api/v2/users/<id>             Management API user, identities with tokens
//   POST /oauth/ro, POST /tokeninfo,    what Lock 9's popup mode uses, with
//   GET  /user/ssodata,                 `sso: false` and with its default
//   /sso_dbconnection_popup/<clientID>  popup window (tenant-legacy.mjs)
//   GET  /.well-known/jwks.json         the RS256 key that signs every token
//   GET  /.well-known/openid-configuration
//   GET  /userinfo                      legacy-style profile with identities[]
//   GET  /avatars/<nickname>.svg        profile pictures
//   GET  /v2/logout                     back to returnTo
//   GET  /__mock/log                    method, path and status of each request seen
//
// Clients: CLIENT_ID serves profiles with provider tokens unless the server is
// started with includeIdpTokens: false; MODERN_CLIENT_ID never does, as Auth0
// since 2016; CLAIM_CLIENT_ID's ID tokens carry them in the IDP_TOKENS_CLAIM
// custom claim instead, as a rule or action of the app's could add them;
// MANAGEMENT_CLIENT is the token backend's machine-to-machine client.
// Access tokens are RS256 JWTs; with an `audience` they are for that API too.
//
// Not mocked: sign-up, password reset, social/enterprise login pages, MFA,
// refresh tokens, and the session cookie that a second prompt=none probe or
// Lock 9's /user/ssodata would find (every probe answers login_required).

import { randomBytes } from 'node:crypto';

import { avatarSvg } from './avatar.mjs';
import { accessTokenHash, createSigningKey, signJwt } from './jwt.mjs';
import { bearerToken, listen, readParams, sendJson, sendText } from './http.mjs';
import { legacyRoutes, ssoPopupRoute } from './tenant-legacy.mjs';
import { loginPage, submitLoginPage } from './tenant-login-page.mjs';
import { managementRoutes } from './tenant-management.mjs';
import { listenTls } from './tls.mjs';
import { API_AUDIENCE, CLIENT_ID, DB_CONNECTION, MODERN_CLIENT_ID } from './users.mjs';

const TICKET_TTL_MS = 5 * 60 * 1000;
const CODE_TTL_MS = 60 * 1000;
export const ACCESS_TOKEN_TTL_S = 2 * 60 * 60;
const ID_TOKEN_TTL_S = 10 * 60 * 60;
export const PROVIDER_TOKEN_TTL_S = 3599;
const MAX_LOG_ENTRIES = 2_000;

/** A client whose ID tokens carry the provider tokens in IDP_TOKENS_CLAIM. */
export const CLAIM_CLIENT_ID = 'idpBridgeClaimClient';
/** The namespaced custom claim: { <provider>: <access token> } for each linked identity. */
export const IDP_TOKENS_CLAIM = 'https://idp-bridge.test/idp_tokens';

/** Any http origin on the loopback address, which is where every demo and test page lives. */
export function isLoopbackOrigin(origin) {
  return /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(String(origin || ''));
}

/**
 * Starts the tenant on 127.0.0.1:`port`.
 * `includeIdpTokens: false` serves CLIENT_ID's profiles without provider tokens
 * too (MODERN_CLIENT_ID's never carry them). `tls` ({ key, cert }, see tls.mjs)
 * serves HTTPS, which Lock 9 needs.
 */
export async function startTenantMock({
  port = 0,
  users,
  clientId = CLIENT_ID,
  includeIdpTokens = true,
  isAllowedOrigin = isLoopbackOrigin,
  tls = null,
}) {
  const key = createSigningKey();
  const requests = [];

  // Browser clients, by id: whether their profiles carry provider tokens.
  const clients = new Map([
    [clientId, { id: clientId, idpTokensInProfile: includeIdpTokens }],
    [MODERN_CLIENT_ID, { id: MODERN_CLIENT_ID, idpTokensInProfile: false }],
    [CLAIM_CLIENT_ID, { id: CLAIM_CLIENT_ID, idpTokensInProfile: false, idpTokensInClaim: true }],
  ]);
  const tenant = {
    users,
    clients,
    isAllowedOrigin,
    key,
    origin: '',
    tickets: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    managementTokens: new Map(),
    legacyIdTokens: new Map(),
  };

  const routes = {
    'GET /authorize': (req, res, url) => authorize(res, url, tenant),
    'POST /u/login': (req, res) => submitLoginPage(req, res, tenant),
    'POST /co/authenticate': (req, res) => crossOriginAuthenticate(req, res, tenant),
    'GET /.well-known/jwks.json': (req, res) =>
      sendJson(res, 200, { keys: [key.jwk] }, { 'Access-Control-Allow-Origin': '*' }),
    'GET /.well-known/openid-configuration': (req, res) => sendDiscovery(res, tenant.origin),
    'GET /userinfo': (req, res) => userInfo(req, res, tenant),
    'GET /v2/logout': (req, res, url) => logout(res, url, tenant),
    'GET /__mock/log': (req, res) =>
      sendJson(res, 200, { requests }, { 'Access-Control-Allow-Origin': '*' }),
    ...managementRoutes(tenant),
    ...legacyRoutes(tenant),
  };

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
    if (routes[route]) return routes[route](req, res, url);
    const settingsFor = /^GET \/client\/([^/]+)\.js$/.exec(route);
    if (settingsFor && clients.has(settingsFor[1])) {
      return sendClientSettings(res, settingsFor[1], tenant.origin);
    }
    const ssoPopupFor = /^(GET|POST) \/sso_dbconnection_popup\/([^/]+)$/.exec(route);
    if (ssoPopupFor) return ssoPopupRoute(req, res, tenant, decodePath(ssoPopupFor[2]));
    const userPath = /^GET \/api\/v2\/users\/([^/]+)$/.exec(route);
    if (userPath) return routes['GET /api/v2/users/:id'](req, res, decodePath(userPath[1]));
    if (req.method === 'GET' && url.pathname.startsWith('/avatars/')) {
      const nickname = url.pathname.slice('/avatars/'.length).replace(/\.svg$/, '');
      const user = users.find((u) => u.nickname === nickname);
      return sendText(res, 200, avatarSvg(user ? user.name : nickname), 'image/svg+xml');
    }
    return sendJson(res, 404, { error: 'not_found', error_description: `No route ${route}` });
  };

  const listener = tls ? await listenTls(handle, port, tls) : await listen(handle, port);
  tenant.origin = listener.origin;

  return {
    origin: listener.origin,
    /** The `iss` of this tenant's tokens, which Lock needs as overrides.__token_issuer. */
    issuer: `${listener.origin}/`,
    clientId,
    modernClientId: MODERN_CLIENT_ID,
    /** The Management API's audience, for client-credentials grants. */
    managementAudience: `${listener.origin}/api/v2/`,
    close: listener.close,
  };
}

function sendClientSettings(res, clientId, origin) {
  const settings = {
    id: clientId,
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

/** The user with these credentials, or undefined. */
export function checkPassword(tenant, username, password) {
  const email = String(username || '').trim().toLowerCase();
  const user = tenant.users.find((candidate) => candidate.email === email);
  if (!user || typeof password !== 'string' || password !== user.password) return undefined;
  return user;
}

/** A one-use login ticket that /authorize exchanges for tokens. */
export function issueTicket(tenant, user, clientId) {
  const ticket = randomId();
  tenant.tickets.set(ticket, { user, clientId, expiresAt: Date.now() + TICKET_TTL_MS });
  return ticket;
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
  if (!tenant.clients.has(params.client_id)) {
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

  const user = checkPassword(tenant, params.username, params.password);
  if (!user) {
    return sendJson(res, 403, {
      error: 'access_denied',
      error_description: 'Wrong email or password.',
    }, cors);
  }

  const ticket = issueTicket(tenant, user, params.client_id);
  const answer = { login_ticket: ticket, co_verifier: randomId(), co_id: randomId() };
  return sendJson(res, 200, answer, cors);
}

function authorize(res, url, tenant) {
  const q = url.searchParams;
  const redirectUri = q.get('redirect_uri') || '';
  const clientId = q.get('client_id');

  // Never redirect to an unchecked address: errors before this point are pages.
  if (!tenant.clients.has(clientId)) {
    return sendText(res, 400, errorPage('Unknown client_id.'), 'text/html; charset=utf-8');
  }
  if (!isAllowedRedirect(redirectUri, tenant)) {
    return sendText(res, 400, errorPage('Callback URL mismatch.'), 'text/html; charset=utf-8');
  }

  const responseTypes = (q.get('response_type') || '').split(/\s+/).filter(Boolean);
  const codeFlow = responseTypes.length === 1 && responseTypes[0] === 'code';
  const responseMode = q.get('response_mode') || (codeFlow ? 'query' : 'fragment');
  const respond = (fields) => answerAuthorization(res, redirectUri, responseMode, fields);
  const state = q.get('state') || undefined;

  const ticketId = q.get('login_ticket');
  if (!ticketId) {
    if (q.get('prompt') === 'none') {
      return respond({ error: 'login_required', error_description: 'Login required', state });
    }
    return loginPage(res, url, redirectUri);
  }

  const ticket = tenant.tickets.get(ticketId);
  tenant.tickets.delete(ticketId);
  if (!ticket || ticket.expiresAt < Date.now() || ticket.clientId !== clientId) {
    return respond({ error: 'access_denied', error_description: 'Invalid login ticket.', state });
  }

  const implicit = responseTypes.every((t) => t === 'token' || t === 'id_token');
  if (!responseTypes.length || !(implicit || codeFlow)) {
    return respond({
      error: 'unsupported_response_type',
      error_description: 'The mock tenant supports response_type code, token and id_token.',
      state,
    });
  }

  const scope = q.get('scope') || 'openid';
  const audience = q.get('audience') || undefined;
  if (audience && audience !== API_AUDIENCE) {
    return respond({
      error: 'access_denied',
      error_description: `Service not found: ${audience}`,
      state,
    });
  }

  if (codeFlow) {
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256') {
      return respond({
        error: 'invalid_request',
        error_description: 'A public client must send a code_challenge with method S256.',
        state,
      });
    }
    const code = randomId();
    tenant.codes.set(code, {
      user: ticket.user,
      clientId,
      redirectUri,
      challenge,
      nonce: q.get('nonce') || undefined,
      scope,
      audience,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    return respond({ code, state });
  }

  const fields = { state };
  if (responseTypes.includes('token')) {
    fields.access_token = issueAccessToken(tenant, ticket.user, clientId, { scope, audience });
    fields.scope = scope;
    fields.expires_in = String(ACCESS_TOKEN_TTL_S);
    fields.token_type = 'Bearer';
  }
  if (responseTypes.includes('id_token')) {
    fields.id_token = idToken(ticket.user, tenant, clientId, {
      nonce: q.get('nonce'),
      accessToken: fields.access_token,
    });
  }
  return respond(fields);
}

/**
 * An RS256 access token for `user`, remembered for /userinfo. With an
 * `audience` it is also for that API, as Auth0 does; without one it is only
 * good for /userinfo.
 */
export function issueAccessToken(tenant, user, clientId, { scope = 'openid', audience } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const userinfo = `${tenant.origin}/userinfo`;
  const token = signJwt({
    iss: `${tenant.origin}/`,
    sub: user.userId,
    aud: audience ? [audience, userinfo] : userinfo,
    azp: clientId,
    scope,
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_S,
    jti: randomId().slice(0, 16),
  }, tenant.key);
  tenant.accessTokens.set(token, {
    user,
    clientId,
    expiresAt: Date.now() + ACCESS_TOKEN_TTL_S * 1000,
  });
  return token;
}

/** An ID token; `minimal` leaves the profile out, as Auth0 did for scope=openid. */
export function idToken(user, tenant, clientId, { nonce, accessToken, minimal = false } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const profile = minimal
    ? {}
    : {
        given_name: user.givenName,
        family_name: user.familyName,
        nickname: user.nickname,
        name: user.name,
        picture: pictureUrl(user, tenant.origin),
        email: user.email,
        email_verified: user.emailVerified,
        updated_at: new Date(0).toISOString(),
      };
  const claims = {
    ...profile,
    iss: `${tenant.origin}/`,
    aud: clientId,
    sub: user.userId,
    iat: now,
    exp: now + ID_TOKEN_TTL_S,
    sid: randomId().slice(0, 22),
  };
  if (nonce) claims.nonce = nonce;
  if (accessToken) claims.at_hash = accessTokenHash(accessToken);
  if (tenant.clients.get(clientId)?.idpTokensInClaim) {
    claims[IDP_TOKENS_CLAIM] = Object.fromEntries(user.identities
      .filter((identity) => identity.accessToken)
      .map((identity) => [identity.provider, identity.accessToken]));
  }
  return signJwt(claims, tenant.key);
}

function userInfo(req, res, tenant) {
  const cors = { 'Access-Control-Allow-Origin': req.headers.origin || '*', Vary: 'Origin' };
  const token = bearerToken(req);
  const grant = token ? tenant.accessTokens.get(token) : undefined;
  if (!grant || grant.expiresAt < Date.now()) {
    return sendText(res, 401, 'Unauthorized', 'text/plain; charset=utf-8', cors);
  }
  const withTokens = tenant.clients.get(grant.clientId)?.idpTokensInProfile ?? false;
  return sendJson(res, 200, legacyProfile(grant.user, tenant, grant.clientId, withTokens), cors);
}

/**
 * The profile shape of Auth0's legacy /userinfo, with identities[]; the
 * identities carry provider tokens when `withTokens`.
 */
export function legacyProfile(user, tenant, clientId, withTokens) {
  return {
    sub: user.userId,
    user_id: user.userId,
    clientID: clientId,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    nickname: user.nickname,
    email: user.email,
    email_verified: user.emailVerified,
    picture: pictureUrl(user, tenant.origin),
    created_at: '2024-01-15T09:30:00.000Z',
    updated_at: new Date().toISOString(),
    identities: user.identities.map((identity) => identityEntry(identity, withTokens)),
  };
}

/** One entry of a profile's or a Management API user's identities[]. */
export function identityEntry(identity, withTokens) {
  const entry = {
    provider: identity.provider,
    user_id: identity.userId,
    connection: identity.connection,
    isSocial: identity.isSocial,
  };
  if (withTokens && identity.accessToken) {
    entry.access_token = identity.accessToken;
    entry.expires_in = PROVIDER_TOKEN_TTL_S;
  }
  return entry;
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
    token_endpoint: `${origin}/oauth/token`,
    response_types_supported: ['code', 'token', 'id_token', 'token id_token'],
    response_modes_supported: ['query', 'fragment', 'web_message'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  }, { 'Access-Control-Allow-Origin': '*' });
}

/**
 * Sends an authorization response: a redirect with the fields in the fragment
 * (or the query, for the code flow),
 * or, for response_mode=web_message, a page that posts them to the opener/parent
 * at the redirect URI's origin (how Lock's hidden-frame requests get answers).
 */
export function answerAuthorization(res, redirectUri, responseMode, fields) {
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

  const [base] = redirectUri.split('#');
  const location = responseMode === 'query'
    ? `${base}${base.includes('?') ? '&' : '?'}${new URLSearchParams(defined)}`
    : `${base}#${new URLSearchParams(defined)}`;
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

export function credentialedCors(requestOrigin, tenant) {
  if (!requestOrigin || !tenant.isAllowedOrigin(requestOrigin)) return null;
  return {
    'Access-Control-Allow-Origin': requestOrigin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
}

export function isAllowedRedirect(uri, tenant) {
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

export function randomId() {
  return randomBytes(24).toString('base64url');
}

function decodePath(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
