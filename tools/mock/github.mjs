// Mock GitHub REST API: /user, the signed-in user's followers and following, with
// GitHub's Link-header paging, rate-limit headers (exposed to browsers as GitHub
// exposes them) and error bodies. Real API: https://docs.github.com/en/rest/users
//
// Like GitHub, the Link header's next URL names another path than the request:
// /user/followers continues at /users/<login>/followers.

import { sendJson } from './http.mjs';
import { avatarUrl, pageSize, peopleFor, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'github';

const DOCS = 'https://docs.github.com/rest';
const EXPOSED = [
  'ETag', 'Link', 'Location', 'Retry-After', 'X-GitHub-OTP', 'X-RateLimit-Limit',
  'X-RateLimit-Remaining', 'X-RateLimit-Used', 'X-RateLimit-Resource', 'X-RateLimit-Reset',
  'X-OAuth-Scopes', 'X-Accepted-OAuth-Scopes', 'X-Poll-Interval', 'X-GitHub-Media-Type',
  'X-GitHub-SSO', 'X-GitHub-Request-Id', 'Deprecation', 'Sunset',
];
const MESSAGES = {
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Validation Failed',
  429: 'API rate limit exceeded',
  500: 'Server Error',
  503: 'Service Unavailable',
};

/** GitHub's JSON error body for a status. */
export function githubError(status) {
  return { message: MESSAGES[status] || 'Error', documentation_url: DOCS, status: String(status) };
}

export function startGithubMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: PROVIDER,
    errorBody: githubError,
    exposeHeaders: EXPOSED,
    buildAccount: (user, identity, origin) => ({
      me: userObject(identity.login, Number(identity.userId), user.name, user.email, origin),
      followers: peopleFor(`${identity.login}:followers`, identity.followers || 0)
        .map((p) => userObject(p.handle, 1000 + p.n, null, null, origin)),
      following: peopleFor(`${identity.login}:following`, identity.following || 0)
        .map((p) => userObject(p.handle, 5000 + p.n, null, null, origin)),
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers, origin }) {
  const list = /^\/(?:user|users\/([^/]+))\/(followers|following)$/.exec(url.pathname);
  const known = url.pathname === '/user' || list;
  if (req.method !== 'GET' || !known) return sendJson(res, 404, githubError(404), headers);
  if (url.searchParams.has('access_token')) {
    // GitHub refuses tokens in the query string.
    return sendJson(res, 400, { message: 'Must specify access token via Authorization header.', documentation_url: DOCS }, headers);
  }
  if (auth !== 'valid') {
    return sendJson(res, 401, githubError(401), { ...headers, ...rateHeaders(null) });
  }
  if (list && list[1] && list[1] !== account.identity.login) {
    return sendJson(res, 404, githubError(404), headers);
  }

  const base = { ...headers, ...rateHeaders(account.identity) };
  if (!list) return sendJson(res, 200, account.me, base);

  const kind = list[2];
  const people = account[kind];
  const perPage = pageSize(url.searchParams.get('per_page'), 30, 100);
  const page = pageSize(url.searchParams.get('page'), 1, Number.MAX_SAFE_INTEGER);
  const last = Math.max(1, Math.ceil(people.length / perPage));
  const slice = people.slice((page - 1) * perPage, page * perPage);
  const at = (n) => `<${origin}/users/${account.identity.login}/${kind}?per_page=${perPage}&page=${n}>`;
  const links = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return sendJson(res, 200, slice, links.length ? { ...base, Link: links.join(', ') } : base);
}

function rateHeaders(identity) {
  return {
    'X-RateLimit-Limit': '5000',
    'X-RateLimit-Remaining': '4999',
    'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 3600),
    'X-RateLimit-Used': '1',
    'X-RateLimit-Resource': 'core',
    ...(identity ? { 'X-OAuth-Scopes': (identity.scopes || []).join(', '), 'X-Accepted-OAuth-Scopes': '' } : {}),
  };
}

function userObject(login, id, name, email, origin) {
  const api = `https://api.github.com/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: avatarUrl(origin, name || login),
    gravatar_id: '',
    url: api,
    html_url: `https://github.com/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    type: 'User',
    site_admin: false,
    ...(name !== null ? { name, email, company: null, blog: '', location: null, bio: null } : {}),
  };
}
