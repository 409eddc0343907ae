//! Plain request and response values, and the one seam to the network.
//!
//! Requests are built and responses read by ordinary Rust; only a
//! [`Transport`] sends them. The browser's transport lives in `fetch`; tests
//! use a recording one. The credential travels beside the request, never in
//! its URL or header list, so nothing that prints a request can print a token.

#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod retry;

use crate::token::Credential;

/// The HTTP methods the catalogue uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request body and its content type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// `application/json`.
    Json(String),
    /// `application/x-www-form-urlencoded`, fields already encoded.
    Form(String),
}

/// A request ready to send, without its credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// GET or POST.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Extra headers (never the credential).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Body>,
}

impl Request {
    /// A GET of `url` with no extra headers.
    pub fn get(url: impl Into<String>) -> Request {
        Request {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }
}

/// A response as read from the network: status, headers the browser let us
/// see, and the body text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Response {
    /// The first header called `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a request got no response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The fetch rejected: offline, DNS, refused connection or a CORS refusal,
    /// which a browser does not tell apart. Holds the browser's error name.
    Network(String),
    /// The time limit passed.
    Timeout,
    /// The caller's signal aborted it.
    Aborted,
    /// The response (with this status) declared or had a body larger than
    /// the library accepts; it was not read.
    TooLarge(u16),
}

/// Sends requests and waits. Implemented by the browser's `fetch` and by
/// test doubles.
// The library runs on wasm's single thread, so its futures need not be Send.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` with `credential` attached, within `timeout_ms`.
    async fn send(
        &self,
        request: &Request,
        credential: Option<&Credential>,
        timeout_ms: u32,
    ) -> Result<Response, TransportError>;

    /// Waits `ms` milliseconds (between retries). Ends early with `Aborted`
    /// when the caller aborts.
    async fn sleep(&self, ms: u32) -> Result<(), TransportError>;

    /// Milliseconds since the Unix epoch, for `Retry-After` dates.
    fn now_ms(&self) -> f64;
}
