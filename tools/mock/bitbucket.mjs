// Mock Bitbucket Cloud API 2.0: /2.0/user and /2.0/repositories?role=member, paged
// with `values` and an absolute `next`, and Bitbucket's error bodies (a missing scope
// is a 403 naming the granted and required scopes). Real API:
// https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/

import { sendJson } from './http.mjs';
import { avatarUrl, pageSize, peopleFor, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'bitbucket';

/** The scope the repositories list needs. */
export const REPOSITORY_SCOPE = 'repository';

const MESSAGES = {
  400: 'Bad request',
  401: 'Access token expired. Use your refresh token to obtain a new access token.',
  403: 'Your credentials lack one or more required privilege scopes.',
  404: 'Resource not found',
  429: 'Rate limit for this resource has been exceeded',
  500: 'Something went wrong',
  503: 'Service unavailable',
};

/** Bitbucket's JSON error body for a status. */
export function bitbucketError(status, detail) {
  return { type: 'error', error: { message: MESSAGES[status] || 'Error', ...(detail ? { detail } : {}) } };
}

export function startBitbucketMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: PROVIDER,
    errorBody: (status) => bitbucketError(status),
    exposeHeaders: ['Retry-After'],
    buildAccount: (user, identity, origin) => ({
      me: {
        type: 'user',
        uuid: `{${identity.userId}}`,
        account_id: `557058:${identity.userId}`,
        nickname: user.nickname,
        display_name: user.name,
        account_status: 'active',
        created_on: '2019-03-01T10:00:00.000000+00:00',
        links: {
          avatar: { href: avatarUrl(origin, user.name) },
          html: { href: `https://bitbucket.org/%7B${identity.userId}%7D/` },
        },
      },
      repositories: peopleFor(`bitbucket:${identity.userId}`, identity.repositories || 0).map((p) => ({
        type: 'repository',
        full_name: `${user.nickname}/${p.handle}`,
        name: p.handle,
        slug: p.handle,
        uuid: `{00000000-0000-4000-8000-${String(p.n).padStart(12, '0')}}`,
        is_private: p.n % 2 === 0,
      })),
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers, origin }) {
  const isUser = url.pathname === '/2.0/user';
  const isRepositories = url.pathname === '/2.0/repositories';
  if (req.method !== 'GET' || !(isUser || isRepositories)) {
    return sendJson(res, 404, bitbucketError(404), headers);
  }
  if (auth !== 'valid') return sendJson(res, 401, bitbucketError(401), headers);
  if (isUser) return sendJson(res, 200, account.me, headers);

  const granted = account.identity.scopes || [];
  if (!granted.includes(REPOSITORY_SCOPE)) {
    return sendJson(res, 403, bitbucketError(403, { granted, required: [REPOSITORY_SCOPE] }), headers);
  }
  const pagelen = pageSize(url.searchParams.get('pagelen'), 10, 100);
  const page = pageSize(url.searchParams.get('page'), 1, Number.MAX_SAFE_INTEGER);
  const all = account.repositories;
  const body = { pagelen, size: all.length, page, values: all.slice((page - 1) * pagelen, page * pagelen) };
  if (page * pagelen < all.length) {
    const next = new URL(`${origin}/2.0/repositories`);
    for (const [name, value] of url.searchParams) if (name !== 'page') next.searchParams.set(name, value);
    next.searchParams.set('page', String(page + 1));
    body.next = next.toString();
  }
  return sendJson(res, 200, body, headers);
}
