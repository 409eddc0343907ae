// Starts the mocks and prints one JSON line with their origins, then runs until
// killed. Ports come from MOCK_TENANT_PORT / MOCK_GOOGLE_PORT (default ephemeral).
// MOCK_IDP_TOKENS=omit serves profiles without provider tokens.

import { startMocks } from './index.mjs';

const mocks = await startMocks({
  tenantPort: Number(process.env.MOCK_TENANT_PORT || 0),
  googlePort: Number(process.env.MOCK_GOOGLE_PORT || 0),
  includeIdpTokens: process.env.MOCK_IDP_TOKENS !== 'omit',
});

process.stdout.write(
  `${JSON.stringify({
    tenantOrigin: mocks.tenantOrigin,
    issuer: mocks.issuer,
    clientId: mocks.clientId,
    providers: mocks.providers,
  })}\n`,
);

const stop = () => mocks.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
