//! Slack, through its Web API. Auth0 has no Slack connection, so apps use a
//! custom `oauth2` connection; name it `slack` or bind its name to this
//! entry with `connections`.
//!
//! Docs: <https://api.slack.com/methods/users.identity> and
//! <https://api.slack.com/apis/pagination>. `users.identity` answers for
//! tokens from "Sign in with Slack" (`identity.*` scopes). Slack's CORS
//! preflight does not allow the `Authorization` header, so the token travels
//! as the `token` field of a form-encoded POST, which needs no preflight.
//!
//! Slack answers most errors with HTTP 200 and `{"ok": false, "error": ...}`,
//! so the verdict comes from the body whatever the status. Lists page with
//! `response_metadata.next_cursor`, sent back as `cursor`.
//! Each list method names its array differently (`members`, `channels`,
//! `messages`); `getAll` takes the one array of the body, whatever its name.

use super::{
    short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, Paging, Person,
    ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// Slack Web API.
pub static SLACK: ProviderSpec = ProviderSpec {
    name: "slack",
    display_name: "Slack",
    origin: "https://slack.com",
    docs: "https://api.slack.com/web",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::FormField("token"),
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Post,
        path: "/api/users.identity",
        query: &[],
        json_body: None,
        person,
    },
    lists: &[],
    default_paging: Paging::CursorParam {
        param: "cursor",
        field: &["response_metadata", "next_cursor"],
    },
    default_items: &[],
    judge,
};

/// `users.identity` answers `{ok, user: {id, name, email?, image_*?}, team}`.
fn person(value: &Json) -> Option<Person> {
    let user = value.get("user")?;
    let picture = ["image_192", "image_72", "image_48", "image_32", "image_24"]
        .iter()
        .find_map(|size| text_at(user, &[size]));
    Some(Person {
        id: text_at(user, &["id"])?,
        name: text_at(user, &["name"]),
        email: text_at(user, &["email"]),
        picture,
        raw: value.clone(),
    })
}

/// Error names that mean the token is no good.
const TOKEN_ERRORS: &[&str] = &[
    "not_authed",
    "invalid_auth",
    "token_revoked",
    "token_expired",
    "account_inactive",
];

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    let body = body?;
    if body.get("ok").and_then(Json::as_bool) != Some(false) {
        return None;
    }
    let name = text_at(body, &["error"]).unwrap_or_else(|| "unknown_error".to_owned());
    let code = match name.as_str() {
        name if TOKEN_ERRORS.contains(&name) => ErrorCode::TokenInvalid,
        "missing_scope" => ErrorCode::InsufficientScope,
        "ratelimited" | "rate_limited" => ErrorCode::RateLimited,
        // Any other refusal: Slack said no, with HTTP 200 more often than not.
        _ => ErrorCode::Http,
    };
    let detail = match text_at(body, &["needed"]) {
        Some(needed) => Some(format!("needed scope: {}", short_detail(&needed))),
        None if response.is_success() => Some("answered with HTTP 200 and ok: false".to_owned()),
        None => None,
    };
    Some(ProviderVerdict {
        code,
        reason: Some(name),
        detail,
    })
}
