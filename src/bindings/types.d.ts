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
  profileData?: Record<string, unknown>;
  /** Fields the library does not interpret. */
  extra: Record<string, unknown>;
}

/** A normalized Auth0 profile, without tokens. */
export interface Profile {
  userId?: string;
  name?: string;
  nickname?: string;
  email?: string;
  emailVerified?: boolean;
  picture?: string;
  identities: Identity[];
  /** Fields the library does not interpret (token-like names removed). */
  extra: Record<string, unknown>;
}

/** A person, the same shape for every provider. */
export interface Person {
  id: string;
  name?: string;
  email?: string;
  picture?: string;
  /** The provider's own object. */
  raw: unknown;
}

export type ListKind = "contacts" | "friends" | "followers" | "following";
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
  profile: Profile;
  identity: Identity;
  /** Which source supplied the provider token. */
  tokenSource: "endpoint" | "claim" | "profile";
  me?: Person;
  contacts?: Person[];
  friends?: Person[];
  followers?: Person[];
  following?: Person[];
}

export interface Progress {
  kind: string;
  pages: number;
  items: number;
}

export interface IdentityQuery {
  provider?: string | null;
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
  tokenEndpointOrigins?: string[] | null;
  /** Name of a namespaced custom claim holding provider tokens. */
  claim?: string | null;
  timeoutMs?: number | null;
  maxRetries?: number | null;
  maxPages?: number | null;
  /** Pages fetched at once when a list's pages are numbered (GitHub); 1 to 16, default 4. */
  pageConcurrency?: number | null;
}

export interface ConfigureOptions extends ClientOptions {
  fetch?: FetchKind[] | null;
  onResult?: ((result: LoginResult) => void) | null;
  onError?: ((error: IdpBridgeError) => void) | null;
  onProgress?: ((progress: Progress) => void) | null;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  maxItems?: number;
  onProgress?: (progress: Progress) => void;
}
