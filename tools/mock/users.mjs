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
