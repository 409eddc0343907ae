// The plain JavaScript comparisons for calls and paging: `fetch` with the
// same URL, the same Authorization header and the same fetch options the
// library's transport uses, `response.json()`, and the same person fields.
// No timeout, no retries, no origin checks: the hand-written code a page
// would have without the library.

const FETCH_OPTIONS = {
  credentials: 'omit',
  redirect: 'manual',
  cache: 'no-store',
  referrerPolicy: 'no-referrer',
};

async function getJson(url, token) {
  const response = await fetch(url, {
    ...FETCH_OPTIONS,
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { response, body: await response.json() };
}

/** Google's convention: the element marked primary, else the first. */
function primaryText(value, array, field) {
  const items = Array.isArray(value[array]) ? value[array] : [];
  const item = items.find((entry) => entry?.metadata?.primary === true) ?? items[0];
  return typeof item?.[field] === 'string' ? item[field] : undefined;
}

/** `{ id, name?, email?, picture?, raw }` for a Google person, as `me()` returns. */
function googlePerson(value) {
  if (typeof value.resourceName !== 'string') throw new Error('no resourceName');
  const person = { id: value.resourceName };
  const name = primaryText(value, 'names', 'displayName');
  if (name !== undefined) person.name = name;
  const email = primaryText(value, 'emailAddresses', 'value');
  if (email !== undefined) person.email = email;
  const picture = primaryText(value, 'photos', 'url');
  if (picture !== undefined) person.picture = picture;
  person.raw = value;
  return person;
}

/** The signed-in Google user, like `client.me()`. */
export async function googleMe(origin, token) {
  const url = `${origin}/v1/people/me?personFields=names%2CemailAddresses%2Cphotos`;
  const { body } = await getJson(url, token);
  return googlePerson(body);
}

/** All connections, one page after another, following `nextPageToken`. */
export async function googleConnections(origin, token, pageSize) {
  const first =
    `${origin}/v1/people/me/connections?personFields=names%2CemailAddresses%2Cphotos` +
    `&pageSize=${pageSize}`;
  const items = [];
  let url = first;
  for (;;) {
    const { body } = await getJson(url, token);
    if (Array.isArray(body.connections)) items.push(...body.connections);
    if (!body.nextPageToken) return items;
    url = `${first}&pageToken=${encodeURIComponent(body.nextPageToken)}`;
  }
}

/** The `rel="next"` URL of a Link header, if any. */
function nextLink(header) {
  for (const part of (header || '').split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return null;
}

/** All followers, one page after another, following `Link: rel="next"`. */
export async function githubFollowers(origin, token, perPage) {
  const items = [];
  let url = `${origin}/user/followers?per_page=${perPage}`;
  while (url) {
    const { response, body } = await getJson(url, token);
    items.push(...body);
    url = nextLink(response.headers.get('link'));
  }
  return items;
}
