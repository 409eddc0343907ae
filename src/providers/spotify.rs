//! Spotify, through its Web API. Auth0 has no Spotify connection, so apps
//! use a custom `oauth2` connection; name it `spotify` or bind its name to
//! this entry with `connections`.
//!
//! Docs: <https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile>
//! and <https://developer.spotify.com/documentation/web-api/reference/get-followed>.
//! Paging objects carry an absolute `next` URL; followed artists use cursors
//! (`after`), wrapped in an `artists` object, and their `next` URL carries
//! the cursor. Errors are `{"error": {"status", "message"}}`.

use super::{
    short_detail, text_at, Arguments, AuthStyle, BrowserSupport, Endpoint, ListEndpoint, ListKind,
    Paging, Person, ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// Spotify Web API.
pub static SPOTIFY: ProviderSpec = ProviderSpec {
    name: "spotify",
    display_name: "Spotify",
    origin: "https://api.spotify.com",
    docs: "https://developer.spotify.com/documentation/web-api",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/v1/me",
        query: &[],
        json_body: None,
        person: user,
    },
    lists: &[ListEndpoint {
        kind: ListKind::Following,
        endpoint: Endpoint {
            method: Method::Get,
            path: "/v1/me/following",
            // 50 is the largest page the endpoint serves.
            query: &[("type", "artist"), ("limit", "50")],
            json_body: None,
            person: artist,
        },
        items: &["artists", "items"],
        paging: Paging::NextUrl {
            field: &["artists", "next"],
        },
    }],
    default_paging: Paging::NextUrl { field: &["next"] },
    default_items: &["items"],
    judge,
};

/// A user object; `email` is there only with the `user-read-email` scope.
fn user(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["id"])?,
        name: text_at(value, &["display_name"]),
        email: text_at(value, &["email"]),
        picture: first_image(value),
        raw: value.clone(),
    })
}

/// An artist: a person in the list's sense, without an email.
fn artist(value: &Json) -> Option<Person> {
    Some(Person {
        id: text_at(value, &["id"])?,
        name: text_at(value, &["name"]),
        email: None,
        picture: first_image(value),
        raw: value.clone(),
    })
}

/// Spotify lists images largest first.
fn first_image(value: &Json) -> Option<String> {
    value
        .get("images")?
        .as_array()?
        .iter()
        .find_map(|image| text_at(image, &["url"]))
}

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    if response.status != 403 {
        return None;
    }
    let message = text_at(body?, &["error", "message"])?;
    if !message.to_ascii_lowercase().contains("scope") {
        return None;
    }
    Some(ProviderVerdict {
        code: ErrorCode::InsufficientScope,
        reason: Some("insufficient_client_scope".to_owned()),
        detail: Some(short_detail(&message)),
    })
}
