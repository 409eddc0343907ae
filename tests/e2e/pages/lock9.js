// Lock 9 (auth0-lock 9.2.3), the style of the original documentation: popup
// mode, `lock.show(options, onLogin)`. Lock calls onLogin with
// (err, profile, id_token, access_token, state, refresh_token) and `this` bound
// to the lock. `sso: false` makes it log in with /oauth/ro instead of its
// sso_dbconnection_popup window; gravatar and a local icon keep it offline.
// Only the profile token mode: /oauth/ro issues no access token for an API.

import { loadBridge, loadConfig, ready } from './common.js';

const config = await loadConfig();
const bridge = await loadBridge(config);
const lock = new window.Auth0Lock(config.lock9.clientId, config.lock9.domain);

document.getElementById('login').addEventListener('click', () => {
  lock.show({
    sso: false,
    gravatar: false,
    icon: '/logo.svg',
    disableSignupAction: true,
    disableResetAction: true,
    authParams: { scope: 'openid' },
  }, bridge.onLogin);
});
ready();
