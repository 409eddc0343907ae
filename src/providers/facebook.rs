//! Facebook, through the Graph API.
//!
//! Docs: <https://developers.facebook.com/docs/graph-api/reference/user> and
//! <https://developers.facebook.com/docs/graph-api/reference/user/friends>.
//! The version in the path is pinned: Facebook retires each version about two
//! years after its release. `friends` lists only friends who also use the
//! app. Lists come in `data` and continue at `paging.next`.
//!
//! Facebook decides errors by the body, not the status: an expired or
//! revoked token is a 400 whose `error` is an `OAuthException` with code 190
//! (or 102), a missing permission is code 10 or 200–299, and throttling is
//! one of several codes (4, 17, 32, 613, 80001–80014) on a 400 or 403.

use super::{
    id_at, short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, ListEndpoint,
    ListKind, Paging, Person, ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

const PAGING: Paging = Paging::NextUrl {
    field: &["paging", "next"],
};

/// Facebook Graph API.
pub static FACEBOOK: ProviderSpec = ProviderSpec {
    name: "facebook",
    display_name: "Facebook",
    origin: "https://graph.facebook.com",
    docs: "https://developers.facebook.com/docs/graph-api",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/v22.0/me",
        query: &[("fields", "id,name,email,picture.type(large)")],
        json_body: None,
        person,
    },
    lists: &[ListEndpoint {
        kind: ListKind::Friends,
        endpoint: Endpoint {
            method: Method::Get,
            path: "/v22.0/me/friends",
            query: &[("fields", "id,name,picture"), ("limit", "100")],
            json_body: None,
            person,
        },
        items: &["data"],
        paging: PAGING,
    }],
    default_paging: PAGING,
    default_items: &["data"],
    judge,
};

fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: id_at(value, &["id"])?,
        name: text_at(value, &["name"]),
        email: text_at(value, &["email"]),
        picture: text_at(value, &["picture", "data", "url"]),
        raw: value.clone(),
    })
}

fn judge(_response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    let error = body?.get("error")?;
    let number = error.get("code").and_then(Json::as_f64)?;
    let code = match number as i64 {
        102 | 190 => ErrorCode::TokenInvalid,
        10 | 200..=299 => ErrorCode::InsufficientScope,
        4 | 17 | 32 | 613 | 80_001..=80_014 => ErrorCode::RateLimited,
        _ => return None,
    };
    let kind = text_at(error, &["type"]).unwrap_or_else(|| "error".to_owned());
    let subcode = id_at(error, &["error_subcode"]);
    let reason = match (id_at(error, &["code"]), subcode) {
        (Some(code), Some(sub)) => format!("{kind} {code}/{sub}"),
        (Some(code), None) => format!("{kind} {code}"),
        (None, _) => kind,
    };
    Some(ProviderVerdict {
        code,
        reason: Some(reason),
        detail: text_at(error, &["message"]).as_deref().map(short_detail),
    })
}
