// Deterministic People API person resources, shaped like Google's own answers
// (https://developers.google.com/people/api/rest/v1/people#Person).

import { createHash } from 'node:crypto';

const FIRST_NAMES = [
  'Alan', 'Barbara', 'Claude', 'Dorothy', 'Edith', 'Frances', 'Gottfried', 'Hedy',
  'Ivan', 'Jean', 'Katherine', 'Leslie', 'Margaret', 'Niklaus', 'Ole', 'Peter',
  'Radia', 'Sophie', 'Tim', 'Ursula', 'Vint', 'Whitfield', 'Xavier', 'Yukihiro',
  'Zuse', 'Annie', 'Bjarne', 'Carol', 'Donald', 'Evelyn', 'Fernando', 'Guido',
  'Hal', 'Ida', 'John', 'Ken', 'Lynn', 'Mary', 'Nancy', 'Olga',
];

const LAST_NAMES = [
  'Turing', 'Kernighan', 'Shannon', 'Vaughan', 'Clarke', 'Allen', 'Leibniz', 'Lamarr',
  'Sutherland', 'Bartik', 'Johnson', 'Lamport', 'Hamilton', 'Wirth', 'Dahl', 'Naur',
  'Perlman', 'Wilson', 'Berners-Lee', 'Martin', 'Cerf', 'Diffie', 'Leroy', 'Matsumoto',
  'Konrad', 'Easley', 'Stroustrup', 'Shaw', 'Knuth', 'Boyd',
];

/** Fields of a Person that personFields may name (Google's list). */
export const PERSON_FIELDS = new Set([
  'addresses', 'ageRanges', 'biographies', 'birthdays', 'calendarUrls', 'clientData',
  'coverPhotos', 'emailAddresses', 'events', 'externalIds', 'genders', 'imClients',
  'interests', 'locales', 'locations', 'memberships', 'metadata', 'miscKeywords', 'names',
  'nicknames', 'occupations', 'organizations', 'phoneNumbers', 'photos', 'relations',
  'sipAddresses', 'skills', 'urls', 'userDefined',
]);

/** The signed-in person (people/me) for a user's Google identity. */
export function profilePerson(user, identity, photoBase) {
  const source = { type: 'PROFILE', id: identity.userId };
  return {
    resourceName: `people/${identity.userId}`,
    etag: etagFor(`me:${identity.userId}`),
    metadata: {
      sources: [
        {
          ...source,
          etag: `#${digest(`src:${identity.userId}`).toString('base64url').slice(0, 12)}`,
          profileMetadata: { objectType: 'PERSON', userTypes: ['GOOGLE_USER'] },
        },
      ],
      objectType: 'PERSON',
    },
    names: [
      {
        metadata: { primary: true, source },
        displayName: user.name,
        familyName: user.familyName,
        givenName: user.givenName,
        displayNameLastFirst: `${user.familyName}, ${user.givenName}`,
        unstructuredName: user.name,
      },
    ],
    photos: [
      { metadata: { primary: true, source }, url: `${photoBase}/${identity.userId}.svg` },
    ],
    emailAddresses: [
      {
        metadata: { primary: true, verified: true, source: { type: 'ACCOUNT', id: identity.userId } },
        value: user.email,
      },
    ],
  };
}

/**
 * `count` contacts for an identity. Every tenth has no email address, every
 * seventh has only Google's default letter photo, every fifth has a second,
 * non-primary email address.
 */
export function contactPeople(identity, count, photoBase) {
  const people = [];
  for (let index = 0; index < count; index += 1) {
    people.push(contactPerson(identity.userId, index, photoBase));
  }
  return people;
}

function contactPerson(ownerId, index, photoBase) {
  const hash = digest(`contact:${ownerId}:${index}`);
  const contactId = hash.subarray(0, 8).toString('hex');
  const numericId = BigInt(`0x${contactId}`).toString().padStart(19, '1').slice(0, 19);
  const sourceEtag = `#${hash.toString('base64url').slice(0, 12)}`;
  const source = { type: 'CONTACT', id: contactId, etag: sourceEtag };

  const givenName = FIRST_NAMES[index % FIRST_NAMES.length];
  const round = Math.floor(index / FIRST_NAMES.length);
  const familyName = LAST_NAMES[(index * 7 + round) % LAST_NAMES.length];
  const displayName = `${givenName} ${familyName}`;
  const mailbox = `${givenName}.${familyName}.${index}`.toLowerCase().replace(/[^a-z0-9.]/g, '');

  const person = {
    resourceName: `people/c${numericId}`,
    etag: etagFor(`contact:${ownerId}:${index}`),
    metadata: { sources: [source], objectType: 'PERSON' },
    names: [
      {
        metadata: { primary: true, source: { type: 'CONTACT', id: contactId } },
        displayName,
        familyName,
        givenName,
        displayNameLastFirst: `${familyName}, ${givenName}`,
        unstructuredName: displayName,
      },
    ],
    photos: [
      {
        metadata: { primary: true, source: { type: 'CONTACT', id: contactId } },
        url: `${photoBase}/c${numericId}.svg`,
      },
    ],
  };

  if (index % 7 === 6) {
    person.photos[0] = {
      metadata: { primary: true, source: { type: 'CONTACT', id: contactId } },
      url: `${photoBase}/default-${givenName[0].toLowerCase()}.svg`,
      default: true,
    };
  }

  if (index % 10 !== 9) {
    person.emailAddresses = [
      {
        metadata: { primary: true, source: { type: 'CONTACT', id: contactId } },
        value: `${mailbox}@example.test`,
        type: 'home',
        formattedType: 'Home',
      },
    ];
    if (index % 5 === 4) {
      person.emailAddresses.push({
        metadata: { source: { type: 'CONTACT', id: contactId } },
        value: `${mailbox}@work.example.test`,
        type: 'work',
        formattedType: 'Work',
      });
    }
  }

  return person;
}

/** Keeps resourceName, etag and the requested fields, as Google does. */
export function selectFields(person, fields) {
  const selected = { resourceName: person.resourceName, etag: person.etag };
  for (const field of fields) {
    if (person[field] !== undefined) selected[field] = person[field];
  }
  return selected;
}

/** The display name a photo URL was made for, for drawing its avatar. */
export function labelForPhoto(people, photoFile) {
  for (const person of people) {
    if (person.photos?.some((photo) => photo.url.endsWith(`/${photoFile}`))) {
      return person.names?.[0]?.displayName || '?';
    }
  }
  return photoFile.replace(/^default-/, '').replace(/\.svg$/, '');
}

function etagFor(seed) {
  return `%Eg${digest(`etag:${seed}`).toString('base64url').slice(0, 22)}`;
}

function digest(text) {
  return createHash('sha256').update(text).digest();
}
