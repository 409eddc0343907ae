// Mock Slack Web API (a custom `oauth2` connection named `slack` in Auth0):
// POST /api/users.identity with the token as the `token` form field. Like Slack, its
// preflight does not allow the Authorization header, and errors come back as HTTP
// 200 with {"ok": false, "error": ...}. Real API:
// https://api.slack.com/methods/users.identity

import { sendJson } from './http.mjs';
import { avatarUrl, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'oauth2';
export const CONNECTION = 'slack';

/** The scope users.identity needs; email and avatar add fields. */
export const IDENTITY_SCOPE = 'identity.basic';

/** Slack's answer for a status; everything but rate limits is an HTTP 200 in Slack. */
export function slackError(status) {
  if (status === 429) return { ok: false, error: 'ratelimited' };
  if (status >= 500) return { ok: false, error: 'internal_error' };
  return { ok: false, error: status === 401 ? 'invalid_auth' : 'invalid_arguments' };
}

export function startSlackMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: CONNECTION,
    connection: CONNECTION,
    errorBody: slackError,
    exposeHeaders: [],
    allowHeaders: 'content-type',
    tokenFrom: (req, params) => (typeof params.token === 'string' && params.token ? params.token : null),
    buildAccount: (user, identity, origin) => ({
      slackUser: {
        name: user.name,
        id: identity.userId,
        email: user.email,
        image_24: avatarUrl(origin, user.name),
        image_72: avatarUrl(origin, user.name),
        image_192: avatarUrl(origin, user.name),
      },
      team: { id: identity.teamId || 'T0MOCKTEAM' },
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers }) {
  if (url.pathname !== '/api/users.identity') {
    return sendJson(res, 200, { ok: false, error: 'unknown_method' }, headers);
  }
  if (req.method !== 'POST' && req.method !== 'GET') {
    return sendJson(res, 200, { ok: false, error: 'method_not_supported_for_channel_type' }, headers);
  }
  if (auth === 'missing') return sendJson(res, 200, { ok: false, error: 'not_authed' }, headers);
  if (auth !== 'valid') {
    return sendJson(res, 200, { ok: false, error: account ? 'token_revoked' : 'invalid_auth' }, headers);
  }
  const scopes = account.identity.scopes || [];
  if (!scopes.includes(IDENTITY_SCOPE)) {
    return sendJson(res, 200, { ok: false, error: 'missing_scope', needed: IDENTITY_SCOPE, provided: scopes.join(',') }, headers);
  }
  const user = { name: account.slackUser.name, id: account.slackUser.id };
  if (scopes.includes('identity.email')) user.email = account.slackUser.email;
  if (scopes.includes('identity.avatar')) {
    for (const size of ['image_24', 'image_72', 'image_192']) user[size] = account.slackUser[size];
  }
  return sendJson(res, 200, { ok: true, user, team: account.team }, headers);
}
