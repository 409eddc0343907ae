// HTTPS for mocks that a client library can only reach as https://<domain>
// (Lock 9 and its auth0-js 6 build every URL that way). The certificate is
// self-signed for 127.0.0.1 and made at start with the `openssl` command:
// node:crypto makes keys but not X.509 certificates. Browsers must run with
// --ignore-certificate-errors to accept it.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { guarded, serveOnLoopback } from './http.mjs';

const run = promisify(execFile);

/** A fresh key and self-signed certificate for 127.0.0.1, valid for two days. */
export async function selfSignedCertificate() {
  const dir = await mkdtemp(path.join(tmpdir(), 'idp-bridge-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', keyFile, '-out', certFile,
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { timeout: 30_000 });
    return { key: await readFile(keyFile), cert: await readFile(certFile) };
  } catch (error) {
    throw new Error(`could not make a self-signed certificate with openssl: ${error.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Like listen() in http.mjs, over HTTPS with `tls` ({ key, cert }); resolves to
 * { server, origin: 'https://127.0.0.1:PORT', close() }.
 */
export function listenTls(handler, port, tls) {
  return serveOnLoopback(https.createServer(tls, guarded(handler)), port, 'https', 'secureConnection');
}
