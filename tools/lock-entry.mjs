// Entry point of dist/lock.js: auth0-lock as an ES module for the demo page.
//
// Lock loads dictionaries from Auth0's CDN unless one is registered for the
// language, so the English one is bundled and registered here.

import Auth0Lock from 'auth0-lock';
import englishModule from 'auth0-lock/lib/i18n/en';

const english = englishModule.default || englishModule;
window.Auth0.registerLanguageDictionary('en', english);

export default Auth0Lock;
