//! LinkedIn: refused in the browser.
//!
//! Docs: <https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>.
//! LinkedIn's API answers no cross-origin requests, so a page cannot call
//! it; the v1 API (`/v1/people/~`) was shut down in 2019. The entry exists
//! so that an app with a proxy of its own (configured in `endpoints`) can
//! still read the OpenID Connect `userinfo` through it; without one, every
//! call is `unsupported_in_browser` before any request.

use super::{
    text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, Paging, Person, ProviderSpec,
    ProviderVerdict,
};
use crate::http::{Method, Response};
use crate::json::Json;

/// LinkedIn (through an app's proxy only).
pub static LINKEDIN: ProviderSpec = ProviderSpec {
    name: "linkedin",
    display_name: "LinkedIn",
    origin: "https://api.linkedin.com",
    docs: "https://learn.microsoft.com/en-us/linkedin/",
    browser: BrowserSupport::Refused("LinkedIn's API does not answer cross-origin requests"),
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/v2/userinfo",
        query: &[],
        json_body: None,
        person,
    },
    lists: &[],
    default_paging: Paging::None,
    default_items: &[],
    judge,
};

/// OpenID Connect claims.
fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["sub"])?,
        name: text_at(value, &["name"]),
        email: text_at(value, &["email"]),
        picture: text_at(value, &["picture"]),
        raw: value.clone(),
    })
}

fn judge(_response: &Response, _body: Option<&Json>) -> Option<ProviderVerdict> {
    None
}
