// Mock Google People API: people/me and people/me/connections, with Google's
// paging, error bodies and CORS, plus the shared /__mock/* control endpoints.
// Real API: https://developers.google.com/people/api/rest/v1/people/get and
// https://developers.google.com/people/api/rest/v1/people.connections/list

import { avatarSvg } from './avatar.mjs';
import { createControl, describeFault, playFault } from './control.mjs';
import { bearerToken, listen, sendJson, sendText } from './http.mjs';
import {
  PERSON_FIELDS,
  contactPeople,
  labelForPhoto,
  profilePerson,
  selectFields,
} from './people.mjs';
import { GOOGLE_CONTACTS_SCOPE } from './users.mjs';

export const PROVIDER = 'google-oauth2';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const FIELDS_DOC = 'https://developers.google.com/people/api/rest/v1/people/get';

const STATUS_NAMES = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const STATUS_MESSAGES = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, ' +
    'login cookie or other valid authentication credential.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute " +
    "per user' of service 'people.googleapis.com'.",
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

/** Google's JSON error body for a status. */
export function googleError(status, message, details) {
  const error = {
    code: status,
    message: message || STATUS_MESSAGES[status] || 'Unknown error.',
    status: STATUS_NAMES[status] || 'UNKNOWN',
  };
  if (details) error.details = details;
  return { error };
}

/** Starts the mock on 127.0.0.1:`port`; `users` come from users.mjs. */
export async function startGoogleMock({ port = 0, users }) {
  const control = createControl();
  const accounts = new Map();
  const allPeople = [];

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://mock.invalid');
    const cors = corsHeaders(req);

    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    if (await control.handleControlRequest(req, res, url, cors)) return;

    if (req.method === 'GET' && url.pathname.startsWith('/photos/')) {
      const file = url.pathname.slice('/photos/'.length);
      const svg = avatarSvg(labelForPhoto(allPeople, file));
      return sendText(res, 200, svg, 'image/svg+xml', cors);
    }

    // Everything below is the API proper: log it and let a fault take over.
    const token = bearerToken(req);
    const account = token ? accounts.get(token) : undefined;
    const auth = !token ? 'missing' : account && !account.identity.revoked ? 'valid' : 'invalid';
    const entry = control.record(req, res, url, auth);

    const fault = control.takeFault(url.pathname);
    if (fault) entry.fault = describeFault(fault);
    if (fault && (await playFault(fault, res, cors, (s) => googleError(s)))) return;
    const headers = fault?.noCors ? {} : cors;

    answerApi(req, res, url, auth, account, headers, fault?.maxItems);
  };

  const listener = await listen(handle, port);
  const photoBase = `${listener.origin}/photos`;

  // People are built once the origin is known, since photo URLs point here.
  for (const user of users) {
    for (const identity of user.identities) {
      if (identity.provider !== PROVIDER || !identity.accessToken) continue;
      const me = profilePerson(user, identity, photoBase);
      const connections = contactPeople(identity, identity.contacts || 0, photoBase);
      accounts.set(identity.accessToken, { user, identity, me, connections });
      allPeople.push(me, ...connections);
    }
  }

  return { origin: listener.origin, close: listener.close };
}

function answerApi(req, res, url, auth, account, headers, maxItems) {
  const isMe = url.pathname === '/v1/people/me';
  const isConnections = url.pathname === '/v1/people/me/connections';
  if (req.method !== 'GET' || !(isMe || isConnections)) {
    return sendJson(res, 404, googleError(404), headers);
  }

  if (auth !== 'valid') {
    const message =
      auth === 'missing'
        ? 'Request is missing required authentication credential. Expected OAuth 2 access ' +
          'token, login cookie or other valid authentication credential.'
        : undefined;
    const challenge = auth === 'missing' ? 'Bearer realm="https://accounts.google.com/"'
      : 'Bearer realm="https://accounts.google.com/", error="invalid_token"';
    return sendJson(res, 401, googleError(401, message), {
      ...headers,
      'WWW-Authenticate': challenge,
    });
  }

  const fields = parsePersonFields(url.searchParams.get('personFields'));
  if (fields.error) return sendJson(res, 400, googleError(400, fields.error), headers);

  if (isMe) return sendJson(res, 200, selectFields(account.me, fields.list), headers);

  if (!account.identity.scopes?.includes(GOOGLE_CONTACTS_SCOPE)) {
    return sendJson(res, 403, insufficientScope(), {
      ...headers,
      'WWW-Authenticate':
        'Bearer realm="https://accounts.google.com/", error="insufficient_scope", ' +
        `scope="${GOOGLE_CONTACTS_SCOPE}"`,
    });
  }

  const page = parsePage(url.searchParams, account.connections.length);
  if (page.error) return sendJson(res, 400, googleError(400, page.error), headers);

  const size = maxItems > 0 ? Math.min(page.size, maxItems) : page.size;
  const slice = account.connections.slice(page.offset, page.offset + size);
  const body = {};
  if (slice.length) body.connections = slice.map((p) => selectFields(p, fields.list));
  const nextOffset = page.offset + slice.length;
  if (nextOffset < account.connections.length) body.nextPageToken = encodePageToken(nextOffset);
  body.totalPeople = account.connections.length;
  body.totalItems = account.connections.length;
  return sendJson(res, 200, body, headers);
}

function parsePersonFields(raw) {
  if (!raw) {
    return {
      error: 'personFields mask is required. Please specify one or more valid paths. ' +
        `Valid paths are documented at ${FIELDS_DOC}.`,
    };
  }
  const list = raw.split(',').map((field) => field.trim());
  const bad = list.find((field) => !PERSON_FIELDS.has(field));
  if (bad !== undefined) {
    return {
      error: `Invalid personFields mask path: "${bad}". Valid paths are documented at ${FIELDS_DOC}.`,
    };
  }
  return { list };
}

function parsePage(params, total) {
  const rawSize = params.get('pageSize');
  let size = DEFAULT_PAGE_SIZE;
  if (rawSize !== null && rawSize !== '') {
    size = Number(rawSize);
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
      return { error: `pageSize must be between 0 and ${MAX_PAGE_SIZE}.` };
    }
    if (size === 0) size = DEFAULT_PAGE_SIZE;
  }

  const rawToken = params.get('pageToken');
  if (!rawToken) return { size, offset: 0 };
  const offset = decodePageToken(rawToken);
  if (offset === null || offset > total) return { error: 'Request contains an invalid argument.' };
  return { size, offset };
}

// Page tokens are opaque to clients; this one carries the offset and a tag.
function encodePageToken(offset) {
  return Buffer.from(`mockpage:${offset}`).toString('base64url');
}

function decodePageToken(token) {
  const match = /^mockpage:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function insufficientScope() {
  return googleError(403, 'Request had insufficient authentication scopes.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
      domain: 'googleapis.com',
      metadata: {
        service: 'people.googleapis.com',
        method: 'google.people.v1.PeopleService.ListConnections',
      },
    },
  ]);
}

function corsHeaders(req) {
  return { 'Access-Control-Allow-Origin': req.headers.origin || '*', Vary: 'Origin' };
}

function answerPreflight(req, res) {
  res.writeHead(204, {
    ...corsHeaders(req),
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers':
      req.headers['access-control-request-headers'] || 'authorization, content-type',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}
