// The mock tenant's token endpoint and the part of the Management API that an
// app's token backend uses:
//
//   POST /oauth/token  grant_type=authorization_code  code + PKCE verifier →
//                      access_token, id_token (auth0-spa-js)
//                      grant_type=client_credentials  MANAGEMENT_CLIENT →
//                      a Management API token
//   GET  /api/v2/users/<id>   the user; identities carry provider tokens when
//                      the token has read:user_idp_tokens, as Auth0's does
//
// Management API tokens are remembered, not verified: only this tenant makes them.

import { createHash } from 'node:crypto';

import { signJwt } from './jwt.mjs';
import { bearerToken, readParams, sendJson } from './http.mjs';
import {
  ACCESS_TOKEN_TTL_S,
  credentialedCors,
  identityEntry,
  idToken,
  issueAccessToken,
  randomId,
} from './tenant.mjs';
import { MANAGEMENT_CLIENT } from './users.mjs';

const MANAGEMENT_TOKEN_TTL_S = 24 * 60 * 60;

/** Route table entries for tenant.mjs. */
export function managementRoutes(tenant) {
  return {
    'POST /oauth/token': (req, res) => tokenEndpoint(req, res, tenant),
    'GET /api/v2/users/:id': (req, res, userId) => getUser(req, res, tenant, userId),
  };
}

async function tokenEndpoint(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  const params = await readParams(req);
  if (params.grant_type === 'authorization_code') {
    return exchangeCode(res, tenant, params, cors);
  }
  if (params.grant_type === 'client_credentials') {
    return clientCredentials(res, tenant, params, cors);
  }
  return sendJson(res, 400, {
    error: 'unsupported_grant_type',
    error_description: 'The mock tenant supports authorization_code and client_credentials.',
  }, cors);
}

function exchangeCode(res, tenant, params, cors) {
  const refuse = (description) =>
    sendJson(res, 403, { error: 'invalid_grant', error_description: description }, cors);

  const grant = tenant.codes.get(String(params.code || ''));
  tenant.codes.delete(String(params.code || ''));
  if (!grant || grant.expiresAt < Date.now()) return refuse('Invalid authorization code');
  if (grant.clientId !== params.client_id) return refuse('The code is for another client.');
  if (grant.redirectUri !== params.redirect_uri) return refuse('redirect_uri mismatch.');
  const verifier = String(params.code_verifier || '');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  if (!verifier || challenge !== grant.challenge) {
    return refuse('Failed to verify code verifier');
  }

  const accessToken = issueAccessToken(tenant, grant.user, grant.clientId, {
    scope: grant.scope,
    audience: grant.audience,
  });
  return sendJson(res, 200, {
    access_token: accessToken,
    id_token: idToken(grant.user, tenant, grant.clientId, { nonce: grant.nonce }),
    scope: grant.scope,
    expires_in: ACCESS_TOKEN_TTL_S,
    token_type: 'Bearer',
  }, cors);
}

function clientCredentials(res, tenant, params, cors) {
  const audience = `${tenant.origin}/api/v2/`;
  if (
    params.client_id !== MANAGEMENT_CLIENT.clientId ||
    params.client_secret !== MANAGEMENT_CLIENT.clientSecret
  ) {
    return sendJson(res, 401, {
      error: 'access_denied',
      error_description: 'Unauthorized',
    }, cors);
  }
  if (params.audience !== audience) {
    return sendJson(res, 403, {
      error: 'access_denied',
      error_description: `Service not enabled within domain: ${params.audience}`,
    }, cors);
  }

  const now = Math.floor(Date.now() / 1000);
  const scope = MANAGEMENT_CLIENT.scopes.join(' ');
  const token = signJwt({
    iss: `${tenant.origin}/`,
    sub: `${MANAGEMENT_CLIENT.clientId}@clients`,
    aud: audience,
    iat: now,
    exp: now + MANAGEMENT_TOKEN_TTL_S,
    scope,
    gty: 'client-credentials',
    jti: randomId().slice(0, 16),
  }, tenant.key);
  tenant.managementTokens.set(token, {
    scopes: MANAGEMENT_CLIENT.scopes,
    expiresAt: Date.now() + MANAGEMENT_TOKEN_TTL_S * 1000,
  });
  return sendJson(res, 200, {
    access_token: token,
    scope,
    expires_in: MANAGEMENT_TOKEN_TTL_S,
    token_type: 'Bearer',
  }, cors);
}

function getUser(req, res, tenant, userId) {
  const token = bearerToken(req);
  const grant = token ? tenant.managementTokens.get(token) : undefined;
  if (!grant || grant.expiresAt < Date.now()) {
    return sendJson(res, 401, {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token.',
    });
  }
  if (!grant.scopes.includes('read:users')) {
    return sendJson(res, 403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:users',
      errorCode: 'insufficient_scope',
    });
  }

  const user = tenant.users.find((candidate) => candidate.userId === userId);
  if (!user) {
    return sendJson(res, 404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'The user does not exist.',
      errorCode: 'inexistent_user',
    });
  }
  const withTokens = grant.scopes.includes('read:user_idp_tokens');
  return sendJson(res, 200, {
    user_id: user.userId,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    nickname: user.nickname,
    given_name: user.givenName,
    family_name: user.familyName,
    picture: `${tenant.origin}/avatars/${user.nickname}.svg`,
    created_at: '2024-01-15T09:30:00.000Z',
    updated_at: new Date().toISOString(),
    identities: user.identities.map((identity) => identityEntry(identity, withTokens)),
  });
}
