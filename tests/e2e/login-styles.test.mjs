// Every login style, end to end with the real npm package in headless Chromium:
// Lock 9 (bundled with browserify; `sso: false` and its default sso popup),
// Lock 14 (attachToLock), Auth0.js 10 and 9 (redirect and popup), and
// auth0-spa-js (redirect and popup), each logging in against the mock tenant
// and reaching the mock Google through idp-bridge, in the token modes the style
// allows: `profile` (legacy client, tokens in identities[]), `endpoint`
// (modern client, tokens from the reference backend mounted at /api/idp-token)
// and, for Auth0.js 10, `claim` (tokens in a custom claim of the ID token).
// Each style's failure path ends in onError with login_error.
//
// Needs pkg/ (npm run build), dist/lock.js (npm run bundle:lock) and
// dist/lock9.js (npm run bundle:lock9). Expected figures come from users.mjs.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startMocks } from '../../tools/mock/index.mjs';
import { startTenantMock } from '../../tools/mock/tenant.mjs';
import { selfSignedCertificate } from '../../tools/mock/tls.mjs';
import { demoUser, identityOf, users } from '../../tools/mock/users.mjs';
import {
  logInWithLock,
  openBrowser,
  screenshot,
  watchPage,
} from './browser.mjs';
import { startPagesServer } from './pages/server.mjs';

const TEST_TIMEOUT_MS = 60_000;
const grace = users.find((user) => user.nickname === 'grace');

for (const built of ['pkg/idp_bridge.js', 'dist/lock.js', 'dist/lock9.js']) {
  const file = fileURLToPath(new URL(`../../${built}`, import.meta.url));
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "npm run build", "npm run bundle:lock" and ` +
      '"npm run bundle:lock9" first');
  }
}

/** Fills the mock tenant's hosted login page and presses Continue or Cancel. */
async function useLoginPage(page, user, { cancel = false } = {}) {
  const form = page.locator('#mock-login');
  await form.waitFor({ state: 'visible' });
  if (cancel) return form.locator('button[value="cancel"]').click();
  await form.locator('input[name="email"]').fill(user.email);
  await form.locator('input[name="password"]').fill(user.password);
  return form.locator('button[value="login"]').click();
}

/** Fills and submits Lock 9's sign-in form. */
async function logInWithLock9(page, email, password) {
  const emailField = page.locator('#a0-lock input[name="email"]');
  await emailField.waitFor({ state: 'visible' });
  await emailField.fill(email);
  await page.locator('#a0-lock input[name="password"]').fill(password);
  await page.locator('#a0-lock button.a0-primary[type="submit"]').click();
}

/** The result the page shows, once it shows one. */
async function resultShown(page) {
  await page.locator('#result').waitFor({ state: 'visible' });
  const text = async (id) => (await page.locator(`#${id}`).textContent()).trim();
  return {
    callbackShape: await text('callback-shape'),
    tokenSource: await text('token-source'),
    profileName: await text('profile-name'),
    identity: await text('identity'),
    meName: await text('me-name'),
    contacts: Number(await text('contacts-count')),
  };
}

async function errorShown(page) {
  await page.locator('#error').waitFor({ state: 'visible' });
  return {
    code: (await page.locator('#error-code').textContent()).trim(),
    reason: (await page.locator('#error-reason').textContent()).trim(),
    message: (await page.locator('#error-message').textContent()).trim(),
  };
}

function assertReachedGoogle(shown, user, tokenSource) {
  const google = identityOf(user, 'google-oauth2');
  assert.equal(shown.tokenSource, tokenSource);
  assert.equal(shown.profileName, user.name);
  assert.equal(shown.identity, `google-oauth2|${google.userId}`);
  assert.equal(shown.meName, user.name);
  assert.equal(shown.contacts, google.contacts);
}

describe('login styles', () => {
  let mocks;
  let lock9Tenant;
  let pages;

  before(async () => {
    mocks = await startMocks({});
    lock9Tenant = await startTenantMock({ port: 0, users, tls: await selfSignedCertificate() });
    pages = await startPagesServer({ mocks, lock9: lock9Tenant });
  });
  after(async () => {
    await pages?.close();
    await lock9Tenant?.close();
    await mocks?.close();
  });

  /**
   * Opens `pageName` in token mode `tokens` in a fresh browser and runs
   * `body({ page, watch })`; unexpected console errors, CSP violations and
   * requests off the loopback address fail the test.
   */
  function styleTest(name, options, body) {
    const { pageName, tokens = 'profile', lock9 = false, auth0js = '10', flow } = options;
    test(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
      // The Lock 9 tenant serves a self-signed certificate.
      const browser = await openBrowser({
        extraArgs: lock9 ? ['--ignore-certificate-errors'] : [],
      });
      t.after(() => browser.close());
      const watch = await watchPage(browser.page);
      const query = `?tokens=${tokens}&auth0js=${auth0js}${flow ? `&flow=${flow}` : ''}`;
      await browser.page.goto(`${pages.origin}/pages/${pageName}.html${query}`);
      await browser.page.locator('#status', { hasText: 'ready' }).waitFor();
      if (pageName.startsWith('auth0js')) {
        const loaded = await browser.page.locator('body').getAttribute('data-auth0js');
        assert.equal(loaded.split('.')[0], auth0js, `Auth0.js ${auth0js} is the one loaded`);
      }
      await body({ page: browser.page, watch });
      assert.deepEqual(watch.unexpected(), [],
        'no console errors, CSP violations or requests off loopback');
    });
  }

  describe('Lock 9 (auth0-lock 9.2.3, popup mode, six-argument callback)', () => {
    styleTest('logs in and reaches Google with the profile token', {
      pageName: 'lock9',
      lock9: true,
    }, async ({ page }) => {
      await page.locator('#login').click();
      await logInWithLock9(page, demoUser.email, demoUser.password);
      const shown = await resultShown(page);
      assertReachedGoogle(shown, demoUser, 'profile');
      assert.ok(shown.callbackShape, 'the callback shape is reported');
      await screenshot(page, 'style-lock9');
    });

    styleTest('a wrong password ends in onError with login_error', {
      pageName: 'lock9',
      lock9: true,
    }, async ({ page, watch }) => {
      watch.expect(/status of 401.*\/oauth\/ro/);
      await page.locator('#login').click();
      await logInWithLock9(page, demoUser.email, 'not-the-password');
      const shown = await errorShown(page);
      assert.equal(shown.code, 'login_error');
      assert.ok(!shown.message.includes('not-the-password'));
    });
  });

  describe('Lock 9 (auth0-lock 9.2.3, default sso: true, sso_dbconnection_popup window)', () => {
    /**
     * Logs in through Lock 9's form and the popup it opens; resolves to the
     * paths the browser asked of the Lock 9 tenant and the popup's console errors.
     */
    async function logInThroughSsoPopup(page, email, password) {
      const tenantPaths = [];
      page.context().on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin === lock9Tenant.origin) tenantPaths.push(`${request.method()} ${url.pathname}`);
      });
      const opened = page.waitForEvent('popup');
      await page.locator('#login').click();
      await logInWithLock9(page, email, password);
      const popup = await opened;
      const popupErrors = [];
      popup.on('console', (message) => {
        if (message.type() === 'error') popupErrors.push(message.text());
      });
      // WinChan closes the popup once it has the answer.
      if (!popup.isClosed()) await popup.waitForEvent('close');
      return { tenantPaths, popupErrors };
    }

    styleTest('lock.show(onLogin) logs in and reaches Google with the profile token', {
      pageName: 'lock9',
      lock9: true,
      flow: 'sso-popup',
    }, async ({ page }) => {
      const { tenantPaths, popupErrors } =
        await logInThroughSsoPopup(page, demoUser.email, demoUser.password);
      const shown = await resultShown(page);
      assertReachedGoogle(shown, demoUser, 'profile');
      const popupPath = `/sso_dbconnection_popup/${lock9Tenant.clientId}`;
      assert.ok(tenantPaths.includes(`GET ${popupPath}`), 'Lock opened the sso popup');
      assert.ok(tenantPaths.includes(`POST ${popupPath}`), 'the popup logged in');
      assert.ok(tenantPaths.includes('POST /tokeninfo'), 'auth0-js fetched the profile');
      assert.ok(!tenantPaths.includes('POST /oauth/ro'), 'not the sso: false path');
      assert.deepEqual(popupErrors, []);
    });

    styleTest('a wrong password ends in onError with login_error', {
      pageName: 'lock9',
      lock9: true,
      flow: 'sso-popup',
    }, async ({ page }) => {
      const { popupErrors } =
        await logInThroughSsoPopup(page, demoUser.email, 'not-the-password');
      const shown = await errorShown(page);
      assert.equal(shown.code, 'login_error');
      assert.ok(!shown.message.includes('not-the-password'));
      assert.equal(await page.locator('#result').isVisible(), false);
      for (const error of popupErrors) assert.match(error, /status of 401/);
    });
  });

  describe('Lock 14 (attachToLock)', () => {
    for (const tokens of ['profile', 'endpoint']) {
      styleTest(`logs in and reaches Google, token from the ${tokens}`, {
        pageName: 'lock14',
        tokens,
      }, async ({ page }) => {
        await page.locator('#login').click();
        await logInWithLock(page, grace.email, grace.password);
        assertReachedGoogle(await resultShown(page), grace, tokens);
      });
    }

    styleTest('a wrong password ends in onError with login_error', {
      pageName: 'lock14',
    }, async ({ page, watch }) => {
      watch.expect(/status of 403.*\/co\/authenticate/);
      await page.locator('#login').click();
      await logInWithLock(page, grace.email, 'not-the-password');
      const shown = await errorShown(page);
      assert.equal(shown.code, 'login_error');
      assert.ok(!shown.message.includes('not-the-password'));
    });

    styleTest('after detaching, a login no longer reaches idp-bridge', {
      pageName: 'lock14',
    }, async ({ page }) => {
      await page.evaluate(() => window.sessionStorage.setItem('detach-lock', 'yes'));
      await page.locator('#login').click();
      await logInWithLock(page, grace.email, grace.password);
      // The login completes (the page comes back with the fragment, which the
      // page's own `authenticated` listener clears) but idp-bridge shows nothing.
      await page.waitForURL((url) => url.search.includes('tokens=') && !url.hash);
      await page.locator('#status', { hasText: 'ready' }).waitFor();
      // An attached login shows its result within about a second; wait twice that.
      await page.waitForTimeout(2_000);
      assert.equal(await page.locator('#result').isVisible(), false);
      assert.equal(await page.locator('#error').isVisible(), false);
    });
  });

  for (const auth0js of ['10', '9']) {
    describe(`Auth0.js ${auth0js} redirect (handleRedirect)`, () => {
      for (const tokens of ['profile', 'endpoint']) {
        styleTest(`logs in and reaches Google, token from the ${tokens}`, {
          pageName: 'auth0js-redirect',
          tokens,
          auth0js,
        }, async ({ page }) => {
          await page.locator('#login').click();
          await useLoginPage(page, demoUser);
          assertReachedGoogle(await resultShown(page), demoUser, tokens);
          assert.equal(new URL(page.url()).hash, '', 'the tokens left the address bar');
        });
      }

      styleTest('cancelling on the login page ends in onError with login_error', {
        pageName: 'auth0js-redirect',
        auth0js,
      }, async ({ page }) => {
        await page.locator('#login').click();
        await useLoginPage(page, demoUser, { cancel: true });
        const shown = await errorShown(page);
        assert.equal(shown.code, 'login_error');
        assert.equal(shown.reason, 'access_denied');
      });
    });

    describe(`Auth0.js ${auth0js} popup (loginWithPopup)`, () => {
      for (const tokens of ['profile', 'endpoint']) {
        styleTest(`logs in and reaches Google, token from the ${tokens}`, {
          pageName: 'auth0js-popup',
          tokens,
          auth0js,
        }, async ({ page }) => {
          const opened = page.waitForEvent('popup');
          await page.locator('#login').click();
          await useLoginPage(await opened, grace);
          assertReachedGoogle(await resultShown(page), grace, tokens);
        });
      }

      styleTest('cancelling in the popup ends in onError with login_error', {
        pageName: 'auth0js-popup',
        auth0js,
      }, async ({ page }) => {
        const opened = page.waitForEvent('popup');
        await page.locator('#login').click();
        await useLoginPage(await opened, grace, { cancel: true });
        const shown = await errorShown(page);
        assert.equal(shown.code, 'login_error');
        assert.equal(shown.reason, 'access_denied');
      });
    });
  }

  describe('claim token mode (provider tokens in a custom claim of the ID token)', () => {
    /** Every provider token `user` has, and the shape of any JWT (Auth0's tokens). */
    function assertNoToken(resultJson, user) {
      for (const identity of user.identities) {
        if (identity.accessToken) assert.ok(!resultJson.includes(identity.accessToken));
      }
      assert.doesNotMatch(resultJson, /eyJ[\w-]+\.[\w-]+\./, 'no JWT in the result');
      assert.ok(!resultJson.includes('idp-bridge.test/idp_tokens'), 'the claim was dropped');
    }

    for (const pageName of ['auth0js-redirect', 'auth0js-popup']) {
      styleTest(`${pageName} logs in and reaches Google; the result holds no token`, {
        pageName,
        tokens: 'claim',
      }, async ({ page }) => {
        const opened = pageName === 'auth0js-popup' ? page.waitForEvent('popup') : null;
        await page.locator('#login').click();
        await useLoginPage(opened ? await opened : page, grace);
        const shown = await resultShown(page);
        assertReachedGoogle(shown, grace, 'claim');
        const resultJson = await page.evaluate(() => JSON.stringify(window.idpBridgeLastResult));
        assert.ok(resultJson.includes(grace.name), 'the whole result was captured');
        assertNoToken(resultJson, grace);
      });
    }
  });

  describe('auth0-spa-js (fromAuth0Client, after loginWithRedirect or loginWithPopup)', () => {
    styleTest('logs in with code + PKCE and reaches Google, token from the endpoint', {
      pageName: 'spa',
      tokens: 'endpoint',
    }, async ({ page }) => {
      await page.locator('#login').click();
      await useLoginPage(page, demoUser);
      const shown = await resultShown(page);
      assertReachedGoogle(shown, demoUser, 'endpoint');
    });

    styleTest('cancelling on the login page ends in onError with login_error', {
      pageName: 'spa',
      tokens: 'endpoint',
    }, async ({ page }) => {
      await page.locator('#login').click();
      await useLoginPage(page, demoUser, { cancel: true });
      const shown = await errorShown(page);
      assert.equal(shown.code, 'login_error');
      assert.equal(shown.reason, 'access_denied');
    });

    styleTest('loginWithPopup logs in and reaches Google, token from the endpoint', {
      pageName: 'spa',
      tokens: 'endpoint',
    }, async ({ page }) => {
      const opened = page.waitForEvent('popup');
      await page.locator('#login-popup').click();
      await useLoginPage(await opened, grace);
      assertReachedGoogle(await resultShown(page), grace, 'endpoint');
      assert.equal(new URL(page.url()).search, '?tokens=endpoint&auth0js=10',
        'the page never left for the tenant');
    });

    styleTest('cancelling in the loginWithPopup popup ends in onError with login_error', {
      pageName: 'spa',
      tokens: 'endpoint',
    }, async ({ page }) => {
      const opened = page.waitForEvent('popup');
      await page.locator('#login-popup').click();
      await useLoginPage(await opened, grace, { cancel: true });
      const shown = await errorShown(page);
      assert.equal(shown.code, 'login_error');
      assert.equal(shown.reason, 'access_denied');
    });
  });
});
