// What Lock 9 (auth0-lock 9.2.3 with auth0-js 6.8.4) asks of the tenant in
// popup mode with `sso: false`, as Auth0 answered before these endpoints were
// retired:
//
//   POST /oauth/ro      resource owner login: username + password → id_token
//                       (scope openid: no profile in it) and access_token
//   POST /tokeninfo     id_token → the full profile, identities[] included
//   GET  /user/ssodata  whether a single-sign-on session exists (never here)
//
// With Lock's default `sso: true` it logs a database user in through a popup
// instead, which auth0-js 6 drives with WinChan 0.1:
//
//   GET  /sso_dbconnection_popup/<clientID>  the popup page (routed by tenant.mjs);
//                                            it posts {a:'ready'} to its opener,
//                                            receives {a:'request', d:{options}}
//                                            (username, password, connection,
//                                            state, scope) and answers
//                                            {a:'response', d:{id_token, access_token,
//                                            state}} or d:{error, status, details}
//   GET  /sso_dbconnection_popup.js          that page's script
//   POST /sso_dbconnection_popup/<clientID>  the script's login: the /oauth/ro
//                                            checks, plus the app's origin
//
// The session cookie a real popup login leaves is not mocked: /user/ssodata
// always answers that there is no session.
//
// Lock 9 reaches them only at https://<domain>, so the tenant runs with TLS
// (tls.mjs) in the tests that use it.

import { readParams, sendJson, sendText } from './http.mjs';
import {
  checkPassword,
  credentialedCors,
  idToken,
  issueAccessToken,
  legacyProfile,
} from './tenant.mjs';
import { DB_CONNECTION } from './users.mjs';

/** Route table entries for tenant.mjs. */
export function legacyRoutes(tenant) {
  return {
    'POST /oauth/ro': (req, res) => resourceOwner(req, res, tenant),
    'POST /tokeninfo': (req, res) => tokenInfo(req, res, tenant),
    'GET /user/ssodata': (req, res) =>
      sendJson(res, 200, { sso: false }, credentialedCors(req.headers.origin, tenant) || {}),
    'GET /sso_dbconnection_popup.js': (req, res) =>
      sendText(res, 200, SSO_POPUP_SCRIPT, 'text/javascript; charset=utf-8'),
  };
}

/** Routes on /sso_dbconnection_popup/<clientID>, which tenant.mjs matches by path. */
export function ssoPopupRoute(req, res, tenant, clientId) {
  if (!tenant.clients.has(clientId)) {
    return sendJson(res, 404, { error: 'not_found', error_description: 'Unknown client.' });
  }
  if (req.method === 'POST') return ssoPopupLogin(req, res, tenant, clientId);
  return sendText(res, 200, SSO_POPUP_PAGE, 'text/html; charset=utf-8', {
    'Content-Security-Policy': "default-src 'none'; script-src 'self'; connect-src 'self'",
    'Cache-Control': 'no-store',
  });
}

async function resourceOwner(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  const params = await readParams(req);
  if (!tenant.clients.has(params.client_id)) {
    return sendJson(res, 401, {
      error: 'invalid_client',
      error_description: 'Unknown client.',
    }, cors);
  }
  if (params.grant_type !== 'password') {
    return sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'Only the password grant on the database connection is mocked.',
    }, cors);
  }
  const { status, body } = passwordLogin(tenant, params.client_id, params);
  return sendJson(res, status, body, cors);
}

/** The popup script's login, for an app origin the tenant allows. */
async function ssoPopupLogin(req, res, tenant, clientId) {
  const params = await readParams(req);
  if (!tenant.isAllowedOrigin(params.app_origin)) {
    return sendJson(res, 403, {
      error: 'unauthorized',
      error_description: 'The app origin is not allowed.',
    });
  }
  const { status, body } = passwordLogin(tenant, clientId, params);
  if (status === 200 && params.state) body.state = String(params.state);
  return sendJson(res, status, body);
}

/**
 * Username + password on the database connection → an id_token without
 * profile claims (what scope=openid gave) that /tokeninfo accepts, and an
 * access token. Returns { status, body }.
 */
function passwordLogin(tenant, clientId, params) {
  if ((params.connection || DB_CONNECTION) !== DB_CONNECTION) {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'Only the password grant on the database connection is mocked.',
      },
    };
  }

  const user = checkPassword(tenant, params.username, params.password);
  if (!user) {
    return {
      status: 401,
      body: { error: 'invalid_user_password', error_description: 'Wrong email or password.' },
    };
  }

  const accessToken = issueAccessToken(tenant, user, clientId, {
    scope: params.scope || 'openid',
  });
  const token = idToken(user, tenant, clientId, { minimal: true });
  tenant.legacyIdTokens.set(token, { user, clientId });
  return {
    status: 200,
    body: { id_token: token, access_token: accessToken, token_type: 'bearer' },
  };
}

async function tokenInfo(req, res, tenant) {
  const cors = credentialedCors(req.headers.origin, tenant) || {};
  const params = await readParams(req);
  const grant = tenant.legacyIdTokens.get(String(params.id_token || ''));
  if (!grant) {
    return sendJson(res, 401, {
      error: 'invalid_token',
      error_description: 'Invalid id_token.',
    }, cors);
  }
  const withTokens = tenant.clients.get(grant.clientId)?.idpTokensInProfile ?? false;
  return sendJson(res, 200, legacyProfile(grant.user, tenant, grant.clientId, withTokens), cors);
}

const SSO_POPUP_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Logging in · mock tenant</title></head>
<body><p id="status">Logging in…</p><script src="/sso_dbconnection_popup.js"></script></body></html>`;

// The popup's side of WinChan: only a request from the window that opened it
// is answered, and only to the origin that sent it; the credentials go to the
// tenant and never back.
const SSO_POPUP_SCRIPT = `'use strict';
(function () {
  var clientId = window.location.pathname.split('/').pop();
  var status = document.getElementById('status');
  if (!window.opener) {
    status.textContent = 'This page only works as the login popup of an app.';
    return;
  }

  function answerFor(response, body) {
    if (response.ok) return body;
    return { error: body.error, status: response.status, details: body };
  }

  window.addEventListener('message', function onRequest(event) {
    var request;
    try {
      request = JSON.parse(event.data);
    } catch (notJson) {
      return;
    }
    if (event.source !== window.opener || !request || request.a !== 'request') return;
    window.removeEventListener('message', onRequest);
    var options = (request.d && request.d.options) || {};
    var form = new URLSearchParams({
      username: options.username || '',
      password: options.password || '',
      connection: options.connection || '',
      scope: options.scope || 'openid',
      state: options.state || '',
      app_origin: event.origin
    });
    fetch(window.location.pathname, { method: 'POST', body: form })
      .then(function (response) {
        return response.json().then(function (body) { return answerFor(response, body); });
      }, function () {
        return { error: 'network_error', status: 0, details: { error: 'network_error' } };
      })
      .then(function (answer) {
        window.opener.postMessage(JSON.stringify({ a: 'response', d: answer }), event.origin);
      });
  });
  window.opener.postMessage(JSON.stringify({ a: 'ready' }), '*');
  status.textContent = 'Waiting for ' + clientId + '…';
})();
`;
