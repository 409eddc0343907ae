// The in-page side of the benchmark. The driver (run.mjs) calls
// `window.bench.*` through Playwright; each function runs one timed round of
// one side (the library, or the plain JavaScript next to it) and returns
// milliseconds measured with performance.now(), plus a digest of what it got
// so the driver can check both sides returned the same items in the same
// order.

import init, { IdpClient, parseProfile, selectIdentity } from '/pkg/idp_bridge.js';
import * as plainCalls from '/bench/plain/calls.mjs';
import * as plainProfile from '/bench/plain/profile.mjs';

const wasm = await init();

let setup = null;
let clients = null;
let corpus = [];

async function timed(work) {
  const started = performance.now();
  const digest = await work();
  return { ms: performance.now() - started, digest };
}

/** Ids of a list joined, short enough to compare across the two sides. */
function listDigest(items, idOf) {
  let hash = 0;
  for (const item of items) {
    for (const char of String(idOf(item))) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  }
  return `${items.length}:${hash}`;
}

/** Deep equality through JSON text, keys in order. */
const same = (left, right) => JSON.stringify(left) === JSON.stringify(right);

function tryCall(work) {
  try {
    return { value: work() };
  } catch (error) {
    return { code: error.code || 'thrown' };
  }
}

window.bench = {
  /**
   * Takes the mock origins, the two profiles and the profile corpus; builds
   * the clients and checks the plain profile code against the library.
   */
  setup(config) {
    setup = config;
    const common = { allowInsecureLoopback: true, maxPages: 100_000 };
    if (config.pageConcurrency !== undefined) common.pageConcurrency = config.pageConcurrency;
    clients = {
      google: new IdpClient(config.googleProfile, {
        ...common,
        endpoints: { 'google-oauth2': config.googleOrigin },
      }),
      github: new IdpClient(config.githubProfile, {
        ...common,
        endpoints: { github: config.githubOrigin },
      }),
    };

    // Only profiles both calls accept are timed; on those, and on the
    // refused ones, the plain code must agree with the library exactly.
    const usable = [];
    const disagreements = [];
    for (const { name, input } of config.corpus) {
      const library = [tryCall(() => parseProfile(input)), tryCall(() => selectIdentity(input))];
      const plain = [
        tryCall(() => plainProfile.parseProfile(input)),
        tryCall(() => plainProfile.selectIdentity(input)),
      ];
      if (!same(library, plain)) disagreements.push(name);
      if (library.every((result) => 'value' in result)) usable.push(input);
    }
    corpus = usable;
    return { usable: usable.length, disagreements };
  },

  /** `count` profiles for one round: fresh objects cycling through the corpus. */
  profiles(count) {
    const text = corpus.map((input) => JSON.stringify(input));
    return Array.from({ length: count }, (_, index) => JSON.parse(text[index % text.length]));
  },

  async libraryMe(calls) {
    return timed(async () => {
      let last = null;
      for (let call = 0; call < calls; call += 1) last = await clients.google.me();
      return last.id;
    });
  },

  async plainMe(calls) {
    return timed(async () => {
      let last = null;
      for (let call = 0; call < calls; call += 1) {
        last = await plainCalls.googleMe(setup.googleOrigin, setup.googleToken);
      }
      return last.id;
    });
  },

  async libraryParse(count) {
    const profiles = this.profiles(count);
    return timed(async () => {
      let identities = 0;
      for (const profile of profiles) {
        identities += parseProfile(profile).identities.length;
        if (selectIdentity(profile).hasAccessToken) identities += 1;
      }
      return identities;
    });
  },

  async plainParse(count) {
    const profiles = this.profiles(count);
    return timed(async () => {
      let identities = 0;
      for (const profile of profiles) {
        identities += plainProfile.parseProfile(profile).identities.length;
        if (plainProfile.selectIdentity(profile).hasAccessToken) identities += 1;
      }
      return identities;
    });
  },

  async libraryGoogleAll(pageSize) {
    return timed(async () => {
      const items = await clients.google.getAll('/v1/people/me/connections', {
        personFields: 'names,emailAddresses,photos',
        pageSize,
      });
      return listDigest(items, (item) => item.resourceName);
    });
  },

  async plainGoogleAll(pageSize) {
    return timed(async () => {
      const items = await plainCalls.googleConnections(
        setup.googleOrigin,
        setup.googleToken,
        pageSize,
      );
      return listDigest(items, (item) => item.resourceName);
    });
  },

  async libraryGithubAll(perPage) {
    return timed(async () => {
      const items = await clients.github.getAll('/user/followers', { per_page: perPage });
      return listDigest(items, (item) => item.id);
    });
  },

  async plainGithubAll(perPage) {
    return timed(async () => {
      const items = await plainCalls.githubFollowers(
        setup.githubOrigin,
        setup.githubToken,
        perPage,
      );
      return listDigest(items, (item) => item.id);
    });
  },

  /** `me()` calls without timing, for the memory figure. */
  async callMe(calls) {
    for (let call = 0; call < calls; call += 1) await clients.google.me();
  },

  wasmMemoryBytes() {
    return wasm.memory.buffer.byteLength;
  },
};

window.benchReady = true;
