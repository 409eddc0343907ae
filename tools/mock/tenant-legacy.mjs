// What Lock 9 (auth0-lock 9.2.3 with auth0-js 6.8.4) asks of the tenant in
// popup mode with `sso: false`, as Auth0 answered before these endpoints were
// retired:
//
//   POST /oauth/ro      resource owner login: username + password → id_token
//                       (scope openid: no profile in it) and access_token
//   POST /tokeninfo     id_token → the full profile, identities[] included
//   GET  /user/ssodata  whether a single-sign-on session exists (never here)
//
// Lock 9 reaches them only at https://<domain>, so the tenant runs with TLS
// (tls.mjs) in the tests that use it.

import { readParams, sendJson } from './http.mjs';
import {
  checkPassword,
  credentialedCors,
  idToken,
  issueAccessToken,
  legacyProfile,
} from './tenant.mjs';
import { DB_CONNECTION } from './users.mjs';

/** Route table entries for tenant.mjs. */
export function legacyRoutes(tenant) {
  return {
    'POST /oauth/ro': (req, res) => resourceOwner(req, res, tenant),
    'POST /tokeninfo': (req, res) => tokenInfo(req, res, tenant),
    'GET /user/ssodata': (req, res) =>
      sendJson(res, 200, { sso: false }, credentialedCors(req.headers.origin, tenant) || {}),
  };
}

async function resourceOwner(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  const params = await readParams(req);
  if (!tenant.clients.has(params.client_id)) {
    return sendJson(res, 401, {
      error: 'invalid_client',
      error_description: 'Unknown client.',
    }, cors);
  }
  if (params.grant_type !== 'password' || (params.connection || DB_CONNECTION) !== DB_CONNECTION) {
    return sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'Only the password grant on the database connection is mocked.',
    }, cors);
  }

  const user = checkPassword(tenant, params.username, params.password);
  if (!user) {
    return sendJson(res, 401, {
      error: 'invalid_user_password',
      error_description: 'Wrong email or password.',
    }, cors);
  }

  const accessToken = issueAccessToken(tenant, user, params.client_id, {
    scope: params.scope || 'openid',
  });
  const token = idToken(user, tenant, params.client_id, { minimal: true });
  tenant.legacyIdTokens.set(token, { user, clientId: params.client_id });
  return sendJson(res, 200, {
    id_token: token,
    access_token: accessToken,
    token_type: 'bearer',
  }, cors);
}

async function tokenInfo(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  const params = await readParams(req);
  const grant = tenant.legacyIdTokens.get(String(params.id_token || ''));
  if (!grant) {
    return sendJson(res, 401, {
      error: 'invalid_token',
      error_description: 'Invalid id_token.',
    }, cors);
  }
  const withTokens = tenant.clients.get(grant.clientId)?.idpTokensInProfile ?? false;
  return sendJson(res, 200, legacyProfile(grant.user, tenant, grant.clientId, withTokens), cors);
}
