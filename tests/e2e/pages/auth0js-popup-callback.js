// The popup's redirect target: hands the fragment back to the opener, where
// popup.authorize() is waiting.

import { auth0jsUrl, clientIdFor, loadConfig } from './common.js';

const { WebAuth } = await import(auth0jsUrl);
const config = await loadConfig();
const webAuth = new WebAuth({
  domain: config.tenant.origin,
  clientID: clientIdFor(config),
  overrides: { __token_issuer: config.tenant.issuer },
});
webAuth.popup.callback({ hash: window.location.hash });
