//! The catalogue: what each provider's API looks like.
//!
//! Each provider is one file holding one [`ProviderSpec`]: its origin, how
//! the token is sent, its operations with their real endpoints, how its lists
//! page, how its error bodies map to our codes, and whether a browser may call
//! it at all. Adding a provider means reading one file and writing one.

pub mod bitbucket;
pub mod dropbox;
pub mod facebook;
pub mod github;
pub mod google;
pub mod linkedin;
pub mod microsoft;
pub mod slack;
pub mod spotify;
pub mod twitter;

use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

/// Every provider in the catalogue.
pub const CATALOGUE: &[&ProviderSpec] = &[
    &google::GOOGLE,
    &github::GITHUB,
    &microsoft::MICROSOFT,
    &facebook::FACEBOOK,
    &dropbox::DROPBOX,
    &spotify::SPOTIFY,
    &bitbucket::BITBUCKET,
    &slack::SLACK,
    &linkedin::LINKEDIN,
    &twitter::TWITTER,
];

/// Catalogue keys for APIs that Auth0 reaches only through custom `oauth2`
/// connections; an unbound connection of that name finds its entry.
pub const CUSTOM_OAUTH2: &[&str] = &["spotify", "slack"];

/// Finds a catalogue entry by Auth0 provider name or catalogue key.
pub fn find(name: &str) -> Option<&'static ProviderSpec> {
    CATALOGUE.iter().copied().find(|spec| spec.name == name)
}

/// A person, the same shape whatever the provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// The provider's id for the person.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Primary email.
    pub email: Option<String>,
    /// Picture URL.
    pub picture: Option<String>,
    /// The provider's own object, unchanged.
    pub raw: Json,
}

/// The lists an app can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Address-book contacts (Google, Microsoft).
    Contacts,
    /// Friends who also use the app (Facebook).
    Friends,
    /// People who follow the user (GitHub).
    Followers,
    /// People or artists the user follows (GitHub, Spotify).
    Following,
}

impl ListKind {
    /// Every kind.
    pub const ALL: &'static [ListKind] = &[
        ListKind::Contacts,
        ListKind::Friends,
        ListKind::Followers,
        ListKind::Following,
    ];

    /// The name used in `fetch` options and result keys.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Contacts => "contacts",
            ListKind::Friends => "friends",
            ListKind::Followers => "followers",
            ListKind::Following => "following",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<ListKind> {
        ListKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == name)
    }
}

/// Whether a browser page may call the provider's API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserSupport {
    /// The API answers cross-origin requests.
    Callable,
    /// The API refuses browsers; the reason says why. Only a configured proxy
    /// makes it usable.
    Refused(&'static str),
}

/// How the token is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStyle {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A form-body field, for APIs whose preflight refuses `Authorization`.
    FormField(&'static str),
}

/// How `get` and `getAll` send the caller's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arguments {
    /// GET with the arguments as query parameters (REST APIs).
    Query,
    /// POST with the arguments as a JSON body (RPC-style APIs: Dropbox).
    JsonBody,
}

/// How a list continues to its next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// One page only.
    None,
    /// A token from `field` of the body goes back as query parameter `param`
    /// (Google's `nextPageToken` / `pageToken`).
    PageToken {
        /// Query parameter of the next request.
        param: &'static str,
        /// Body path of the token.
        field: &'static [&'static str],
    },
    /// The `Link` response header's `rel="next"` URL (GitHub).
    LinkHeader,
    /// An absolute URL at `field` of the body (Graph, Facebook, Spotify,
    /// Bitbucket).
    NextUrl {
        /// Body path of the next URL.
        field: &'static [&'static str],
    },
    /// A cursor at `cursor` while `has_more` is true, POSTed as
    /// `{"cursor": ...}` to the first request's URL plus `continue_suffix`
    /// (Dropbox: `/2/files/list_folder` continues at
    /// `/2/files/list_folder/continue`).
    CursorContinue {
        /// Body path of the cursor.
        cursor: &'static [&'static str],
        /// Body path of the "more pages" flag.
        has_more: &'static [&'static str],
        /// Appended to the first request's path for the next pages.
        continue_suffix: &'static str,
    },
    /// A cursor at `field` goes back as field `param` in the same kind of
    /// request; an empty cursor ends the list (Slack).
    CursorParam {
        /// Query or form parameter of the next request.
        param: &'static str,
        /// Body path of the cursor.
        field: &'static [&'static str],
    },
}

/// One operation: where it lives and how its answer becomes persons.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// GET or POST.
    pub method: Method,
    /// Path below the provider's origin.
    pub path: &'static str,
    /// Fixed query parameters.
    pub query: &'static [(&'static str, &'static str)],
    /// Fixed JSON body, for POST operations.
    pub json_body: Option<&'static str>,
    /// Reads one person from the answer (for `me`) or one item (for lists).
    pub person: fn(&Json) -> Option<Person>,
}

/// A list operation.
#[derive(Clone, Copy, Debug)]
pub struct ListEndpoint {
    /// Which list.
    pub kind: ListKind,
    /// The first page's request.
    pub endpoint: Endpoint,
    /// Body path of the items array (empty: the body is the array).
    pub items: &'static [&'static str],
    /// How it pages.
    pub paging: Paging,
}

/// What a provider's error said, in our terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderVerdict {
    /// Our code for it.
    pub code: ErrorCode,
    /// The provider's own reason or code, for the error's `reason`.
    pub reason: Option<String>,
    /// The provider's own message, if short and useful.
    pub detail: Option<String>,
}

/// One provider's API, as data plus a little code.
#[derive(Debug)]
pub struct ProviderSpec {
    /// Auth0's provider name, or the catalogue key for custom `oauth2`
    /// connections (e.g. `spotify`).
    pub name: &'static str,
    /// Name for people.
    pub display_name: &'static str,
    /// The API's origin.
    pub origin: &'static str,
    /// The provider's API documentation.
    pub docs: &'static str,
    /// Whether a browser may call it.
    pub browser: BrowserSupport,
    /// How the token is sent.
    pub auth: AuthStyle,
    /// How `get` and `getAll` send their arguments.
    pub arguments: Arguments,
    /// The signed-in user.
    pub me: Endpoint,
    /// The lists it offers.
    pub lists: &'static [ListEndpoint],
    /// How `getAll` pages an arbitrary endpoint.
    pub default_paging: Paging,
    /// Body path of the items for `getAll` on an arbitrary endpoint (empty:
    /// the body itself if it is an array, else the object body's one array).
    pub default_items: &'static [&'static str],
    /// Reads the provider's error from any response (some report errors with
    /// a 200). `None` means "no provider-specific verdict"; the generic
    /// status rules then apply to non-2xx answers.
    pub judge: fn(&Response, Option<&Json>) -> Option<ProviderVerdict>,
}

impl ProviderSpec {
    /// The list operation for `kind`, if the provider has one.
    pub fn list(&self, kind: ListKind) -> Option<&ListEndpoint> {
        self.lists.iter().find(|list| list.kind == kind)
    }
}

/// Reads a string at a body path.
pub fn text_at(value: &Json, path: &[&str]) -> Option<String> {
    value
        .pointer(path)
        .and_then(Json::as_str)
        .map(str::to_owned)
}

/// Reads an id that may be a string or a safe integer.
pub fn id_at(value: &Json, path: &[&str]) -> Option<String> {
    match value.pointer(path)? {
        Json::String(id) if !id.is_empty() => Some(id.clone()),
        Json::Number(number) => crate::json::integer_text(*number),
        _ => None,
    }
}

/// The first element's string at `field` of the array at `array`, preferring
/// the element whose `metadata.primary` is true (Google's convention).
pub fn primary_text(value: &Json, array: &str, field: &str) -> Option<String> {
    let items = value.get(array)?.as_array()?;
    let primary = items.iter().find(|item| {
        item.pointer(&["metadata", "primary"])
            .and_then(Json::as_bool)
            == Some(true)
    });
    primary
        .or_else(|| items.first())
        .and_then(|item| item.get(field))
        .and_then(Json::as_str)
        .map(str::to_owned)
}

/// Keeps a provider's message single-line for our own message. It is not
/// shortened here: the client first scrubs the token from it, then cuts it
/// (cutting first could leave part of an echoed token behind).
pub fn short_detail(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_owned()
}

/// The first 200 characters of a provider's message, already scrubbed.
pub fn cut_detail(text: &str) -> String {
    text.chars().take(200).collect()
}
