// The benchmark driver: idp-bridge next to the alternatives, in headless
// Chromium on loopback, one table at the end.
//
//   node bench/run.mjs            full run (a few minutes); needs pkg/ built
//   node bench/run.mjs --smoke    small counts, for `npm test`: checks that
//                                 every figure is measured and the table
//                                 prints, never how fast anything is
//   --only=size,startup,calls,memory   run only these groups of rows
//   --page-concurrency=N               the library's pageConcurrency (default:
//                                      the library's own default)
//
// Each comparison runs warm-up rounds, then rounds in alternation (library,
// plain, library, plain, ...), and reports median, min and max. Everything
// listens on 127.0.0.1 with ephemeral ports and is stopped at the end.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { transform } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/browser.mjs';
import { startGithubMock } from '../tools/mock/github.mjs';
import { startGoogleMock } from '../tools/mock/google.mjs';
import { benchUsers, legacyProfile, profileCorpus } from './fixtures.mjs';
import { startServer } from './server.mjs';
import { formatTable, row } from './table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const FULL = {
  startupLoads: 30,
  startupWarmup: 2,
  meCalls: 1000,
  parseProfiles: 10_000,
  listSize: 10_000,
  pageSize: 100,
  latencyMs: 20,
  rounds: 5,
  warmupRounds: 1,
  memoryEarly: 100,
  memoryLate: 10_000,
};

const SMOKE = {
  startupLoads: 1,
  startupWarmup: 0,
  meCalls: 20,
  parseProfiles: 200,
  listSize: 500,
  pageSize: 100,
  latencyMs: 5,
  rounds: 1,
  warmupRounds: 1,
  memoryEarly: 100,
  memoryLate: 200,
};

/** Longest any single step in the browser may take. */
const STEP_TIMEOUT_MS = 120_000;
/** Growth of the JS heap or wasm memory allowed between the two memory readings. */
const MEMORY_GROWTH_LIMIT = 1024 * 1024;

const smoke = process.argv.includes('--smoke');
const settings = smoke ? SMOKE : FULL;

/** The value of `--name=value`, or undefined. */
function flag(name) {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const GROUPS = ['size', 'startup', 'calls', 'memory'];
const only = flag('only')?.split(',') ?? GROUPS;
const unknownGroups = only.filter((group) => !GROUPS.includes(group));
if (unknownGroups.length) {
  process.stderr.write(`bench: unknown --only group ${unknownGroups.join(', ')}; ` +
    `known: ${GROUPS.join(', ')}\n`);
  process.exit(2);
}
const pageConcurrency = flag('page-concurrency') === undefined
  ? undefined
  : Number(flag('page-concurrency'));

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Launches Chromium with a fresh temporary profile; resolves to { context, close }. */
async function launch() {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'idp-bridge-bench-'));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: STEP_TIMEOUT_MS,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => {});
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Raw and gzip (level 9) bytes of a list of files; with `minify`, the
 * JavaScript among them is first minified by esbuild, as an app's bundler
 * would (the comparison libraries ship minified builds).
 */
async function sizeOf(files, { minify = false } = {}) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    let bytes = await readFile(path.join(ROOT, file));
    if (minify && file.endsWith('.js')) {
      const { code } = await transform(bytes.toString('utf8'), {
        minify: true,
        format: 'esm',
        target: 'es2022',
      });
      bytes = Buffer.from(code);
    }
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** The wasm, the JS glue and the snippets wasm-bindgen copied next to it. */
async function packageFiles() {
  const files = ['pkg/idp_bridge_bg.wasm', 'pkg/idp_bridge.js'];
  const walk = async (dir) => {
    for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.name.endsWith('.js')) files.push(relative);
    }
  };
  await walk('pkg/snippets');
  return files;
}

async function sizeRows() {
  const files = await packageFiles();
  const ours = await sizeOf(files);
  const minified = await sizeOf(files, { minify: true });
  const hello = await sizeOf(['node_modules/hellojs/dist/hello.all.min.js']);
  const auth0 = await sizeOf(['node_modules/auth0-js/dist/auth0.min.js']);
  const kb = (bytes) => [bytes / 1000];
  return [
    row({
      figure: 'download, gzip',
      unit: 'KB',
      ours: kb(ours.gzip),
      theirs: kb(hello.gzip),
      against: 'hello.all.min.js',
      target: 1.0,
      digits: 1,
    }),
    row({
      figure: 'download, gzip, glue minified',
      unit: 'KB',
      ours: kb(minified.gzip),
      theirs: kb(hello.gzip),
      against: 'hello.all.min.js',
      target: null,
      digits: 1,
    }),
    row({
      figure: 'download, raw',
      unit: 'KB',
      ours: kb(ours.raw),
      theirs: kb(hello.raw),
      against: 'hello.all.min.js',
      target: null,
      digits: 1,
    }),
    row({
      figure: 'download, gzip',
      unit: 'KB',
      ours: kb(ours.gzip),
      theirs: kb(auth0.gzip),
      against: 'auth0.min.js',
      target: null,
      digits: 1,
    }),
  ];
}

/** Milliseconds from navigation start to `window.startupMs`, in a fresh browser. */
async function loadOnce(origin, page) {
  const browser = await launch();
  try {
    const tab = browser.context.pages()[0] || (await browser.context.newPage());
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${origin}/bench/startup/${page}`);
    await tab.waitForFunction(() => window.startupMs !== undefined, null, {
      timeout: STEP_TIMEOUT_MS,
    });
    if (errors.length) throw new Error(`${page}: ${errors.join('; ')}`);
    return await tab.evaluate(() => window.startupMs);
  } finally {
    await browser.close();
  }
}

async function startupRows(origin) {
  const pages = ['idp-bridge.html', 'hello.html', 'auth0-js.html'];
  const times = Object.fromEntries(pages.map((page) => [page, []]));
  const loads = settings.startupWarmup + settings.startupLoads;
  for (let load = 0; load < loads; load += 1) {
    for (const page of pages) {
      const ms = await loadOnce(origin, page);
      if (load >= settings.startupWarmup) times[page].push(ms);
    }
  }
  log(`start-up: ${settings.startupLoads} loads of each page`);
  const ours = times['idp-bridge.html'];
  return [
    row({
      figure: 'start-up (ready after navigation)',
      unit: 'ms',
      ours,
      theirs: times['hello.html'],
      against: 'hello.all.min.js',
      target: 1.0,
      digits: 1,
    }),
    row({
      figure: 'start-up (ready after navigation)',
      unit: 'ms',
      ours,
      theirs: times['auth0-js.html'],
      against: 'auth0.min.js',
      target: null,
      digits: 1,
    }),
  ];
}

/**
 * Warm-up rounds, then rounds alternating library and plain. Each call of
 * `side(name)` returns { ms, digest }; the digests of the two sides must
 * agree, so both did the same work.
 */
async function alternate(page, label, library, plain, argument, perUnit = 1) {
  const call = (name) =>
    withTimeout(
      page.evaluate(([fn, arg]) => window.bench[fn](arg), [name, argument]),
      `${label} (${name})`,
    );
  const ours = [];
  const theirs = [];
  for (let round = 0; round < settings.warmupRounds + settings.rounds; round += 1) {
    const a = await call(library);
    const b = await call(plain);
    if (a.digest !== b.digest) {
      throw new Error(`${label}: the two sides differ (${a.digest} vs ${b.digest})`);
    }
    if (round >= settings.warmupRounds) {
      ours.push(a.ms / perUnit);
      theirs.push(b.ms / perUnit);
    }
  }
  log(`${label}: ${settings.rounds} rounds each side`);
  return { ours, theirs };
}

async function setDelay(origins, delayMs) {
  for (const origin of origins) {
    await fetch(`${origin}/__mock/reset`, { method: 'POST' });
    if (delayMs > 0) {
      const response = await fetch(`${origin}/__mock/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: '*', fault: { delayMs }, times: null }),
      });
      if (!response.ok) throw new Error(`the mock at ${origin} refused the delay`);
    }
  }
}

async function openBenchPage(context, origin, config) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/bench/page.html`);
  await page.waitForFunction(() => window.benchReady === true, null, {
    timeout: STEP_TIMEOUT_MS,
  });
  const checked = await page.evaluate((value) => window.bench.setup(value), config);
  if (errors.length) throw new Error(`bench page: ${errors.join('; ')}`);
  return { page, checked };
}

async function inPageRows(origin, mocks, config) {
  const browser = await launch();
  try {
    const { page, checked } = await openBenchPage(browser.context, origin, config);
    if (checked.disagreements.length) {
      throw new Error(
        `the plain profile code disagrees with the library on: ${checked.disagreements.join(', ')}`,
      );
    }
    log(`profiles: ${checked.usable} fixtures accepted by both calls, outputs identical`);

    const rows = [];
    await setDelay(mocks, 0);
    const me = await alternate(
      page, 'me()', 'libraryMe', 'plainMe', settings.meCalls, settings.meCalls,
    );
    rows.push(row({
      figure: `per call: ${settings.meCalls} sequential me()`,
      unit: 'ms/call',
      ...me,
      against: 'fetch + json()',
      target: 1.1,
      digits: 3,
    }));

    const parse = await alternate(
      page, 'parsing', 'libraryParse', 'plainParse', settings.parseProfiles,
    );
    rows.push(row({
      figure: `parsing: ${settings.parseProfiles} profiles, parse + select`,
      unit: 'ms',
      ...parse,
      against: 'plain JS normalizer',
      target: 1.5,
      digits: 1,
    }));

    await setDelay(mocks, settings.latencyMs);
    const pages = settings.listSize / settings.pageSize;
    const shape = `${pages} pages, +${settings.latencyMs} ms`;
    const google = await alternate(
      page, 'Google paging', 'libraryGoogleAll', 'plainGoogleAll', settings.pageSize,
    );
    rows.push(row({
      figure: `paging, cursor: ${settings.listSize} contacts, ${shape}`,
      unit: 'ms',
      ...google,
      against: 'nextPageToken loop',
      target: 1.05,
      digits: 0,
    }));
    const github = await alternate(
      page, 'GitHub paging', 'libraryGithubAll', 'plainGithubAll', settings.pageSize,
    );
    rows.push(row({
      figure: `paging, numbered: ${settings.listSize} followers, ${shape}`,
      unit: 'ms',
      ...github,
      against: 'Link rel=next loop',
      target: 0.3,
      digits: 0,
    }));
    await setDelay(mocks, 0);
    return rows;
  } finally {
    await browser.close();
  }
}

/** JS heap (after a forced GC) and wasm memory after `early`, then `late`, me() calls. */
async function memoryRows(origin, config) {
  const browser = await launch();
  try {
    const { page } = await openBenchPage(browser.context, origin, config);
    const cdp = await browser.context.newCDPSession(page);
    const reading = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const wasm = await page.evaluate(() => window.bench.wasmMemoryBytes());
      return { heap: usedSize, wasm };
    };
    const calls = (count) =>
      withTimeout(page.evaluate((n) => window.bench.callMe(n), count), `${count} me() calls`);

    await calls(settings.memoryEarly);
    const early = await reading();
    await calls(settings.memoryLate - settings.memoryEarly);
    const late = await reading();
    log(`memory: readings after ${settings.memoryEarly} and ${settings.memoryLate} calls`);

    const mb = (bytes) => [bytes / (1024 * 1024)];
    const growthRow = (figure, key) => {
      const growth = late[key] - early[key];
      return row({
        figure,
        unit: 'MiB',
        ours: mb(late[key]),
        theirs: mb(early[key]),
        against: `after ${settings.memoryEarly} calls`,
        verdict: {
          text: `${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB`,
          target: '< 1 MiB growth',
          met: growth < MEMORY_GROWTH_LIMIT,
        },
        digits: 2,
      });
    };
    return [
      growthRow(`memory: JS heap after ${settings.memoryLate} me()`, 'heap'),
      growthRow(`memory: wasm after ${settings.memoryLate} me()`, 'wasm'),
    ];
  } finally {
    await browser.close();
  }
}

function browserVersion() {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(0);

/** The 1-minute load average: timings on a busy machine spread wide. */
const loadNow = () => loadavg()[0].toFixed(1);

async function main() {
  const started = Date.now();
  const loadAtStart = loadNow();
  const users = benchUsers({ contacts: settings.listSize, followers: settings.listSize });
  const [googleUser, githubUser] = users;
  const stops = [];
  try {
    const google = await startGoogleMock({ port: 0, users });
    stops.push(google.close);
    const github = await startGithubMock({ port: 0, users });
    stops.push(github.close);
    const server = await startServer();
    stops.push(server.close);

    const config = {
      googleOrigin: google.origin,
      githubOrigin: github.origin,
      googleProfile: legacyProfile(googleUser),
      githubProfile: legacyProfile(githubUser),
      googleToken: googleUser.identities[0].accessToken,
      githubToken: githubUser.identities[0].accessToken,
      corpus: profileCorpus(),
      pageConcurrency,
    };

    const wanted = (group) => only.includes(group);
    const rows = [
      ...(wanted('size') ? await sizeRows() : []),
      ...(wanted('startup') ? await startupRows(server.origin) : []),
      ...(wanted('calls')
        ? await inPageRows(server.origin, [google.origin, github.origin], config)
        : []),
      ...(wanted('memory') ? await memoryRows(server.origin, config) : []),
    ];

    const chromium = browserVersion();
    process.stdout.write(
      `\nidp-bridge benchmark${smoke ? ' (smoke: small counts, timings meaningless)' : ''}` +
        ` — ${chromium}, node ${process.version}, loopback\n` +
        `rounds: ${settings.rounds} per side after ${settings.warmupRounds} warm-up, ` +
        `alternating; start-up: ${settings.startupLoads} fresh-browser loads per page; ` +
        `pageConcurrency ${pageConcurrency ?? 'default'}; ` +
        `load average ${loadAtStart} at start, ${loadNow()} at end (${cpus().length} cores)\n\n` +
        `${formatTable(rows)}\n\n` +
        `ratio = idp-bridge median / comparison median; took ${seconds(started)} s\n\n`,
    );

    const unmeasured = rows.filter(
      (r) => ![r.a.median, r.b.median].every(Number.isFinite) || r.shownRatio === 'NaN',
    );
    if (unmeasured.length) {
      throw new Error(`figures not measured: ${unmeasured.map((r) => r.figure).join(', ')}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench: failed: ${error.stack || error}\n`);
  process.exit(1);
});
