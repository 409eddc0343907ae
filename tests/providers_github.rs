//! GitHub against what GitHub publishes: the recorded exchanges of
//! `@octokit/fixtures` (real `Link` headers whose next URL names another
//! path than the request) and the response examples of `@octokit/openapi`.
//! Error answers no package records are hand-written on top of a recorded
//! answer's real headers.

#![cfg(not(target_arch = "wasm32"))]

mod providers_common;
mod support;

use idp_bridge::providers::{github::GITHUB, ListKind};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use providers_common::{assert_token_only_in_credential, client_for, npm_json, recorded_headers};
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "gho_placeholderGitHubToken0001";

fn openapi() -> serde_json::Value {
    npm_json("@octokit/openapi/generated/api.github.com.json")
}

/// The named example of `components/examples`, as JSON text.
fn example(spec: &serde_json::Value, name: &str) -> String {
    let value = &spec["components"]["examples"][name]["value"];
    assert!(!value.is_null(), "@octokit/openapi has no example `{name}`");
    value.to_string()
}

fn paginate_issues() -> Vec<serde_json::Value> {
    let fixture = npm_json(
        "@octokit/fixtures/scenarios/api.github.com/paginate-issues/normalized-fixture.json",
    );
    fixture.as_array().cloned().expect("a list of exchanges")
}

/// Queues a recorded exchange's status, headers and body.
fn replay(transport: ScriptedTransport, exchange: &serde_json::Value) -> ScriptedTransport {
    let headers = recorded_headers(exchange);
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let status = exchange["status"].as_u64().expect("status") as u16;
    transport.answer(status, &pairs, &exchange["response"].to_string())
}

/// A recorded answer's real headers with some replaced, for statuses no
/// package records.
fn recorded_headers_with(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut headers = recorded_headers(&paginate_issues()[0]);
    headers.retain(|(name, _)| name != "link" && !changes.iter().any(|(n, _)| n == name));
    headers.extend(
        changes
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    headers
}

fn answer_with(
    transport: ScriptedTransport,
    status: u16,
    headers: &[(String, String)],
    body: &str,
) -> ScriptedTransport {
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    transport.answer(status, &pairs, body)
}

#[test]
fn me_reads_the_published_user_example() {
    let spec = openapi();
    let user = example(&spec, "private-user");
    let transport = ScriptedTransport::new().json(200, &user);
    let me = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect("me");

    let expected: serde_json::Value = serde_json::from_str(&user).expect("json");
    assert_eq!(me.id, expected["id"].to_string());
    assert_eq!(me.name.as_deref(), expected["name"].as_str());
    assert_eq!(me.email.as_deref(), expected["email"].as_str());
    assert_eq!(me.picture.as_deref(), expected["avatar_url"].as_str());
    assert_eq!(transport.urls(), ["https://api.github.com/user"]);
    assert_token_only_in_credential(
        &transport,
        TOKEN,
        &Credential::Bearer(Secret::new(TOKEN).expect("token")),
    );
}

#[test]
fn the_followers_path_in_the_catalogue_is_in_the_openapi_description() {
    let spec = openapi();
    for list in GITHUB.lists {
        let path = list.endpoint.path;
        let operation = &spec["paths"][path]["get"];
        assert!(
            !operation.is_null(),
            "{path} is not a GET in GitHub's OpenAPI description"
        );
        assert!(
            !operation["responses"]["200"]["headers"]["Link"].is_null(),
            "{path} does not document Link paging"
        );
    }
    assert!(!spec["paths"][GITHUB.me.path]["get"].is_null());
}

#[test]
fn followers_page_by_link_header_with_the_published_examples() {
    let spec = openapi();
    let users = example(&spec, "simple-user-items");
    let link = r#"<https://api.github.com/user/followers?per_page=100&page=2>; rel="next", <https://api.github.com/user/followers?per_page=100&page=2>; rel="last""#;
    let transport = ScriptedTransport::new()
        .answer(
            200,
            &[("content-type", "application/json"), ("link", link)],
            &users,
        )
        .json(200, &users);
    let mut progress = Vec::new();
    let people = block_on(client_for(&GITHUB, TOKEN, &transport).list(
        ListKind::Followers,
        None,
        &mut |step| progress.push((step.pages, step.items)),
    ))
    .expect("followers");

    let per_page = serde_json::from_str::<serde_json::Value>(&users)
        .ok()
        .and_then(|value| value.as_array().map(Vec::len))
        .expect("an array");
    assert_eq!(people.len(), per_page * 2);
    assert_eq!(
        people[0].name.as_deref(),
        Some("octocat"),
        "login stands in for a null name"
    );
    assert_eq!(progress, [(1, per_page as u32), (2, 2 * per_page as u32)]);
    assert_eq!(
        transport.urls(),
        [
            "https://api.github.com/user/followers?per_page=100",
            "https://api.github.com/user/followers?per_page=100&page=2",
        ]
    );
}

#[test]
fn get_all_follows_recorded_link_headers_to_the_end() {
    let exchanges = paginate_issues();
    let transport = exchanges.iter().fold(ScriptedTransport::new(), replay);
    let client = client_for(&GITHUB, TOKEN, &transport);
    let query = idp_bridge::json::parse(r#"{"per_page":3}"#).expect("args");
    let issues = block_on(client.get_all(
        "/repos/octokit-fixture-org/paginate-issues/issues",
        &query,
        None,
        &mut |_| {},
    ))
    .expect("every page");

    let recorded: Vec<serde_json::Value> = exchanges
        .iter()
        .flat_map(|exchange| exchange["response"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(issues.len(), recorded.len());
    let numbers: Vec<String> = issues
        .iter()
        .filter_map(|issue| issue.get("number").map(|n| n.to_text()))
        .collect();
    let expected: Vec<String> = recorded
        .iter()
        .map(|issue| issue["number"].to_string())
        .collect();
    assert_eq!(numbers, expected, "items in the provider's order");

    // The next URLs come from the recorded Link headers, which name
    // /repositories/1000/issues rather than the path first asked for.
    let paths: Vec<String> = exchanges
        .iter()
        .map(|exchange| {
            format!(
                "https://api.github.com{}",
                exchange["path"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(transport.urls(), paths);
}

#[test]
fn a_403_with_no_remaining_rate_limit_is_rate_limited_and_not_retried() {
    let headers = recorded_headers_with(&[
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-reset", "1507651200"),
    ]);
    let body = r#"{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}"#;
    let transport = answer_with(ScriptedTransport::new(), 403, &headers, body);
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("limited");
    assert_eq!(error.code(), ErrorCode::RateLimited);
    assert_eq!(error.status(), Some(403));
    assert_eq!(transport.sent.borrow().len(), 1, "a 403 is never retried");

    // The same 403 with requests left and the scope held is not a rate limit.
    let headers = recorded_headers_with(&[("x-accepted-oauth-scopes", "")]);
    let plain = r#"{"message":"Must have admin rights to Repository."}"#;
    let transport = answer_with(ScriptedTransport::new(), 403, &headers, plain);
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("forbidden");
    assert_eq!(error.code(), ErrorCode::Http);
}

#[test]
fn a_secondary_rate_limit_is_told_by_its_message() {
    let headers = recorded_headers_with(&[]);
    let body = r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#;
    let transport = answer_with(ScriptedTransport::new(), 403, &headers, body);
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("limited");
    assert_eq!(error.code(), ErrorCode::RateLimited);
    assert_eq!(error.reason(), Some("secondary_rate_limit"));
}

#[test]
fn a_403_for_a_scope_the_token_lacks_is_insufficient_scope() {
    let headers = recorded_headers_with(&[
        ("x-oauth-scopes", "read:user"),
        ("x-accepted-oauth-scopes", "user, user:follow"),
    ]);
    let body = r#"{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}"#;
    let transport = answer_with(ScriptedTransport::new(), 403, &headers, body);
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).list(
        ListKind::Following,
        None,
        &mut |_| {},
    ))
    .expect_err("scope");
    assert_eq!(error.code(), ErrorCode::InsufficientScope);
    assert_eq!(error.pages_read(), Some(0));

    // Holding the parent scope covers the sub-scope.
    let headers = recorded_headers_with(&[
        ("x-oauth-scopes", "user"),
        ("x-accepted-oauth-scopes", "user:follow"),
    ]);
    let transport = answer_with(ScriptedTransport::new(), 403, &headers, body);
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("403");
    assert_eq!(error.code(), ErrorCode::Http);
}

#[test]
fn bad_credentials_and_429_keep_the_generic_rules() {
    let transport = ScriptedTransport::new().json(
        401,
        r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#,
    );
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("401");
    assert_eq!(error.code(), ErrorCode::TokenInvalid);
    assert_eq!(transport.sent.borrow().len(), 1);

    let transport = ScriptedTransport::new()
        .answer(429, &[("retry-after", "1")], "")
        .answer(429, &[], "")
        .answer(429, &[], "");
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).me()).expect_err("429");
    assert_eq!(error.code(), ErrorCode::RateLimited);
    assert_eq!(transport.sent.borrow().len(), 3);
    assert_eq!(*transport.sleeps.borrow(), [1000, 1000]);
}

#[test]
fn a_link_to_another_origin_is_refused() {
    let link = r#"<https://api.github.com.evil.test/user/followers?page=2>; rel="next""#;
    let transport = ScriptedTransport::new().answer(200, &[("link", link)], "[]");
    let error = block_on(client_for(&GITHUB, TOKEN, &transport).list(
        ListKind::Followers,
        None,
        &mut |_| {},
    ))
    .expect_err("foreign");
    assert_eq!(error.code(), ErrorCode::ForeignOrigin);
    assert_eq!(error.pages_read(), Some(1));
    assert_eq!(transport.sent.borrow().len(), 1);
}
