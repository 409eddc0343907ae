// The demo page: Lock logs the user in, idp-bridge (wasm) calls the identity
// provider with the provider token from the Auth0 profile, the page shows the
// person and their contacts. Where Lock and the providers live comes from
// /demo-config.json, written by tools/serve.mjs.

import Auth0Lock from '/dist/lock.js';

const byId = (id) => document.getElementById(id);

const ui = {
  login: byId('login'),
  logout: byId('logout'),
  intro: byId('intro'),
  status: byId('status'),
  error: byId('error'),
  errorCode: byId('error-code'),
  errorDetail: byId('error-detail'),
  errorMessage: byId('error-message'),
  profile: byId('profile'),
  picture: byId('profile-picture'),
  name: byId('profile-name'),
  email: byId('profile-email'),
  identity: byId('profile-identity'),
  progress: byId('progress'),
  progressLabel: byId('progress-label'),
  progressBar: byId('progress-bar'),
  contacts: byId('contacts'),
  contactsCount: byId('contacts-count'),
  contactsList: byId('contacts-list'),
};

// The error most recently shown, so one failure reported twice (callback and
// promise) is rendered once.
let shownError = null;

main().catch((error) => showError(error));

async function main() {
  const config = await loadConfig();

  // Lock and the wasm module load side by side; a login that completes first
  // (the redirect back from the tenant) waits for the module.
  const bridgeReady = loadBridge().then((bridge) => {
    bridge.configure({
      provider: config.bridge.provider,
      fetch: config.bridge.fetch,
      endpoints: config.bridge.endpoints,
      allowInsecureLoopback: config.bridge.allowInsecureLoopback,
      timeoutMs: 10000,
      maxRetries: 2,
      onProgress: showProgress,
      onResult: showResult,
      onError: showError,
    });
    return bridge;
  });
  bridgeReady.catch((error) => showError(error));

  const lock = new Auth0Lock(config.lock.clientId, config.lock.domain, lockOptions(config));

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

  ui.login.addEventListener('click', () => {
    clearError();
    lock.show();
  });
  ui.logout.addEventListener('click', () => {
    lock.logout({ returnTo: `${window.location.origin}/` });
  });

  ui.login.disabled = false;
  setStatus(window.location.hash ? 'Finishing login…' : 'Ready. Log in to see your contacts.');
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

function lockOptions(config) {
  const options = {
    auth: {
      redirectUrl: `${window.location.origin}/`,
      responseType: 'token id_token',
      params: { scope: 'openid profile email' },
    },
    // Both default to Auth0's CDNs, which this page neither needs nor allows.
    avatar: null,
    theme: { logo: '/www/logo.svg', primaryColor: '#1a73e8' },
    languageDictionary: { title: 'idp-bridge demo' },
    allowSignUp: false,
    allowForgotPassword: false,
  };
  if (config.lock.configurationBaseUrl) {
    options.configurationBaseUrl = config.lock.configurationBaseUrl;
  }
  if (config.lock.tokenIssuer) {
    options.overrides = { __token_issuer: config.lock.tokenIssuer };
  }
  return options;
}

function showProgress({ kind, pages, items, total }) {
  ui.progress.hidden = false;
  if (Number.isFinite(total) && total > 0) {
    ui.progressBar.max = total;
    ui.progressBar.value = items;
  } else {
    ui.progressBar.removeAttribute('value');
  }
  const pageWord = pages === 1 ? 'page' : 'pages';
  ui.progressLabel.textContent = `Loading ${kind || 'items'}… ${items} so far (${pages} ${pageWord})`;
}

function showResult(result) {
  clearError();
  ui.progress.hidden = true;
  ui.intro.hidden = true;
  ui.login.hidden = true;
  ui.logout.hidden = false;

  const profile = result.profile || {};
  const me = result.me || {};
  ui.profile.hidden = false;
  ui.picture.src = profile.picture || me.picture || '/www/logo.svg';
  ui.name.textContent = profile.name || me.name || profile.nickname || '(no name)';
  ui.email.textContent = profile.email || me.email || '';
  const identity = result.identity;
  ui.identity.textContent = identity
    ? `Provider data from the ${identity.provider} identity (${identity.connection})`
    : '';

  if (Array.isArray(result.contacts)) {
    showContacts(result.contacts);
    setStatus('Done.');
  } else {
    setStatus('Done (no contacts requested).');
  }
}

function showContacts(contacts) {
  const count = contacts.length;
  ui.contacts.hidden = false;
  ui.contactsCount.textContent = `${count} ${count === 1 ? 'contact' : 'contacts'}`;

  const items = contacts.map((person) => {
    const item = document.createElement('li');
    item.className = 'contact';

    const picture = document.createElement('img');
    picture.className = 'avatar';
    picture.alt = '';
    picture.width = 40;
    picture.height = 40;
    picture.loading = 'lazy';
    picture.referrerPolicy = 'no-referrer';
    if (person.picture) picture.src = person.picture;

    const text = document.createElement('span');
    text.className = 'contact-text';
    const name = document.createElement('span');
    name.className = 'contact-name';
    name.textContent = person.name || person.email || person.id;
    const email = document.createElement('span');
    email.className = 'contact-email';
    email.textContent = person.email || '';
    text.append(name, email);

    item.append(picture, text);
    return item;
  });
  ui.contactsList.replaceChildren(...items);
}

function showError(error) {
  if (error && error === shownError) return;
  shownError = error;

  ui.progress.hidden = true;
  ui.error.hidden = false;
  ui.errorCode.textContent = (error && error.code) || 'unexpected';
  const detail = [];
  if (error && error.provider) detail.push(`provider ${error.provider}`);
  if (error && error.status) detail.push(`HTTP ${error.status}`);
  ui.errorDetail.textContent = detail.length ? `(${detail.join(', ')})` : '';
  ui.errorMessage.textContent = (error && error.message) || String(error);
  setStatus('');
}

function clearError() {
  shownError = null;
  ui.error.hidden = true;
}

function setStatus(text) {
  ui.status.textContent = text;
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
