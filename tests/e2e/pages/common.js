// Shared by the login-style pages: loads the config and the wasm module,
// configures it for the token mode in the URL (?tokens=profile|endpoint), and
// shows the result or the error in elements the tests read.

const byId = (id) => document.getElementById(id);

/** `profile` (tokens in the profile, legacy client) or `endpoint` (token backend). */
export const tokenMode =
  new URLSearchParams(window.location.search).get('tokens') === 'endpoint' ? 'endpoint' : 'profile';

/** This page's URL without query or fragment, plus the token mode: the redirect target. */
export const returnUrl = `${window.location.origin}${window.location.pathname}?tokens=${tokenMode}`;

export async function loadConfig() {
  const response = await fetch('/pages-config.json');
  return response.json();
}

/** The Auth0 client for the token mode: only the modern one's profiles lack tokens. */
export function clientIdFor(config) {
  return tokenMode === 'endpoint' ? config.tenant.modernClientId : config.tenant.legacyClientId;
}

/** Authorization parameters: the API audience in endpoint mode, so the backend accepts the token. */
export function authParamsFor(config) {
  const params = { scope: 'openid profile email' };
  if (tokenMode === 'endpoint') params.audience = config.tenant.audience;
  return params;
}

/** Imports and initialises idp-bridge and sets its defaults for this page. */
export async function loadBridge(config) {
  const bridge = await import('/pkg/idp_bridge.js');
  await bridge.default();
  bridge.configure({
    provider: 'google-oauth2',
    fetch: ['me', 'contacts'],
    endpoints: config.endpoints,
    allowInsecureLoopback: true,
    tokenEndpoint: tokenMode === 'endpoint' ? '/api/idp-token' : null,
    timeoutMs: 10000,
    onResult: showResult,
    onError: showError,
  });
  byId('mode').textContent = tokenMode;
  return bridge;
}

export function showResult(result) {
  byId('result').hidden = false;
  byId('callback-shape').textContent = result.callbackShape;
  byId('token-source').textContent = result.tokenSource;
  byId('profile-name').textContent = result.profile.name || '';
  byId('identity').textContent = `${result.identity.provider}|${result.identity.userId}`;
  byId('me-name').textContent = (result.me && result.me.name) || '';
  byId('contacts-count').textContent = String((result.contacts || []).length);
}

export function showError(error) {
  byId('error').hidden = false;
  byId('error-code').textContent = (error && error.code) || 'unexpected';
  byId('error-reason').textContent = (error && error.reason) || '';
  byId('error-message').textContent = (error && error.message) || String(error);
}

/** Marks the page ready for the test to click. */
export function ready() {
  byId('status').textContent = 'ready';
}
