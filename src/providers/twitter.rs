//! X (Twitter): refused in the browser.
//!
//! Docs: <https://docs.x.com/x-api/users/user-lookup-me>. X's API answers
//! no cross-origin requests, and Auth0's `twitter` connection is OAuth 1,
//! whose requests must be signed with the app's consumer secret. The entry
//! exists so that an app with a proxy of its own (configured in `endpoints`)
//! can still read `/2/users/me` through it; without one, every call is
//! `unsupported_in_browser` before any request.

use super::{
    text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, Paging, Person, ProviderSpec,
    ProviderVerdict,
};
use crate::http::{Method, Response};
use crate::json::Json;

/// X API v2 (through an app's proxy only).
pub static TWITTER: ProviderSpec = ProviderSpec {
    name: "twitter",
    display_name: "X (Twitter)",
    origin: "https://api.x.com",
    docs: "https://docs.x.com/x-api/introduction",
    browser: BrowserSupport::Refused(
        "X's API does not answer cross-origin requests, and its OAuth 1 requests need the \
         app's consumer secret",
    ),
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/2/users/me",
        query: &[("user.fields", "profile_image_url")],
        json_body: None,
        person,
    },
    lists: &[],
    default_paging: Paging::PageToken {
        param: "pagination_token",
        field: &["meta", "next_token"],
    },
    default_items: &["data"],
    judge,
};

/// `/2/users/me` answers `{"data": {id, name, username, profile_image_url}}`.
fn person(value: &Json) -> Option<Person> {
    let data = value.get("data")?;
    Some(Person {
        id: text_at(data, &["id"])?,
        name: text_at(data, &["name"]).or_else(|| text_at(data, &["username"])),
        email: None,
        picture: text_at(data, &["profile_image_url"]),
        raw: value.clone(),
    })
}

fn judge(_response: &Response, _body: Option<&Json>) -> Option<ProviderVerdict> {
    None
}
