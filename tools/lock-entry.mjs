// Entry point of dist/lock.js: auth0-lock as an ES module for the demo page.
//
// Lock loads dictionaries from Auth0's CDN unless one is registered for the
// language, so the English one is bundled and registered here.

import lockModule from 'auth0-lock';
import englishModule from 'auth0-lock/lib/i18n/en';

// Both are CommonJS modules compiled by Babel; in an .mjs file esbuild follows
// Node and hands over the whole exports object.
const Auth0Lock = lockModule.default || lockModule;
const english = englishModule.default || englishModule;
window.Auth0.registerLanguageDictionary('en', english);

export default Auth0Lock;
