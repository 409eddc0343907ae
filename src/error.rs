//! The one error type of the library and its stable codes.
//!
//! What the provider said (status, its own reason), what the transport said
//! (the browser's error name) and what failed to decode (a path) are kept
//! apart, so a caller can branch on `code` and still see the detail. The
//! message is written for a developer: what happened and what to do. It never
//! contains a token; text that came from a provider is scrubbed of the token
//! before it is kept.

use std::fmt;

/// A stable, machine-readable error code. JavaScript sees the `as_str` form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The login library reported an error before any profile arrived.
    LoginError,
    /// The callback's arguments matched none of the known shapes.
    BadCallbackArgs,
    /// The profile, or a value inside it, has the wrong type.
    InvalidProfile,
    /// The profile carries no `identities` at all.
    NoIdentities,
    /// No identity matches the provider or connection asked for.
    NoMatchingIdentity,
    /// Several identities match and nothing tells them apart.
    AmbiguousIdentity,
    /// The chosen identity has no provider access token.
    MissingIdpToken,
    /// The provider cannot be called from a browser.
    UnsupportedInBrowser,
    /// No catalogue entry for this provider.
    UnknownProvider,
    /// The provider has no such operation.
    UnsupportedOperation,
    /// An endpoint would send a token over plain HTTP or to a disallowed origin.
    InsecureEndpoint,
    /// An option passed to `configure` or a constructor is wrong.
    InvalidConfig,
    /// The provider refused the token (expired or revoked).
    TokenInvalid,
    /// The token lacks a scope the request needs.
    InsufficientScope,
    /// The provider's API is not enabled for the app (Google).
    ApiNotEnabled,
    /// The provider is rate limiting the app.
    RateLimited,
    /// The provider answered with an error status not covered by another code.
    Http,
    /// A successful response whose body is not what the provider documents.
    BadResponse,
    /// The request never got an answer (offline, DNS, CORS refusal).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// The caller aborted the request.
    Aborted,
    /// Paging returned a cursor it had already returned.
    PagingLoop,
    /// Paging went past the page limit.
    PageLimit,
    /// A response pointed the next request at an origin the token may not go to.
    ForeignOrigin,
    /// The app's token endpoint failed or refused.
    TokenEndpoint,
}

impl ErrorCode {
    /// The code as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::LoginError => "login_error",
            ErrorCode::BadCallbackArgs => "bad_callback_args",
            ErrorCode::InvalidProfile => "invalid_profile",
            ErrorCode::NoIdentities => "no_identities",
            ErrorCode::NoMatchingIdentity => "no_matching_identity",
            ErrorCode::AmbiguousIdentity => "ambiguous_identity",
            ErrorCode::MissingIdpToken => "missing_idp_token",
            ErrorCode::UnsupportedInBrowser => "unsupported_in_browser",
            ErrorCode::UnknownProvider => "unknown_provider",
            ErrorCode::UnsupportedOperation => "unsupported_operation",
            ErrorCode::InsecureEndpoint => "insecure_endpoint",
            ErrorCode::InvalidConfig => "invalid_config",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::ApiNotEnabled => "api_not_enabled",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Http => "http",
            ErrorCode::BadResponse => "bad_response",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::PagingLoop => "paging_loop",
            ErrorCode::PageLimit => "page_limit",
            ErrorCode::ForeignOrigin => "foreign_origin",
            ErrorCode::TokenEndpoint => "token_endpoint",
        }
    }

    /// Every code, for documentation and exhaustive tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::LoginError,
        ErrorCode::BadCallbackArgs,
        ErrorCode::InvalidProfile,
        ErrorCode::NoIdentities,
        ErrorCode::NoMatchingIdentity,
        ErrorCode::AmbiguousIdentity,
        ErrorCode::MissingIdpToken,
        ErrorCode::UnsupportedInBrowser,
        ErrorCode::UnknownProvider,
        ErrorCode::UnsupportedOperation,
        ErrorCode::InsecureEndpoint,
        ErrorCode::InvalidConfig,
        ErrorCode::TokenInvalid,
        ErrorCode::InsufficientScope,
        ErrorCode::ApiNotEnabled,
        ErrorCode::RateLimited,
        ErrorCode::Http,
        ErrorCode::BadResponse,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::PagingLoop,
        ErrorCode::PageLimit,
        ErrorCode::ForeignOrigin,
        ErrorCode::TokenEndpoint,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a stable code, a message for developers and the details
/// that were known where it happened. Boxed, so results stay small.
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<Details>);

#[derive(Clone, Debug, PartialEq)]
struct Details {
    code: ErrorCode,
    message: String,
    provider: Option<String>,
    status: Option<u16>,
    reason: Option<String>,
    path: Option<String>,
    transport: Option<String>,
    pages_read: Option<u32>,
    items_read: Option<u32>,
    attempts: Option<u32>,
}

impl Error {
    /// A new error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error(Box::new(Details {
            code,
            message: message.into(),
            provider: None,
            status: None,
            reason: None,
            path: None,
            transport: None,
            pages_read: None,
            items_read: None,
            attempts: None,
        }))
    }

    /// Names the provider involved.
    pub fn with_provider(mut self, provider: impl Into<String>) -> Error {
        self.0.provider = Some(provider.into());
        self
    }

    /// Records the HTTP status of the provider's answer.
    pub fn with_status(mut self, status: u16) -> Error {
        self.0.status = Some(status);
        self
    }

    /// Records the provider's own reason or error code (already scrubbed).
    pub fn with_reason(mut self, reason: impl Into<String>) -> Error {
        self.0.reason = Some(reason.into());
        self
    }

    /// Records where in a value decoding failed, e.g. `identities[1].provider`.
    pub fn with_path(mut self, path: impl Into<String>) -> Error {
        self.0.path = Some(path.into());
        self
    }

    /// Records the browser's name for a transport failure, e.g. `TypeError`.
    pub fn with_transport(mut self, name: impl Into<String>) -> Error {
        self.0.transport = Some(name.into());
        self
    }

    /// Records how far paging got before the error.
    pub fn with_progress(mut self, pages_read: u32, items_read: u32) -> Error {
        self.0.pages_read = Some(pages_read);
        self.0.items_read = Some(items_read);
        self
    }

    /// Records how many requests were sent for this call.
    pub fn with_attempts(mut self, attempts: u32) -> Error {
        self.0.attempts = Some(attempts);
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }
    /// The developer-facing message.
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// The provider involved, if any.
    pub fn provider(&self) -> Option<&str> {
        self.0.provider.as_deref()
    }
    /// The provider's HTTP status, if it answered.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// The provider's own reason, if it gave one.
    pub fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// Where decoding failed, if it did.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }
    /// The browser's error name for a transport failure.
    pub fn transport(&self) -> Option<&str> {
        self.0.transport.as_deref()
    }
    /// Pages read before a paging error.
    pub fn pages_read(&self) -> Option<u32> {
        self.0.pages_read
    }
    /// Items read before a paging error.
    pub fn items_read(&self) -> Option<u32> {
        self.0.items_read
    }
    /// Requests sent for the failing call, retries included.
    pub fn attempts(&self) -> Option<u32> {
        self.0.attempts
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate {text}");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }
}
