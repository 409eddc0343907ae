//! Microsoft accounts (Auth0's `windowslive`), through Microsoft Graph.
//!
//! Docs: <https://learn.microsoft.com/en-us/graph/api/user-get> and
//! <https://learn.microsoft.com/en-us/graph/api/user-list-contacts>. The
//! Live Connect API (`apis.live.net`) and the Outlook REST API were shut down
//! and are never called. Lists come in `value` and continue at the absolute
//! `@odata.nextLink`. Errors are `{"error": {"code", "message"}}`; a missing
//! permission is a 403 whose code says access was denied.
//!
//! Graph serves profile photos only as authenticated binary
//! (`/me/photo/$value`), which an `<img>` cannot load, so persons from Graph
//! have no `picture`.

use super::{
    short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, ListEndpoint, ListKind,
    Paging, Person, ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

const PAGING: Paging = Paging::NextUrl {
    field: &["@odata.nextLink"],
};

/// Microsoft Graph v1.0.
pub static MICROSOFT: ProviderSpec = ProviderSpec {
    name: "windowslive",
    display_name: "Microsoft",
    origin: "https://graph.microsoft.com",
    docs: "https://learn.microsoft.com/en-us/graph/api/overview",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/v1.0/me",
        query: &[("$select", "id,displayName,mail,userPrincipalName")],
        json_body: None,
        person: user,
    },
    lists: &[ListEndpoint {
        kind: ListKind::Contacts,
        endpoint: Endpoint {
            method: Method::Get,
            path: "/v1.0/me/contacts",
            query: &[
                ("$select", "id,displayName,emailAddresses"),
                ("$top", "100"),
            ],
            json_body: None,
            person: contact,
        },
        items: &["value"],
        paging: PAGING,
    }],
    default_paging: PAGING,
    default_items: &["value"],
    judge,
};

/// A `user`: `mail` is empty for many personal accounts, whose sign-in name
/// is then the best address there is.
fn user(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["id"])?,
        name: text_at(value, &["displayName"]),
        email: text_at(value, &["mail"]).or_else(|| text_at(value, &["userPrincipalName"])),
        picture: None,
        raw: value.clone(),
    })
}

/// A `contact`, whose addresses are `emailAddresses[].address`.
fn contact(value: &Json) -> Option<Person> {
    let email = value
        .get("emailAddresses")
        .and_then(Json::as_array)
        .and_then(|addresses| {
            addresses
                .iter()
                .find_map(|entry| text_at(entry, &["address"]))
        });
    Some(Person {
        id: text_at(value, &["id"])?,
        name: text_at(value, &["displayName"]),
        email,
        picture: None,
        raw: value.clone(),
    })
}

/// Graph error codes that mean the token lacks a permission.
const ACCESS_DENIED: &[&str] = &[
    "ErrorAccessDenied",
    "Authorization_RequestDenied",
    "AccessDenied",
    "accessDenied",
    "ErrorInsufficientPermissionsInAccessToken",
];

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    let error = body?.get("error")?;
    let code_text = text_at(error, &["code"])?;
    let code = match response.status {
        401 => ErrorCode::TokenInvalid,
        403 if ACCESS_DENIED.contains(&code_text.as_str()) => ErrorCode::InsufficientScope,
        429 => ErrorCode::RateLimited,
        _ => return None,
    };
    Some(ProviderVerdict {
        code,
        reason: Some(code_text),
        detail: text_at(error, &["message"]).as_deref().map(short_detail),
    })
}
