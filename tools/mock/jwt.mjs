// RS256 signing for the mock tenant's id_tokens, with a key made at start-up.

import { createHash, generateKeyPairSync, sign } from 'node:crypto';

/** A fresh RSA key pair; `jwk` is the public half as published at /.well-known/jwks.json. */
export function createSigningKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const kid = base64url(createHash('sha256').update(publicJwk.n).digest()).slice(0, 16);

  return {
    kid,
    privateKey,
    jwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: publicJwk.n, e: publicJwk.e },
  };
}

/** A compact JWS of `claims`, signed RS256 with `key`. */
export function signJwt(claims, key) {
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

/** The OIDC `at_hash` of an access token for an RS256 id_token. */
export function accessTokenHash(accessToken) {
  const digest = createHash('sha256').update(accessToken).digest();
  return base64url(digest.subarray(0, digest.length / 2));
}

function encodeJson(value) {
  return base64url(Buffer.from(JSON.stringify(value)));
}

function base64url(buffer) {
  return Buffer.from(buffer).toString('base64url');
}
