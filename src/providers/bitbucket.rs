//! Bitbucket Cloud, through its REST API 2.0.
//!
//! Docs: <https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get>
//! and <https://developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination>.
//! Bitbucket offers no list of people for a user. Its lists are pages of
//! `values` with an absolute `next` URL. The email address is not part of
//! the user object (it needs the `email` scope and `/user/emails`).
//!
//! Errors are `{"type": "error", "error": {"message", "detail"}}`; a token
//! without a needed scope is a 403 whose `detail` names the `required`
//! scopes.

use super::{
    short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, Paging, Person,
    ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// Bitbucket Cloud REST API 2.0.
pub static BITBUCKET: ProviderSpec = ProviderSpec {
    name: "bitbucket",
    display_name: "Bitbucket",
    origin: "https://api.bitbucket.org",
    docs: "https://developer.atlassian.com/cloud/bitbucket/rest/intro/",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/2.0/user",
        query: &[],
        json_body: None,
        person,
    },
    lists: &[],
    default_paging: Paging::NextUrl { field: &["next"] },
    default_items: &["values"],
    judge,
};

/// The `uuid` is Bitbucket's stable id (with its braces, as Bitbucket writes it).
fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["uuid"]).or_else(|| text_at(value, &["account_id"]))?,
        name: text_at(value, &["display_name"]).or_else(|| text_at(value, &["nickname"])),
        email: None,
        picture: text_at(value, &["links", "avatar", "href"]),
        raw: value.clone(),
    })
}

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    if response.status != 403 {
        return None;
    }
    let error = body?.get("error")?;
    let message = text_at(error, &["message"]).unwrap_or_default();
    let names_scopes = error.pointer(&["detail", "required"]).is_some()
        || message.to_ascii_lowercase().contains("scope");
    if !names_scopes {
        return None;
    }
    let required = error
        .pointer(&["detail", "required"])
        .and_then(Json::as_array)
        .map(|scopes| {
            scopes
                .iter()
                .filter_map(Json::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        });
    Some(ProviderVerdict {
        code: ErrorCode::InsufficientScope,
        reason: Some("missing_privilege_scopes".to_owned()),
        detail: match required {
            Some(scopes) if !scopes.is_empty() => {
                Some(format!("required: {}", short_detail(&scopes)))
            }
            _ => Some(short_detail(&message)),
        },
    })
}
