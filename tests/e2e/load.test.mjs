// Load: one page makes IDP_LOAD_CALLS (default 1,000) concurrent calls
// against the mock providers. Every call must end with a result or an Error
// with a code, none may hang, the console must stay free of errors (such as
// wasm-bindgen's "closure invoked after being dropped"), and memory must come
// back: the JS heap to its baseline after garbage collection, and the wasm
// memory must not keep growing from one run to the next. A second run mixes
// in calls aborted by their signal and calls that time out.
//
// Needs pkg/ (npm run build).
//
// Limit: at 3,000 concurrent calls Chromium itself refuses some fetches
// (net::ERR_INSUFFICIENT_RESOURCES, logged to the console); the library then
// rejects those calls with code `network`, and this test fails on the console
// errors and the missing results. Sizes up to 1,000 are what it checks.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PROVIDERS,
  accounts,
  clientOptions,
  control,
  openHarness,
  startHarness,
} from './harness.mjs';

const CALLS = Number(process.env.IDP_LOAD_CALLS || 1000);
/** A call still pending after this long counts as hung. */
const HANG_MS = 60_000;
/** How much the JS heap may stay above its baseline after collection. */
const HEAP_SLACK_BYTES = 1024 * 1024;
/**
 * How much a repeat of the plain run may add to the heap the first plain run
 * left. Measured: a few tens of KB; keeping a 100-byte object per response
 * adds about 250 KB per run.
 */
const REPEAT_SLACK_BYTES = 160 * 1024;
const TEST_TIMEOUT_MS = 240_000;

/** Lists that some of the calls fetch whole, to put paging under load too. */
const LISTS = { 'google-oauth2': 'contacts', windowslive: 'contacts', spotify: 'following' };

describe(`load: ${CALLS} concurrent calls`, { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let harness;
  let cdp;
  let known;

  before(async () => {
    server = await startHarness();
    known = accounts(server.mocks);
    harness = await openHarness(server);
    cdp = await harness.context.newCDPSession(harness.page);
    await cdp.send('HeapProfiler.enable');
  });

  after(async () => {
    await harness?.close();
    await server?.close();
  });

  /**
   * After a full collection: the V8 heap in use (CDP), the page's own JS
   * memory figure, which also counts large strings kept outside the V8 heap
   * (response bodies are such strings), and the wasm memory size.
   */
  async function memory() {
    for (let round = 0; round < 3; round += 1) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const page = await harness.page.evaluate(() => ({
      js: performance.memory.usedJSHeapSize,
      wasm: window.idp.wasmMemoryBytes(),
    }));
    return { heap: usedSize, js: page.js, wasm: page.wasm };
  }

  /**
   * Makes `calls` concurrent calls in the page. Each call is a plan entry:
   * { key, kind?, abortAfterMs?, timeoutMs? }. Resolves to counts by
   * outcome ("ok" or the error code), the hung and untyped counts, and time.
   */
  async function burst(plan) {
    const profiles = Object.fromEntries(PROVIDERS.map((key) => [key, known[key].profile]));
    const options = Object.fromEntries(
      PROVIDERS.map((key) => [key, clientOptions(server.mocks, key, { maxRetries: 0 })]),
    );
    return harness.page.evaluate(
      async ({ plan: calls, profiles: byKey, options: optionsByKey, hangMs }) => {
        const { IdpClient } = window.idp.bridge;
        const started = performance.now();
        const outcomes = {};
        let hung = 0;
        let untyped = 0;
        const one = async (call) => {
          const settings = { ...optionsByKey[call.key] };
          if (call.timeoutMs) settings.timeoutMs = call.timeoutMs;
          const client = new IdpClient(byKey[call.key], settings);
          const controller = new AbortController();
          if (call.abortAfterMs !== undefined) {
            setTimeout(() => controller.abort(), call.abortAfterMs);
          }
          const callOptions = { signal: controller.signal };
          const work = call.kind ? client.list(call.kind, callOptions) : client.me(callOptions);
          let timer;
          const guard = new Promise((resolve) => {
            timer = setTimeout(() => resolve('hung'), hangMs);
          });
          const outcome = await Promise.race([
            work.then(
              () => 'ok',
              (error) => (error instanceof Error && typeof error.code === 'string'
                ? error.code
                : 'untyped'),
            ),
            guard,
          ]);
          clearTimeout(timer);
          client.free();
          if (outcome === 'hung') hung += 1;
          else if (outcome === 'untyped') untyped += 1;
          else outcomes[outcome] = (outcomes[outcome] || 0) + 1;
        };
        await Promise.all(calls.map(one));
        return { outcomes, hung, untyped, ms: Math.round(performance.now() - started) };
      },
      { plan, profiles, options, hangMs: HANG_MS },
    );
  }

  /** `count` calls spread over the providers, one in ten a whole list. */
  function plainPlan(count) {
    return Array.from({ length: count }, (_, n) => {
      const key = PROVIDERS[n % PROVIDERS.length];
      const kind = n % 10 === 0 ? LISTS[key] : undefined;
      return kind ? { key, kind } : { key };
    });
  }

  function assertClean(result, label) {
    assert.equal(result.hung, 0, `${label}: calls hung`);
    assert.equal(result.untyped, 0, `${label}: calls failed without an Error and a code`);
    assert.deepEqual(harness.watch.unexpected(), [], `${label}: console errors`);
  }

  test('every call ends, memory comes back, and again with aborts and timeouts', async () => {
    for (const key of PROVIDERS) await control(known[key].origin, '/__mock/reset');

    // Warm up, so that the baseline already holds the module's lazily made parts.
    assertClean(await burst(plainPlan(40)), 'warm-up');
    const baseline = await memory();

    const plain = await burst(plainPlan(CALLS));
    assertClean(plain, 'plain run');
    assert.equal(plain.outcomes.ok, CALLS, `plain run: ${JSON.stringify(plain.outcomes)}`);
    const afterPlain = await memory();

    // Mixed: a third aborted at once or a little later, a third timing out
    // against a mock that answers GitHub's /user after a second, the rest plain.
    await control(known.github.origin, '/__mock/faults', {
      path: '/user',
      fault: { delayMs: 1_000 },
      times: null,
    });
    const mixedPlan = plainPlan(CALLS).map((call, n) => {
      if (n % 3 === 1) return { ...call, abortAfterMs: n % 2 ? 0 : n % 50 };
      if (n % 3 === 2) return { key: 'github', timeoutMs: 200 };
      return call.key === 'github' ? { key: 'spotify' } : call;
    });
    const mixed = await burst(mixedPlan);
    assertClean(mixed, 'mixed run');
    const timedOut = mixedPlan.filter((call) => call.timeoutMs).length;
    const aborted = mixedPlan.filter((call) => call.abortAfterMs !== undefined).length;
    assert.equal(mixed.outcomes.timeout, timedOut, `mixed: ${JSON.stringify(mixed.outcomes)}`);
    const abortedOrDone = (mixed.outcomes.aborted || 0) + (mixed.outcomes.ok || 0);
    assert.equal(abortedOrDone, CALLS - timedOut, `mixed: ${JSON.stringify(mixed.outcomes)}`);
    assert.ok(mixed.outcomes.aborted >= aborted / 2, 'most aborted calls end as aborted');
    // Let the mock's slow answers to the abandoned requests drain.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await control(known.github.origin, '/__mock/reset');
    const afterMixed = await memory();

    // A plain run once more: the wasm memory grown by the first run suffices.
    const again = await burst(plainPlan(CALLS));
    assertClean(again, 'repeat run');
    const afterAgain = await memory();

    const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
    const series = (field) =>
      [baseline, afterPlain, afterMixed, afterAgain].map((m) => mb(m[field])).join(' → ');
    console.log(
      `load: ${CALLS} calls, plain ${plain.ms} ms, mixed ${mixed.ms} ms ` +
        `(${JSON.stringify(mixed.outcomes)}), repeat ${again.ms} ms; MB at baseline → ` +
        `after plain → after mixed → after repeat: V8 heap ${series('heap')}; ` +
        `page JS memory ${series('js')}; wasm memory ${series('wasm')}`,
    );
    for (const [label, after] of [
      ['plain', afterPlain],
      ['mixed', afterMixed],
      ['repeat', afterAgain],
    ]) {
      for (const field of ['heap', 'js']) {
        assert.ok(
          after[field] <= baseline[field] + HEAP_SLACK_BYTES,
          `${field} after the ${label} run: ${mb(after[field])} MB, ` +
            `baseline ${mb(baseline[field])} MB`,
        );
      }
    }
    for (const field of ['heap', 'js']) {
      assert.ok(
        afterAgain[field] <= afterPlain[field] + REPEAT_SLACK_BYTES,
        `${field} grew from ${mb(afterPlain[field])} MB to ${mb(afterAgain[field])} MB ` +
          'between two identical runs',
      );
    }
    assert.equal(afterAgain.wasm, afterMixed.wasm, 'the wasm memory grew again on a repeat run');
  });
});
