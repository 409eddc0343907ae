// The demo page: Lock logs the user in, idp-bridge (wasm) calls the identity
// provider with the provider token, the page shows the person and the people
// they know there. Where Lock and the providers live, which mock accounts to
// offer and which token modes exist come from /demo-config.json, written by
// tools/serve.mjs.
//
// Lock redirects back to this page, so the account and token mode chosen
// before logging in are kept in sessionStorage and read again on return.

import Auth0Lock from '/dist/lock.js';

const byId = (id) => document.getElementById(id);

const ui = {
  login: byId('login'),
  logout: byId('logout'),
  intro: byId('intro'),
  setup: byId('setup'),
  accountSwitch: byId('account-switch'),
  accountOptions: byId('account-options'),
  tokenSwitch: byId('token-switch'),
  tokenOptions: byId('token-options'),
  setupHint: byId('setup-hint'),
  status: byId('status'),
  error: byId('error'),
  errorCode: byId('error-code'),
  errorDetail: byId('error-detail'),
  errorMessage: byId('error-message'),
  errorAdvice: byId('error-advice'),
  profile: byId('profile'),
  picture: byId('profile-picture'),
  name: byId('profile-name'),
  email: byId('profile-email'),
  identity: byId('profile-identity'),
  progress: byId('progress'),
  progressLabel: byId('progress-label'),
  progressBar: byId('progress-bar'),
  lists: byId('lists'),
};

const CHOICE_KEY = 'idp-bridge-demo-choice';

/** The lists a login may fetch, in the order the page shows them. */
const LIST_KINDS = ['contacts', 'friends', 'followers', 'following'];

const PROVIDER_NAMES = {
  'google-oauth2': 'Google',
  github: 'GitHub',
  windowslive: 'Microsoft',
};

const TOKEN_SOURCES = {
  profile: 'the token came with the Auth0 profile',
  claim: 'the token came in a custom claim',
  endpoint: 'the token came from the app backend',
};

/** What a reader can do about the errors a demo login meets most. */
const ADVICE = {
  login_error: 'Check the email and password, then log in again.',
  missing_idp_token:
    'Auth0 sent no provider token. Use a token source: the app backend or a custom claim.',
  no_identities: 'The profile lists no identities. Configure a tokenEndpoint or claim.',
  no_matching_identity: 'This user has no identity at that provider. Pick the matching account.',
  token_invalid: 'The provider refused the token (expired or revoked). Log in again.',
  insufficient_scope: 'The login did not grant the scope this list needs. Ask for it, log in again.',
  rate_limited: 'The provider is rate-limiting this app. Wait a little and try again.',
  network: 'No answer from the provider: offline, blocked, or refused by CORS.',
  timeout: 'The provider took too long to answer. Try again.',
  token_endpoint: 'The app backend did not hand out a token; its status is shown above.',
  wasm_not_built: 'Run "npm run build", then reload.',
};

// The error most recently shown, so one failure reported twice (callback and
// promise) is rendered once.
let shownError = null;

main().catch((error) => showError(error));

async function main() {
  const config = await loadConfig();
  const choice = readChoice(config);
  renderSetup(config, choice);

  // Lock and the wasm module load side by side; a login that completes first
  // (the redirect back from the tenant) waits for the module.
  const bridgeReady = loadBridge().then((bridge) => {
    bridge.configure(bridgeOptions(config, choice));
    return bridge;
  });
  bridgeReady.catch((error) => showError(error));

  const handOver = async (...args) => {
    setStatus('Calling the identity provider…');
    try {
      const bridge = await bridgeReady;
      // onError shows failures as well; awaiting here keeps a rejection handled.
      await bridge.onLogin(...args);
    } catch (error) {
      showError(error);
    }
  };

  // The Lock for the stored choice reads a login coming back in the URL.
  let lock = createLock(config, choice, handOver);
  let lockKey = choice.key;

  ui.login.addEventListener('click', () => {
    clearError();
    const next = currentChoice(config);
    saveChoice(next);
    if (next.key !== lockKey) {
      // Another client ID or account: a Lock of its own. The module is
      // configured for it when the login comes back to this page.
      lock = createLock(config, next, handOver);
      lockKey = next.key;
    }
    lock.show();
  });
  ui.logout.addEventListener('click', () => {
    lock.logout({ returnTo: `${window.location.origin}/` });
  });

  ui.login.disabled = false;
  setStatus(window.location.hash ? 'Finishing login…' : 'Ready. Pick an account and log in.');
}

async function loadConfig() {
  const response = await fetch('/demo-config.json');
  if (!response.ok) throw codedError('demo_config', `demo-config.json: HTTP ${response.status}`);
  return response.json();
}

/** Imports and initialises the wasm package, explaining a missing build. */
async function loadBridge() {
  let bridge;
  try {
    bridge = await import('/pkg/idp_bridge.js');
  } catch (error) {
    throw codedError(
      'wasm_not_built',
      `Could not load /pkg/idp_bridge.js (${error.message}). Run "npm run build" first.`,
    );
  }
  await bridge.default();
  return bridge;
}

// ---- The account and token-mode switch -------------------------------------

/**
 * The account and token mode to use: { account, mode, key }. `account` is
 * null for a real tenant (the page then uses config.bridge as it is), `mode`
 * null where the config offers no token modes.
 */
function choiceOf(config, provider, modeKey) {
  const accounts = config.accounts || [];
  const modes = config.tokenModes || [];
  const account = accounts.find((a) => a.provider === provider) || accounts[0] || null;
  const mode = modes.find((m) => m.key === modeKey) || modes[0] || null;
  const clientId = mode ? mode.clientId : config.lock.clientId;
  return { account, mode, key: `${clientId} ${account ? account.provider : ''}` };
}

function readChoice(config) {
  let stored = {};
  try {
    stored = JSON.parse(window.sessionStorage.getItem(CHOICE_KEY) || '{}') || {};
  } catch {
    stored = {};
  }
  return choiceOf(config, stored.provider, stored.tokenMode);
}

function saveChoice(choice) {
  const stored = {
    provider: choice.account ? choice.account.provider : undefined,
    tokenMode: choice.mode ? choice.mode.key : undefined,
  };
  window.sessionStorage.setItem(CHOICE_KEY, JSON.stringify(stored));
}

function currentChoice(config) {
  const checked = (name) => document.querySelector(`input[name="${name}"]:checked`)?.value;
  return choiceOf(config, checked('account'), checked('token-mode'));
}

function renderSetup(config, choice) {
  const accounts = config.accounts || [];
  const modes = config.tokenModes || [];
  if (accounts.length === 0 && modes.length < 2) return;

  ui.accountSwitch.hidden = accounts.length === 0;
  ui.accountOptions.replaceChildren(
    ...accounts.map((account) =>
      switchOption('account', account.provider, account.label, account === choice.account),
    ),
  );
  // One token mode is no choice: the switch shows only when there are two.
  ui.tokenSwitch.hidden = modes.length < 2;
  ui.tokenOptions.replaceChildren(
    ...modes.map((mode) => switchOption('token-mode', mode.key, mode.label, mode === choice.mode)),
  );
  ui.setup.hidden = false;

  const update = () => showSetupHint(currentChoice(config));
  ui.setup.addEventListener('change', update);
  update();
}

function switchOption(name, value, label, checked) {
  const wrapper = document.createElement('label');
  wrapper.className = 'switch-option';
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = value;
  input.checked = checked;
  const text = document.createElement('span');
  text.textContent = label;
  wrapper.append(input, text);
  return wrapper;
}

function showSetupHint({ account, mode }) {
  const parts = [];
  if (account) {
    const lists = account.fetch.filter((kind) => kind !== 'me').join(' and ');
    const login = account.password
      ? `Log in as ${account.email} with password ${account.password}`
      : `Log in as ${account.email}`;
    parts.push(`${login}; the page shows your ${lists} at ${account.label}.`);
  }
  if (mode && mode.hint) parts.push(mode.hint);
  ui.setupHint.textContent = parts.join(' ');
}

// ---- Lock and the module's options -----------------------------------------

function createLock(config, choice, handOver) {
  const clientId = choice.mode ? choice.mode.clientId : config.lock.clientId;
  const lock = new Auth0Lock(clientId, config.lock.domain, lockOptions(config, choice));

  lock.on('authenticated', (authResult) => {
    forgetTokensInAddressBar();
    setStatus('Logged in. Reading your Auth0 profile…');
    lock.getUserInfo(authResult.accessToken, (error, profile) =>
      handOver(error, authResult, profile),
    );
  });
  lock.on('authorization_error', (error) => {
    forgetTokensInAddressBar();
    handOver(error);
  });
  return lock;
}

function lockOptions(config, choice) {
  const params = { scope: 'openid profile email' };
  // An access token for the app's own API is what the token endpoint accepts.
  if (choice.mode && choice.mode.audience) params.audience = choice.mode.audience;

  const options = {
    auth: {
      redirectUrl: `${window.location.origin}/`,
      responseType: 'token id_token',
      params,
    },
    // Both default to Auth0's CDNs, which this page neither needs nor allows.
    avatar: null,
    theme: { logo: '/www/logo.svg', primaryColor: '#1a73e8' },
    languageDictionary: { title: 'idp-bridge demo' },
    allowSignUp: false,
    allowForgotPassword: false,
  };
  if (choice.account) options.prefill = { email: choice.account.email };
  if (config.lock.configurationBaseUrl) {
    options.configurationBaseUrl = config.lock.configurationBaseUrl;
  }
  if (config.lock.tokenIssuer) {
    options.overrides = { __token_issuer: config.lock.tokenIssuer };
  }
  return options;
}

function bridgeOptions(config, { account, mode }) {
  return {
    provider: account ? account.provider : config.bridge.provider,
    fetch: account ? account.fetch : config.bridge.fetch,
    endpoints: config.bridge.endpoints,
    allowInsecureLoopback: config.bridge.allowInsecureLoopback,
    tokenEndpoint: mode && mode.tokenEndpoint ? mode.tokenEndpoint : null,
    timeoutMs: 10000,
    maxRetries: 2,
    onProgress: showProgress,
    onResult: showResult,
    onError: showError,
  };
}

// ---- What the page shows ---------------------------------------------------

function showProgress({ kind, pages, items, total }) {
  ui.progress.hidden = false;
  if (Number.isFinite(total) && total > 0) {
    ui.progressBar.max = total;
    ui.progressBar.value = items;
  } else {
    ui.progressBar.removeAttribute('value');
  }
  const pageWord = pages === 1 ? 'page' : 'pages';
  const what = kind || 'items';
  ui.progressLabel.textContent = `Loading ${what}… ${items} so far (${pages} ${pageWord})`;
}

function showResult(result) {
  clearError();
  ui.progress.hidden = true;
  ui.intro.hidden = true;
  ui.setup.hidden = true;
  ui.login.hidden = true;
  ui.logout.hidden = false;

  const profile = result.profile || {};
  const me = result.me || {};
  ui.profile.hidden = false;
  ui.picture.src = me.picture || profile.picture || '/www/logo.svg';
  ui.name.textContent = profile.name || me.name || profile.nickname || '(no name)';
  ui.email.textContent = profile.email || me.email || '';
  const identity = result.identity;
  if (identity) {
    const from = `${providerName(identity.provider)} (${identity.connection || identity.provider})`;
    const source = TOKEN_SOURCES[result.tokenSource] || 'token source unknown';
    ui.identity.textContent = `Data from ${from}; ${source}.`;
  } else {
    ui.identity.textContent = '';
  }

  const sections = LIST_KINDS.filter((kind) => Array.isArray(result[kind])).map((kind) =>
    listSection(kind, result[kind]),
  );
  ui.lists.replaceChildren(...sections);
  setStatus(sections.length ? '' : 'Done (no lists requested).');
}

function listSection(kind, people) {
  const section = document.createElement('section');
  section.className = 'panel';
  section.id = kind;

  const count = document.createElement('h2');
  count.id = `${kind}-count`;
  count.textContent = `${people.length} ${people.length === 1 ? singular(kind) : kind}`;

  const list = document.createElement('ul');
  list.id = `${kind}-list`;
  list.className = 'people';
  list.append(...people.map(personItem));

  section.append(count, list);
  return section;
}

function personItem(person) {
  const item = document.createElement('li');
  item.className = 'person';
  const label = person.name || person.email || person.id;

  let picture;
  if (person.picture) {
    picture = document.createElement('img');
    picture.alt = '';
    picture.width = 40;
    picture.height = 40;
    picture.loading = 'lazy';
    picture.referrerPolicy = 'no-referrer';
    picture.src = person.picture;
  } else {
    // No picture at the provider (Microsoft contacts have none): initials.
    picture = document.createElement('span');
    picture.setAttribute('aria-hidden', 'true');
    picture.textContent = initials(label);
  }
  picture.classList.add('avatar');

  const text = document.createElement('span');
  text.className = 'person-text';
  const name = document.createElement('span');
  name.className = 'person-name';
  name.textContent = label;
  const email = document.createElement('span');
  email.className = 'person-email';
  email.textContent = person.email && person.email !== label ? person.email : '';
  text.append(name, email);

  item.append(picture, text);
  return item;
}

function showError(error) {
  if (error && error === shownError) return;
  shownError = error;

  const code = (error && error.code) || 'unexpected';
  ui.progress.hidden = true;
  ui.error.hidden = false;
  ui.errorCode.textContent = code;
  const detail = [];
  if (error && error.provider) detail.push(providerName(error.provider));
  if (error && error.status) detail.push(`HTTP ${error.status}`);
  if (error && error.reason) detail.push(error.reason);
  ui.errorDetail.textContent = detail.join(' · ');
  ui.errorMessage.textContent = (error && error.message) || String(error);
  ui.errorAdvice.textContent = ADVICE[code] || '';
  ui.errorAdvice.hidden = !ADVICE[code];
  setStatus('');
}

function clearError() {
  shownError = null;
  ui.error.hidden = true;
}

function setStatus(text) {
  ui.status.textContent = text;
  ui.status.hidden = !text;
}

// ---- Small helpers ---------------------------------------------------------

function providerName(provider) {
  return PROVIDER_NAMES[provider] || provider;
}

function singular(kind) {
  return { contacts: 'contact', friends: 'friend', followers: 'follower' }[kind] || kind;
}

function initials(label) {
  const words = String(label).split(/[\s@._-]+/).filter(Boolean);
  return words.slice(0, 2).map((word) => word[0].toUpperCase()).join('') || '?';
}

/** Lock has read the tokens from the URL fragment; keep them out of history. */
function forgetTokensInAddressBar() {
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
}

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}
