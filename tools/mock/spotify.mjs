// Mock Spotify Web API (a custom `oauth2` connection named `spotify` in Auth0):
// /v1/me and /v1/me/following?type=artist with cursor paging (`after`, and an
// absolute `next` inside the `artists` object). Real API:
// https://developer.spotify.com/documentation/web-api/reference/get-followed

import { sendJson } from './http.mjs';
import { avatarUrl, pageSize, peopleFor, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'oauth2';
export const CONNECTION = 'spotify';

/** The scope the followed-artists endpoint needs. */
export const FOLLOW_SCOPE = 'user-follow-read';

const MESSAGES = {
  400: 'Bad request',
  401: 'The access token expired',
  403: 'Insufficient client scope',
  404: 'Service not found',
  429: 'API rate limit exceeded',
  500: 'Server error',
  503: 'Service unavailable',
};

/** Spotify's JSON error body for a status. */
export function spotifyError(status, message) {
  return { error: { status, message: message || MESSAGES[status] || 'Error' } };
}

export function startSpotifyMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: CONNECTION,
    connection: CONNECTION,
    errorBody: (status) => spotifyError(status),
    exposeHeaders: ['Retry-After'],
    buildAccount: (user, identity, origin) => ({
      me: {
        id: identity.userId,
        display_name: user.name,
        email: user.email,
        type: 'user',
        uri: `spotify:user:${identity.userId}`,
        href: `https://api.spotify.com/v1/users/${identity.userId}`,
        followers: { href: null, total: 3 },
        images: [{ url: avatarUrl(origin, user.name), height: 300, width: 300 }],
      },
      artists: peopleFor(`spotify:${identity.userId}`, identity.following || 0).map((p) => ({
        id: `0mock${String(p.n).padStart(17, '0')}`,
        name: `${p.name} Quartet`,
        type: 'artist',
        uri: `spotify:artist:0mock${p.n}`,
        genres: ['chamber jazz'],
        images: [{ url: avatarUrl(origin, `${p.name} Quartet`), height: 640, width: 640 }],
      })),
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers, origin }) {
  const isMe = url.pathname === '/v1/me';
  const isFollowing = url.pathname === '/v1/me/following';
  if (req.method !== 'GET' || !(isMe || isFollowing)) {
    return sendJson(res, 404, spotifyError(404), headers);
  }
  if (auth !== 'valid') {
    const message = auth === 'missing' ? 'No token provided' : 'Invalid access token';
    return sendJson(res, 401, spotifyError(401, message), {
      ...headers,
      'WWW-Authenticate': 'Bearer realm="spotify", error="invalid_token"',
    });
  }
  if (isMe) return sendJson(res, 200, account.me, headers);

  if (url.searchParams.get('type') !== 'artist') {
    return sendJson(res, 400, spotifyError(400, 'Only valid type is artist'), headers);
  }
  if (!(account.identity.scopes || []).includes(FOLLOW_SCOPE)) {
    return sendJson(res, 403, spotifyError(403), headers);
  }
  const limit = pageSize(url.searchParams.get('limit'), 20, 50);
  const after = url.searchParams.get('after');
  const start = after ? account.artists.findIndex((artist) => artist.id === after) + 1 : 0;
  const items = account.artists.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + limit < account.artists.length;
  const href = (cursor) => {
    const link = new URL(`${origin}/v1/me/following`);
    link.searchParams.set('type', 'artist');
    if (cursor) link.searchParams.set('after', cursor);
    link.searchParams.set('limit', String(limit));
    return link.toString();
  };
  return sendJson(res, 200, {
    artists: {
      href: href(after),
      items,
      limit,
      next: more ? href(last.id) : null,
      cursors: { after: more ? last.id : null },
      total: account.artists.length,
    },
  }, headers);
}
