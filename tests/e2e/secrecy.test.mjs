// Tokens stay secret: every error path runs with a known token, and the token
// must appear in no error (message, stack, any property), nothing the page
// writes to the console, and no URL the browser requests. It travels only in
// the Authorization header or the form body, and only to the provider's own
// configured origin: redirects and next-page links to another origin are
// refused before the token could follow them.
//
// Needs pkg/ (npm run build).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PROVIDERS,
  accounts,
  clientOptions,
  control,
  mockLog,
  openHarness,
  startHarness,
} from './harness.mjs';

const TEST_TIMEOUT_MS = 120_000;

/** Where `me` goes at each mock, and a list that pages by URL (if any). */
const ME_PATHS = {
  'google-oauth2': '/v1/people/me',
  github: '/user',
  windowslive: '/v1.0/me',
  facebook: '/v22.0/me',
  dropbox: '/2/users/get_current_account',
  spotify: '/v1/me',
  bitbucket: '/2.0/user',
  slack: '/api/users.identity',
};
const URL_PAGED_LISTS = {
  github: { kind: 'followers', path: '/user/followers' },
  windowslive: { kind: 'contacts', path: '/v1.0/me/contacts' },
  facebook: { kind: 'friends', path: '/v22.0/me/friends' },
  spotify: { kind: 'following', path: '/v1/me/following' },
};

/** Provider error bodies that repeat the token back, in the fields each judge reads. */
function echoingAnswers(token) {
  const said = `token ${token} is not valid`;
  const googleBody = {
    error: {
      code: 403,
      message: said,
      status: 'PERMISSION_DENIED',
      details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
    },
  };
  const facebookBody = {
    error: { message: said, type: `OAuthException ${token}`, code: 190, error_subcode: token },
  };
  const bitbucketBody = {
    type: 'error',
    error: { message: `scope ${said}`, detail: { required: [token] } },
  };
  return {
    'google-oauth2': { status: 403, body: googleBody },
    github: { status: 403, headers: { 'X-RateLimit-Remaining': '0' }, body: { message: said } },
    windowslive: {
      status: 401,
      body: { error: { code: `InvalidAuthenticationToken ${token}`, message: said } },
    },
    facebook: { status: 400, body: facebookBody },
    dropbox: { status: 401, body: { error_summary: said, error: { '.tag': token } } },
    spotify: {
      status: 403,
      body: { error: { status: 403, message: `scope missing for ${token}` } },
    },
    bitbucket: { status: 403, body: bitbucketBody },
    slack: { status: 200, body: { ok: false, error: token, needed: token } },
  };
}

/** Every error path of a call: the mock answers each of these in turn. */
function faults(token, foreignOrigin) {
  return [
    { status: 401 },
    { status: 403 },
    { status: 400 },
    { status: 429, headers: { 'Retry-After': '0' } },
    { status: 500 },
    { status: 503, headers: { 'Retry-After': '0' } },
    { status: 504, rawBody: `<html>${'gateway '.repeat(20)}</html>`, contentType: 'text/html' },
    { status: 200, rawBody: '{"id":', contentType: 'application/json' },
    { status: 200, rawBody: '', contentType: 'application/json' },
    { status: 200, rawBody: '<html>sign in</html>', contentType: 'text/html' },
    { cutBodyAt: 10 },
    { dropConnection: true },
    { noCors: true, status: 200, body: { id: '1' } },
    { delayMs: 2_000 },
    { hugeBodyBytes: 33 * 1024 * 1024 + 1 },
    // The redirect would take the token to another origin if it were followed.
    { status: 307, headers: { Location: `${foreignOrigin}/steal?from=redirect` }, rawBody: '' },
    echoingAnswers(token),
  ];
}

describe('tokens stay secret', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let harness;
  let known;
  /** Every request the browser made: url, origin and whether it carried a token. */
  const requests = [];
  const consoleLines = [];

  before(async () => {
    server = await startHarness();
    known = accounts(server.mocks);
    harness = await openHarness(server);
    harness.page.on('console', (message) => consoleLines.push(message.text()));
    harness.page.on('pageerror', (error) => consoleLines.push(`${error.message}\n${error.stack}`));
    harness.context.on('request', (request) => {
      // Playwright also reports the request a redirect would lead to, with
      // the original headers and body, even when fetch's redirect: 'manual'
      // never sends it; those are told apart here, and the foreign mock's
      // log shows that none was sent.
      const redirect = Boolean(request.redirectedFrom());
      requests.push(
        Promise.all([request.allHeaders(), Promise.resolve(request.postData())]).then(
          ([headers, body]) => ({ url: request.url(), headers, body: body || '', redirect }),
        ),
      );
    });
  });

  after(async () => {
    await harness?.close();
    await server?.close();
  });

  /** Runs `call` in the page with `key`'s profile; resolves to what the page saw. */
  async function callInPage(key, call, options = {}) {
    return harness.page.evaluate(
      async ({ profile, clientOptions: settings, call: what }) => {
        const { IdpClient } = window.idp.bridge;
        const describe = (error) => {
          const properties = {};
          for (const name of Object.getOwnPropertyNames(error)) properties[name] = error[name];
          return {
            isError: error instanceof Error,
            code: error?.code,
            text: [String(error), error?.stack, JSON.stringify(properties)].join('\n'),
          };
        };
        try {
          const client = new IdpClient(profile, settings);
          const result = what.kind
            ? await client.list(what.kind)
            : what.path
              ? await client.getAll(what.path)
              : await client.me();
          return { ok: true, text: JSON.stringify(result) };
        } catch (error) {
          return { ok: false, ...describe(error) };
        }
      },
      { profile: known[key].profile, clientOptions: options, call },
    );
  }

  test('no error path puts a token in the error, the console or a URL', async () => {
    let paths = 0;
    const codes = new Set();
    for (const [index, key] of PROVIDERS.entries()) {
      const { origin, token } = known[key];
      // Another provider's mock stands for the foreign origin: the page may
      // connect to it, so only the library keeps the redirect from being
      // followed, and its log would show a request that got through.
      const foreign = known[PROVIDERS[(index + 1) % PROVIDERS.length]].origin;
      for (const fault of faults(token, foreign)) {
        const answer = fault[key] ?? fault;
        await control(origin, '/__mock/reset');
        const injection = { path: ME_PATHS[key], fault: answer, times: null };
        await control(origin, '/__mock/faults', injection);
        const options = clientOptions(server.mocks, key, { maxRetries: 1, timeoutMs: 1_000 });
        const seen = await callInPage(key, {}, options);
        paths += 1;
        assert.equal(seen.ok, false, `${key} ${JSON.stringify(answer).slice(0, 80)} should fail`);
        assert.equal(seen.isError, true, `${key}: an Error`);
        assert.equal(typeof seen.code, 'string', `${key}: with a code`);
        codes.add(seen.code);
        assert.ok(!seen.text.includes(token), `${key}: token in the error for ${seen.code}`);
        const stolen = (await mockLog(foreign)).filter((entry) => entry.path === '/steal');
        assert.deepEqual(stolen, [], `${key}: a redirect to another origin was followed`);
        const log = await mockLog(origin);
        assert.ok(log.length >= 1, `${key}: the request reached the mock`);
        for (const entry of log) {
          const url = `${entry.path}?${new URLSearchParams(entry.query)}`;
          assert.ok(!url.includes(token), `${key}: token in a requested URL`);
        }
      }

      // Errors raised before any request: a refused endpoint, a non-loopback
      // http endpoint, a missing list.
      for (const options of [
        { endpoints: { [key]: 'http://10.1.2.3/' }, allowInsecureLoopback: true },
        { endpoints: { [key]: `${origin}/?token=${token}` }, allowInsecureLoopback: true },
      ]) {
        const seen = await callInPage(key, {}, options);
        paths += 1;
        codes.add(seen.code);
        assert.equal(seen.ok, false, `${key}: refused endpoint`);
        assert.ok(!seen.text.includes(token), `${key}: token in the ${seen.code} error`);
      }
      const missing = await callInPage(key, { kind: 'friends' }, clientOptions(server.mocks, key));
      if (!missing.ok) {
        paths += 1;
        codes.add(missing.code);
        assert.ok(!missing.text.includes(token), `${key}: token in the ${missing.code} error`);
      }
    }

    const seenRequests = await Promise.all(requests);
    const tokens = new Map(PROVIDERS.map((key) => [known[key].token, known[key]]));
    let carried = 0;
    for (const request of seenRequests) {
      const url = new URL(request.url);
      for (const [token, account] of tokens) {
        assert.ok(!request.url.includes(token), `token in a requested URL: ${url.pathname}`);
        const inHeader = (request.headers.authorization || '').includes(token);
        const inBody = request.body.includes(token);
        if ((inHeader || inBody) && !request.redirect) {
          carried += 1;
          assert.equal(url.origin, account.origin, `${account.key}'s token went to ${url.origin}`);
        }
      }
    }
    assert.ok(carried > 0, 'the tokens did travel, in headers or form bodies');
    for (const line of consoleLines) {
      for (const token of tokens.keys()) {
        assert.ok(!line.includes(token), `token in the console: ${line.slice(0, 120)}`);
      }
    }
    console.log(
      `secrecy: ${paths} error paths over ${PROVIDERS.length} providers ` +
        `(codes: ${[...codes].sort().join(', ')}); ${seenRequests.length} requests, ` +
        `${carried} carried a token, all to their provider; ${consoleLines.length} console lines`,
    );
  });

  test('onLogin failures carry no token, in the rejection or in onError', async () => {
    for (const key of PROVIDERS) {
      const { origin, token, identity } = known[key];
      for (const fault of [{ status: 401 }, { status: 500 }, echoingAnswers(token)[key]]) {
        await control(origin, '/__mock/reset');
        await control(origin, '/__mock/faults', { path: ME_PATHS[key], fault, times: null });
        const seen = await harness.page.evaluate(
          async ({ profile, settings }) => {
            const { configure, onLogin } = window.idp.bridge;
            const text = (error) => {
              const properties = {};
              for (const name of Object.getOwnPropertyNames(error)) {
                properties[name] = error[name];
              }
              return [String(error), error.stack, JSON.stringify(properties)].join('\n');
            };
            let reported = '';
            const onError = (error) => {
              reported = text(error);
            };
            configure({ ...settings, fetch: ['me'], onError });
            try {
              await onLogin(null, profile);
              return { ok: true };
            } catch (error) {
              return { ok: false, code: error.code, text: `${text(error)}\n${reported}` };
            } finally {
              configure({ onError: null, fetch: null, provider: null, connection: null });
            }
          },
          {
            profile: known[key].profile,
            settings: {
              ...clientOptions(server.mocks, key, { maxRetries: 0 }),
              connection: identity.connection,
            },
          },
        );
        assert.equal(seen.ok, false, `${key}: onLogin should fail`);
        assert.ok(!seen.text.includes(token), `${key}: token in the onLogin ${seen.code} error`);
      }
    }
  });

  test('next-page links to another origin are refused before any request', async () => {
    for (const [key, list] of Object.entries(URL_PAGED_LISTS)) {
      const { origin } = known[key];
      // Another mock on loopback stands for the foreign origin, so a request
      // that got through would show in its log.
      const foreign = server.mocks.providers[key === 'github' ? 'spotify' : 'github'];
      const next = `${foreign}${list.path}?page=2`;
      const bodies = {
        github: { status: 200, body: [], headers: { Link: `<${next}>; rel="next"` } },
        windowslive: { status: 200, body: { value: [], '@odata.nextLink': next } },
        facebook: { status: 200, body: { data: [], paging: { next } } },
        spotify: { status: 200, body: { artists: { items: [], next } } },
      };
      await control(origin, '/__mock/reset');
      await control(foreign, '/__mock/reset');
      await control(origin, '/__mock/faults', { path: list.path, fault: bodies[key] });
      const seen = await callInPage(key, { kind: list.kind }, clientOptions(server.mocks, key));
      assert.equal(seen.ok, false, key);
      assert.equal(seen.code, 'foreign_origin', key);
      assert.deepEqual(await mockLog(foreign), [], `${key}: nothing reached the other origin`);
    }
  });
});
