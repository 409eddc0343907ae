// Lock 11-14 (current auth0-lock): attachToLock(lock) subscribes to
// `authenticated` and `authorization_error`; Lock's cross-origin login comes
// back to this page with the tokens in the fragment.

import Auth0Lock from '/dist/lock.js';

import { authParamsFor, clientIdFor, loadBridge, loadConfig, ready, returnUrl } from './common.js';

const config = await loadConfig();
const bridge = await loadBridge(config);
const lock = new Auth0Lock(clientIdFor(config), config.tenant.origin, {
  configurationBaseUrl: config.tenant.origin,
  overrides: { __token_issuer: config.tenant.issuer },
  auth: { redirectUrl: returnUrl, responseType: 'token id_token', params: authParamsFor(config) },
  avatar: null,
  theme: { logo: '/logo.svg' },
  allowSignUp: false,
  allowForgotPassword: false,
});
// Attached right after construction: Lock reads a returning fragment soon after.
const detach = bridge.attachToLock(lock);
// The detach test sets this before logging in, so the page that comes back
// from the tenant detaches before Lock reports the login.
if (window.sessionStorage.getItem('detach-lock') === 'yes') detach();
lock.on('authenticated', () => window.history.replaceState(null, '', returnUrl));

document.getElementById('login').addEventListener('click', () => lock.show());
ready();
