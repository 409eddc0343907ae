/** Stable codes of every error idp-bridge throws or reports. */
export type IdpErrorCode =
  | "login_error"
  | "bad_callback_args"
  | "invalid_profile"
  | "no_identities"
  | "no_matching_identity"
  | "ambiguous_identity"
  | "missing_idp_token"
  | "unsupported_in_browser"
  | "unknown_provider"
  | "unsupported_operation"
  | "insecure_endpoint"
  | "invalid_config"
  | "token_invalid"
  | "insufficient_scope"
  | "api_not_enabled"
  | "rate_limited"
  | "http"
  | "bad_response"
  | "network"
  | "timeout"
  | "aborted"
  | "paging_loop"
  | "page_limit"
  | "foreign_origin"
  | "token_endpoint";

/** A real `Error` with a stable `code`; the message never contains a token. */
export interface IdpBridgeError extends Error {
  name: "IdpBridgeError";
  code: IdpErrorCode;
  /** Auth0 provider name, when a provider was involved. */
  provider?: string;
  /** HTTP status of the provider's answer (0 for a refused redirect). */
  status?: number;
  /** The provider's own reason or the login library's error code. */
  reason?: string;
  /** Where decoding failed, e.g. `identities[1].provider`. */
  path?: string;
  /** The browser's error name for a network failure, e.g. `TypeError`. */
  transport?: string;
  /** Pages read before a paging error. */
  pagesRead?: number;
  /** Items read before a paging error. */
  itemsRead?: number;
  /** Requests sent for the failing call, retries included. */
  attempts?: number;
}

/** One identity of a profile, without tokens. */
export interface Identity {
  /** Auth0 provider name, e.g. `google-oauth2`, `github`, `windowslive`, `oauth2`. */
  provider: string;
  connection?: string;
  /** The user's id at the provider, always a string. */
  userId?: string;
  isSocial?: boolean;
  /** Whether Auth0 sent the provider's access token with this identity. */
  hasAccessToken: boolean;
  /** Present on OAuth 1 identities, which a browser cannot call. */
  oauth1?: true;
  /** What the provider said about the user at login, as Auth0 stored it. */
  profileData?: Record<string, unknown>;
  /** Fields the library does not interpret. */
  extra: Record<string, unknown>;
}

/** A normalized Auth0 profile, without tokens. */
export interface Profile {
  /** Auth0's user id, e.g. `google-oauth2|1047…` (`user_id` or `sub`). */
  userId?: string;
  name?: string;
  nickname?: string;
  email?: string;
  /** `email_verified`, also when the tenant sent it as the string `"true"`. */
  emailVerified?: boolean;
  /** URL of the user's picture. */
  picture?: string;
  /** Linked accounts, in the profile's order. */
  identities: Identity[];
  /** Fields the library does not interpret (token-like names removed). */
  extra: Record<string, unknown>;
}

/** A person, the same shape for every provider. */
export interface Person {
  /** The provider's id for the person, always a string. */
  id: string;
  /** Display name (or login, where the provider has no name). */
  name?: string;
  /** Primary email, where the provider shares it. */
  email?: string;
  /** Picture URL, where the provider has one. */
  picture?: string;
  /** The provider's own object. */
  raw: unknown;
}

/** The lists a provider may offer; see the README's provider table for which has which. */
export type ListKind = "contacts" | "friends" | "followers" | "following";
/** What `onLogin` fetches: the signed-in user (`me`) and any lists. */
export type FetchKind = "me" | ListKind;

/** How `onLogin` recognised its arguments. */
export type CallbackShape =
  | "documented"
  | "lock9-popup"
  | "auth-result"
  | "auth-result-and-profile"
  | "profile-only"
  | "profile-promise";

/** What `onLogin` resolves to; one key per list fetched. */
export interface LoginResult {
  callbackShape: CallbackShape;
  /** The Auth0 profile, normalized, without tokens. */
  profile: Profile;
  /** The identity whose provider was called. */
  identity: Identity;
  /** Which source supplied the provider token. */
  tokenSource: "endpoint" | "claim" | "profile";
  /** The user at the provider, when `fetch` lists `"me"`. */
  me?: Person;
  contacts?: Person[];
  friends?: Person[];
  followers?: Person[];
  following?: Person[];
}

/** Reported after each page of a list. */
export interface Progress {
  /** The list being read (`contacts`, ...), or the path for `getAll`. */
  kind: string;
  /** Pages read so far. */
  pages: number;
  /** Items read so far. */
  items: number;
}

/** Which identity to use; with neither, the first identity that has a token. */
export interface IdentityQuery {
  /** The user's id at the provider, when several accounts of one connection are linked. */
  userId?: string | null;
  /** Auth0 provider name, e.g. `google-oauth2`, `github`, `windowslive`. */
  provider?: string | null;
  /** Connection name, when one provider has several connections. */
  connection?: string | null;
}

export interface ClientOptions extends IdentityQuery {
  /** Provider name → base URL that replaces the provider's origin (paths unchanged). */
  endpoints?: Record<string, string> | null;
  /** Allow `http://127.0.0.1` / `localhost` endpoints. */
  allowInsecureLoopback?: boolean | null;
  /** Custom OAuth2 connection name → catalogue key, e.g. `{ "my-spotify": "spotify" }`. */
  connections?: Record<string, string> | null;
  /**
   * The app backend's token endpoint (a path on this page's origin, or an absolute URL on an
   * origin in `tokenEndpointOrigins`). Preferred over `claim` and the profile's identities.
   */
  tokenEndpoint?: string | null;
  /** HTTPS origins an absolute `tokenEndpoint` may be on; the Auth0 token goes nowhere else. */
  tokenEndpointOrigins?: string[] | null;
  /** Name of a namespaced custom claim holding provider tokens. */
  claim?: string | null;
  /** Time limit of each request in milliseconds; default 15000. */
  timeoutMs?: number | null;
  /** Retries of a 429 or 503 answer, honouring `Retry-After`; 0 to 10, default 2. */
  maxRetries?: number | null;
  /** Page cap of one list; reaching it fails with `page_limit`. Default 1000. */
  maxPages?: number | null;
  /** Pages fetched at once when a list's pages are numbered (GitHub); 1 to 16, default 6. */
  pageConcurrency?: number | null;
}

/** Options of `configure` and of the login adapters. */
/** Options of `new IdpClient(profile, options)`. */
export interface IdpClientOptions extends ClientOptions {
  /** The Auth0 access token, sent to `tokenEndpoint` (and nowhere else) when that is the token source. */
  auth0AccessToken?: string;
}

export interface ConfigureOptions extends ClientOptions {
  /** What `onLogin` fetches; default `["me"]`. */
  fetch?: FetchKind[] | null;
  /** Called with each login's result. */
  onResult?: ((result: LoginResult) => void) | null;
  /** Called with each login's error; the returned Promise then rejects quietly. */
  onError?: ((error: IdpBridgeError) => void) | null;
  /** Called after each page of each list. */
  onProgress?: ((progress: Progress) => void) | null;
}

/** Options of one `IdpClient` call. */
export interface CallOptions {
  /** Aborts the call; it then fails with `aborted`. */
  signal?: AbortSignal;
}

/** Options of `list` and `getAll`. */
export interface ListOptions extends CallOptions {
  /** Return at most this many items: a prefix you asked for, not an error. */
  maxItems?: number;
  /** Called after each page. */
  onProgress?: (progress: Progress) => void;
}
