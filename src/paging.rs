//! Following a list to its next page, each provider's own way.
//!
//! Pure functions: given the first request, the last response and its body,
//! say what to send next. The loop that sends, counts pages and detects
//! repeating cursors lives in the client.

use crate::api_base::ApiBase;
use crate::error::Result;
use crate::http::{Body, Method, Request, Response};
use crate::json::{self, Json};
use crate::providers::Paging;
use crate::url::{encode_query, query_param, with_query};

/// What comes after a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// The list is complete.
    Done,
    /// Send this; `cursor` identifies the page, to detect loops.
    Next {
        /// The next request.
        request: Request,
        /// The cursor, token or URL that names the next page.
        cursor: String,
    },
}

/// Works out the next page's request.
pub fn next_page(
    paging: &Paging,
    first: &Request,
    response: &Response,
    body: &Json,
    base: &ApiBase,
) -> Result<NextPage> {
    match *paging {
        Paging::None => Ok(NextPage::Done),

        Paging::PageToken { param, field } | Paging::CursorParam { param, field } => {
            let Some(cursor) = non_empty_text(body.pointer(field)) else {
                return Ok(NextPage::Done);
            };
            let request = with_parameter(first, param, &cursor);
            Ok(NextPage::Next { request, cursor })
        }

        Paging::LinkHeader => match response.header("link").and_then(next_link) {
            None => Ok(NextPage::Done),
            Some(url) => next_url(first, &url, base),
        },

        Paging::NextUrl { field } => match non_empty_text(body.pointer(field)) {
            None => Ok(NextPage::Done),
            Some(url) => next_url(first, &url, base),
        },

        Paging::CursorContinue {
            cursor,
            has_more,
            continue_suffix,
        } => {
            if body.pointer(has_more).and_then(Json::as_bool) != Some(true) {
                return Ok(NextPage::Done);
            }
            let Some(cursor) = non_empty_text(body.pointer(cursor)) else {
                return Ok(NextPage::Done);
            };
            let mut payload = String::from("{\"cursor\":");
            json::write_string(&cursor, &mut payload);
            payload.push('}');
            let request = Request {
                method: Method::Post,
                url: continue_url(&first.url, continue_suffix),
                headers: first.headers.clone(),
                body: Some(Body::Json(payload)),
            };
            Ok(NextPage::Next { request, cursor })
        }
    }
}

/// The first request's URL with `suffix` added to its path (before any
/// query), e.g. `.../list_folder` → `.../list_folder/continue`.
fn continue_url(first: &str, suffix: &str) -> String {
    match first.split_once('?') {
        Some((path, query)) => format!("{path}{suffix}?{query}"),
        None => format!("{first}{suffix}"),
    }
}

fn non_empty_text(value: Option<&Json>) -> Option<String> {
    value
        .and_then(Json::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn next_url(first: &Request, url: &str, base: &ApiBase) -> Result<NextPage> {
    // A bare query (`?page=2`) is relative to the list's own path.
    let url = match url.strip_prefix('?') {
        Some(query) => {
            let path = first.url.split(['?', '#']).next().unwrap_or_default();
            format!("{path}?{query}")
        }
        None => url.to_owned(),
    };
    let url = base.follow(&url)?;
    let request = Request {
        method: Method::Get,
        url: url.clone(),
        headers: first.headers.clone(),
        body: None,
    };
    Ok(NextPage::Next {
        request,
        cursor: url,
    })
}

/// The first request with one more parameter: in the form body when the
/// request sends one (the token travels there too), else in the query.
fn with_parameter(first: &Request, name: &str, value: &str) -> Request {
    let pair = encode_query([(name, value)]);
    let mut request = first.clone();
    match &mut request.body {
        Some(Body::Form(fields)) => {
            if !fields.is_empty() {
                fields.push('&');
            }
            fields.push_str(&pair);
        }
        _ => request.url = with_query(&first.url, &pair),
    }
    request
}

/// When a `Link` header names both the next and the last page, and the two
/// URLs differ only in their `page` parameter, every remaining page is
/// addressable: returns their URLs, next page first. `None` when the pages
/// cannot be numbered that way or there are more than `max_pages` of them.
pub fn addressable_pages(link_header: &str, max_pages: u32) -> Option<Vec<String>> {
    let next = next_link(link_header)?;
    let last = link_with_rel(link_header, "last")?;
    let (next_base, next_query) = next.split_once('?')?;
    let (last_base, last_query) = last.split_once('?')?;
    if next_base != last_base {
        return None;
    }
    let without_page = |query: &str| -> Vec<String> {
        query
            .split('&')
            .filter(|pair| !pair.starts_with("page="))
            .map(str::to_owned)
            .collect()
    };
    if without_page(next_query) != without_page(last_query) {
        return None;
    }
    let first: u32 = query_param(&next, "page")?.parse().ok()?;
    let final_page: u32 = query_param(&last, "page")?.parse().ok()?;
    if first == 0 || final_page < first || final_page - first >= max_pages {
        return None;
    }
    let rest = without_page(next_query).join("&");
    Some(
        (first..=final_page)
            .map(|page| {
                let page_pair = format!("page={page}");
                if rest.is_empty() {
                    format!("{next_base}?{page_pair}")
                } else {
                    format!("{next_base}?{rest}&{page_pair}")
                }
            })
            .collect(),
    )
}

/// The `rel="next"` URL of an RFC 8288 `Link` header.
pub fn next_link(header: &str) -> Option<String> {
    link_with_rel(header, "next")
}

/// The URL of the link whose `rel` includes `wanted`.
pub fn link_with_rel(header: &str, wanted: &str) -> Option<String> {
    split_links(header).into_iter().find_map(|link| {
        let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
        let has_rel = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case(wanted))
        });
        has_rel.then(|| target.trim().to_owned())
    })
}

/// Splits a Link header at the commas between links, not those inside `<>`
/// or quotes.
fn split_links(header: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let mut start = 0;
    let mut in_target = false;
    let mut in_quotes = false;
    for (at, character) in header.char_indices() {
        match character {
            '<' if !in_quotes => in_target = true,
            '>' if !in_quotes => in_target = false,
            '"' if !in_target => in_quotes = !in_quotes,
            ',' if !in_target && !in_quotes => {
                links.push(header.get(start..at).unwrap_or_default());
                start = at + 1;
            }
            _ => {}
        }
    }
    links.push(header.get(start..).unwrap_or_default());
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn base() -> ApiBase {
        ApiBase::resolve("github", "https://api.github.com", None, false).expect("valid")
    }

    fn response(link: Option<&str>) -> Response {
        Response {
            status: 200,
            headers: link
                .map(|value| vec![("link".to_owned(), value.to_owned())])
                .unwrap_or_default(),
            body: String::new(),
        }
    }

    #[test]
    fn reads_github_link_headers() {
        let header = r#"<https://api.github.com/user/9/followers?page=2>; rel="next", <https://api.github.com/user/9/followers?page=5>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://api.github.com/user/9/followers?page=2")
        );
        assert_eq!(
            link_with_rel(header, "last").as_deref(),
            Some("https://api.github.com/user/9/followers?page=5")
        );
        assert_eq!(next_link(r#"<https://x.test/?a=1,2>; rel="prev""#), None);
    }

    #[test]
    fn numbers_the_pages_between_next_and_last() {
        let header = r#"<https://api.github.com/user/9/followers?per_page=100&page=2>; rel="next", <https://api.github.com/user/9/followers?per_page=100&page=4>; rel="last""#;
        assert_eq!(
            addressable_pages(header, 1000),
            Some(vec![
                "https://api.github.com/user/9/followers?per_page=100&page=2".to_owned(),
                "https://api.github.com/user/9/followers?per_page=100&page=3".to_owned(),
                "https://api.github.com/user/9/followers?per_page=100&page=4".to_owned(),
            ])
        );
        assert_eq!(addressable_pages(header, 2), None);
        let cursor = r#"<https://api.github.com/x?after=abc>; rel="next", <https://api.github.com/x?after=zzz>; rel="last""#;
        assert_eq!(addressable_pages(cursor, 1000), None);
        let other_path = r#"<https://api.github.com/a?page=2>; rel="next", <https://api.github.com/b?page=3>; rel="last""#;
        assert_eq!(addressable_pages(other_path, 1000), None);
    }

    #[test]
    fn page_tokens_extend_the_first_request() {
        let first =
            Request::get("https://people.googleapis.com/v1/people/me/connections?pageSize=1000");
        let paging = Paging::PageToken {
            param: "pageToken",
            field: &["nextPageToken"],
        };
        let body = json::parse(r#"{"nextPageToken":"a b"}"#).expect("valid");
        let next = next_page(&paging, &first, &response(None), &body, &base()).expect("ok");
        let NextPage::Next { request, cursor } = next else {
            panic!("expected a next page");
        };
        assert_eq!(cursor, "a b");
        assert!(request.url.ends_with("pageSize=1000&pageToken=a%20b"));
        let last = json::parse(r#"{"connections":[]}"#).expect("valid");
        assert_eq!(
            next_page(&paging, &first, &response(None), &last, &base()),
            Ok(NextPage::Done)
        );
    }

    #[test]
    fn foreign_next_links_are_refused() {
        let first = Request::get("https://api.github.com/user/followers");
        let error = next_page(
            &Paging::LinkHeader,
            &first,
            &response(Some(r#"<https://evil.test/x>; rel="next""#)),
            &Json::Array(Vec::new()),
            &base(),
        )
        .expect_err("refused");
        assert_eq!(error.code(), ErrorCode::ForeignOrigin);
    }

    #[test]
    fn dropbox_cursors_post_to_the_continue_endpoint() {
        let paging = Paging::CursorContinue {
            cursor: &["cursor"],
            has_more: &["has_more"],
            continue_suffix: "/continue",
        };
        let first = Request::get("https://api.dropboxapi.com/2/files/list_folder");
        let body = json::parse(r#"{"cursor":"c1","has_more":true}"#).expect("valid");
        let NextPage::Next { request, .. } =
            next_page(&paging, &first, &response(None), &body, &base()).expect("ok")
        else {
            panic!("expected a next page");
        };
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.body,
            Some(Body::Json(r#"{"cursor":"c1"}"#.to_owned()))
        );
        let done = json::parse(r#"{"cursor":"c2","has_more":false}"#).expect("valid");
        assert_eq!(
            next_page(&paging, &first, &response(None), &done, &base()),
            Ok(NextPage::Done)
        );
    }
}
