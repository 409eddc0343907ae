// Auth0.js (auth0-js 10, or 9 with ?auth0js=9) popup login: loginWithPopup(webAuth) opens the
// tenant's login page in a popup; the popup's callback page hands the result
// back (auth0js-popup-callback.js), then userInfo and the onLogin path run.

import {
  auth0jsUrl,
  authParamsFor,
  clientIdFor,
  loadBridge,
  loadConfig,
  ready,
  pageQuery,
} from './common.js';

const { WebAuth, version } = await import(auth0jsUrl);
document.body.dataset.auth0js = version.raw || String(version);
const config = await loadConfig();
const bridge = await loadBridge(config);
const webAuth = new WebAuth({
  domain: config.tenant.origin,
  clientID: clientIdFor(config),
  redirectUri: `${window.location.origin}/pages/auth0js-popup-callback.html${pageQuery}`,
  responseType: 'token id_token',
  overrides: { __token_issuer: config.tenant.issuer },
  ...authParamsFor(config),
});

document.getElementById('login').addEventListener('click', () => {
  bridge.loginWithPopup(webAuth).catch(() => undefined);
});
ready();
