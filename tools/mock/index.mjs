// Starts the mock Auth0 tenant and the mock identity providers together.
//
//   import { startMocks } from './tools/mock/index.mjs';
//   const mocks = await startMocks({ tenantPort: 0, googlePort: 0 });
//   mocks.tenantOrigin                    // http://127.0.0.1:PORT
//   mocks.providers['google-oauth2']      // http://127.0.0.1:PORT
//   await mocks.close();
//
// A new provider mock is a module like google.mjs started in PROVIDER_MOCKS.

import { startBitbucketMock } from './bitbucket.mjs';
import { startDropboxMock } from './dropbox.mjs';
import { startFacebookMock } from './facebook.mjs';
import { startGithubMock } from './github.mjs';
import { startGoogleMock } from './google.mjs';
import { startMicrosoftMock } from './microsoft.mjs';
import { startSlackMock } from './slack.mjs';
import { startSpotifyMock } from './spotify.mjs';
import { startTenantMock } from './tenant.mjs';
import { CLIENT_ID, users as defaultUsers } from './users.mjs';

/** Auth0 provider name → how to start its mock and which option names its port. */
const PROVIDER_MOCKS = {
  'google-oauth2': { start: startGoogleMock, portOption: 'googlePort' },
  github: { start: startGithubMock, portOption: 'githubPort' },
  windowslive: { start: startMicrosoftMock, portOption: 'microsoftPort' },
  facebook: { start: startFacebookMock, portOption: 'facebookPort' },
  dropbox: { start: startDropboxMock, portOption: 'dropboxPort' },
  spotify: { start: startSpotifyMock, portOption: 'spotifyPort' },
  bitbucket: { start: startBitbucketMock, portOption: 'bitbucketPort' },
  slack: { start: startSlackMock, portOption: 'slackPort' },
};

/**
 * Options: tenantPort, googlePort (0 = ephemeral, the default), users (default:
 * users.mjs), includeIdpTokens (default true), isAllowedOrigin (default: loopback).
 */
export async function startMocks(options = {}) {
  const users = options.users || defaultUsers;
  const started = [];

  try {
    const tenant = await startTenantMock({
      port: options.tenantPort ?? 0,
      users,
      includeIdpTokens: options.includeIdpTokens ?? true,
      ...(options.isAllowedOrigin ? { isAllowedOrigin: options.isAllowedOrigin } : {}),
    });
    started.push(tenant);

    const providers = {};
    for (const [name, mock] of Object.entries(PROVIDER_MOCKS)) {
      const server = await mock.start({ port: options[mock.portOption] ?? 0, users });
      started.push(server);
      providers[name] = server.origin;
    }

    return {
      tenantOrigin: tenant.origin,
      issuer: tenant.issuer,
      clientId: CLIENT_ID,
      providers,
      users,
      close: () => Promise.all(started.map((server) => server.close())).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}
