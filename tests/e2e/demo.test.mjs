// End to end, like a user: open the demo page, log in through the real Lock
// widget against the mock tenant, and check what the page shows after the wasm
// module called the mock provider: Google, GitHub or Microsoft by the page's
// account switch, in either token mode. Expected figures come from the mock's
// data. Screenshots land in tests/e2e/artifacts/ (kept as test artefacts).
//
// Needs pkg/ (npm run build) and dist/lock.js (npm run bundle:lock).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startDemoServer } from '../../tools/serve.mjs';
import { demoUser, identityOf, userByEmail, users } from '../../tools/mock/users.mjs';
import { logInWithLock, openBrowser, screenshot, watchPage } from './browser.mjs';

const TEST_TIMEOUT_MS = 90_000;
const PHONE = { width: 390, height: 844 };

const userNamed = (nickname) => users.find((user) => user.nickname === nickname);
const contactsOf = (user) => identityOf(user, 'google-oauth2').contacts;

for (const built of ['../../pkg/idp_bridge.js', '../../dist/lock.js']) {
  const file = fileURLToPath(new URL(built, import.meta.url));
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "npm run build" and "npm run bundle:lock" first`);
  }
}

/**
 * One demo server (with its mocks) and one fresh browser per test. The test body
 * gets { page, server, google, watch }; console errors, page errors and CSP
 * violations not marked as expected fail the test.
 */
function demoTest(name, body, { viewport, mockOptions } = {}) {
  test(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const server = await startDemoServer({ port: 0, mockOptions });
    t.after(() => server.close());
    const browser = await openBrowser(viewport ? { viewport } : {});
    t.after(() => browser.close());

    const watch = await watchPage(browser.page);
    const google = server.mocks.providers['google-oauth2'];
    await browser.page.goto(`${server.origin}/`);
    await body({ page: browser.page, server, google, watch });

    assert.deepEqual(watch.unexpected(), [], 'no console errors or CSP violations');
  });
}

/** Picks an account and a token mode on the page's switch by their labels. */
async function choose(page, { account, tokenMode } = {}) {
  await page.locator('#setup').waitFor({ state: 'visible' });
  if (account) await page.locator('#account-options label', { hasText: account }).click();
  if (tokenMode) await page.locator('#token-options label', { hasText: tokenMode }).click();
}

/** Whether every <img> under `selector` loaded; resolves to [loaded, total]. */
function picturesLoaded(page, selector) {
  return page.locator(`${selector} img`).evaluateAll((images) => [
    images.filter((img) => img.complete && img.naturalWidth > 0).length,
    images.length,
  ]);
}

async function openLockAndLogIn(page, user, password = user.password) {
  await page.locator('#login:not([disabled])').click();
  await logInWithLock(page, user.email, password);
}

async function googleLog(google) {
  const response = await fetch(`${google}/__mock/log`);
  return (await response.json()).requests;
}

async function injectFault(google, fault) {
  const response = await fetch(`${google}/__mock/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  assert.equal(response.status, 200, await response.text());
}

function rawGetStatus(origin, path) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${origin}/`, { path }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.setTimeout(5_000, () => request.destroy(new Error(`GET ${path} timed out`)));
    request.on('error', reject);
  });
}

async function errorShown(page) {
  await page.locator('#error').waitFor({ state: 'visible' });
  return {
    code: (await page.locator('#error-code').textContent()).trim(),
    message: (await page.locator('#error-message').textContent()).trim(),
  };
}

describe('demo page', () => {
  demoTest('Lock login shows the person and every contact from Google', async ({ page, google }) => {
    const expected = contactsOf(demoUser);
    await openLockAndLogIn(page, demoUser);

    const count = page.locator('#contacts-count');
    await count.waitFor({ state: 'visible' });
    assert.equal(await count.textContent(), `${expected} contacts`);
    assert.equal(await page.locator('#contacts-list > li').count(), expected);
    assert.equal(await page.locator('#profile-name').textContent(), demoUser.name);
    assert.equal(await page.locator('#profile-email').textContent(), demoUser.email);
    assert.equal(await page.locator('#error').isVisible(), false);

    // The profile picture is the tenant's, and it really loaded.
    const pictureLoaded = await page
      .locator('#profile-picture')
      .evaluate((img) => img.complete && img.naturalWidth > 0);
    assert.ok(pictureLoaded, 'profile picture loaded');

    // Every Google call was authorised with the token from the profile, and the
    // list was paged with Google's own page tokens.
    const calls = await googleLog(google);
    const listCalls = calls.filter((c) => c.path === '/v1/people/me/connections');
    assert.ok(listCalls.length >= 1);
    assert.ok(calls.every((c) => c.auth === 'valid'), JSON.stringify(calls));
    assert.ok(!('pageToken' in listCalls[0].query), 'the first page has no page token');
    const pageSize = Number(listCalls[0].query.pageSize || 100);
    assert.equal(listCalls.length, Math.ceil(expected / pageSize));

    // The tokens Lock got in the URL fragment are gone from the address bar.
    assert.equal(new URL(page.url()).hash, '');
    await screenshot(page, 'demo-logged-in');

    // Logging out goes through the tenant and back to a page with nothing shown.
    await page.locator('#logout').click();
    await page.locator('#login:not([disabled])').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#profile').isVisible(), false);
  });

  demoTest('GitHub: the switch logs Ken in and shows followers and following', async ({ page }) => {
    const ken = userByEmail('ken@example.test');
    const github = identityOf(ken, 'github');
    await choose(page, { account: 'GitHub' });
    assert.match(await page.locator('#setup-hint').textContent(), /ken@example\.test/);
    await page.locator('#login:not([disabled])').click();
    // The switch suggests the account: Lock opens with its email filled in.
    const email = page.locator('.auth0-lock input[name="email"]');
    await email.waitFor({ state: 'visible' });
    assert.equal(await email.inputValue(), ken.email);
    await logInWithLock(page, ken.email, ken.password);

    await page.locator('#following-count').waitFor({ state: 'visible' });
    const countOf = (kind) => page.locator(`#${kind}-count`).textContent();
    assert.equal(await countOf('followers'), `${github.followers} followers`);
    assert.equal(await countOf('following'), `${github.following} following`);
    assert.equal(await page.locator('#followers-list > li').count(), github.followers);
    assert.equal(await page.locator('#profile-name').textContent(), ken.name);
    assert.match(await page.locator('#profile-identity').textContent(), /GitHub/);
    assert.equal(await page.locator('#contacts').count(), 0);
    // Scroll the lazy pictures of the first screenful in before checking them.
    await page.locator('#followers-list > li').nth(11).scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const [loaded] = await picturesLoaded(page, '#followers-list > li:nth-child(-n+12)');
    assert.equal(loaded, 12, 'follower pictures load from the mock GitHub');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'demo-github', { fullPage: false });
  });

  demoTest('Microsoft: contacts without pictures show initials', async ({ page }) => {
    const radia = userByEmail('radia@example.test');
    const expected = identityOf(radia, 'windowslive').contacts;
    await choose(page, { account: 'Microsoft' });
    await openLockAndLogIn(page, radia);

    await page.locator('#contacts-count').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#contacts-count').textContent(), `${expected} contacts`);
    assert.equal(await page.locator('#contacts-list > li').count(), expected);
    assert.equal(await page.locator('#profile-name').textContent(), radia.name);
    assert.equal(await page.locator('#contacts-list span.avatar').count(), expected);
    const firstInitials = await page.locator('#contacts-list span.avatar').first().textContent();
    assert.match(firstInitials, /^\w{1,2}$/);
    await screenshot(page, 'demo-microsoft', { fullPage: false });
  });

  const backendMode =
    'token mode "app backend": no token in the profile, the page asks /api/idp-token';
  demoTest(backendMode, async ({ page, google }) => {
    await choose(page, { account: 'Google', tokenMode: 'app backend' });
    assert.match(await page.locator('#setup-hint').textContent(), /\/api\/idp-token/);
    const tokenRequests = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === '/api/idp-token') tokenRequests.push(request.method());
    });
    await openLockAndLogIn(page, demoUser);

    await page.locator('#contacts-count').waitFor({ state: 'visible' });
    const count = await page.locator('#contacts-count').textContent();
    assert.equal(count, `${contactsOf(demoUser)} contacts`);
    assert.match(await page.locator('#profile-identity').textContent(), /app backend/);
    assert.ok(tokenRequests.includes('POST'), `token endpoint asked: ${tokenRequests}`);
    assert.ok((await googleLog(google)).every((call) => call.auth === 'valid'));
    await screenshot(page, 'demo-token-endpoint', { fullPage: false });
  });

  demoTest('the chosen account survives the redirect through the tenant', async ({ page }) => {
    await choose(page, { account: 'Microsoft', tokenMode: 'profile' });
    await openLockAndLogIn(page, userByEmail('radia@example.test'));
    await page.locator('#contacts-count').waitFor({ state: 'visible' });
    // Logging out returns to the page with the same choice ready for the next login.
    await page.locator('#logout').click();
    await page.locator('#login:not([disabled])').waitFor({ state: 'visible' });
    assert.equal(
      await page.locator('#account-options input:checked').getAttribute('value'),
      'windowslive',
    );
  });

  const wrongPassword = 'a wrong password shows Lock\'s error and never calls Google';
  demoTest(wrongPassword, async ({ page, google, watch }) => {
    // Chrome logs the tenant's 403 for the refused credentials.
    watch.expect(/status of 403.*\/co\/authenticate/);
    await openLockAndLogIn(page, demoUser, 'not-the-password');

    const lockError = page.locator('.auth0-lock .auth0-global-message-error');
    await lockError.waitFor({ state: 'visible' });
    assert.match(await lockError.textContent(), /wrong/i);
    // Lock stays open for another try; Lock's authorization_error reaches
    // onLogin, which reports a login_error without echoing what was typed.
    assert.equal(await page.locator('.auth0-lock input[name="password"]').isVisible(), true);
    const shown = await errorShown(page);
    assert.equal(shown.code, 'login_error');
    assert.ok(!shown.message.includes('not-the-password'));
    assert.equal(await page.locator('#profile').isVisible(), false);
    assert.deepEqual(await googleLog(google), []);
    // Lock fades its error in; wait for it to settle before the picture.
    await page.waitForTimeout(600);
    await screenshot(page, 'demo-wrong-password', { fullPage: false });
  });

  demoTest('a linked account uses its Google identity, not the first one', async ({ page }) => {
    const grace = userNamed('grace');
    await openLockAndLogIn(page, grace);

    const count = page.locator('#contacts-count');
    await count.waitFor({ state: 'visible' });
    assert.equal(await count.textContent(), `${contactsOf(grace)} contacts`);
    assert.match(await page.locator('#profile-identity').textContent(), /google-oauth2/);
  });

  demoTest('a token Google rejects shows token_invalid in the error panel', async ({ page, watch }) => {
    watch.expect(/status of 401/);
    await openLockAndLogIn(page, userNamed('edsger'));

    const shown = await errorShown(page);
    assert.equal(shown.code, 'token_invalid');
    assert.ok(shown.message.length > 0);
    assert.ok(!shown.message.includes(identityOf(userNamed('edsger'), 'google-oauth2').accessToken));
    assert.equal(await page.locator('#contacts').isVisible(), false);
    assert.match(await page.locator('#error-advice').textContent(), /log in again/i);
    await screenshot(page, 'demo-token-invalid');
  });

  demoTest(
    'a profile without provider tokens shows missing_idp_token',
    async ({ page, google }) => {
      await openLockAndLogIn(page, demoUser);
      const shown = await errorShown(page);
      assert.equal(shown.code, 'missing_idp_token');
      assert.deepEqual(await googleLog(google), []);
    },
    { mockOptions: { includeIdpTokens: false } },
  );

  const rateLimited = 'a rate-limited page is retried and the list still completes';
  demoTest(rateLimited, async ({ page, google, watch }) => {
    watch.expect(/status of 429/);
    await injectFault(google, {
      path: '/v1/people/me/connections',
      fault: { status: 429, headers: { 'Retry-After': '1' } },
      times: 1,
    });
    await openLockAndLogIn(page, demoUser);

    const count = page.locator('#contacts-count');
    await count.waitFor({ state: 'visible' });
    assert.equal(await count.textContent(), `${contactsOf(demoUser)} contacts`);
    const limited = (await googleLog(google)).filter((c) => c.status === 429);
    assert.equal(limited.length, 1);
  });

  demoTest('a progress bar shows while the pages of contacts come in', async ({ page, google }) => {
    // A short first page comes at once, the second one late: the page must
    // show what it has so far in between.
    const path = '/v1/people/me/connections';
    await injectFault(google, { path, fault: { maxItems: 100 }, times: 1 });
    await injectFault(google, { path, fault: { delayMs: 3_000 }, times: 1 });
    await openLockAndLogIn(page, demoUser);

    const progress = page.locator('#progress');
    await progress.waitFor({ state: 'visible' });
    assert.match(await page.locator('#progress-label').textContent(), /\d+ so far/);
    assert.equal(await page.locator('#contacts').isVisible(), false);

    await page.locator('#contacts-count').waitFor({ state: 'visible' });
    assert.equal(await progress.isVisible(), false);
  });

  demoTest(
    'the page works at phone width',
    async ({ page }) => {
      const sideways = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
      await page.locator('#setup').waitFor({ state: 'visible' });
      assert.ok((await sideways()) <= 0, 'no sideways scrolling before login');
      await screenshot(page, 'demo-phone-setup', { fullPage: false });

      await openLockAndLogIn(page, demoUser);
      await page.locator('#contacts-count').waitFor({ state: 'visible' });

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
      await screenshot(page, 'demo-phone', { fullPage: false });
    },
    { viewport: PHONE },
  );
});

describe('demo server', () => {
  let server;
  before(async () => {
    server = await startDemoServer({ port: 0 });
  });
  after(() => server.close());

  test('sends a CSP that allows no inline script and no eval', async () => {
    const response = await fetch(`${server.origin}/`);
    const csp = response.headers.get('content-security-policy');
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    assert.match(scriptSrc, /^script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'/);
    assert.doesNotMatch(await response.text(), /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  });

  test('serves wasm as application/wasm and refuses paths outside its folders', async () => {
    const wasm = await fetch(`${server.origin}/pkg/idp_bridge_bg.wasm`, { method: 'HEAD' });
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    // Raw requests: fetch() would tidy the dot segments away before sending.
    for (const path of ['/pkg/../package.json', '/www/%2e%2e/package.json', '/tools/serve.mjs']) {
      assert.equal(await rawGetStatus(server.origin, path), 404, path);
    }
  });

  test('demo-config.json points Lock and the providers at the mocks', async () => {
    const config = await (await fetch(`${server.origin}/demo-config.json`)).json();
    assert.equal(config.lock.domain, server.mocks.tenantOrigin);
    assert.equal(config.lock.tokenIssuer, server.mocks.issuer);
    assert.deepEqual(config.bridge.endpoints, server.mocks.providers);
    assert.equal(config.bridge.allowInsecureLoopback, true);
  });
});
