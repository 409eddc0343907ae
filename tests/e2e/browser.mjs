// Browser plumbing for the end-to-end tests: Debian's Chromium through
// playwright-core (no browser downloads), a fresh profile per browser, and a
// watch on console errors, page errors and CSP violations.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for Chromium running as root in a container with no outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Longest wait for any single step in the page. */
export const STEP_TIMEOUT_MS = 20_000;

/**
 * Launches Chromium with a fresh temporary profile. Resolves to
 * { context, page, close() }; close() also deletes the profile.
 * `extraArgs` adds Chromium flags (e.g. --ignore-certificate-errors).
 */
export async function openBrowser({ viewport = { width: 1280, height: 900 }, extraArgs = [] } = {}) {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'idp-bridge-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport,
      timeout: STEP_TIMEOUT_MS,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = context.pages()[0] || (await context.newPage());

  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects console errors, uncaught page errors, CSP violations and requests
 * to anything but 127.0.0.1 from every frame of `page`. `expected` lists
 * patterns of console errors a test causes on purpose (for example the 403 of
 * a wrong password); anything else is a problem.
 */
export async function watchPage(page) {
  const problems = [];
  const expected = [];

  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`,
      );
    });
  });

  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url || '';
    problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The demo must run offline: nothing may leave the loopback address (CDNs,
  // gravatar, fonts). Only the origin is kept, never a query with tokens.
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1') {
      problems.push(`request off loopback: ${url.origin}`);
    }
  });

  return {
    /** Marks console errors matching `pattern` as caused on purpose by the test. */
    expect(pattern) {
      expected.push(pattern);
    },
    /** Problems not matched by an expected pattern. */
    unexpected() {
      return problems.filter((p) => !expected.some((pattern) => pattern.test(p)));
    },
    all: problems,
  };
}

/** Saves a screenshot (full page unless told otherwise) under tests/e2e/artifacts/. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Fills and submits the real Lock widget's email/password form. Lock renders
 * its own markup; these selectors are its stable names for the fields.
 */
export async function logInWithLock(page, email, password) {
  const emailField = page.locator('.auth0-lock input[name="email"]');
  await emailField.waitFor({ state: 'visible' });
  await emailField.fill(email);
  await page.locator('.auth0-lock input[name="password"]').fill(password);
  await page.locator('.auth0-lock button.auth0-lock-submit').click();
}
