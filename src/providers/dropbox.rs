//! Dropbox, through its HTTP API v2.
//!
//! Docs: <https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account>.
//! Every call is a POST with a JSON body (`null` for calls without
//! arguments). Dropbox offers no list of people. Its lists (`list_folder`
//! and the like) return `entries`, a `cursor` and `has_more`, and continue
//! by POSTing the cursor to the matching `/continue` endpoint.
//!
//! Errors carry `error_summary` and a tagged `error`. A missing scope is a
//! 401 tagged `missing_scope`, not a 403, so it is told apart from an expired
//! token by the tag.
//!
//! So `get` and `getAll` POST their arguments as the JSON body, and
//! `getAll` continues any such list at its own `/continue` endpoint.

use super::{
    short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, Paging, Person,
    ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// Dropbox API v2.
pub static DROPBOX: ProviderSpec = ProviderSpec {
    name: "dropbox",
    display_name: "Dropbox",
    origin: "https://api.dropboxapi.com",
    docs: "https://www.dropbox.com/developers/documentation/http/documentation",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::JsonBody,
    me: Endpoint {
        method: Method::Post,
        path: "/2/users/get_current_account",
        query: &[],
        json_body: Some("null"),
        person,
    },
    lists: &[],
    default_paging: Paging::CursorContinue {
        cursor: &["cursor"],
        has_more: &["has_more"],
        continue_suffix: "/continue",
    },
    default_items: &["entries"],
    judge,
};

fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["account_id"])?,
        name: text_at(value, &["name", "display_name"]),
        email: text_at(value, &["email"]),
        picture: text_at(value, &["profile_photo_url"]),
        raw: value.clone(),
    })
}

/// Tags of `error` that mean the token itself is no good.
const TOKEN_TAGS: &[&str] = &[
    "expired_access_token",
    "invalid_access_token",
    "user_suspended",
];

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    if response.is_success() {
        return None;
    }
    let body = body?;
    let tag = text_at(body, &["error", ".tag"])?;
    let code = match (response.status, tag.as_str()) {
        (401, "missing_scope") => ErrorCode::InsufficientScope,
        (401, tag) if TOKEN_TAGS.contains(&tag) => ErrorCode::TokenInvalid,
        (429, _) => ErrorCode::RateLimited,
        _ => return None,
    };
    let detail = match text_at(body, &["error", "required_scope"]) {
        Some(scope) => Some(format!("required scope: {}", short_detail(&scope))),
        None => text_at(body, &["error_summary"])
            .as_deref()
            .map(short_detail),
    };
    Some(ProviderVerdict {
        code,
        reason: Some(tag),
        detail,
    })
}
