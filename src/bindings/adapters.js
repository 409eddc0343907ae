// Wiring for Auth0's login libraries. Each function receives `complete`, the
// library's onLogin bound to the options of that wiring, and calls it with
// the arguments the library produced, in the library's own order.

function removeListener(emitter, event, listener) {
  const remove = emitter.removeListener || emitter.off;
  if (typeof remove === 'function') remove.call(emitter, event, listener);
}

/** Lock 11-14: `authenticated` → getUserInfo → complete. Returns detach(). */
export function wireLock(lock, complete) {
  if (!lock || typeof lock.on !== 'function' || typeof lock.getUserInfo !== 'function') {
    throw new TypeError('attachToLock expects an Auth0Lock instance (with on() and getUserInfo())');
  }
  const onAuthenticated = (authResult) => {
    lock.getUserInfo(authResult && authResult.accessToken, (err, profile) => {
      complete(err, authResult, profile);
    });
  };
  const onAuthorizationError = (err) => {
    complete(err || { error: 'authorization_error' });
  };
  lock.on('authenticated', onAuthenticated);
  lock.on('authorization_error', onAuthorizationError);
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    removeListener(lock, 'authenticated', onAuthenticated);
    removeListener(lock, 'authorization_error', onAuthorizationError);
  };
}

function checkWebAuth(webAuth) {
  if (!webAuth || typeof webAuth.parseHash !== 'function' || !webAuth.client) {
    throw new TypeError('expected an auth0.WebAuth instance');
  }
}

function withUserInfo(webAuth, complete, resolve) {
  return (err, authResult) => {
    if (err) {
      resolve(complete(err));
    } else if (!authResult || !authResult.accessToken) {
      resolve(complete(null, authResult || undefined));
    } else {
      webAuth.client.userInfo(authResult.accessToken, (userErr, profile) => {
        resolve(complete(userErr, authResult, profile));
      });
    }
  };
}

/**
 * Auth0.js after a redirect: parseHash → client.userInfo → complete.
 * Resolves to null when the URL holds no login result.
 */
export function completeRedirect(webAuth, complete, hash) {
  checkWebAuth(webAuth);
  return new Promise((resolve) => {
    const options = typeof hash === 'string' ? { hash } : {};
    webAuth.parseHash(options, (err, authResult) => {
      if (!err && !authResult) {
        resolve(null);
        return;
      }
      withUserInfo(webAuth, complete, resolve)(err, authResult);
    });
  });
}

/** Auth0.js popup: popup.authorize → client.userInfo → complete. */
export function completePopup(webAuth, authorizeOptions, complete) {
  checkWebAuth(webAuth);
  return new Promise((resolve) => {
    webAuth.popup.authorize(authorizeOptions || {}, withUserInfo(webAuth, complete, resolve));
  });
}

/** auth0-spa-js: getUser, getIdTokenClaims, getTokenSilently → complete. */
export async function completeSpaClient(client, complete) {
  if (!client || typeof client.getUser !== 'function') {
    throw new TypeError('expected an Auth0Client from @auth0/auth0-spa-js');
  }
  let user;
  let claims;
  let accessToken;
  try {
    user = await client.getUser();
    claims = await client.getIdTokenClaims();
    accessToken = await client.getTokenSilently();
  } catch (err) {
    return complete(err);
  }
  if (!user) return complete({ error: 'login_required', error_description: 'No user is signed in.' });
  return complete(null, { accessToken, idTokenPayload: claims || undefined }, user);
}

/**
 * Settles `value` (a promise or any thenable) within `ms`: resolves to
 * `{ value }`, `{ rejected: reason }` or `{ timedOut: true }`, never rejects.
 */
export function settleWithin(value, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ timedOut: true }), ms);
    Promise.resolve(value).then(
      (settled) => {
        clearTimeout(timer);
        resolve({ value: settled });
      },
      (reason) => {
        clearTimeout(timer);
        resolve({ rejected: reason === undefined ? null : reason, hasReason: reason != null });
      },
    );
  });
}

/**
 * Whether `value` is an Error. `instanceof` runs a Proxy's getPrototypeOf
 * trap, which may throw; a throw here must not unwind through wasm.
 */
export function isError(value) {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}
