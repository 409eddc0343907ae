// The people the mock tenant knows, and what each provider mock serves for them.
//
// Each user logs in to the mock tenant with email + password through Lock's
// database form, whatever their primary identity is: the mock has no social
// login pages. What a user "has" at a provider hangs off the identity:
// `accessToken` is what the provider mock accepts, `contacts` how many
// connections it serves. Another provider is added by giving a user an identity
// with that provider's Auth0 name and teaching tools/mock/index.mjs its mock.
//
// Tests read their expected figures from here, never from literals.

/** The Lock client the tenant serves settings for. */
export const CLIENT_ID = 'idpBridgeDemoClient';

/**
 * A second browser client of the same tenant, set up the way Auth0 works since
 * August 2016: its profiles carry no provider tokens, so the app's token
 * endpoint (tools/token-backend/) must supply them.
 */
export const MODERN_CLIENT_ID = 'idpBridgeModernClient';

/** The identifier of the app's own API, the `audience` its access tokens are for. */
export const API_AUDIENCE = 'https://idp-bridge.example.test/api';

/**
 * The token backend's machine-to-machine client (client credentials grant on
 * the Management API). Fixture credentials of the local mock, not a secret.
 */
export const MANAGEMENT_CLIENT = {
  clientId: 'idpBridgeTokenBackend',
  clientSecret: 'mock-m2m-secret-3b7e1f90c2d4',
  scopes: ['read:users', 'read:user_idp_tokens'],
};

/** The database connection Lock shows the email/password form for. */
export const DB_CONNECTION = 'Username-Password-Authentication';

/** Google scope that the People API connections endpoint requires. */
export const GOOGLE_CONTACTS_SCOPE = 'https://www.googleapis.com/auth/contacts.readonly';

const GOOGLE_PROFILE_SCOPES = ['openid', 'email', 'profile'];

export const users = [
  {
    // The demo user: signed up with Google, has a few hundred contacts.
    userId: 'google-oauth2|104729385610293847561',
    email: 'ada@example.test',
    password: 'analytical-engine-1843',
    name: 'Ada Lovelace',
    givenName: 'Ada',
    familyName: 'Lovelace',
    nickname: 'ada',
    emailVerified: true,
    identities: [
      {
        provider: 'google-oauth2',
        connection: 'google-oauth2',
        userId: '104729385610293847561',
        isSocial: true,
        accessToken: 'mock-google-token-ada-7f3c9e21',
        scopes: [...GOOGLE_PROFILE_SCOPES, GOOGLE_CONTACTS_SCOPE],
        contacts: 237,
      },
    ],
  },
  {
    // Linked accounts: the primary identity is a database one without a
    // provider token, the Google identity comes second.
    userId: 'auth0|64b7e0c1d2a3f40012ab34cd',
    email: 'grace@example.test',
    password: 'cobol-compiler-1959',
    name: 'Grace Hopper',
    givenName: 'Grace',
    familyName: 'Hopper',
    nickname: 'grace',
    emailVerified: true,
    identities: [
      {
        provider: 'auth0',
        connection: DB_CONNECTION,
        userId: '64b7e0c1d2a3f40012ab34cd',
        isSocial: false,
      },
      {
        provider: 'google-oauth2',
        connection: 'google-oauth2',
        userId: '117382910473829104738',
        isSocial: true,
        accessToken: 'mock-google-token-grace-2b8d4a60',
        scopes: [...GOOGLE_PROFILE_SCOPES, GOOGLE_CONTACTS_SCOPE],
        contacts: 12,
      },
    ],
  },
  {
    // The Google token Auth0 holds was revoked at Google: every call is a 401.
    userId: 'google-oauth2|109283746510928374651',
    email: 'edsger@example.test',
    password: 'shortest-path-1956',
    name: 'Edsger Dijkstra',
    givenName: 'Edsger',
    familyName: 'Dijkstra',
    nickname: 'edsger',
    emailVerified: true,
    identities: [
      {
        provider: 'google-oauth2',
        connection: 'google-oauth2',
        userId: '109283746510928374651',
        isSocial: true,
        accessToken: 'mock-google-token-edsger-revoked',
        revoked: true,
        scopes: [...GOOGLE_PROFILE_SCOPES, GOOGLE_CONTACTS_SCOPE],
        contacts: 5,
      },
    ],
  },
  {
    // Logged in without granting the contacts scope: `me` works, contacts is a 403.
    userId: 'google-oauth2|112233445566778899001',
    email: 'barbara@example.test',
    password: 'abstract-data-1974',
    name: 'Barbara Liskov',
    givenName: 'Barbara',
    familyName: 'Liskov',
    nickname: 'barbara',
    emailVerified: false,
    identities: [
      {
        provider: 'google-oauth2',
        connection: 'google-oauth2',
        userId: '112233445566778899001',
        isSocial: true,
        accessToken: 'mock-google-token-barbara-5e0f1c77',
        scopes: GOOGLE_PROFILE_SCOPES,
        contacts: 40,
      },
    ],
  },
  {
    // Signed up with GitHub: followers and following span several pages of 100.
    userId: 'github|1024',
    email: 'ken@example.test',
    password: 'unix-time-1969',
    name: 'Ken Thompson',
    givenName: 'Ken',
    familyName: 'Thompson',
    nickname: 'ken',
    emailVerified: true,
    identities: [
      {
        provider: 'github',
        connection: 'github',
        userId: '1024',
        login: 'kenthompson',
        isSocial: true,
        accessToken: 'mock-github-token-ken-4c1d8e02',
        scopes: ['read:user', 'user:email'],
        followers: 230,
        following: 105,
      },
    ],
  },
  {
    // Signed up with a Microsoft account: contacts span several Graph pages.
    userId: 'windowslive|5f3a9c1e7b2d4a60',
    email: 'radia@example.test',
    password: 'spanning-tree-1985',
    name: 'Radia Perlman',
    givenName: 'Radia',
    familyName: 'Perlman',
    nickname: 'radia',
    emailVerified: true,
    identities: [
      {
        provider: 'windowslive',
        connection: 'windowslive',
        userId: '5f3a9c1e7b2d4a60',
        isSocial: true,
        accessToken: 'mock-microsoft-token-radia-9e2b7a41',
        scopes: ['openid', 'profile', 'User.Read', 'Contacts.Read'],
        contacts: 215,
      },
    ],
  },
  {
    // A database user with the other providers linked: Facebook, Dropbox,
    // Bitbucket, and Spotify and Slack as custom oauth2 connections. The
    // browser tests of those providers use these identities.
    userId: 'auth0|6571a2b3c4d5e6f708192a3b',
    email: 'alan@example.test',
    password: 'dynabook-1972',
    name: 'Alan Kay',
    givenName: 'Alan',
    familyName: 'Kay',
    nickname: 'alan',
    emailVerified: true,
    identities: [
      {
        provider: 'auth0',
        connection: DB_CONNECTION,
        userId: '6571a2b3c4d5e6f708192a3b',
        isSocial: false,
      },
      {
        provider: 'facebook',
        connection: 'facebook',
        userId: '10158123456789012',
        isSocial: true,
        accessToken: 'mock-facebook-token-alan-0d5c2b19',
        scopes: ['public_profile', 'email', 'user_friends'],
        friends: 140,
      },
      {
        provider: 'dropbox',
        connection: 'dropbox',
        userId: 'AAH4f99T0taONIb-alanKay',
        isSocial: true,
        accessToken: 'mock-dropbox-token-alan-7a90e3c4',
        scopes: ['account_info.read'],
        // Files in the root folder that files/list_folder lists.
        files: 23,
      },
      {
        provider: 'oauth2',
        connection: 'spotify',
        userId: 'alankay',
        isSocial: true,
        accessToken: 'mock-spotify-token-alan-3e61f8d2',
        scopes: ['user-read-email', 'user-follow-read'],
        following: 75,
      },
      {
        provider: 'bitbucket',
        connection: 'bitbucket',
        userId: '9b1c3f5e-0000-4000-8000-00000000a1a2',
        isSocial: true,
        accessToken: 'mock-bitbucket-token-alan-c4b2d6e8',
        scopes: ['account', 'repository'],
        repositories: 23,
      },
      {
        provider: 'oauth2',
        connection: 'slack',
        userId: 'U0MOCKALAN',
        teamId: 'T0MOCKTEAM',
        isSocial: true,
        accessToken: 'mock-slack-token-alan-5f0e9a13',
        scopes: ['identity.basic', 'identity.email', 'identity.avatar'],
      },
    ],
  },
];

/** The user with this email, or undefined. */
export function userByEmail(email) {
  const wanted = String(email || '').trim().toLowerCase();
  return users.find((user) => user.email === wanted);
}

/** The user's first identity at `provider`, or undefined. */
export function identityOf(user, provider) {
  return user.identities.find((identity) => identity.provider === provider);
}

/** The demo user and the figures the demo should show for them. */
export const demoUser = users[0];
