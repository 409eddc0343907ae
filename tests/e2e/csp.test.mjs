// Content-Security-Policy: the library runs under script-src 'self'
// 'wasm-unsafe-eval' (no 'unsafe-eval', nothing inline) without a single
// violation, on the test harness page and on the demo page. A control shows
// that the watch would see a violation: eval and an inline script are
// refused and reported.
//
// Needs pkg/ (npm run build) and, for the demo page, dist/lock.js.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDemoServer } from '../../tools/serve.mjs';
import { openBrowser, watchPage } from './browser.mjs';
import {
  PROVIDERS,
  accounts,
  clientOptions,
  control,
  openHarness,
  startHarness,
} from './harness.mjs';

const TEST_TIMEOUT_MS = 90_000;

/** The sources of one directive of a policy header. */
function directive(policy, name) {
  const entry = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([directiveName]) => directiveName === name);
  return entry ? entry.slice(1) : null;
}

const violations = (watch) => watch.all.filter((line) => line.includes('CSP violation'));

describe('the library under a strict CSP', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let harness;

  before(async () => {
    server = await startHarness();
    harness = await openHarness(server);
  });

  after(async () => {
    await harness?.close();
    await server?.close();
  });

  test('the harness page calls every provider under the strict policy', async () => {
    const response = await fetch(`${server.origin}/`);
    const policy = response.headers.get('content-security-policy') || '';
    assert.deepEqual(directive(policy, 'script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directive(policy, 'default-src'), ["'none'"]);

    const known = accounts(server.mocks);
    for (const key of PROVIDERS) {
      await control(known[key].origin, '/__mock/reset');
      const person = await harness.page.evaluate(
        async ({ profile, options }) => {
          const client = new window.idp.bridge.IdpClient(profile, options);
          return client.me();
        },
        { profile: known[key].profile, options: clientOptions(server.mocks, key) },
      );
      assert.ok(person.id, `${key}: a person`);
    }
    assert.deepEqual(harness.watch.unexpected(), [], 'no console errors or CSP violations');
  });

  test('the watch sees a violation when there is one', async () => {
    const before = violations(harness.watch).length;
    const outcome = await harness.page.evaluate(async () => {
      // Code handed over from DevTools is exempt from the policy, so the
      // control takes the page's own paths: a string timer (what
      // 'unsafe-eval' would allow) and an inline script element.
      setTimeout('window.stringTimerRan = true', 0);
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {
        stringTimerRan: window.stringTimerRan === true,
        inlineScriptRan: window.inlineScriptRan === true,
      };
    });
    assert.deepEqual(outcome, { stringTimerRan: false, inlineScriptRan: false });
    assert.ok(
      violations(harness.watch).length >= before + 2,
      `both were reported: ${violations(harness.watch).join(' | ')}`,
    );
  });
});

const DEMO_TEST = 'the demo page loads the library under its CSP without violations';
test(DEMO_TEST, { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const server = await startDemoServer({ port: 0 });
  t.after(() => server.close());
  const response = await fetch(`${server.origin}/`);
  const policy = response.headers.get('content-security-policy') || '';
  const scripts = directive(policy, 'script-src') || [];
  // Beyond 'self' and wasm, only the tenant's origin, from which Lock loads
  // its client settings as a script.
  assert.deepEqual(scripts.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"], policy);
  assert.deepEqual(scripts.slice(2), [server.mocks.tenantOrigin], policy);
  assert.ok(!policy.includes("'unsafe-eval'"), 'no unsafe-eval');

  const browser = await openBrowser();
  t.after(() => browser.close());
  const watch = await watchPage(browser.page);
  await browser.page.goto(`${server.origin}/`);
  // The login button is enabled once the wasm module and Lock are ready.
  await browser.page.locator('#login:not([disabled])').waitFor();
  assert.deepEqual(watch.unexpected(), [], 'no console errors or CSP violations');
});
