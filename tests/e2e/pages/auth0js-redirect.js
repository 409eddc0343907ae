// Auth0.js (auth0-js 10, or 9 with ?auth0js=9) redirect login: authorize() leaves
// for the tenant's login page, which comes back here with the tokens in the fragment;
// handleRedirect(webAuth) runs parseHash and userInfo, then the onLogin path.

import {
  auth0jsUrl,
  authParamsFor,
  clientIdFor,
  loadBridge,
  loadConfig,
  ready,
  returnUrl,
} from './common.js';

const { WebAuth, version } = await import(auth0jsUrl);
document.body.dataset.auth0js = version.raw || String(version);
const config = await loadConfig();
const bridge = await loadBridge(config);
const webAuth = new WebAuth({
  domain: config.tenant.origin,
  clientID: clientIdFor(config),
  redirectUri: returnUrl,
  responseType: 'token id_token',
  overrides: { __token_issuer: config.tenant.issuer },
  ...authParamsFor(config),
});

document.getElementById('login').addEventListener('click', () => webAuth.authorize());
if (window.location.hash) {
  // Resolves to null when the fragment holds no login; errors go to onError.
  await bridge.handleRedirect(webAuth).catch(() => undefined);
  window.history.replaceState(null, '', returnUrl);
}
ready();
