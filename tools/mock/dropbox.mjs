// Mock Dropbox API v2: POST /2/users/get_current_account, and
// /2/files/list_folder with its /continue endpoint (a cursor and has_more),
// with Dropbox's tagged error bodies (an expired token and a missing scope are both 401s, told apart by
// `.tag`). Real API: https://www.dropbox.com/developers/documentation/http/documentation

import { sendJson, sendText } from './http.mjs';
import { avatarUrl, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'dropbox';

/** The scope get_current_account needs. */
export const ACCOUNT_SCOPE = 'account_info.read';

const TAGS = {
  401: 'expired_access_token',
  409: 'path',
  429: 'too_many_requests',
  500: 'internal_error',
  503: 'unavailable',
};

/** Dropbox's JSON error body for a status. */
export function dropboxError(status, tag, extra) {
  const name = tag || TAGS[status] || 'other';
  return { error_summary: `${name}/..`, error: { '.tag': name, ...(extra || {}) } };
}

export function startDropboxMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: PROVIDER,
    errorBody: (status) => dropboxError(status),
    exposeHeaders: ['Retry-After', 'X-Dropbox-Request-Id'],
    buildAccount: (user, identity, origin) => ({
      me: {
        account_id: `dbid:${identity.userId}`,
        name: {
          given_name: user.givenName,
          surname: user.familyName,
          familiar_name: user.givenName,
          display_name: user.name,
          abbreviated_name: `${user.givenName[0]}${user.familyName[0]}`,
        },
        email: user.email,
        email_verified: true,
        disabled: false,
        country: 'GB',
        locale: 'en',
        is_paired: false,
        account_type: { '.tag': 'basic' },
        profile_photo_url: avatarUrl(origin, user.name),
      },
    }),
    route,
  });
}

const LIST_PATHS = ['/2/files/list_folder', '/2/files/list_folder/continue'];

/**
 * One page of the account's root folder (`identity.files` entries). The
 * cursor is the offset of the next entry.
 */
function listFolder(res, url, params, account, headers) {
  const total = account.identity.files || 0;
  const continuing = url.pathname.endsWith('/continue');
  const offset = continuing ? Number.parseInt(String(params.cursor || '').replace(/^c/, ''), 10) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > total) {
    return sendJson(res, 409, dropboxError(409, 'reset'), headers);
  }
  const limit = Math.min(Math.max(Number(params.limit) || 10, 1), 2000);
  const end = Math.min(offset + limit, total);
  const entries = [];
  for (let index = offset; index < end; index += 1) {
    entries.push({
      '.tag': 'file',
      name: `file-${index}.txt`,
      id: `id:mock${index}`,
      path_lower: `/file-${index}.txt`,
      path_display: `/file-${index}.txt`,
      size: 100 + index,
    });
  }
  return sendJson(res, 200, { entries, cursor: `c${end}`, has_more: end < total }, headers);
}

function route({ req, res, url, params, auth, account, headers }) {
  if (LIST_PATHS.includes(url.pathname) && req.method === 'POST') {
    if (auth !== 'valid') return sendJson(res, 401, dropboxError(401, 'invalid_access_token'), headers);
    return listFolder(res, url, params, account, headers);
  }
  if (url.pathname !== '/2/users/get_current_account') {
    return sendText(res, 404, 'Unknown API function', 'text/plain; charset=utf-8', headers);
  }
  if (req.method !== 'POST') {
    return sendText(res, 400, `Error in call to API function "users/get_current_account": Expected POST, got ${req.method}`, 'text/plain; charset=utf-8', headers);
  }
  if (auth === 'missing') {
    return sendText(res, 400, 'Error in call to API function "users/get_current_account": Must provide HTTP header "Authorization" or URL parameter "authorization".', 'text/plain; charset=utf-8', headers);
  }
  if (auth !== 'valid') {
    const tag = account ? 'expired_access_token' : 'invalid_access_token';
    return sendJson(res, 401, dropboxError(401, tag), headers);
  }
  if (!(account.identity.scopes || []).includes(ACCOUNT_SCOPE)) {
    return sendJson(res, 401, dropboxError(401, 'missing_scope', { required_scope: ACCOUNT_SCOPE }), headers);
  }
  return sendJson(res, 200, account.me, headers);
}
