// Lock 9 (auth0-lock 9.2.3), the style of the original documentation: popup
// mode, `lock.show(options, onLogin)`. Lock calls onLogin with
// (err, profile, id_token, access_token, state, refresh_token) and `this` bound
// to the lock. By default (?flow=ro) `sso: false` makes it log in with
// /oauth/ro; ?flow=sso-popup keeps Lock's default `sso: true`, with which it
// logs in through the tenant's sso_dbconnection_popup window. Gravatar off and
// a local icon keep it offline. Only the profile token mode: neither flow
// issues an access token for an API.

import { loadBridge, loadConfig, ready } from './common.js';

const ssoPopup = new URLSearchParams(window.location.search).get('flow') === 'sso-popup';
const config = await loadConfig();
const bridge = await loadBridge(config);
const lock = new window.Auth0Lock(config.lock9.clientId, config.lock9.domain);

document.getElementById('login').addEventListener('click', () => {
  lock.show({
    ...(ssoPopup ? {} : { sso: false }),
    gravatar: false,
    icon: '/logo.svg',
    disableSignupAction: true,
    disableResetAction: true,
    authParams: { scope: 'openid' },
  }, bridge.onLogin);
});
ready();
