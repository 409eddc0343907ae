// Mock Microsoft Graph (Auth0's `windowslive`): /v1.0/me and /v1.0/me/contacts with
// $select, $top/$skip paging by absolute @odata.nextLink, and Graph's error JSON.
// Real API: https://learn.microsoft.com/en-us/graph/api/user-list-contacts

import { randomUUID } from 'node:crypto';

import { sendJson } from './http.mjs';
import { pageSize, peopleFor, startProviderMock } from './provider-kit.mjs';

export const PROVIDER = 'windowslive';

/** The permission /me/contacts needs. */
export const CONTACTS_SCOPE = 'Contacts.Read';

const CODES = {
  400: ['BadRequest', 'Invalid request.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ResourceNotFound', 'Resource not found for the segment.'],
  429: ['TooManyRequests', 'Application is over its MailboxConcurrency limit.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
};

/** Graph's JSON error body for a status. */
export function graphError(status, code, message) {
  const [defaultCode, defaultMessage] = CODES[status] || ['UnknownError', 'An error occurred.'];
  const date = new Date().toISOString().slice(0, 19);
  const id = randomUUID();
  return {
    error: {
      code: code || defaultCode,
      message: message || defaultMessage,
      innerError: { date, 'request-id': id, 'client-request-id': id },
    },
  };
}

export function startMicrosoftMock({ port = 0, users }) {
  return startProviderMock({
    port,
    users,
    name: PROVIDER,
    errorBody: (status) => graphError(status),
    exposeHeaders: ['Retry-After', 'request-id', 'client-request-id'],
    buildAccount: (user, identity) => ({
      me: {
        id: identity.userId,
        displayName: user.name,
        givenName: user.givenName,
        surname: user.familyName,
        mail: null,
        userPrincipalName: user.email,
        preferredLanguage: 'en-US',
      },
      contacts: peopleFor(`graph:${identity.userId}`, identity.contacts || 0).map((p) => ({
        id: `AAMkADMock${identity.userId}${String(p.n).padStart(5, '0')}AAA=`,
        displayName: p.name,
        givenName: p.name.split(' ')[0],
        surname: p.name.split(' ')[1],
        emailAddresses: [{ name: p.name, address: p.email }],
      })),
    }),
    route,
  });
}

function route({ req, res, url, auth, account, headers, origin }) {
  const isMe = url.pathname === '/v1.0/me';
  const isContacts = url.pathname === '/v1.0/me/contacts';
  if (req.method !== 'GET' || !(isMe || isContacts)) {
    return sendJson(res, 404, graphError(404), headers);
  }
  if (auth !== 'valid') {
    const message = auth === 'missing' ? 'Access token is empty.' : 'Lifetime validation failed, the token is expired.';
    return sendJson(res, 401, graphError(401, 'InvalidAuthenticationToken', message), {
      ...headers,
      'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  }
  const select = (object) => {
    const fields = url.searchParams.get('$select');
    if (!fields) return object;
    const picked = { id: object.id };
    for (const field of fields.split(',')) if (field in object) picked[field] = object[field];
    return picked;
  };

  if (isMe) {
    return sendJson(res, 200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
      ...select(account.me),
    }, headers);
  }
  if (!(account.identity.scopes || []).includes(CONTACTS_SCOPE)) {
    return sendJson(res, 403, graphError(403), headers);
  }
  const top = pageSize(url.searchParams.get('$top'), 10, 1000);
  const skip = Number(url.searchParams.get('$skip') || 0);
  if (!Number.isInteger(skip) || skip < 0) {
    return sendJson(res, 400, graphError(400, 'BadRequest', "Invalid value for '$skip'."), headers);
  }
  const body = {
    '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('me')/contacts",
    value: account.contacts.slice(skip, skip + top).map(select),
  };
  if (skip + top < account.contacts.length) {
    const next = new URL(`${origin}/v1.0/me/contacts`);
    for (const [name, value] of url.searchParams) if (name !== '$skip') next.searchParams.set(name, value);
    next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = next.toString();
  }
  return sendJson(res, 200, body, headers);
}
