// Uses every export of the package the way an app would, so that `tsc
// --noEmit` under strict settings proves the declarations are usable: an
// editor completes what is written here, and a wrong use fails to compile.
// Type-checked only; it never runs.

import init, {
  IdpClient,
  attachToLock,
  configure,
  fromAuth0Client,
  handleRedirect,
  initSync,
  loginWithPopup,
  onLogin,
  parseProfile,
  selectIdentity,
  type CallbackShape,
  type ClientOptions,
  type ConfigureOptions,
  type FetchKind,
  type IdpBridgeError,
  type IdpErrorCode,
  type Identity,
  type ListKind,
  type LoginResult,
  type Person,
  type Profile,
  type Progress,
} from 'idp-bridge';

/** What an app does with each error code: exhaustive, so a new code is a compile error. */
function advice(code: IdpErrorCode): string {
  switch (code) {
    case 'login_error':
    case 'bad_callback_args':
      return 'log in again';
    case 'invalid_profile':
    case 'no_identities':
    case 'no_matching_identity':
    case 'ambiguous_identity':
    case 'missing_idp_token':
      return 'check the Auth0 profile and the token source';
    case 'unsupported_in_browser':
    case 'unknown_provider':
    case 'unsupported_operation':
    case 'insecure_endpoint':
    case 'invalid_config':
      return 'fix the configuration';
    case 'token_invalid':
    case 'insufficient_scope':
    case 'api_not_enabled':
      return 'ask for consent again';
    case 'rate_limited':
    case 'http':
    case 'bad_response':
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'paging_loop':
    case 'page_limit':
    case 'foreign_origin':
    case 'token_endpoint':
      return 'try again later';
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

function describeError(error: IdpBridgeError): string {
  const where = [error.provider, error.status?.toString(), error.path, error.reason]
    .filter((part): part is string => part !== undefined)
    .join(' ');
  const progress = `${error.pagesRead ?? 0} pages, ${error.itemsRead ?? 0} items`;
  const tries = error.attempts ?? 1;
  return `${error.name} ${error.code} (${where}; ${progress}; ${tries} tries): ${error.message}`;
}

function showPerson(person: Person): string {
  const raw: unknown = person.raw;
  const shown = [person.id, person.name, person.email, person.picture, typeof raw];
  return shown.filter((part) => part !== undefined).join(' ');
}

function showIdentity(identity: Identity): string {
  const linked = identity.isSocial === true ? 'social' : 'database';
  return `${identity.provider}/${identity.connection ?? '?'} ${identity.userId ?? ''} ${linked} ${
    identity.hasAccessToken
  } ${Object.keys(identity.extra).length}`;
}

function showProgress(progress: Progress): void {
  console.log(`${progress.kind}: ${progress.items} items in ${progress.pages} pages`);
}

function showResult(result: LoginResult): void {
  const shape: CallbackShape = result.callbackShape;
  const source: 'endpoint' | 'claim' | 'profile' = result.tokenSource;
  const profile: Profile = result.profile;
  const first: string | undefined = profile.identities[0]?.provider;
  console.log(shape, source, profile.name, profile.emailVerified, first);
  console.log(showIdentity(result.identity));
  if (result.me) console.log(showPerson(result.me));
  const lists: (Person[] | undefined)[] = [
    result.contacts,
    result.friends,
    result.followers,
    result.following,
  ];
  for (const list of lists) list?.forEach((person) => console.log(showPerson(person)));
}

type LockLike = { on: Function; getUserInfo: Function };

export async function everyExport(wasmBytes: ArrayBuffer, lockLike: LockLike): Promise<void> {
  await init();
  await init({ module_or_path: '/assets/idp_bridge_bg.wasm' });
  initSync({ module: wasmBytes });

  const fetchKinds: FetchKind[] = ['me', 'contacts'];
  const options: ConfigureOptions = {
    provider: 'google-oauth2',
    connection: null,
    fetch: fetchKinds,
    endpoints: { 'google-oauth2': 'http://127.0.0.1:8082' },
    allowInsecureLoopback: true,
    connections: { 'my-spotify': 'spotify' },
    tokenEndpoint: '/api/idp-token',
    tokenEndpointOrigins: ['https://api.example.test'],
    claim: 'https://example.test/idp_tokens',
    timeoutMs: 10_000,
    maxRetries: 2,
    maxPages: 50,
    onResult: showResult,
    onError: (error) => console.error(advice(error.code), describeError(error)),
    onProgress: showProgress,
  };
  configure(options);

  // Every callback shape onLogin accepts.
  const fromLock: LoginResult = await onLogin(null, { accessToken: 'opaque' }, { user_id: 'x' });
  showResult(fromLock);
  await onLogin(null, { user_id: 'x' });
  await onLogin(new Error('login failed'));
  await onLogin(null, { user_id: 'x' }, 'id token', 'access token', 'state', 'refresh token');

  try {
    await onLogin(null, Promise.resolve({ user_id: 'x' }));
  } catch (caught) {
    const error = caught as IdpBridgeError;
    if (error.code === 'missing_idp_token') console.log(advice(error.code));
  }

  const profile: Profile = parseProfile({ user_id: 'x', identities: [] });
  const identity: Identity = selectIdentity({ user_id: 'x' }, { provider: 'github' });
  console.log(profile.userId, identity.provider);

  const clientOptions: ClientOptions = { provider: 'github', maxPages: 10 };
  const client = new IdpClient({ user_id: 'x' }, clientOptions);
  const provider: string = client.provider;
  const me: Person = await client.me();
  const controller = new AbortController();
  const kind: ListKind = 'followers';
  const followers: Person[] = await client.list(kind, {
    maxItems: 500,
    signal: controller.signal,
    onProgress: showProgress,
  });
  const repos: unknown = await client.get('/user/repos', { per_page: 5, sort: 'updated' });
  const all: unknown[] = await client.getAll('/user/starred', { per_page: 100 }, { maxItems: 300 });
  console.log(provider, client.identity.provider, showPerson(me));
  console.log(followers.length, repos, all.length);
  client.free();

  const detach: () => void = attachToLock(lockLike, { fetch: ['me'] });
  detach();

  const webAuth = {
    parseHash: (_options: unknown, callback: (err: unknown, result: unknown) => void) =>
      callback(null, null),
    client: {},
    popup: { authorize: () => undefined },
  };
  const redirected: LoginResult | null = await handleRedirect(webAuth, {
    hash: '#',
    fetch: ['me'],
  });
  if (redirected) showResult(redirected);
  showResult(await loginWithPopup(webAuth, { connection: 'github' }, { provider: 'github' }));
  const spaClient = { getUser: async () => ({ sub: 'x' }) };
  showResult(await fromAuth0Client(spaClient, { tokenEndpoint: '/api/idp-token' }));
}
