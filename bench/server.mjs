// A static file server for the benchmark pages on 127.0.0.1 (port 0 =
// ephemeral). It serves only the benchmark, the built package and the two
// minified comparison libraries, uncompressed and with `no-store`, so every
// page load fetches and compiles afresh, the same way for each side.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const SERVED_PREFIXES = [
  '/bench/',
  '/pkg/',
  '/node_modules/hellojs/dist/',
  '/node_modules/auth0-js/dist/',
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};

/** Resolves to { origin, close() }. */
export function startServer() {
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://bench.invalid').pathname);
    const allowed =
      req.method === 'GET' &&
      !pathname.includes('..') &&
      SERVED_PREFIXES.some((prefix) => pathname.startsWith(prefix));
    const type = CONTENT_TYPES[path.extname(pathname)];
    if (!allowed || !type) return answer(res, 404, 'text/plain', 'not served');
    try {
      answer(res, 200, type, await readFile(path.join(ROOT, pathname)));
    } catch {
      answer(res, 404, 'text/plain', 'not found');
    }
  });

  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function answer(res, status, type, body) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
