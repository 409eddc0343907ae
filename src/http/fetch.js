// The browser side of the transport: fetch with a time limit and the
// caller's AbortSignal, and a sleep that the same signal can cut short.
// Failures are returned as values so that the Rust side never has to tell a
// thrown string from a thrown Error.

function combine(signal, timeoutSignal) {
  if (!signal) return timeoutSignal;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, timeoutSignal]);
  const controller = new AbortController();
  const forward = (source) => () => controller.abort(source.reason);
  if (signal.aborted) controller.abort(signal.reason);
  signal.addEventListener('abort', forward(signal), { once: true });
  timeoutSignal.addEventListener('abort', forward(timeoutSignal), { once: true });
  return controller.signal;
}

// The body as UTF-8 text, or null once it passes maxBytes: reading stops
// there, so a body without a declared length is never taken in whole.
async function readText(response, maxBytes) {
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export async function sendRequest(method, url, headers, body, timeoutMs, maxBytes, signal) {
  const callerSignal = signal instanceof AbortSignal ? signal : null;
  if (callerSignal && callerSignal.aborted) return { failure: 'aborted' };
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : body,
      signal: combine(callerSignal, timeoutSignal),
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    if (response.type === 'opaqueredirect') {
      return { status: 0, headers: [], body: '', redirected: true };
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      response.body?.cancel();
      return { failure: 'too_large', status: response.status };
    }
    const text = await readText(response, maxBytes);
    if (text === null) return { failure: 'too_large', status: response.status };
    return { status: response.status, headers: Array.from(response.headers), body: text };
  } catch (error) {
    if (callerSignal && callerSignal.aborted) return { failure: 'aborted' };
    if (timeoutSignal.aborted) return { failure: 'timeout' };
    return { failure: 'network', name: error && typeof error.name === 'string' ? error.name : 'Error' };
  }
}

export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const callerSignal = signal instanceof AbortSignal ? signal : null;
    if (callerSignal && callerSignal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      callerSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    callerSignal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function markHandled(promise) {
  promise.catch(() => {});
}

export function isAbortSignal(value) {
  // instanceof runs a Proxy's getPrototypeOf trap; a throw must not unwind
  // through wasm, which would leak its stack.
  try {
    return typeof AbortSignal !== 'undefined' && value instanceof AbortSignal;
  } catch {
    return false;
  }
}
