// The mock tenant's newer flows without a browser: the hosted login page, the
// authorization code flow with PKCE, the Management API's client credentials,
// and Lock 9's /oauth/ro + /tokeninfo. The browser tests use these paths; here
// their refusals are checked one by one.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { startTenantMock } from '../../tools/mock/tenant.mjs';
import {
  CLIENT_ID,
  MANAGEMENT_CLIENT,
  MODERN_CLIENT_ID,
  identityOf,
  users,
} from '../../tools/mock/users.mjs';

const PAGE = 'http://127.0.0.1:9';
const ada = users[0];

describe('mock tenant flows', () => {
  let tenant;
  before(async () => {
    tenant = await startTenantMock({ port: 0, users });
  });
  after(() => tenant?.close());

  const form = (fields) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PAGE },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

  /** Logs in on the hosted page for an authorize query; resolves to the final Location. */
  async function hostedLogin(query, password = ada.password) {
    const submitted = await fetch(`${tenant.origin}/u/login`, form({
      authorize: query.toString(),
      email: ada.email,
      password,
      action: 'login',
    }));
    if (submitted.status !== 302) return { status: submitted.status, html: await submitted.text() };
    const back = await fetch(submitted.headers.get('location'), { redirect: 'manual' });
    return { status: back.status, location: new URL(back.headers.get('location')) };
  }

  test('the hosted page shows the form again on a wrong password', async () => {
    const query = new URLSearchParams({
      client_id: CLIENT_ID, redirect_uri: `${PAGE}/`, response_type: 'token id_token',
    });
    const page = await fetch(`${tenant.origin}/authorize?${query}`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy');
    assert.match(csp, new RegExp(`form-action 'self' ${PAGE}`));
    const wrong = await hostedLogin(query, 'not-the-password');
    assert.equal(wrong.status, 200);
    assert.match(wrong.html, /Wrong email or password/);
    assert.ok(!wrong.html.includes('not-the-password'));
  });

  test('code + PKCE: the right verifier gets tokens once, a wrong one nothing', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      client_id: MODERN_CLIENT_ID, redirect_uri: `${PAGE}/`, response_type: 'code',
      code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-1', state: 's-1',
    });
    const exchange = async (code, codeVerifier) => fetch(`${tenant.origin}/oauth/token`, form({
      grant_type: 'authorization_code', client_id: MODERN_CLIENT_ID, code,
      code_verifier: codeVerifier, redirect_uri: `${PAGE}/`,
    }));

    const first = await hostedLogin(query);
    assert.equal(first.location.searchParams.get('state'), 's-1');
    const wrong = await exchange(first.location.searchParams.get('code'), 'x'.repeat(43));
    assert.equal(wrong.status, 403);
    // A failed exchange used the code up.
    const reused = await exchange(first.location.searchParams.get('code'), verifier);
    assert.equal(reused.status, 403);

    const second = await hostedLogin(query);
    const answer = await exchange(second.location.searchParams.get('code'), verifier);
    assert.equal(answer.status, 200);
    const tokens = await answer.json();
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
    assert.equal(claims.nonce, 'n-1');
    assert.equal(claims.aud, MODERN_CLIENT_ID);

    // The modern client's profile has identities but no provider tokens.
    const profile = await (await fetch(`${tenant.origin}/userinfo`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    })).json();
    assert.ok(profile.identities.length > 0);
    assert.ok(profile.identities.every((identity) => !('access_token' in identity)));
  });

  test('client credentials need the secret; the Management API needs its token', async () => {
    const grant = (secret) => fetch(`${tenant.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials', client_id: MANAGEMENT_CLIENT.clientId,
        client_secret: secret, audience: tenant.managementAudience,
      }),
    });
    assert.equal((await grant('wrong-secret')).status, 401);
    const { access_token: token } = await (await grant(MANAGEMENT_CLIENT.clientSecret)).json();

    const userUrl = `${tenant.origin}/api/v2/users/${encodeURIComponent(ada.userId)}`;
    assert.equal((await fetch(userUrl)).status, 401);
    const user = await (await fetch(userUrl, { headers: { Authorization: `Bearer ${token}` } }))
      .json();
    assert.equal(user.identities[0].access_token, identityOf(ada, 'google-oauth2').accessToken);
    const missing = await fetch(`${tenant.origin}/api/v2/users/auth0%7Cnobody`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(missing.status, 404);
  });

  test('Lock 9: /oauth/ro refuses a wrong password; /tokeninfo gives the profile', async () => {
    const ro = (password) => fetch(`${tenant.origin}/oauth/ro`, form({
      client_id: CLIENT_ID, username: ada.email, password, grant_type: 'password',
      connection: 'Username-Password-Authentication', scope: 'openid',
    }));
    const refused = await ro('not-the-password');
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error, 'invalid_user_password');

    const { id_token: idToken } = await (await ro(ada.password)).json();
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
    assert.equal(claims.name, undefined, 'scope openid: no profile in the id_token');
    const profile = await (await fetch(`${tenant.origin}/tokeninfo`, form({ id_token: idToken })))
      .json();
    assert.equal(profile.user_id, ada.userId);
    assert.equal(profile.identities[0].access_token, identityOf(ada, 'google-oauth2').accessToken);
    assert.equal((await fetch(`${tenant.origin}/tokeninfo`, form({ id_token: 'x.y.z' }))).status,
      401);
  });
});
