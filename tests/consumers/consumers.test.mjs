// idp-bridge as its users get it. A Vite app installs the packed tarball from
// npm pack, type-checks against it, builds, and runs onLogin in headless
// Chromium under a strict CSP; a plain HTML page imports pkg/idp_bridge.js
// with <script type="module"> and no build step. Both log in against the mock
// Google with an Auth0-shaped profile and must show every contact.
//
// Needs pkg/ (npm run build). Installs tests/consumers/vite-app's own npm
// packages (vite) from its lockfile.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { packTarball, PKG_DIR, ROOT } from '../../tools/package.mjs';
import { startGoogleMock } from '../../tools/mock/google.mjs';
import { listen, sendText } from '../../tools/mock/http.mjs';
import { identityEntry } from '../../tools/mock/tenant.mjs';
import { demoUser, identityOf, users } from '../../tools/mock/users.mjs';
import { openBrowser, watchPage } from '../e2e/browser.mjs';

const VITE_APP = fileURLToPath(new URL('./vite-app/', import.meta.url));
const PLAIN_PAGE = fileURLToPath(new URL('./plain-page/', import.meta.url));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** npm ci on a fresh machine downloads vite; everything else takes seconds. */
const SETUP_TIMEOUT_MS = 300_000;
const TEST_TIMEOUT_MS = 60_000;
const BOUNDED = { timeout: TEST_TIMEOUT_MS };

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const options = { cwd, timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error) {
        error.message += `\n${stdout}\n${stderr}`;
        return reject(error);
      }
      resolve(stdout);
    });
  });
}

/**
 * Serves files on 127.0.0.1: `routes` maps a URL prefix to a folder. `csp`,
 * when given, is sent with every answer.
 */
async function serveFolders(routes, csp) {
  const headers = csp ? { 'Content-Security-Policy': csp } : {};
  return listen(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://consumer.invalid');
    if (pathname === '/favicon.ico') {
      res.writeHead(204, headers);
      return res.end();
    }
    const wanted = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    for (const [prefix, folder] of Object.entries(routes)) {
      if (!wanted.startsWith(prefix)) continue;
      const file = path.normalize(path.join(folder, wanted.slice(prefix.length)));
      if (!file.startsWith(folder)) break;
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) break;
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': info.size,
        ...headers,
      });
      createReadStream(file).pipe(res);
      return;
    }
    sendText(res, 404, 'Not found', 'text/plain; charset=utf-8', headers);
  });
}

/** The profile a legacy Auth0 tenant sends: provider tokens in its identities. */
function legacyProfile(user) {
  return {
    user_id: user.userId,
    name: user.name,
    nickname: user.nickname,
    email: user.email,
    email_verified: user.emailVerified,
    identities: user.identities.map((identity) => identityEntry(identity, true)),
  };
}

/**
 * Opens `url`, waits for the app to load idp-bridge, logs `user` in through
 * window.consumer.login and returns its summary. Console errors, CSP
 * violations and requests off loopback fail the test.
 */
async function logInThrough(t, url, google, user) {
  const browser = await openBrowser();
  t.after(() => browser.close());
  const watch = await watchPage(browser.page);
  await browser.page.goto(url);
  await browser.page.locator('#status', { hasText: 'Ready' }).waitFor();

  const summary = await browser.page.evaluate(
    (request) => window.consumer.login(request),
    { endpoints: { 'google-oauth2': google.origin }, profile: legacyProfile(user) },
  );
  return { summary, page: browser.page, watch };
}

async function expectEveryContact(t, url, google) {
  const { summary, page, watch } = await logInThrough(t, url, google, demoUser);
  assert.deepEqual(summary, {
    callbackShape: 'auth-result-and-profile',
    name: demoUser.name,
    contacts: identityOf(demoUser, 'google-oauth2').contacts,
  });
  assert.equal(await page.locator('#count').textContent(), `${summary.contacts} contacts`);
  assert.deepEqual(watch.all, []);
}

describe('consumers of the package', () => {
  let scratch;
  let google;
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'idp-bridge-consumers-'));
    google = await startGoogleMock({ port: 0, users });
  });
  after(async () => {
    await google?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('a Vite app that installs the tarball', () => {
    let dist;
    before(
      async () => {
        const packed = await packTarball(path.join(scratch, 'tarball'));
        await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], VITE_APP);
        await run(
          'npm',
          ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', packed.tarball],
          VITE_APP,
        );
        dist = path.join(scratch, 'vite-dist');
        const vite = 'node_modules/vite/bin/vite.js';
        await run(process.execPath, [vite, 'build', '--outDir', dist], VITE_APP);
      },
      { timeout: SETUP_TIMEOUT_MS },
    );

    test('type-checks against the installed package (exports → types)', BOUNDED, async () => {
      await run(process.execPath, [TSC, '-p', '.'], VITE_APP);
    });

    test('the build emits the wasm as an asset and no source of ours', async () => {
      const assets = await readdir(path.join(dist, 'assets'));
      const wasm = /^idp_bridge_bg-[\w-]+\.wasm$/;
      assert.ok(assets.some((file) => wasm.test(file)), assets.join(', '));
      assert.ok(assets.every((file) => !file.endsWith('.map') && !file.endsWith('.ts')));
    });

    const underCsp = 'onLogin shows every contact from the mock Google, under a strict CSP';
    test(underCsp, BOUNDED, async (t) => {
      const csp = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        `connect-src 'self' ${google.origin}`,
        "object-src 'none'",
      ].join('; ');
      const server = await serveFolders({ '/': dist }, csp);
      t.after(() => server.close());
      await expectEveryContact(t, `${server.origin}/`, google);
    });
  });

  describe('a plain page with <script type="module">', () => {
    let server;
    before(async () => {
      server = await serveFolders({ '/pkg/': PKG_DIR, '/': PLAIN_PAGE });
    });
    after(() => server?.close());

    test('onLogin shows every contact from the mock Google', BOUNDED, async (t) => {
      await expectEveryContact(t, `${server.origin}/`, google);
    });

    test('a revoked token arrives as an IdpBridgeError with its code', BOUNDED, async (t) => {
      const revoked = users.find((user) => user.identities.some((identity) => identity.revoked));
      const { summary, watch } = await logInThrough(t, `${server.origin}/`, google, revoked);
      assert.equal(summary.error?.name, 'IdpBridgeError');
      assert.equal(summary.error.code, 'token_invalid');
      const token = identityOf(revoked, 'google-oauth2').accessToken;
      assert.ok(!summary.error.message.includes(token), 'the message never carries the token');
      // Chromium logs the mock's 401 itself; nothing else may go wrong.
      assert.deepEqual(watch.all.filter((problem) => !/status of 401/.test(problem)), []);
    });
  });
});
