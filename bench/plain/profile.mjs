// The plain JavaScript comparison for `parseProfile` + `selectIdentity`:
// the same tolerant rules as src/profile.rs, src/identity.rs and
// src/output.rs, written the way a careful hand-written module would. The
// bench checks that it returns exactly what the library returns on the
// fixture corpus before timing it.

const PROFILE_KNOWN_KEYS = new Set([
  'user_id', 'userId', 'sub', 'name', 'nickname', 'email', 'email_verified',
  'emailVerified', 'picture', 'identities',
]);
const IDENTITY_KNOWN_KEYS = new Set([
  'provider', 'connection', 'user_id', 'userId', 'isSocial', 'is_social', 'expires_in',
  'expiresIn', 'profileData', 'profile_data',
]);
const IDENTITY_SECRET_KEYS = new Set([
  'access_token', 'accessToken', 'refresh_token', 'refreshToken', 'access_token_secret',
  'accessTokenSecret',
]);

function fail(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The first of `keys` whose value is present and not null. */
function first(object, keys) {
  for (const key of keys) {
    if (Object.hasOwn(object, key) && object[key] !== null && object[key] !== undefined) {
      return object[key];
    }
  }
  return undefined;
}

function text(object, keys) {
  const value = first(object, keys);
  return typeof value === 'string' ? value : undefined;
}

function flag(object, keys) {
  const value = first(object, keys);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

function readId(object, keys, path) {
  const value = first(object, keys);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    throw fail('invalid_profile', `Invalid profile at \`${path}\`: not a safe integer.`);
  }
  throw fail('invalid_profile', `Invalid profile at \`${path}\`: expected a string or a number.`);
}

const looksSecret = (name) => /token|secret/i.test(name);

function withoutSecrets(value) {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (isObject(value)) {
    // fromEntries defines own properties, so a `__proto__` key stays data.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => !looksSecret(name))
        .map(([name, member]) => [name, withoutSecrets(member)]),
    );
  }
  return value;
}

function unknownMembers(object, known, dropped) {
  return withoutSecrets(
    Object.fromEntries(
      Object.entries(object).filter(([name]) => !known.has(name) && !dropped?.has(name)),
    ),
  );
}

function readIdentity(value, path) {
  if (!isObject(value)) {
    throw fail('invalid_profile', `Invalid profile at \`${path}\`: expected an identity object.`);
  }
  const provider = first(value, ['provider']);
  if (typeof provider !== 'string' || provider === '') {
    throw fail('invalid_profile', `Invalid profile at \`${path}.provider\`.`);
  }
  const token = text(value, ['access_token', 'accessToken']);
  return {
    provider,
    connection: text(value, ['connection']),
    userId: readId(value, ['user_id', 'userId'], `${path}.user_id`),
    isSocial: flag(value, ['isSocial', 'is_social']),
    hasAccessToken: token !== undefined && token.trim() !== '',
    oauth1: first(value, ['access_token_secret', 'accessTokenSecret']) !== undefined,
    profileData: first(value, ['profileData', 'profile_data']),
    extra: unknownMembers(value, IDENTITY_KNOWN_KEYS, IDENTITY_SECRET_KEYS),
  };
}

/** The plain object `parseProfile` returns for one identity. */
function identityOutput(identity) {
  const out = { provider: identity.provider };
  if (identity.connection !== undefined) out.connection = identity.connection;
  if (identity.userId !== undefined) out.userId = identity.userId;
  if (identity.isSocial !== undefined) out.isSocial = identity.isSocial;
  out.hasAccessToken = identity.hasAccessToken;
  if (identity.oauth1) out.oauth1 = true;
  if (isObject(identity.profileData)) out.profileData = withoutSecrets(identity.profileData);
  out.extra = identity.extra;
  return out;
}

function readProfile(value) {
  if (!isObject(value)) throw fail('invalid_profile', 'Invalid profile at `profile`.');
  const userId = readId(value, ['user_id', 'userId', 'sub'], 'user_id');
  const list = first(value, ['identities']);
  if (list === undefined) throw fail('no_identities', 'The profile has no `identities`.');
  if (!Array.isArray(list)) throw fail('invalid_profile', 'Invalid profile at `identities`.');
  const identities = list.map((item, index) => readIdentity(item, `identities[${index}]`));
  return { value, userId, identities };
}

/** Same result as the library's `parseProfile`. */
export function parseProfile(value) {
  const { userId, identities } = readProfile(value);
  const out = {};
  if (userId !== undefined) out.userId = userId;
  for (const key of ['name', 'nickname', 'email']) {
    const field = text(value, [key]);
    if (field !== undefined) out[key] = field;
  }
  const verified = flag(value, ['email_verified', 'emailVerified']);
  if (verified !== undefined) out.emailVerified = verified;
  const picture = text(value, ['picture']);
  if (picture !== undefined) out.picture = picture;
  out.identities = identities.map(identityOutput);
  out.extra = unknownMembers(value, PROFILE_KNOWN_KEYS);
  return out;
}

/** Same result as the library's `selectIdentity(profile)` with no query. */
export function selectIdentity(value) {
  const { identities } = readProfile(value);
  const chosen = identities.find((identity) => identity.hasAccessToken);
  if (!chosen) throw fail('missing_idp_token', 'No identity carries an access token.');
  return identityOutput(chosen);
}
