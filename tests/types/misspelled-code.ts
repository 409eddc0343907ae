// Must NOT compile: error codes are a union of literals, so a misspelled code
// is caught by the compiler instead of silently never matching. The type test
// expects exactly the errors marked below, on these lines.

import type { IdpBridgeError, IdpErrorCode } from 'idp-bridge';

export function isRateLimited(error: IdpBridgeError): boolean {
  return error.code === 'rate_limitted'; // expect TS2367
}

export const retryable: IdpErrorCode[] = ['timeout', 'netwrok']; // expect TS2820
