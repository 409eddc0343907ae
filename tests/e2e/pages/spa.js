// auth0-spa-js: authorization code with PKCE. loginWithRedirect() leaves for
// the tenant's login page, handleRedirectCallback() exchanges the code, then
// fromAuth0Client(client) reads getUser(), getIdTokenClaims() and
// getTokenSilently(). loginWithPopup() does the same in a popup, which the
// tenant answers with response_mode=web_message. Its user carries no
// identities, so only the token endpoint mode applies.

import { Auth0Client } from '/vendor/auth0-spa-js.js';

import { authParamsFor, clientIdFor, loadBridge, loadConfig, ready, returnUrl } from './common.js';

const config = await loadConfig();
const bridge = await loadBridge(config);
const client = new Auth0Client({
  domain: config.tenant.origin,
  clientId: clientIdFor(config),
  authorizationParams: { redirect_uri: returnUrl, ...authParamsFor(config) },
});

document.getElementById('login').addEventListener('click', () => client.loginWithRedirect());
document.getElementById('login-popup').addEventListener('click', async () => {
  try {
    await client.loginWithPopup();
  } catch (error) {
    // The tenant's error (access_denied on cancel) as the library reports it.
    await bridge.onLogin(error).catch(() => undefined);
    return;
  }
  await bridge.fromAuth0Client(client).catch(() => undefined);
});
const query = new URLSearchParams(window.location.search);
if (query.has('code') || query.has('error')) {
  try {
    await client.handleRedirectCallback();
    await bridge.fromAuth0Client(client).catch(() => undefined);
  } catch (error) {
    // The tenant's error (access_denied on cancel) as the library reports it.
    await bridge.onLogin(error).catch(() => undefined);
  }
  window.history.replaceState(null, '', returnUrl);
}
ready();
