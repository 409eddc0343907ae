// Shared by the login-style pages: loads the config and the wasm module,
// configures it for the token mode in the URL (?tokens=profile|endpoint), and
// shows the result or the error in elements the tests read.

const byId = (id) => document.getElementById(id);

/**
 * `profile` (tokens in the profile, legacy client), `endpoint` (token backend)
 * or `claim` (tokens in the ID token's custom claim, claim client).
 */
export const tokenMode = (() => {
  const asked = new URLSearchParams(window.location.search).get('tokens');
  return asked === 'endpoint' || asked === 'claim' ? asked : 'profile';
})();

/** Which Auth0.js major version the Auth0.js pages load (?auth0js=9; default 10). */
export const auth0jsVersion =
  new URLSearchParams(window.location.search).get('auth0js') === '9' ? '9' : '10';

/** The ES module build of that Auth0.js version. */
export const auth0jsUrl = auth0jsVersion === '9' ? '/vendor/auth0-js-9.js' : '/vendor/auth0-js.js';

/** This page's query for the token mode and library version, which redirects keep. */
export const pageQuery = `?tokens=${tokenMode}&auth0js=${auth0jsVersion}`;

/** This page's URL without fragment: the redirect target. */
export const returnUrl = `${window.location.origin}${window.location.pathname}${pageQuery}`;

export async function loadConfig() {
  const response = await fetch('/pages-config.json');
  return response.json();
}

/** The Auth0 client for the token mode: only the legacy one's profiles carry tokens. */
export function clientIdFor(config) {
  if (tokenMode === 'endpoint') return config.tenant.modernClientId;
  if (tokenMode === 'claim') return config.tenant.claimClientId;
  return config.tenant.legacyClientId;
}

/** Authorization parameters: in endpoint mode the API audience, which the backend requires. */
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
    claim: tokenMode === 'claim' ? config.tenant.idpTokensClaim : null,
    timeoutMs: 10000,
    onResult: showResult,
    onError: showError,
  });
  byId('mode').textContent = tokenMode;
  return bridge;
}

export function showResult(result) {
  // Kept whole for the tests that check the result carries no token.
  window.idpBridgeLastResult = result;
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
