// Verifies an Auth0 access token: RS256 only, signed by a key in the tenant's
// JWKS, with the expected issuer and audience, not expired. Standard library
// only. Errors say what is wrong with the token, never the token itself.

import { createPublicKey, verify } from 'node:crypto';

/** Tolerated clock difference between the tenant and this server. */
const CLOCK_SKEW_S = 60;
/** How long a fetched key set is trusted before a kid miss refetches it. */
const JWKS_MIN_REFRESH_MS = 30_000;

/**
 * A verifier for tokens of one tenant. `fetchJson(url)` resolves to the
 * parsed body (injected so tests and servers choose the HTTP client).
 */
export function createVerifier({ issuer, audience, jwksUri, fetchJson }) {
  let keys = new Map();
  let fetchedAt = 0;

  async function keyFor(kid) {
    if (!keys.has(kid) && Date.now() - fetchedAt > JWKS_MIN_REFRESH_MS) {
      const jwks = await fetchJson(jwksUri);
      keys = new Map(
        (Array.isArray(jwks?.keys) ? jwks.keys : [])
          .filter((jwk) => jwk.kty === 'RSA' && typeof jwk.kid === 'string')
          .map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]),
      );
      fetchedAt = Date.now();
    }
    return keys.get(kid);
  }

  /** Resolves to the token's claims, or throws a TokenError. */
  return async function verifyToken(token) {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) throw new TokenError('not a JWT');
    const [headerPart, payloadPart, signaturePart] = parts;
    const header = decodePart(headerPart, 'header');
    const claims = decodePart(payloadPart, 'payload');

    if (header.alg !== 'RS256') throw new TokenError(`algorithm ${String(header.alg)} refused`);
    const key = await keyFor(String(header.kid));
    if (!key) throw new TokenError('signed by an unknown key');
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      key,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) throw new TokenError('bad signature');

    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== issuer) throw new TokenError('wrong issuer');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(audience)) throw new TokenError('not for this API (audience)');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) {
      throw new TokenError('expired');
    }
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) {
      throw new TokenError('not valid yet');
    }
    if (typeof claims.sub !== 'string' || !claims.sub) throw new TokenError('no subject');
    return claims;
  };
}

/** A token that fails verification; `message` is safe to log and to send. */
export class TokenError extends Error {
  constructor(reason) {
    super(`invalid access token: ${reason}`);
    this.name = 'TokenError';
  }
}

function decodePart(part, name) {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // Reported below.
  }
  throw new TokenError(`unreadable ${name}`);
}
