// The reference token backend (tools/token-backend/) against the mock tenant's
// Management API, without a browser: what it returns, and every refusal.
// Expected tokens come from the mock's users, never from literals.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createSigningKey, signJwt } from '../../tools/mock/jwt.mjs';
import { startTenantMock } from '../../tools/mock/tenant.mjs';
import {
  API_AUDIENCE,
  MANAGEMENT_CLIENT,
  MODERN_CLIENT_ID,
  identityOf,
  users,
} from '../../tools/mock/users.mjs';
import { startTokenBackend } from '../../tools/token-backend/index.mjs';
import { createVerifier } from '../../tools/token-backend/verify-jwt.mjs';

const PAGE_ORIGIN = 'http://127.0.0.1:9';
const userNamed = (nickname) => users.find((user) => user.nickname === nickname);

/** Logs `user` in through the tenant's cross-origin flow; resolves to the access token. */
async function accessTokenFor(tenant, user, { audience = API_AUDIENCE } = {}) {
  const login = await fetch(`${tenant.origin}/co/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: PAGE_ORIGIN },
    body: JSON.stringify({
      client_id: MODERN_CLIENT_ID,
      username: user.email,
      password: user.password,
      realm: 'Username-Password-Authentication',
    }),
  });
  assert.equal(login.status, 200);
  const { login_ticket: ticket } = await login.json();
  const query = new URLSearchParams({
    client_id: MODERN_CLIENT_ID,
    response_type: 'token',
    redirect_uri: `${PAGE_ORIGIN}/`,
    login_ticket: ticket,
    scope: 'openid profile email',
  });
  if (audience) query.set('audience', audience);
  const answer = await fetch(`${tenant.origin}/authorize?${query}`, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  const fragment = new URLSearchParams(new URL(answer.headers.get('location')).hash.slice(1));
  return fragment.get('access_token');
}

describe('token backend', () => {
  let tenant;
  let backend;
  before(async () => {
    tenant = await startTenantMock({ port: 0, users });
    backend = await startTokenBackend({
      port: 0,
      tenant: tenant.origin,
      audience: API_AUDIENCE,
      managementClientId: MANAGEMENT_CLIENT.clientId,
      managementClientSecret: MANAGEMENT_CLIENT.clientSecret,
      allowedOrigins: [PAGE_ORIGIN],
    });
  });
  after(async () => {
    await backend?.close();
    await tenant?.close();
  });

  const ask = (token, body, extra = {}) => fetch(backend.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...extra,
    },
    body: JSON.stringify(body),
  });

  test('returns only the asked identity\'s token for the token\'s own user', async () => {
    const grace = userNamed('grace');
    const token = await accessTokenFor(tenant, grace);
    const response = await ask(token, { provider: 'google-oauth2', connection: 'google-oauth2' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.json();
    const google = identityOf(grace, 'google-oauth2');
    assert.deepEqual(Object.keys(body).sort(),
      ['access_token', 'connection', 'expires_in', 'provider', 'user_id']);
    assert.equal(body.access_token, google.accessToken);
    assert.equal(body.user_id, google.userId);
    assert.ok(body.expires_in > 0);
  });

  test('never another user\'s token, whatever the request names', async () => {
    const ada = userNamed('ada');
    const grace = userNamed('grace');
    const token = await accessTokenFor(tenant, ada);
    const url = `${backend.url}?user_id=${encodeURIComponent(grace.userId)}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ provider: 'google-oauth2', user_id: grace.userId, sub: grace.userId }),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.access_token, identityOf(ada, 'google-oauth2').accessToken);
    assert.notEqual(body.access_token, identityOf(grace, 'google-oauth2').accessToken);
  });

  test('401 without a token, with a malformed one, or one for another API', async () => {
    const ada = userNamed('ada');
    const noAudience = await accessTokenFor(tenant, ada, { audience: null });
    for (const token of [null, 'not-a-jwt', noAudience]) {
      const response = await ask(token, { provider: 'google-oauth2' });
      assert.equal(response.status, 401, String(token && token.slice(0, 8)));
      assert.match(response.headers.get('www-authenticate'), /^Bearer/);
      const body = await response.json();
      assert.equal(body.error, 'unauthorized');
      if (token) assert.ok(!JSON.stringify(body).includes(token), 'the token is not echoed');
    }
  });

  test('401 for a token signed by another key or with alg none', async () => {
    const ada = userNamed('ada');
    const genuine = await accessTokenFor(tenant, ada);
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1], 'base64url').toString());
    const forged = signJwt(claims, createSigningKey());
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const unsigned = `${header}.${genuine.split('.')[1]}.`;
    for (const token of [forged, unsigned]) {
      const response = await ask(token, { provider: 'google-oauth2' });
      assert.equal(response.status, 401);
    }
  });

  test('404 for an identity the user has not linked, or one without a token', async () => {
    const grace = userNamed('grace');
    const token = await accessTokenFor(tenant, grace);
    const cases = [
      [{ provider: 'github' }, 'identity_not_linked'],
      [{ provider: 'google-oauth2', connection: 'google-apps' }, 'identity_not_linked'],
      [{ provider: 'auth0' }, 'no_idp_token'],
    ];
    for (const [wanted, error] of cases) {
      const response = await ask(token, wanted);
      assert.equal(response.status, 404, JSON.stringify(wanted));
      assert.equal((await response.json()).error, error);
    }
  });

  test('400 for a body without a provider; 405 for GET; CORS only for listed origins', async () => {
    const token = await accessTokenFor(tenant, userNamed('ada'));
    assert.equal((await ask(token, { connection: 'github' })).status, 400);
    assert.equal((await fetch(backend.url)).status, 405);

    const listed = await ask(token, { provider: 'google-oauth2' }, { Origin: PAGE_ORIGIN });
    assert.equal(listed.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    const other = await ask(token, { provider: 'google-oauth2' }, { Origin: 'http://127.0.0.1:1' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('access token verification', () => {
  const key = createSigningKey();
  const issuer = 'https://tenant.example.test/';
  const verifyToken = createVerifier({
    issuer,
    audience: API_AUDIENCE,
    jwksUri: 'https://tenant.example.test/.well-known/jwks.json',
    fetchJson: async () => ({ keys: [key.jwk] }),
  });
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: issuer, aud: [API_AUDIENCE], sub: 'auth0|1', iat: now, exp: now + 60 };

  test('accepts a good token and refuses each wrong claim', async () => {
    assert.equal((await verifyToken(signJwt(good, key))).sub, 'auth0|1');
    const wrong = {
      'wrong issuer': { ...good, iss: 'https://other.example.test/' },
      audience: { ...good, aud: 'https://other.example.test/api' },
      expired: { ...good, exp: now - 3600 },
      'not valid yet': { ...good, nbf: now + 3600 },
      'no subject': { ...good, sub: '' },
    };
    for (const [reason, claims] of Object.entries(wrong)) {
      await assert.rejects(verifyToken(signJwt(claims, key)), { name: 'TokenError' }, reason);
    }
  });

  test('refuses HS256 signed with the public key as secret', async () => {
    const { createHmac } = await import('node:crypto');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid }))
      .toString('base64url');
    const payload = Buffer.from(JSON.stringify(good)).toString('base64url');
    const mac = createHmac('sha256', key.jwk.n).update(`${header}.${payload}`).digest('base64url');
    await assert.rejects(verifyToken(`${header}.${payload}.${mac}`), /algorithm HS256 refused/);
  });
});
