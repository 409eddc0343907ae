// The popup's redirect target: hands the fragment back to the opener, where
// popup.authorize() is waiting.

import { WebAuth } from '/vendor/auth0-js.js';

import { clientIdFor, loadConfig } from './common.js';

const config = await loadConfig();
const webAuth = new WebAuth({
  domain: config.tenant.origin,
  clientID: clientIdFor(config),
  overrides: { __token_issuer: config.tenant.issuer },
});
webAuth.popup.callback({ hash: window.location.hash });
