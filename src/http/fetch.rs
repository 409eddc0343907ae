//! The browser transport: the one place that calls `fetch`.
//!
//! The request is sent by a few lines of JavaScript shipped with the module
//! (an ES module file, so a strict Content-Security-Policy allows it). They
//! own the timer and the abort signal, so no Rust closure is ever left for a
//! late callback to find dropped. Redirects are not followed: a token is sent
//! only to the URL the library chose.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{Body, Request, Response, Transport, TransportError};
use crate::client::MAX_BODY_BYTES;
use crate::token::Credential;
use crate::url::encode_query;

#[wasm_bindgen(module = "/src/http/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendRequest)]
    fn send_request(
        method: &str,
        url: &str,
        headers: Array,
        body: Option<String>,
        timeout_ms: u32,
        max_bytes: u32,
        signal: &JsValue,
    ) -> Promise;

    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: u32, signal: &JsValue) -> Promise;

    /// Attaches a no-op rejection handler, so a failure already reported to
    /// a callback is not also reported as unhandled.
    #[wasm_bindgen(js_name = markHandled)]
    pub fn mark_handled(promise: &Promise);

    /// Whether `value` is an `AbortSignal`.
    #[wasm_bindgen(js_name = isAbortSignal)]
    pub fn is_abort_signal(value: &JsValue) -> bool;
}

/// Sends requests with the page's `fetch`, optionally under a caller's
/// `AbortSignal`.
pub struct FetchTransport {
    signal: JsValue,
}

impl FetchTransport {
    /// A transport honouring `signal` (`undefined` for none).
    pub fn new(signal: JsValue) -> FetchTransport {
        FetchTransport { signal }
    }
}

impl Transport for FetchTransport {
    async fn send(
        &self,
        request: &Request,
        credential: Option<&Credential>,
        timeout_ms: u32,
    ) -> Result<Response, TransportError> {
        let headers = Array::new();
        let pair = |name: &str, value: &str| {
            Array::of2(&JsValue::from_str(name), &JsValue::from_str(value))
        };
        for (name, value) in &request.headers {
            headers.push(&pair(name, value));
        }
        let mut body = match &request.body {
            None => None,
            Some(Body::Json(text)) => {
                headers.push(&pair("Content-Type", "application/json"));
                Some(text.clone())
            }
            Some(Body::Form(fields)) => {
                headers.push(&pair("Content-Type", "application/x-www-form-urlencoded"));
                Some(fields.clone())
            }
        };
        // The credential is attached here and nowhere else.
        match credential {
            Some(Credential::Bearer(token)) => {
                headers.push(&pair(
                    "Authorization",
                    &format!("Bearer {}", token.expose()),
                ));
            }
            Some(Credential::FormField { name, token }) => {
                let field = encode_query([(*name, token.expose())]);
                let fields = body.get_or_insert_with(String::new);
                if !fields.is_empty() {
                    fields.push('&');
                }
                fields.push_str(&field);
            }
            None => {}
        }

        let max_bytes = u32::try_from(MAX_BODY_BYTES).unwrap_or(u32::MAX);
        let promise = send_request(
            request.method.as_str(),
            &request.url,
            headers,
            body,
            timeout_ms,
            max_bytes,
            &self.signal,
        );
        let outcome = JsFuture::from(promise)
            .await
            .map_err(|_| TransportError::Network("Error".to_owned()))?;
        read_outcome(&outcome)
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        JsFuture::from(sleep_promise(ms, &self.signal))
            .await
            .map(|_| ())
            .map_err(|_| TransportError::Aborted)
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

fn status_code(status: f64) -> u16 {
    if (0.0..=999.0).contains(&status) {
        status as u16
    } else {
        0
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads `{ failure, name }` or `{ status, headers, body }` from fetch.js.
fn read_outcome(outcome: &JsValue) -> Result<Response, TransportError> {
    match field(outcome, "failure").as_string().as_deref() {
        Some("timeout") => return Err(TransportError::Timeout),
        Some("aborted") => return Err(TransportError::Aborted),
        Some("too_large") => {
            let status = field(outcome, "status").as_f64().unwrap_or(0.0);
            return Err(TransportError::TooLarge(status_code(status)));
        }
        Some(_) => {
            let name = field(outcome, "name")
                .as_string()
                .unwrap_or_else(|| "Error".to_owned());
            return Err(TransportError::Network(name));
        }
        None => {}
    }

    let status = status_code(field(outcome, "status").as_f64().unwrap_or(0.0));
    let headers = Array::from(&field(outcome, "headers"))
        .iter()
        .filter_map(|entry| {
            let entry = Array::from(&entry);
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect();
    let body = field(outcome, "body").as_string().unwrap_or_default();
    Ok(Response {
        status,
        headers,
        body,
    })
}
