// Auth0.js (auth0-js 10) popup login: loginWithPopup(webAuth) opens the
// tenant's login page in a popup; the popup's callback page hands the result
// back (auth0js-popup-callback.js), then userInfo and the onLogin path run.

import { WebAuth } from '/vendor/auth0-js.js';

import { authParamsFor, clientIdFor, loadBridge, loadConfig, ready, tokenMode } from './common.js';

const config = await loadConfig();
const bridge = await loadBridge(config);
const webAuth = new WebAuth({
  domain: config.tenant.origin,
  clientID: clientIdFor(config),
  redirectUri: `${window.location.origin}/pages/auth0js-popup-callback.html?tokens=${tokenMode}`,
  responseType: 'token id_token',
  overrides: { __token_issuer: config.tenant.issuer },
  ...authParamsFor(config),
});

document.getElementById('login').addEventListener('click', () => {
  bridge.loginWithPopup(webAuth).catch(() => undefined);
});
ready();
