// The mock tenant's hosted login page: what /authorize shows when no login
// ticket comes with it, as Auth0's Universal Login does for redirect and popup
// logins (auth0-js authorize() and popup.authorize(), auth0-spa-js).
//
// A plain form without script. It posts the email, the password and the
// original authorize query to /u/login; a right password sends the browser
// back to /authorize with a login ticket, a wrong one shows the form again
// with an error, and "Cancel" answers the app with access_denied.

import { readParams, sendText } from './http.mjs';
import {
  answerAuthorization,
  checkPassword,
  isAllowedRedirect,
  issueTicket,
} from './tenant.mjs';

/** Sends the login page for the /authorize request in `url`. */
export function loginPage(res, url, redirectUri, error = '') {
  const authorizeQuery = url.searchParams.toString();
  const message = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in · mock tenant</title>
<style>body{font:16px sans-serif;max-width:22rem;margin:3rem auto}
label,input,button{display:block;width:100%;margin:.3rem 0}.error{color:#b00020}</style>
</head><body>
<h1>Log in</h1>${message}
<form id="mock-login" method="post" action="/u/login">
<input type="hidden" name="authorize" value="${escapeHtml(authorizeQuery)}">
<label>Email <input name="email" type="email" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button name="action" value="login" type="submit">Continue</button>
<button name="action" value="cancel" type="submit">Cancel</button>
</form></body></html>`;
  // The form's answer redirects to the app, which form-action must allow.
  const appOrigin = new URL(redirectUri).origin;
  return sendText(res, 200, page, 'text/html; charset=utf-8', {
    'Content-Security-Policy':
      `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${appOrigin}`,
  });
}

/** Handles the login form: back to /authorize with a ticket, or the form again. */
export async function submitLoginPage(req, res, tenant) {
  const params = await readParams(req);
  const authorizeQuery = new URLSearchParams(String(params.authorize || ''));
  const authorizeUrl = new URL(`/authorize?${authorizeQuery}`, tenant.origin);
  const clientId = authorizeQuery.get('client_id');
  const redirectUri = authorizeQuery.get('redirect_uri') || '';
  if (!tenant.clients.has(clientId) || !isAllowedRedirect(redirectUri, tenant)) {
    return sendText(res, 400, 'Unknown client or callback URL.', 'text/plain; charset=utf-8');
  }

  const codeFlow = authorizeQuery.get('response_type') === 'code';
  const responseMode = authorizeQuery.get('response_mode') || (codeFlow ? 'query' : 'fragment');
  if (params.action === 'cancel') {
    return answerAuthorization(res, redirectUri, responseMode, {
      error: 'access_denied',
      error_description: 'The user cancelled the login.',
      state: authorizeQuery.get('state') || undefined,
    });
  }

  const user = checkPassword(tenant, params.email, params.password);
  if (!user) return loginPage(res, authorizeUrl, redirectUri, 'Wrong email or password.');

  authorizeUrl.searchParams.set('login_ticket', issueTicket(tenant, user, clientId));
  res.writeHead(302, { Location: authorizeUrl.toString(), 'Cache-Control': 'no-store' });
  return res.end();
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
