// Mock Facebook Graph API: /v22.0/me with `fields` and /v22.0/me/friends with cursor
// paging (paging.cursors and an absolute paging.next naming the user's id), and
// Facebook's error bodies: a bad token is a 400 OAuthException with code 190.
// Real API: https://developers.facebook.com/docs/graph-api/reference/user/friends

import { randomBytes } from 'node:crypto';

import { sendJson } from './http.mjs';
import {
  avatarUrl,
  decodeCursor,
  encodeCursor,
  pageSize,
  peopleFor,
  startProviderMock,
} from './provider-kit.mjs';

export const PROVIDER = 'facebook';
export const VERSION = 'v22.0';

/** The permission the friends edge needs. */
export const FRIENDS_SCOPE = 'user_friends';

const ERRORS = {
  400: { type: 'OAuthException', code: 190, error_subcode: 463, message: 'Error validating access token: Session has expired.' },
  403: { type: 'OAuthException', code: 200, message: '(#200) Missing permissions' },
  404: { type: 'GraphMethodException', code: 100, message: 'Unsupported get request.' },
  429: { type: 'OAuthException', code: 4, message: '(#4) Application request limit reached' },
  500: { type: 'OAuthException', code: 1, message: 'An unknown error has occurred.' },
  503: { type: 'OAuthException', code: 2, message: 'An unexpected error has occurred. Please retry your request later.' },
};

/** Facebook's JSON error body for a status, or for explicit fields. */
export function facebookError(status, fields) {
  const error = { ...(fields || ERRORS[status] || ERRORS[500]) };
  error.fbtrace_id = randomBytes(8).toString('base64url');
  return { error };
}

export function startFacebookMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: PROVIDER,
    errorBody: (status) => facebookError(status),
    exposeHeaders: ['X-App-Usage', 'X-FB-Trace-ID', 'WWW-Authenticate'],
    buildAccount: (user, identity, origin) => ({
      me: { id: identity.userId, name: user.name, email: user.email, picture: picture(origin, user.name) },
      friends: peopleFor(`facebook:${identity.userId}`, identity.friends || 0).map((p) => ({
        id: String(10150000000000000 + p.n * 7919),
        name: p.name,
        picture: picture(origin, p.name),
      })),
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers, origin }) {
  const match = new RegExp(`^/${VERSION.replace('.', '\\.')}/(me|\\d+)(/friends)?$`).exec(url.pathname);
  if (req.method !== 'GET' || !match) {
    return sendJson(res, 400, facebookError(404, { type: 'GraphMethodException', code: 100, message: `Unknown path components: ${url.pathname}` }), headers);
  }
  if (auth === 'missing') {
    return sendJson(res, 400, facebookError(400, { type: 'OAuthException', code: 2500, message: 'An active access token must be used to query information about the current user.' }), headers);
  }
  if (auth !== 'valid') {
    return sendJson(res, 400, facebookError(400, { type: 'OAuthException', code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }), {
      ...headers,
      'WWW-Authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
    });
  }
  if (match[1] !== 'me' && match[1] !== account.identity.userId) {
    return sendJson(res, 400, facebookError(404, { type: 'GraphMethodException', code: 100, message: 'Unsupported get request.' }), headers);
  }
  const fields = (url.searchParams.get('fields') || 'id,name').split(',').map((f) => f.split('.')[0]);
  const pick = (object) => Object.fromEntries(fields.filter((f) => f in object).map((f) => [f, object[f]]));

  if (!match[2]) return sendJson(res, 200, pick(account.me), headers);

  if (!(account.identity.scopes || []).includes(FRIENDS_SCOPE)) {
    return sendJson(res, 403, facebookError(403, { type: 'OAuthException', code: 200, message: '(#200) Requires user_friends permission' }), headers);
  }
  const limit = pageSize(url.searchParams.get('limit'), 25, 5000);
  const after = url.searchParams.get('after');
  const offset = after ? decodeCursor(after) : 0;
  if (offset === null) {
    return sendJson(res, 400, facebookError(400, { type: 'OAuthException', code: 100, message: 'Invalid cursor' }), headers);
  }
  const slice = account.friends.slice(offset, offset + limit);
  const paging = { cursors: { before: encodeCursor(offset), after: encodeCursor(offset + slice.length) } };
  if (offset + limit < account.friends.length) {
    const next = new URL(`${origin}/${VERSION}/${account.identity.userId}/friends`);
    next.searchParams.set('fields', url.searchParams.get('fields') || 'id,name');
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', encodeCursor(offset + slice.length));
    paging.next = next.toString();
  }
  return sendJson(res, 200, { data: slice.map(pick), paging, summary: { total_count: account.friends.length } }, headers);
}

function picture(origin, label) {
  return { data: { height: 200, is_silhouette: false, url: avatarUrl(origin, label), width: 200 } };
}
