// Small HTTP helpers shared by the mock servers. Standard library only.

import http from 'node:http';

/** Largest request body a mock accepts; the mocks only ever receive small JSON. */
const MAX_BODY_BYTES = 64 * 1024;

/** Starts `handler` on 127.0.0.1:`port` (0 = ephemeral); resolves to { server, origin, close() }. */
export function listen(handler, port = 0) {
  return serveOnLoopback(http.createServer(guarded(handler)), port, 'http', 'connection');
}

/** Wraps a handler so that a bug in a mock shows as a 500 with a reason, never a hung test. */
export function guarded(handler) {
  return (req, res) => {
    Promise.resolve(handler(req, res)).catch((error) => {
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'mock_failure', error_description: String(error) });
      } else {
        res.destroy();
      }
    });
  };
}

/**
 * Listens with an http or https `server` on 127.0.0.1 and resolves to
 * { server, origin, close() }. `connectionEvent` is the server's event for a
 * new socket ('connection', or 'secureConnection' for TLS).
 */
export function serveOnLoopback(server, port, scheme, connectionEvent) {
  // Track sockets so close() does not wait for browsers' keep-alive connections.
  const sockets = new Set();
  server.on(connectionEvent, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actualPort } = server.address();
      resolve({
        server,
        origin: `${scheme}://127.0.0.1:${actualPort}`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Reads the request body as text, refusing anything larger than MAX_BODY_BYTES. */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a JSON or form-encoded body into a plain object; an unreadable body gives {}. */
export async function readParams(req) {
  const text = await readBody(req);
  const type = req.headers['content-type'] || '';
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value = JSON.parse(text || '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

export function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendText(res, status, text, contentType, headers = {}) {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The Bearer token of a request, or null when the header is missing or not Bearer. */
export function bearerToken(req) {
  const header = req.headers.authorization || '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
