//! GitHub, through its REST API.
//!
//! Docs: <https://docs.github.com/en/rest/users/users#get-the-authenticated-user>
//! and <https://docs.github.com/en/rest/users/followers>. Lists are JSON
//! arrays paged by the `Link` header, whose `next` URL may name a different
//! path than the request did (`/repositories/1000/...` for `/repos/o/r/...`),
//! so it is followed as given once its origin is checked. GitHub refuses
//! tokens in the query string; the token goes in `Authorization`.
//!
//! A 403 is ambiguous at GitHub: the primary rate limit answers 403 with
//! `x-ratelimit-remaining: 0` (GitHub exposes that header to browsers), the
//! secondary limit says so in its message, and a missing scope shows in the
//! `x-accepted-oauth-scopes` / `x-oauth-scopes` headers.

use super::{
    id_at, short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, ListEndpoint,
    ListKind, Paging, Person, ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// The largest page GitHub serves.
const PER_PAGE: (&str, &str) = ("per_page", "100");

/// GitHub REST API.
pub static GITHUB: ProviderSpec = ProviderSpec {
    name: "github",
    display_name: "GitHub",
    origin: "https://api.github.com",
    docs: "https://docs.github.com/en/rest/users",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/user",
        query: &[],
        json_body: None,
        person,
    },
    lists: &[
        ListEndpoint {
            kind: ListKind::Followers,
            endpoint: Endpoint {
                method: Method::Get,
                path: "/user/followers",
                query: &[PER_PAGE],
                json_body: None,
                person,
            },
            items: &[],
            paging: Paging::LinkHeader,
        },
        ListEndpoint {
            kind: ListKind::Following,
            endpoint: Endpoint {
                method: Method::Get,
                path: "/user/following",
                query: &[PER_PAGE],
                json_body: None,
                person,
            },
            items: &[],
            paging: Paging::LinkHeader,
        },
    ],
    default_paging: Paging::LinkHeader,
    default_items: &[],
    judge,
};

/// A user object (`/user`, or a simple user in a list). `name` and `email`
/// are null unless the user made them public.
fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: id_at(value, &["id"])?,
        name: text_at(value, &["name"]).or_else(|| text_at(value, &["login"])),
        email: text_at(value, &["email"]),
        picture: text_at(value, &["avatar_url"]),
        raw: value.clone(),
    })
}

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    if !matches!(response.status, 403 | 429) {
        return None;
    }
    let message = body.and_then(|body| text_at(body, &["message"]));
    let verdict = |code, reason: &str| {
        Some(ProviderVerdict {
            code,
            reason: Some(reason.to_owned()),
            detail: message.as_deref().map(short_detail),
        })
    };

    let exhausted = response
        .header("x-ratelimit-remaining")
        .is_some_and(|remaining| remaining.trim() == "0");
    let says_rate_limit = message
        .as_deref()
        .is_some_and(|text| text.to_ascii_lowercase().contains("rate limit"));
    if exhausted {
        return verdict(ErrorCode::RateLimited, "primary_rate_limit");
    }
    if says_rate_limit {
        return verdict(ErrorCode::RateLimited, "secondary_rate_limit");
    }
    if response.status == 403 && lacks_accepted_scope(response) {
        return verdict(ErrorCode::InsufficientScope, "missing_oauth_scope");
    }
    None
}

/// Whether GitHub named the scopes this call accepts and the token has none
/// of them. A scope implies its sub-scopes (`user` covers `user:email`).
fn lacks_accepted_scope(response: &Response) -> bool {
    let list = |name: &str| -> Vec<String> {
        response
            .header(name)
            .unwrap_or_default()
            .split(',')
            .map(|scope| scope.trim().to_owned())
            .filter(|scope| !scope.is_empty())
            .collect()
    };
    let accepted = list("x-accepted-oauth-scopes");
    let granted = list("x-oauth-scopes");
    if accepted.is_empty() || response.header("x-oauth-scopes").is_none() {
        return false;
    }
    !accepted.iter().any(|wanted| {
        granted.iter().any(|held| {
            held == wanted
                || wanted
                    .split(':')
                    .next()
                    .is_some_and(|parent| held == parent)
        })
    })
}
