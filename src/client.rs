//! Calling one provider's API for one identity: build the request, send it
//! with retries, read the answer, page to the end, normalize.
//!
//! Generic over the [`Transport`], so the whole flow runs natively in tests
//! with a recording transport and in the browser with `fetch`.

use crate::api_base::ApiBase;
use crate::error::{Error, ErrorCode, Result};
use crate::http::retry::{RetryDecision, RetryPolicy};
use crate::http::{Body, Request, Response, Transport, TransportError};
use crate::join::try_join_bounded;
use crate::json::{self, Json};
use crate::paging::{addressable_pages, next_page, NextPage};
use crate::providers::{
    Arguments, AuthStyle, BrowserSupport, ListKind, Paging, Person, ProviderSpec,
};
use crate::token::{Credential, Secret};
use crate::url::{encode_query, split_origin, with_query};

/// Bodies larger than this are refused rather than parsed.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Limits and endpoints for calls.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Time limit for one request, body included.
    pub timeout_ms: u32,
    /// Retry bounds for 429 and 503.
    pub retry: RetryPolicy,
    /// Most pages one list may take; more is `page_limit`.
    pub max_pages: u32,
    /// Provider name → base URL replacing the provider's origin.
    pub endpoints: Vec<(String, String)>,
    /// Whether `http://` loopback endpoints are allowed.
    pub allow_insecure_loopback: bool,
    /// Pages fetched at once when a list's pages are numbered (GitHub's
    /// `rel="last"`); 1 fetches one page after another.
    pub page_concurrency: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout_ms: 15_000,
            retry: RetryPolicy::default(),
            max_pages: 1000,
            endpoints: Vec::new(),
            allow_insecure_loopback: false,
            // Chromium opens at most six connections to one host.
            page_concurrency: 6,
        }
    }
}

impl Settings {
    fn endpoint_for(&self, provider: &str) -> Option<&str> {
        self.endpoints
            .iter()
            .find(|(name, _)| name == provider)
            .map(|(_, base)| base.as_str())
    }
}

/// Progress of a paged list, reported after each page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The list's kind, or the path for `getAll`.
    pub kind: String,
    /// Pages read so far.
    pub pages: u32,
    /// Items read so far.
    pub items: u32,
}

/// Calls one provider with one token.
pub struct ProviderClient<'t, T: Transport> {
    spec: &'static ProviderSpec,
    base: ApiBase,
    credential: Credential,
    settings: Settings,
    transport: &'t T,
}

impl<'t, T: Transport> ProviderClient<'t, T> {
    /// Prepares calls to `spec` with `token`. Refuses providers a browser
    /// cannot call unless the app configured an endpoint (a proxy) for them,
    /// and OAuth 1 identities, whose requests need a consumer secret.
    pub fn new(
        spec: &'static ProviderSpec,
        token: Secret,
        oauth1: bool,
        settings: Settings,
        transport: &'t T,
    ) -> Result<ProviderClient<'t, T>> {
        let configured = settings.endpoint_for(spec.name);
        if configured.is_none() {
            let refusal = match spec.browser {
                BrowserSupport::Refused(reason) => Some(reason),
                BrowserSupport::Callable if oauth1 => Some(
                    "its identity uses OAuth 1, whose requests must be signed with the app's \
                     consumer secret, which a browser must not hold",
                ),
                BrowserSupport::Callable => None,
            };
            if let Some(reason) = refusal {
                return Err(Error::new(
                    ErrorCode::UnsupportedInBrowser,
                    format!(
                        "{} cannot be called from a browser: {reason}. Configure a proxy of \
                         your own for it in `endpoints`.",
                        spec.display_name
                    ),
                )
                .with_provider(spec.name));
            }
        }
        let base = ApiBase::resolve(
            spec.name,
            spec.origin,
            configured,
            settings.allow_insecure_loopback,
        )?;
        let credential = match spec.auth {
            AuthStyle::Bearer => Credential::Bearer(token),
            AuthStyle::FormField(name) => Credential::FormField { name, token },
        };
        Ok(ProviderClient {
            spec,
            base,
            credential,
            settings,
            transport,
        })
    }

    /// The signed-in user, normalized.
    pub async fn me(&self) -> Result<Person> {
        let endpoint = &self.spec.me;
        let request = self.request_for(
            endpoint.method,
            endpoint.path,
            endpoint.query,
            endpoint.json_body,
        );
        let body = self.call(&request).await?;
        (endpoint.person)(&body)
            .ok_or_else(|| self.bad_response(&request, "the answer has no id for the user", None))
    }

    /// A whole list, normalized, in the provider's order.
    pub async fn list(
        &self,
        kind: ListKind,
        max_items: Option<u32>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Person>> {
        let list = self.spec.list(kind).ok_or_else(|| {
            let offered = self
                .spec
                .lists
                .iter()
                .map(|list| list.kind.as_str())
                .collect::<Vec<_>>();
            Error::new(
                ErrorCode::UnsupportedOperation,
                format!(
                    "{} has no `{}` list; it offers: {}.",
                    self.spec.display_name,
                    kind.as_str(),
                    if offered.is_empty() {
                        "none".to_owned()
                    } else {
                        offered.join(", ")
                    }
                ),
            )
            .with_provider(self.spec.name)
        })?;
        let endpoint = &list.endpoint;
        let first = self.request_for(
            endpoint.method,
            endpoint.path,
            endpoint.query,
            endpoint.json_body,
        );
        let items = self
            .collect(
                &first,
                list.items,
                &list.paging,
                max_items,
                kind.as_str(),
                progress,
            )
            .await?;
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                (endpoint.person)(item).ok_or_else(|| {
                    self.bad_response(
                        &first,
                        "a list item has no id",
                        Some(format!("{}[{index}]", list.items.join("."))),
                    )
                })
            })
            .collect()
    }

    /// Any GET endpoint of the provider, as raw JSON.
    ///
    /// `args` is an object of arguments, or `null`: query parameters for
    /// REST APIs (string, number or boolean values), the JSON body of a POST
    /// for RPC-style APIs (Dropbox).
    pub async fn get(&self, path: &str, args: &Json) -> Result<Json> {
        let request = self.arbitrary_request(path, args)?;
        self.call(&request).await
    }

    /// Any list endpoint, paged with the provider's own mechanism.
    pub async fn get_all(
        &self,
        path: &str,
        args: &Json,
        max_items: Option<u32>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Json>> {
        let first = self.arbitrary_request(path, args)?;
        self.collect(
            &first,
            self.spec.default_items,
            &self.spec.default_paging,
            max_items,
            path,
            progress,
        )
        .await
    }

    fn request_for(
        &self,
        method: crate::http::Method,
        path: &str,
        query: &[(&str, &str)],
        json_body: Option<&str>,
    ) -> Request {
        let url = with_query(&self.base.url(path), &encode_query(query.iter().copied()));
        let body = match (self.spec.auth, json_body) {
            (_, Some(json)) => Some(Body::Json(json.to_owned())),
            (AuthStyle::FormField(_), None) => Some(Body::Form(String::new())),
            (AuthStyle::Bearer, None) => None,
        };
        Request {
            method: if body.is_some() {
                crate::http::Method::Post
            } else {
                method
            },
            url,
            headers: Vec::new(),
            body,
        }
    }

    /// A request for an app-supplied path, refused unless it stays on the
    /// provider's base.
    fn arbitrary_request(&self, path: &str, args: &Json) -> Result<Request> {
        let refused = || {
            Error::new(
                ErrorCode::InvalidConfig,
                "The path must start with `/` and contain no spaces, backslashes, `#` or `.`/`..` \
                 segments; it is appended to the provider's API base.",
            )
            .with_provider(self.spec.name)
        };
        if !path.starts_with('/')
            || path.contains(['\\', '#'])
            || path.chars().any(char::is_whitespace)
        {
            return Err(refused());
        }
        let mut request = self.request_for(crate::http::Method::Get, path, &[], None);
        match self.spec.arguments {
            Arguments::JsonBody => {
                request.method = crate::http::Method::Post;
                request.body = Some(Body::Json(args.to_text()));
            }
            Arguments::Query => {
                let pairs = query_pairs(args).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidConfig,
                        "The query must be an object of strings, numbers or booleans.",
                    )
                    .with_provider(self.spec.name)
                })?;
                let pairs = pairs
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()));
                request.url = with_query(&request.url, &encode_query(pairs));
            }
        }
        let url = request.url.clone();
        let same_origin = split_origin(&url).is_some_and(|(origin, rest)| {
            origin.to_text() == self.base.origin_text() && self.base.path_is_inside(rest)
        });
        if !same_origin {
            return Err(refused());
        }
        Ok(Request { url, ..request })
    }

    /// Pages from `first` to the end (or `max_items`), returning raw items.
    async fn collect(
        &self,
        first: &Request,
        items_path: &[&str],
        paging: &Paging,
        max_items: Option<u32>,
        label: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Json>> {
        let limit = max_items.map_or(usize::MAX, |max| max as usize);
        let mut items: Vec<Json> = Vec::new();
        let mut seen_cursors: Vec<String> = Vec::new();
        let mut request = first.clone();
        let mut pages: u32 = 0;
        let with_progress =
            |error: Error, pages: u32, count: usize| error.with_progress(pages, count as u32);

        loop {
            let (mut response, mut body) = self
                .exchange(&request)
                .await
                .map_err(|error| with_progress(error, pages, items.len()))?;
            pages += 1;
            let absent = matches!(page_items(&body, items_path), PageItems::Absent);
            let page = self
                .page_items(&request, &body, items_path, true)
                .map_err(|error| with_progress(error, pages, items.len()))?;
            let page_len = page.len();
            take_room(&mut items, page, limit);
            report(progress, label, pages, items.len());
            if items.len() >= limit {
                return Ok(items);
            }

            // Page-addressable lists: fetch the numbered pages a few at a
            // time, then carry on from the last one (the list may have grown).
            if pages == 1 && *paging == Paging::LinkHeader && self.settings.page_concurrency > 1 {
                let budget = self.settings.max_pages.saturating_sub(pages);
                if let Some(urls) = response
                    .header("link")
                    .and_then(|link| addressable_pages(link, budget))
                {
                    let wanted = match limit {
                        usize::MAX => urls.len(),
                        _ => (limit - items.len()).div_ceil(page_len.max(1)),
                    };
                    let requests = urls
                        .iter()
                        .take(wanted)
                        .map(|url| {
                            self.base.follow(url).map(|url| Request {
                                url,
                                ..first.clone()
                            })
                        })
                        .collect::<Result<Vec<_>>>()
                        .map_err(|error| with_progress(error, pages, items.len()))?;
                    let mut done_pages = pages;
                    let mut done_items = items.len();
                    let results = try_join_bounded(
                        requests.iter().map(|next| self.exchange(next)).collect(),
                        self.settings.page_concurrency as usize,
                        |_, (_, body): &(Response, Json)| {
                            done_pages += 1;
                            if let PageItems::Items(page) = page_items(body, items_path) {
                                done_items += page.len();
                            }
                            report(progress, label, done_pages, done_items.min(limit));
                        },
                    )
                    .await
                    .map_err(|error| with_progress(error, pages, items.len()))?;

                    for (next, (_, body)) in requests.iter().zip(&results) {
                        pages += 1;
                        let page = self
                            .page_items(next, body, items_path, false)
                            .map_err(|error| with_progress(error, pages, items.len()))?;
                        take_room(&mut items, page, limit);
                    }
                    if items.len() >= limit {
                        return Ok(items);
                    }
                    let Some((last_response, last_body)) = results.into_iter().last() else {
                        return Ok(items);
                    };
                    seen_cursors.extend(requests.iter().map(|next| next.url.clone()));
                    response = last_response;
                    body = last_body;
                }
            }

            match next_page(paging, first, &response, &body, &self.base)
                .map_err(|error| with_progress(error, pages, items.len()))?
            {
                NextPage::Done if absent && pages > 1 => {
                    // An empty page may carry a cursor onwards, but one with
                    // neither items nor a next page would end the list early
                    // without a word.
                    return Err(with_progress(
                        self.bad_response(
                            &request,
                            "a later page has no items and no next page, so the list may be cut short",
                            Some(items_path.join(".")),
                        ),
                        pages,
                        items.len(),
                    ));
                }
                NextPage::Done => return Ok(items),
                NextPage::Next {
                    request: next,
                    cursor,
                } => {
                    if seen_cursors.contains(&cursor) {
                        return Err(with_progress(
                            Error::new(
                                ErrorCode::PagingLoop,
                                format!(
                                    "{} returned a page cursor it had returned before; stopped \
                                     after {pages} pages rather than loop.",
                                    self.spec.display_name
                                ),
                            )
                            .with_provider(self.spec.name),
                            pages,
                            items.len(),
                        ));
                    }
                    if pages >= self.settings.max_pages {
                        return Err(with_progress(
                            Error::new(
                                ErrorCode::PageLimit,
                                format!(
                                    "Stopped after {pages} pages ({} items), the page limit; \
                                     the list continues. Ask for fewer items with `maxItems`.",
                                    items.len()
                                ),
                            )
                            .with_provider(self.spec.name),
                            pages,
                            items.len(),
                        ));
                    }
                    seen_cursors.push(cursor);
                    request = next;
                }
            }
        }
    }

    /// The items of one page, or `bad_response` naming where they should
    /// be. With `absent_is_empty`, a page without an items key is empty.
    fn page_items<'b>(
        &self,
        request: &Request,
        body: &'b Json,
        items_path: &[&str],
        absent_is_empty: bool,
    ) -> Result<&'b [Json]> {
        match page_items(body, items_path) {
            PageItems::Items(page) => Ok(page),
            PageItems::Absent if absent_is_empty => Ok(&[]),
            PageItems::Absent | PageItems::Wrong => {
                let place = if items_path.is_empty() {
                    "(body)".to_owned()
                } else {
                    items_path.join(".")
                };
                Err(self.bad_response(
                    request,
                    "the list is not an array (for `getAll` on an object body, the body must \
                     hold exactly one array)",
                    Some(place),
                ))
            }
        }
    }

    /// Sends one request and returns its JSON body, or the mapped error.
    async fn call(&self, request: &Request) -> Result<Json> {
        self.exchange(request).await.map(|(_, body)| body)
    }

    /// Sends with retries; maps every failure to our error.
    async fn exchange(&self, request: &Request) -> Result<(Response, Json)> {
        let policy = self.settings.retry;
        let mut attempt: u32 = 0;
        loop {
            let response = self
                .transport
                .send(request, Some(&self.credential), self.settings.timeout_ms)
                .await
                .map_err(|error| {
                    self.transport_error(request, error)
                        .with_attempts(attempt + 1)
                })?;

            match policy.decide(&response, attempt, self.transport.now_ms()) {
                RetryDecision::RetryAfter(delay) => {
                    self.transport.sleep(delay).await.map_err(|error| {
                        self.transport_error(request, error)
                            .with_attempts(attempt + 1)
                    })?;
                    attempt += 1;
                }
                RetryDecision::Done | RetryDecision::GiveUp => {
                    return self
                        .read(request, response)
                        .map_err(|error| error.with_attempts(attempt + 1));
                }
            }
        }
    }

    /// Decides what a response means.
    fn read(&self, request: &Request, response: Response) -> Result<(Response, Json)> {
        if response.body.len() > MAX_BODY_BYTES {
            return Err(self
                .bad_response(request, "the body is larger than the library accepts", None)
                .with_status(response.status));
        }
        if response.status == 0 {
            return Err(Error::new(
                ErrorCode::Http,
                format!(
                    "{} answered {} with a redirect; it was not followed, so the token goes \
                     only where the library sent it.",
                    self.spec.display_name,
                    describe(request)
                ),
            )
            .with_provider(self.spec.name));
        }
        let body = json::parse(&response.body).ok();

        if let Some(verdict) = (self.spec.judge)(&response, body.as_ref()) {
            let secret = self.credential.secret();
            let mut message = format!(
                "{} answered {} to {}: {}",
                self.spec.display_name,
                response.status,
                describe(request),
                explain(verdict.code)
            );
            if let Some(detail) = &verdict.detail {
                let detail = crate::providers::cut_detail(&secret.scrub(detail));
                message.push_str(&format!(" (provider said: {detail})"));
            }
            let mut error = Error::new(verdict.code, message)
                .with_provider(self.spec.name)
                .with_status(response.status);
            if let Some(reason) = verdict.reason {
                error = error.with_reason(crate::providers::cut_detail(&secret.scrub(&reason)));
            }
            return Err(error);
        }

        if response.is_success() {
            return match body {
                Some(body) => Ok((response, body)),
                None => {
                    let content_type = response.header("content-type").unwrap_or("no content type");
                    Err(self
                        .bad_response(
                            request,
                            &format!(
                                "the body is not JSON (content type: {})",
                                crate::providers::short_detail(content_type)
                            ),
                            None,
                        )
                        .with_status(response.status))
                }
            };
        }

        let code = match response.status {
            401 => ErrorCode::TokenInvalid,
            429 => ErrorCode::RateLimited,
            _ => ErrorCode::Http,
        };
        let html = body.is_none() && !response.body.trim().is_empty();
        let mut message = format!(
            "{} answered {} to {}: {}",
            self.spec.display_name,
            response.status,
            describe(request),
            explain(code)
        );
        if html {
            message.push_str(
                " The body was not JSON (an error page, probably from a proxy or gateway).",
            );
        }
        if matches!(response.status, 429 | 503) {
            message.push_str(" Retries were used up or the wait asked for was too long.");
        }
        Err(Error::new(code, message)
            .with_provider(self.spec.name)
            .with_status(response.status))
    }

    fn transport_error(&self, request: &Request, error: TransportError) -> Error {
        let (code, message, name) = match error {
            TransportError::Timeout => (
                ErrorCode::Timeout,
                format!(
                    "{} did not answer {} within {} ms; the request was aborted.",
                    self.spec.display_name,
                    describe(request),
                    self.settings.timeout_ms
                ),
                None,
            ),
            TransportError::TooLarge(status) => {
                return self
                    .bad_response(request, "the body is larger than the library accepts", None)
                    .with_status(status);
            }
            TransportError::Aborted => (
                ErrorCode::Aborted,
                format!(
                    "The call to {} was aborted by its signal.",
                    self.spec.display_name
                ),
                None,
            ),
            TransportError::Network(name) => (
                ErrorCode::Network,
                format!(
                    "The request to {} ({}) got no answer. From a browser, a CORS refusal, a DNS \
                     failure and being offline look alike: check the browser console, the network \
                     and that the API allows calls from this origin.",
                    self.base.origin_text(),
                    describe(request)
                ),
                Some(name),
            ),
        };
        let mut error = Error::new(code, message).with_provider(self.spec.name);
        if let Some(name) = name {
            error = error.with_transport(name);
        }
        error
    }

    fn bad_response(&self, request: &Request, what: &str, path: Option<String>) -> Error {
        let mut error = Error::new(
            ErrorCode::BadResponse,
            format!(
                "{} answered {} with something other than its documented shape: {what}.",
                self.spec.display_name,
                describe(request)
            ),
        )
        .with_provider(self.spec.name);
        if let Some(path) = path {
            error = error.with_path(path);
        }
        error
    }
}

/// An arguments object as query pairs; `None` when a value is not a
/// string, number or boolean.
fn query_pairs(args: &Json) -> Option<Vec<(String, String)>> {
    match args {
        Json::Null => Some(Vec::new()),
        Json::Object(members) => members
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Json::String(text) => text.clone(),
                    Json::Bool(flag) => flag.to_string(),
                    Json::Number(number) => json::number_text(*number),
                    _ => return None,
                };
                Some((name.clone(), text))
            })
            .collect(),
        _ => None,
    }
}

/// Appends as many of `page` as fit under `limit`.
fn take_room(items: &mut Vec<Json>, page: &[Json], limit: usize) {
    let room = limit.saturating_sub(items.len());
    items.extend(page.iter().take(room).cloned());
}

fn report(progress: &mut dyn FnMut(Progress), label: &str, pages: u32, items: usize) {
    progress(Progress {
        kind: label.to_owned(),
        pages,
        items: items as u32,
    });
}

/// What a page holds where the items should be.
enum PageItems<'b> {
    /// The items.
    Items(&'b [Json]),
    /// No items key at all (Google leaves `connections` out of empty pages).
    Absent,
    /// Something that is not a list.
    Wrong,
}

/// The items of one page. With an items path, the array there. Without one
/// — `getAll` on an arbitrary endpoint — the body itself when it is an
/// array, or the one array member of an object body
/// (`{"connections": [...], "nextPageToken": ...}`, `{"value": [...]}`).
fn page_items<'b>(body: &'b Json, items_path: &[&str]) -> PageItems<'b> {
    if !items_path.is_empty() {
        return match body.pointer(items_path) {
            None | Some(Json::Null) => PageItems::Absent,
            Some(Json::Array(page)) => PageItems::Items(page),
            Some(_) => PageItems::Wrong,
        };
    }
    match body {
        Json::Array(page) => PageItems::Items(page),
        Json::Object(members) => {
            let mut arrays = members.iter().filter_map(|(_, value)| value.as_array());
            match (arrays.next(), arrays.next()) {
                (Some(only), None) => PageItems::Items(only),
                (None, _) => PageItems::Absent,
                (Some(_), Some(_)) => PageItems::Wrong,
            }
        }
        _ => PageItems::Wrong,
    }
}

/// `GET /v1/people/me`: method and path, without origin or query (which may
/// hold cursors) — enough to say which call failed.
fn describe(request: &Request) -> String {
    let path = split_origin(&request.url)
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let path = path.split(['?', '#']).next().unwrap_or_default();
    format!(
        "{} {}",
        request.method.as_str(),
        if path.is_empty() { "/" } else { path }
    )
}

/// What each provider error code means for the developer.
fn explain(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::TokenInvalid => {
            "the token is expired or revoked. Sign the user in again to get a fresh one."
        }
        ErrorCode::InsufficientScope => {
            "the token lacks a scope this call needs. Add the scope to the Auth0 connection and \
             sign in again."
        }
        ErrorCode::ApiNotEnabled => {
            "the API is not enabled for the app's project. Enable it in the provider's console."
        }
        ErrorCode::RateLimited => "the app is being rate limited. Try again later.",
        _ => "the request failed.",
    }
}
