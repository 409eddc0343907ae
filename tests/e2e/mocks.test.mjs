// The mocks themselves, driven over HTTP from Node: if these drift from what the
// real services do, every browser test built on them proves less.

import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { accessTokenHash } from '../../tools/mock/jwt.mjs';
import { startMocks } from '../../tools/mock/index.mjs';
import { CLIENT_ID, DB_CONNECTION, demoUser, identityOf, users } from '../../tools/mock/users.mjs';

const PAGE_ORIGIN = 'http://127.0.0.1:9';
const ada = demoUser;
const adaGoogle = identityOf(ada, 'google-oauth2');

let mocks;
let google;

before(async () => {
  mocks = await startMocks();
  google = mocks.providers['google-oauth2'];
});
after(() => mocks.close());

function people(path, token = adaGoogle.accessToken, init = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return fetch(`${google}${path}`, { ...init, headers: { ...headers, ...init.headers } });
}

async function control(path, body) {
  const response = await fetch(`${google}/__mock/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

describe('mock Google People API', () => {
  test('people/me returns the selected fields of the signed-in person', async () => {
    const response = await people('/v1/people/me?personFields=names,emailAddresses,photos');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /application\/json/);
    const me = await response.json();
    assert.equal(me.resourceName, `people/${adaGoogle.userId}`);
    assert.ok(me.etag);
    assert.equal(me.names[0].displayName, ada.name);
    assert.equal(me.names[0].metadata.primary, true);
    assert.equal(me.emailAddresses[0].value, ada.email);
    assert.match(me.photos[0].url, /^http:\/\/127\.0\.0\.1:\d+\/photos\//);
    assert.equal(me.metadata, undefined, 'fields not asked for are left out');
  });

  test('connections page until the last page and add up to the user\'s contacts', async () => {
    const seen = new Set();
    let pageToken = '';
    let pages = 0;
    do {
      const query = new URLSearchParams({
        personFields: 'names,emailAddresses,photos',
        pageSize: '100',
      });
      if (pageToken) query.set('pageToken', pageToken);
      const response = await people(`/v1/people/me/connections?${query}`);
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.totalPeople, adaGoogle.contacts);
      for (const person of body.connections) {
        assert.match(person.resourceName, /^people\/c\d{19}$/);
        assert.ok(person.names[0].displayName);
        seen.add(person.resourceName);
      }
      pageToken = body.nextPageToken || '';
      pages += 1;
    } while (pageToken && pages < 50);
    assert.equal(seen.size, adaGoogle.contacts);
    assert.equal(pages, Math.ceil(adaGoogle.contacts / 100));
  });

  test('the default page size is 100 and 1000 is the most Google allows', async () => {
    const first = await (await people('/v1/people/me/connections?personFields=names')).json();
    assert.equal(first.connections.length, 100);
    const allQuery = 'personFields=names&pageSize=1000';
    const all = await (await people(`/v1/people/me/connections?${allQuery}`)).json();
    assert.equal(all.connections.length, adaGoogle.contacts);
    assert.equal(all.nextPageToken, undefined);
    const tooMany = await people('/v1/people/me/connections?personFields=names&pageSize=1001');
    assert.equal(tooMany.status, 400);
    assert.equal((await tooMany.json()).error.status, 'INVALID_ARGUMENT');
  });

  test('a missing or unknown personFields is a 400 like Google', async () => {
    const missing = await people('/v1/people/me');
    assert.equal(missing.status, 400);
    assert.match((await missing.json()).error.message, /personFields mask is required/);
    const unknown = await people('/v1/people/me?personFields=names,shoeSize');
    assert.equal(unknown.status, 400);
    assert.match((await unknown.json()).error.message, /shoeSize/);
  });

  test('a wrong, missing or revoked token is a 401 with Google\'s error body', async () => {
    const revoked = identityOf(users.find((u) => u.nickname === 'edsger'), 'google-oauth2');
    for (const token of ['not-a-token', null, revoked.accessToken]) {
      const response = await people('/v1/people/me?personFields=names', token);
      assert.equal(response.status, 401);
      const body = await response.json();
      assert.equal(body.error.code, 401);
      assert.equal(body.error.status, 'UNAUTHENTICATED');
      assert.match(response.headers.get('www-authenticate'), /^Bearer realm=/);
    }
  });

  test('a token without the contacts scope gets me but a 403 for connections', async () => {
    const barbara = identityOf(users.find((u) => u.nickname === 'barbara'), 'google-oauth2');
    const me = await people('/v1/people/me?personFields=names', barbara.accessToken);
    assert.equal(me.status, 200);
    const list = await people('/v1/people/me/connections?personFields=names', barbara.accessToken);
    assert.equal(list.status, 403);
    const body = await list.json();
    assert.equal(body.error.status, 'PERMISSION_DENIED');
    assert.equal(body.error.details[0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
  });

  test('CORS: preflight allows Authorization and answers carry Allow-Origin', async () => {
    const preflight = await fetch(`${google}/v1/people/me/connections`, {
      method: 'OPTIONS',
      headers: {
        Origin: PAGE_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-headers'), /authorization/i);
    const answer = await people('/v1/people/me?personFields=names', undefined, {
      headers: { Origin: PAGE_ORIGIN },
    });
    assert.equal(answer.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
  });

  describe('faults and log', () => {
    before(() => control('reset'));

    test('a status fault hits `times` requests, then the API answers normally', async () => {
      await control('faults', {
        path: '/v1/people/me',
        fault: { status: 429, headers: { 'Retry-After': '1' } },
        times: 2,
      });
      for (let i = 0; i < 2; i += 1) {
        const limited = await people('/v1/people/me?personFields=names');
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get('retry-after'), '1');
        assert.equal((await limited.json()).error.status, 'RESOURCE_EXHAUSTED');
      }
      assert.equal((await people('/v1/people/me?personFields=names')).status, 200);
    });

    test('rawBody, body, delayMs, noCors and dropConnection behave as named', async () => {
      const path = '/v1/people/me';
      const query = `${path}?personFields=names`;

      await control('faults', { path, fault: { rawBody: '{"names": [' } });
      const raw = await people(query);
      assert.equal(raw.status, 200);
      assert.equal(await raw.text(), '{"names": [');

      await control('faults', { path, fault: { status: 500, body: { oops: true } } });
      const body = await people(query);
      assert.equal(body.status, 500);
      assert.deepEqual(await body.json(), { oops: true });

      await control('faults', { path, fault: { delayMs: 300 } });
      const started = Date.now();
      assert.equal((await people(query)).status, 200);
      assert.ok(Date.now() - started >= 280, 'delayed');

      await control('faults', { path, fault: { noCors: true } });
      const bare = await people(query, undefined, { headers: { Origin: PAGE_ORIGIN } });
      assert.equal(bare.status, 200);
      assert.equal(bare.headers.get('access-control-allow-origin'), null);

      await control('faults', { path, fault: { dropConnection: true } });
      await assert.rejects(people(query));
    });

    test('maxItems shortens one page and the next page token picks up after it', async () => {
      const path = '/v1/people/me/connections';
      await control('faults', { path, fault: { maxItems: 10 } });
      const short = await (await people(`${path}?personFields=names&pageSize=1000`)).json();
      assert.equal(short.connections.length, 10);
      assert.ok(short.nextPageToken);
      const query = `personFields=names&pageSize=1000&pageToken=${short.nextPageToken}`;
      const rest = await (await people(`${path}?${query}`)).json();
      assert.equal(rest.connections.length, adaGoogle.contacts - 10);
      assert.equal(rest.nextPageToken, undefined);
    });

    test('an unknown fault field is refused', async () => {
      const response = await fetch(`${google}/__mock/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: '*', fault: { explode: true } }),
      });
      assert.equal(response.status, 400);
    });

    test('the log records requests and auth, never the token; reset empties it', async () => {
      await control('reset');
      await people('/v1/people/me?personFields=names');
      await people('/v1/people/me?personFields=names', 'wrong-token');
      const log = await (await fetch(`${google}/__mock/log`)).json();
      assert.deepEqual(
        log.requests.map((r) => [r.method, r.path, r.auth, r.status]),
        [
          ['GET', '/v1/people/me', 'valid', 200],
          ['GET', '/v1/people/me', 'invalid', 401],
        ],
      );
      assert.equal(log.requests[0].query.personFields, 'names');
      const text = JSON.stringify(log);
      assert.ok(!text.includes(adaGoogle.accessToken) && !text.includes('wrong-token'));

      await control('reset');
      const empty = await (await fetch(`${google}/__mock/log`)).json();
      assert.deepEqual(empty.requests, []);
    });
  });
});

describe('mock Auth0 tenant', () => {
  async function authenticate(username, password) {
    return fetch(`${mocks.tenantOrigin}/co/authenticate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PAGE_ORIGIN },
      body: JSON.stringify({
        client_id: CLIENT_ID,
        username,
        password,
        realm: DB_CONNECTION,
        credential_type: 'http://auth0.com/oauth/grant-type/password-realm',
      }),
    });
  }

  async function login(user) {
    const response = await authenticate(user.email, user.password);
    assert.equal(response.status, 200);
    const { login_ticket: ticket } = await response.json();
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'token id_token',
      redirect_uri: `${PAGE_ORIGIN}/`,
      scope: 'openid profile email',
      state: 'state-123',
      nonce: 'nonce-456',
      login_ticket: ticket,
    });
    const answer = await fetch(`${mocks.tenantOrigin}/authorize?${query}`, { redirect: 'manual' });
    assert.equal(answer.status, 302);
    const location = new URL(answer.headers.get('location'));
    assert.equal(`${location.origin}${location.pathname}`, `${PAGE_ORIGIN}/`);
    return { ticket, fragment: new URLSearchParams(location.hash.slice(1)), query };
  }

  test('serves Lock its client settings as an Auth0.setClient script', async () => {
    const response = await fetch(`${mocks.tenantOrigin}/client/${CLIENT_ID}.js?t123`);
    assert.equal(response.status, 200);
    const script = await response.text();
    const settings = JSON.parse(/^Auth0\.setClient\((.*)\);\s*$/s.exec(script)[1]);
    assert.equal(settings.id, CLIENT_ID);
    assert.equal(settings.strategies[0].connections[0].name, DB_CONNECTION);
  });

  test('a wrong password is 403 access_denied, with credentialed CORS', async () => {
    const response = await authenticate(ada.email, 'not-the-password');
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), {
      error: 'access_denied',
      error_description: 'Wrong email or password.',
    });
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
  });

  test('an id_token verifies against the JWKS and carries iss, aud, nonce, at_hash', async () => {
    const { fragment } = await login(ada);
    assert.equal(fragment.get('state'), 'state-123');
    assert.equal(fragment.get('token_type'), 'Bearer');

    const [header, payload, signature] = fragment.get('id_token').split('.');
    const jwks = await (await fetch(`${mocks.tenantOrigin}/.well-known/jwks.json`)).json();
    const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url'));
    assert.equal(alg, 'RS256');
    const jwk = jwks.keys.find((key) => key.kid === kid);
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey({ key: jwk, format: 'jwk' }),
      Buffer.from(signature, 'base64url'),
    );
    assert.ok(valid, 'signature verifies');

    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    assert.equal(claims.iss, mocks.issuer);
    assert.equal(claims.aud, CLIENT_ID);
    assert.equal(claims.sub, ada.userId);
    assert.equal(claims.nonce, 'nonce-456');
    assert.equal(claims.at_hash, accessTokenHash(fragment.get('access_token')));
  });

  test('a login ticket works once', async () => {
    const { query } = await login(ada);
    const again = await fetch(`${mocks.tenantOrigin}/authorize?${query}`, { redirect: 'manual' });
    const location = new URL(again.headers.get('location'));
    assert.equal(new URLSearchParams(location.hash.slice(1)).get('error'), 'access_denied');
  });

  test('/userinfo gives a legacy profile whose Google token the Google mock accepts', async () => {
    const { fragment } = await login(ada);
    const response = await fetch(`${mocks.tenantOrigin}/userinfo`, {
      headers: { Authorization: `Bearer ${fragment.get('access_token')}` },
    });
    assert.equal(response.status, 200);
    const profile = await response.json();
    assert.equal(profile.user_id, ada.userId);
    assert.equal(profile.email, ada.email);
    assert.equal(profile.email_verified, true);
    assert.match(profile.picture, /\/avatars\/ada\.svg$/);
    const identity = profile.identities.find((i) => i.provider === 'google-oauth2');
    assert.equal(identity.isSocial, true);

    const me = await people('/v1/people/me?personFields=names', identity.access_token);
    assert.equal(me.status, 200);
  });

  test('a linked account lists a token-less database identity first', async () => {
    const grace = users.find((u) => u.nickname === 'grace');
    const { fragment } = await login(grace);
    const profile = await (
      await fetch(`${mocks.tenantOrigin}/userinfo`, {
        headers: { Authorization: `Bearer ${fragment.get('access_token')}` },
      })
    ).json();
    assert.equal(profile.identities[0].provider, 'auth0');
    assert.equal(profile.identities[0].access_token, undefined);
    assert.equal(profile.identities[1].provider, 'google-oauth2');
    assert.ok(profile.identities[1].access_token);
  });

  test('/userinfo without a valid access token is 401', async () => {
    const response = await fetch(`${mocks.tenantOrigin}/userinfo`, {
      headers: { Authorization: 'Bearer nope' },
    });
    assert.equal(response.status, 401);
  });

  test('a prompt=none probe answers login_required by postMessage', async () => {
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'token id_token',
      response_mode: 'web_message',
      prompt: 'none',
      redirect_uri: `${PAGE_ORIGIN}/`,
      state: 'probe-state',
    });
    const response = await fetch(`${mocks.tenantOrigin}/authorize?${query}`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /postMessage\(\{"type":"authorization_response"/);
    assert.match(page, /"error":"login_required"/);
    assert.match(page, /"state":"probe-state"/);
    assert.ok(page.includes(`"${PAGE_ORIGIN}"`), 'targets the redirect origin');
  });

  test('a redirect_uri off loopback is refused without redirecting', async () => {
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'token',
      redirect_uri: 'https://attacker.invalid/',
      prompt: 'none',
    });
    const response = await fetch(`${mocks.tenantOrigin}/authorize?${query}`, { redirect: 'manual' });
    assert.equal(response.status, 400);
  });
});

describe('mock tenant without provider tokens', () => {
  test('profiles carry identities but no access_token', async () => {
    const tokenless = await startMocks({ includeIdpTokens: false });
    try {
      const auth = await fetch(`${tokenless.tenantOrigin}/co/authenticate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: PAGE_ORIGIN },
        body: JSON.stringify({ client_id: CLIENT_ID, username: ada.email, password: ada.password }),
      });
      const { login_ticket: ticket } = await auth.json();
      const query = new URLSearchParams({
        client_id: CLIENT_ID,
        response_type: 'token',
        redirect_uri: `${PAGE_ORIGIN}/`,
        login_ticket: ticket,
      });
      const answer = await fetch(`${tokenless.tenantOrigin}/authorize?${query}`, { redirect: 'manual' });
      const fragment = new URLSearchParams(new URL(answer.headers.get('location')).hash.slice(1));
      const profile = await (
        await fetch(`${tokenless.tenantOrigin}/userinfo`, {
          headers: { Authorization: `Bearer ${fragment.get('access_token')}` },
        })
      ).json();
      assert.equal(profile.identities[0].provider, 'google-oauth2');
      assert.equal(profile.identities[0].access_token, undefined);
    } finally {
      await tokenless.close();
    }
  });
});
