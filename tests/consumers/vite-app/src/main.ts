// A user's SPA in miniature: idp-bridge installed from the npm tarball,
// bundled by Vite, wasm loaded from wherever Vite put it. The test drives it
// through window.consumer.login() with an Auth0-shaped profile, as the login
// library's callback would.

import init, { configure, onLogin, type IdpBridgeError, type LoginResult } from 'idp-bridge';

interface LoginRequest {
  /** Provider name → mock origin, as `endpoints` takes it. */
  endpoints: Record<string, string>;
  /** The Auth0 profile, with the provider token in its identities. */
  profile: unknown;
}

/** What the test reads back: the result in brief, or the error's code. */
type LoginSummary =
  | { callbackShape: string; name: string | undefined; contacts: number }
  | { error: { name: string; code: IdpBridgeError['code']; message: string } };

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element;
};

async function login(request: LoginRequest): Promise<LoginSummary> {
  configure({
    provider: 'google-oauth2',
    fetch: ['me', 'contacts'],
    endpoints: request.endpoints,
    allowInsecureLoopback: true,
    timeoutMs: 10_000,
  });
  try {
    const authResult = { accessToken: 'auth0-token' };
    const result: LoginResult = await onLogin(null, authResult, request.profile);
    byId('name').textContent = result.me?.name ?? '';
    byId('count').textContent = `${result.contacts?.length ?? 0} contacts`;
    return {
      callbackShape: result.callbackShape,
      name: result.me?.name,
      contacts: result.contacts?.length ?? 0,
    };
  } catch (caught) {
    const error = caught as IdpBridgeError;
    byId('error').textContent = `${error.code}: ${error.message}`;
    return { error: { name: error.name, code: error.code, message: error.message } };
  }
}

declare global {
  interface Window {
    consumer: { login: typeof login };
  }
}

await init();
window.consumer = { login };
byId('status').textContent = 'Ready';
