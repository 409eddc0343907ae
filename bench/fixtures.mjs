// The data the benchmark runs on: two mock accounts with large lists, the
// Auth0 profiles that carry their tokens, and the corpus of realistic
// profiles for the parsing comparison.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { identityEntry } from '../tools/mock/tenant.mjs';

const PROFILE_FIXTURES = fileURLToPath(new URL('../tests/fixtures/profiles/', import.meta.url));

const GOOGLE_SCOPES = [
  'openid',
  'email',
  'profile',
  'https://www.googleapis.com/auth/contacts.readonly',
];

/**
 * Users in the shape of tools/mock/users.mjs, sized by `lists`: one Google
 * account with `contacts` contacts and one GitHub account with `followers`
 * followers. The tokens are fixture strings of the local mocks.
 */
export function benchUsers({ contacts, followers }) {
  return [
    {
      userId: 'google-oauth2|200000000000000000001',
      email: 'bench-google@example.test',
      name: 'Bench Google',
      nickname: 'bench-google',
      emailVerified: true,
      identities: [
        {
          provider: 'google-oauth2',
          connection: 'google-oauth2',
          userId: '200000000000000000001',
          isSocial: true,
          accessToken: 'mock-google-token-bench-1a2b3c4d',
          scopes: GOOGLE_SCOPES,
          contacts,
        },
      ],
    },
    {
      userId: 'github|4096',
      email: 'bench-github@example.test',
      name: 'Bench GitHub',
      nickname: 'bench-github',
      emailVerified: true,
      identities: [
        {
          provider: 'github',
          connection: 'github',
          userId: '4096',
          login: 'benchoctocat',
          isSocial: true,
          accessToken: 'mock-github-token-bench-5e6f7a8b',
          scopes: ['read:user', 'user:email'],
          followers,
          following: 0,
        },
      ],
    },
  ];
}

/** The legacy Auth0 profile of a bench user, as Lock would hand it over. */
export function legacyProfile(user) {
  return {
    user_id: user.userId,
    name: user.name,
    nickname: user.nickname,
    email: user.email,
    email_verified: user.emailVerified,
    identities: user.identities.map((identity) => identityEntry(identity, true)),
  };
}

/**
 * The inputs of the profile fixtures (tests/fixtures/profiles), valid and
 * invalid alike; the page keeps those the library reads and selects from.
 */
export function profileCorpus() {
  return readdirSync(PROFILE_FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      name,
      input: JSON.parse(readFileSync(PROFILE_FIXTURES + name, 'utf8')).input,
    }));
}
