//! The fault matrix: every provider's mock on loopback is told, request by
//! request, to misbehave in each of the ways real APIs do, and `IdpClient`
//! in headless Chromium must answer with the exact error code, retry only
//! 429 and 503 and only within `maxRetries`, and either return a whole list
//! or fail — never a silent partial one.
//!
//! Each test walks its table, collects every mismatch, prints the matrix
//! size and the pass count, and fails listing all mismatches at once.
//! `npm test` starts the mocks and passes their origins and test identities
//! at compile time (`IDP_MOCK_PROVIDERS`, `IDP_MOCK_GOOGLE_*`).

#![cfg(target_arch = "wasm32")]

use idp_bridge::bindings::client::IdpClient;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The callable providers, by catalogue key.
const PROVIDERS: &[&str] = &[
    "google-oauth2",
    "github",
    "windowslive",
    "facebook",
    "dropbox",
    "spotify",
    "bitbucket",
    "slack",
];

/// Retries every client in these tests may make after the first attempt.
const MAX_RETRIES: u32 = 2;

/// Time limit for calls, except the slow-answer fault's shorter one.
const TIMEOUT_MS: u32 = 8_000;
const SHORT_TIMEOUT_MS: u32 = 400;

/// Larger than the library's 32 MiB body limit. Without a declared length
/// the body is three times the limit, so that a client reading it all
/// cannot be mistaken for one that stopped at the limit (socket buffers
/// hold a few megabytes the client never read).
const HUGE_BODY_BYTES: u32 = 34 * 1024 * 1024;
const HUGE_CHUNKED_BODY_BYTES: u32 = 96 * 1024 * 1024;

/// Providers whose mock lets the browser read `Retry-After`, as the real
/// API does; for the others the library can only back off.
const EXPOSES_RETRY_AFTER: &[&str] = &["github", "windowslive", "dropbox", "spotify", "bitbucket"];

// ---------------------------------------------------------------------------
// Mock settings, clients and calls

fn setting() -> JsValue {
    let text = option_env!("IDP_MOCK_PROVIDERS").unwrap_or_else(|| {
        panic!("IDP_MOCK_PROVIDERS is not set: run the browser tests through `npm test`")
    });
    js(text)
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("test JSON: {text}"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn origin(key: &str) -> String {
    text(&get(&setting(), "origins"), key)
}

/// The test identity at `key`'s mock: provider, connection, user id, token.
fn identity(key: &str) -> [String; 4] {
    if key == "google-oauth2" {
        let token = option_env!("IDP_MOCK_GOOGLE_TOKEN").unwrap_or_default();
        return [key, key, "104729385610293847561", token].map(str::to_owned);
    }
    let account = get(&get(&setting(), "accounts"), key);
    ["provider", "connection", "userId", "accessToken"].map(|field| text(&account, field))
}

/// A list size from the mock's fixture data.
fn list_size(key: &str, field: &str) -> u32 {
    if key == "google-oauth2" {
        return option_env!("IDP_MOCK_GOOGLE_CONTACTS")
            .and_then(|count| count.parse().ok())
            .unwrap_or(0);
    }
    get(&get(&get(&setting(), "accounts"), key), field)
        .as_f64()
        .unwrap_or(0.0) as u32
}

fn client(key: &str, timeout_ms: u32) -> IdpClient {
    let [provider, connection, user_id, token] = identity(key);
    let profile = js(&format!(
        r#"{{"user_id":"auth0|faults","identities":[{{"provider":"{provider}",
        "connection":"{connection}","user_id":"{user_id}","access_token":"{token}"}}]}}"#
    ));
    let options = js(&format!(
        r#"{{"allowInsecureLoopback":true,"endpoints":{{"{key}":"{}"}},
        "maxRetries":{MAX_RETRIES},"timeoutMs":{timeout_ms}}}"#,
        origin(key)
    ));
    IdpClient::new(profile, options)
        .unwrap_or_else(|error| panic!("client for {key}: {:?}", get(&error, "message")))
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// The page's own `fetch`, for the mocks' control endpoints.
async fn fetch_json(url: &str, post_body: Option<&str>) -> JsValue {
    let fetch: Function = get(&js_sys::global(), "fetch").unchecked_into();
    let init = Object::new();
    if let Some(body) = post_body {
        let _ = Reflect::set(&init, &"method".into(), &"POST".into());
        let _ = Reflect::set(&init, &"body".into(), &body.into());
        let headers = js(r#"{"content-type":"application/json"}"#);
        let _ = Reflect::set(&init, &"headers".into(), &headers);
    }
    let call = fetch
        .call2(&JsValue::NULL, &url.into(), &init)
        .unwrap_or_else(|_| panic!("fetch {url}"));
    let response = settle(call.into())
        .await
        .unwrap_or_else(|_| panic!("{url}: no answer"));
    assert_eq!(get(&response, "status").as_f64(), Some(200.0), "{url}");
    let json: Function = get(&response, "json").unchecked_into();
    let body = json.call0(&response).unwrap_or_else(|_| panic!("json"));
    settle(body.into())
        .await
        .unwrap_or_else(|_| panic!("{url}: not JSON"))
}

/// A fault for the mock: which path, what answer, how often, after how many
/// untouched requests.
struct Injection {
    path: String,
    answer: String,
    /// `None`: until reset.
    times: Option<u32>,
    skip: u32,
    /// Query parameters a request must have for the fault to hit it, as a
    /// JSON object; `null` for any.
    query: &'static str,
}

async fn inject(key: &str, injections: &[Injection]) {
    let base = origin(key);
    fetch_json(&format!("{base}/__mock/reset"), Some("{}")).await;
    for injection in injections {
        let times = injection
            .times
            .map_or_else(|| "null".to_owned(), |times| times.to_string());
        let body = format!(
            r#"{{"path":"{}","fault":{},"times":{times},"skip":{},"query":{}}}"#,
            injection.path,
            injection.answer.replace("{origin}", &base),
            injection.skip,
            injection.query
        );
        fetch_json(&format!("{base}/__mock/faults"), Some(&body)).await;
    }
}

/// One request as the mock logged it.
#[derive(Debug)]
struct Logged {
    path: String,
    /// Whether the fault under test answered it. A page merely cut short
    /// (`maxItems`) is not the fault under test.
    faulted: bool,
    /// Whether the whole answer was written: the mock sets the status only
    /// once the response finished, not when the client went away first.
    finished: bool,
}

async fn request_log(key: &str) -> Vec<Logged> {
    let log = fetch_json(&format!("{}/__mock/log", origin(key)), None).await;
    Array::from(&get(&log, "requests"))
        .iter()
        .map(|entry| {
            let fault = get(&entry, "fault").as_string();
            Logged {
                path: text(&entry, "path"),
                faulted: fault.is_some_and(|fault| fault != "maxItems"),
                finished: !get(&entry, "status").is_null(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// What a cell expects

#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    /// The call resolves (for lists: with every item, each once).
    Succeeds,
    /// The call rejects with an `Error` whose `code` is this.
    Fails(&'static str),
}

/// One cell of the matrix.
struct Case {
    injections: Vec<Injection>,
    outcome: Outcome,
    /// Requests the fault answered: the first attempt plus the retries the
    /// library may make. For persistent faults on a retryable status this is
    /// exactly 1 + MAX_RETRIES; for the rest, 1.
    faulted: u32,
    timeout_ms: u32,
    /// A path the library must never request (a redirect's target).
    never_requested: Option<&'static str>,
    /// Chromium itself sends a request once more when a reused keep-alive
    /// connection closes before any answer; the mock then sees one request
    /// more than the library made. The error's `attempts` stays exact.
    browser_may_resend: bool,
    /// The failing request's `attempts`; `None` when the error comes from
    /// paging rather than from a request.
    attempts: Option<u32>,
    /// The library must stop reading the answer (too large) rather than
    /// take it all in and then refuse it.
    stops_reading: bool,
}

impl Case {
    fn new(path: &str, answer: &str, times: Option<u32>, outcome: Outcome, faulted: u32) -> Case {
        Case {
            injections: vec![Injection {
                path: path.to_owned(),
                answer: answer.to_owned(),
                times,
                skip: 0,
                query: "null",
            }],
            outcome,
            faulted,
            timeout_ms: TIMEOUT_MS,
            never_requested: None,
            browser_may_resend: false,
            attempts: Some(faulted),
            stops_reading: false,
        }
    }
}

/// What a cell called.
#[derive(Clone, Copy)]
enum Call {
    Me,
    /// The provider's paged list (or `getAll` where it has none).
    List,
}

/// How `key`'s paged list is called and how big it is.
struct ListCall {
    /// `list(kind)`, or `getAll(path, query)` when `kind` is empty.
    kind: &'static str,
    path: &'static str,
    query: &'static str,
    size: u32,
    /// Where the second page is requested: its path, how many requests to
    /// that path come before it, and the query that tells it from pages
    /// requested side by side with it.
    second_page: (String, u32, &'static str),
}

fn list_call(key: &str) -> Option<ListCall> {
    let [_, _, user_id, _] = identity(key);
    let call = |kind, path, query, size, second_page| {
        Some(ListCall {
            kind,
            path,
            query,
            size,
            second_page,
        })
    };
    match key {
        // One page of 1,000 holds every contact, so the first page is cut
        // short (see `list_injections`) and the second one is the same path.
        "google-oauth2" => call(
            "contacts",
            "",
            "",
            list_size(key, "contacts"),
            ("/v1/people/me/connections".to_owned(), 0, "null"),
        ),
        "github" => {
            let login = text(&get(&get(&setting(), "accounts"), key), "login");
            call(
                "followers",
                "",
                "",
                list_size(key, "followers"),
                (format!("/users/{login}/followers"), 0, r#"{"page":"2"}"#),
            )
        }
        "windowslive" => call(
            "contacts",
            "",
            "",
            list_size(key, "contacts"),
            ("/v1.0/me/contacts".to_owned(), 1, "null"),
        ),
        "facebook" => call(
            "friends",
            "",
            "",
            list_size(key, "friends"),
            (format!("/v22.0/{user_id}/friends"), 0, "null"),
        ),
        "spotify" => call(
            "following",
            "",
            "",
            list_size(key, "following"),
            ("/v1/me/following".to_owned(), 1, "null"),
        ),
        "bitbucket" => call(
            "",
            "/2.0/repositories",
            r#"{"role":"member"}"#,
            list_size(key, "repositories"),
            ("/2.0/repositories".to_owned(), 1, "null"),
        ),
        _ => None,
    }
}

/// The path of `key`'s `me` request.
fn me_path(key: &str) -> &'static str {
    match key {
        "google-oauth2" => "/v1/people/me",
        "github" => "/user",
        "windowslive" => "/v1.0/me",
        "facebook" => "/v22.0/me",
        "dropbox" => "/2/users/get_current_account",
        "spotify" => "/v1/me",
        "bitbucket" => "/2.0/user",
        "slack" => "/api/users.identity",
        other => panic!("no me path for {other}"),
    }
}

// ---------------------------------------------------------------------------
// Running one cell

/// Runs `case` for `key` and returns what did not match.
async fn run(key: &str, call: Call, case: &Case) -> Vec<String> {
    inject(key, &case.injections).await;
    let client = client(key, case.timeout_ms);
    let list = list_call(key);

    let promise = match (call, &list) {
        (Call::Me, _) => client.me(JsValue::UNDEFINED),
        (Call::List, Some(list)) if !list.kind.is_empty() => {
            client.list(JsValue::from_str(list.kind), JsValue::UNDEFINED)
        }
        (Call::List, Some(list)) => {
            client.get_all(list.path.to_owned(), js(list.query), JsValue::UNDEFINED)
        }
        // Slack has no list; its `getAll` pages an arbitrary method.
        (Call::List, None) => client.get_all(
            "/api/conversations.list".to_owned(),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        ),
    };
    let result = settle(promise).await;
    let log = request_log(key).await;

    let mut problems = Vec::new();
    let faulted = log.iter().filter(|entry| entry.faulted).count() as u32;
    match (&result, case.outcome) {
        (Ok(value), Outcome::Succeeds) => {
            if let (Call::List, Some(list)) = (call, &list) {
                let items = Array::from(value);
                if items.length() != list.size {
                    problems.push(format!(
                        "returned {} of {} items",
                        items.length(),
                        list.size
                    ));
                }
                let mut ids: Vec<String> = items
                    .iter()
                    .map(|item| JSON::stringify(&item).map(String::from).unwrap_or_default())
                    .collect();
                ids.sort();
                ids.dedup();
                if ids.len() as u32 != items.length() {
                    problems.push("an item came back twice".to_owned());
                }
            }
        }
        (Ok(_), Outcome::Fails(code)) => {
            problems.push(format!("resolved, expected `{code}`"));
        }
        (Err(error), outcome) => {
            let code = text(error, "code");
            if !error.is_instance_of::<js_sys::Error>() {
                problems.push("rejected with something that is not an Error".to_owned());
            }
            match outcome {
                Outcome::Succeeds => problems.push(format!(
                    "rejected with `{code}`: {}",
                    text(error, "message")
                )),
                Outcome::Fails(expected) if code != expected => problems.push(format!(
                    "code `{code}`, expected `{expected}` ({})",
                    text(error, "message")
                )),
                Outcome::Fails(_) => {}
            }
            // The library's own count of sends of the failing request.
            let attempts = get(error, "attempts").as_f64().map(|count| count as u32);
            if attempts != case.attempts && matches!(outcome, Outcome::Fails(_)) {
                problems.push(format!(
                    "attempts {attempts:?}, expected {:?} (bound {})",
                    case.attempts,
                    1 + MAX_RETRIES
                ));
            }
            if let (Call::List, Some(list)) = (call, &list) {
                let items_read = get(error, "itemsRead").as_f64();
                match items_read {
                    Some(read) if (read as u32) < list.size => {}
                    _ => problems.push(format!(
                        "a failed list reports itemsRead {items_read:?} of {}",
                        list.size
                    )),
                }
            }
        }
    }
    // Chromium resends a request that failed on a reused keep-alive
    // connection, once per pooled connection it tries (at most six per
    // host); the library's own attempt count above stays exact.
    let resent = case.browser_may_resend && faulted > case.faulted && faulted <= case.faulted + 6;
    if faulted != case.faulted && !resent {
        problems.push(format!(
            "the fault answered {faulted} requests, expected {}",
            case.faulted
        ));
    }
    if let Some(path) = case.never_requested {
        if log.iter().any(|entry| entry.path == path) {
            problems.push(format!("{path} was requested"));
        }
    }
    if case.stops_reading && log.iter().any(|entry| entry.faulted && entry.finished) {
        problems.push("the whole oversized body was read".to_owned());
    }
    problems
}

/// A row of a fault table: its name and, per provider, its case (`None`
/// where the fault cannot happen at that provider).
type Fault = (&'static str, fn(&str) -> Option<Case>);

/// Runs every fault of `faults` at each provider, the providers side by
/// side (each has its own mock, so they cannot disturb each other) and the
/// faults one after another. `adapt` turns a case into the one to run.
/// Prints the size, the pass count and the time taken, and fails listing
/// every mismatch.
async fn run_matrix(
    title: &str,
    call: Call,
    faults: Vec<Fault>,
    adapt: fn(&str, Option<Case>) -> Option<Case>,
) {
    let started = js_sys::Date::now();
    let faults = std::rc::Rc::new(faults);
    let per_provider = Array::new();
    for key in PROVIDERS {
        let faults = std::rc::Rc::clone(&faults);
        per_provider.push(&wasm_bindgen_futures::future_to_promise(async move {
            // One entry per applicable cell: "" when it passed, else what failed.
            let results = Array::new();
            for (name, case_for) in faults.iter() {
                if let Some(case) = adapt(key, case_for(key)) {
                    let problems = run(key, call, &case).await;
                    let line = if problems.is_empty() {
                        String::new()
                    } else {
                        format!("{name} × {key}: {}", problems.join("; "))
                    };
                    results.push(&JsValue::from_str(&line));
                }
            }
            Ok(results.into())
        }));
    }
    let all = settle(Promise::all(&per_provider))
        .await
        .unwrap_or_else(|_| panic!("{title}: a provider's run threw"));

    let mut cells = 0;
    let mut failures = Vec::new();
    for results in Array::from(&all).iter() {
        for line in Array::from(&results).iter() {
            cells += 1;
            let line = line.as_string().unwrap_or_default();
            if !line.is_empty() {
                failures.push(line);
            }
        }
    }
    let possible = faults.len() * PROVIDERS.len();
    let summary = format!(
        "{title}: {} faults × {} providers = {possible} cells, {cells} applicable, {} passed \
         ({:.1} s)",
        faults.len(),
        PROVIDERS.len(),
        cells - failures.len(),
        (js_sys::Date::now() - started) / 1000.0
    );
    console_log!("{summary}");
    assert!(failures.is_empty(), "{summary}\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// The faults

/// Faulted requests for a persistent answer with `status`.
fn attempts_for(status: u16) -> u32 {
    if matches!(status, 429 | 503) {
        1 + MAX_RETRIES
    } else {
        1
    }
}

fn persistent(key: &str, answer: &str, outcome: Outcome, faulted: u32) -> Option<Case> {
    Some(Case::new(me_path(key), answer, None, outcome, faulted))
}

fn fails(code: &'static str) -> Outcome {
    Outcome::Fails(code)
}

/// Each provider's own answer to a token without the needed scope.
fn scope_answer(key: &str) -> &'static str {
    match key {
        "google-oauth2" => {
            r#"{"status":403,"body":{"error":{"code":403,"status":"PERMISSION_DENIED",
            "message":"Request had insufficient authentication scopes.","details":[
            {"@type":"type.googleapis.com/google.rpc.ErrorInfo",
            "reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com"}]}}}"#
        }
        "github" => {
            r#"{"status":403,"headers":{"X-OAuth-Scopes":"user:email",
            "X-Accepted-OAuth-Scopes":"read:user"},"body":{"message":
            "Resource not accessible by integration",
            "documentation_url":"https://docs.github.com/rest"}}"#
        }
        // Graph's default 403 body is ErrorAccessDenied.
        "windowslive" | "spotify" => r#"{"status":403}"#,
        "facebook" => {
            r#"{"status":403,"body":{"error":{"message":"(#200) Requires user_friends permission",
            "type":"OAuthException","code":200}}}"#
        }
        // Dropbox says "missing scope" with a 401.
        "dropbox" => {
            r#"{"status":401,"body":{"error_summary":"missing_scope/..","error":{".tag":
            "missing_scope","required_scope":"account_info.read"}}}"#
        }
        "bitbucket" => {
            r#"{"status":403,"body":{"type":"error","error":{"message":
            "Your credentials lack one or more required privilege scopes.","detail":
            {"granted":["account"],"required":["repository"]}}}}"#
        }
        // Slack says everything but rate limits with an HTTP 200.
        "slack" => {
            r#"{"status":200,"body":{"ok":false,"error":"missing_scope","needed":"users:read"}}"#
        }
        other => panic!("no scope answer for {other}"),
    }
}

/// Each provider's own rate-limit answer, and its status.
fn rate_limit_answer(key: &str) -> (&'static str, u16) {
    match key {
        "google-oauth2" => (
            r#"{"status":403,"body":{"error":{"code":403,"message":"Rate Limit Exceeded",
            "status":"PERMISSION_DENIED","errors":[{"reason":"rateLimitExceeded",
            "domain":"usageLimits"}]}}}"#,
            403,
        ),
        "github" => (
            r#"{"status":403,"headers":{"X-RateLimit-Remaining":"0","X-RateLimit-Reset":"1"},
            "body":{"message":"API rate limit exceeded for user ID 1024.",
            "documentation_url":"https://docs.github.com/rest"}}"#,
            403,
        ),
        "facebook" => (
            r#"{"status":403,"body":{"error":{"message":"(#4) Application request limit reached",
            "type":"OAuthException","code":4}}}"#,
            403,
        ),
        // The others say it with a 429 and their own body.
        "windowslive" | "dropbox" | "spotify" | "bitbucket" | "slack" => {
            (r#"{"status":429,"headers":{"Retry-After":"0"}}"#, 429)
        }
        other => panic!("no rate-limit answer for {other}"),
    }
}

const HTML: &str =
    "<!doctype html><html><head><title>Sign in</title></head><body>Sign in, please</body></html>";

fn html_answer(status: u16) -> String {
    format!(r#"{{"status":{status},"rawBody":"{HTML}","contentType":"text/html; charset=utf-8"}}"#)
}

/// Faults of one request, each as the provider would send it.
fn request_faults() -> Vec<Fault> {
    vec![
        ("401", |key| {
            persistent(key, r#"{"status":401}"#, fails("token_invalid"), 1)
        }),
        ("scope refusal (403, Dropbox 401, Slack 200)", |key| {
            persistent(key, scope_answer(key), fails("insufficient_scope"), 1)
        }),
        ("rate-limit answer (403 or 429)", |key| {
            let (answer, status) = rate_limit_answer(key);
            persistent(key, answer, fails("rate_limited"), attempts_for(status))
        }),
        ("400 (Facebook: OAuthException 190)", |key| {
            let code = if key == "facebook" {
                "token_invalid"
            } else {
                "http"
            };
            persistent(key, r#"{"status":400}"#, fails(code), 1)
        }),
        ("429 with Retry-After: 0, every time", |key| {
            let answer = r#"{"status":429,"headers":{"Retry-After":"0"}}"#;
            persistent(key, answer, fails("rate_limited"), attempts_for(429))
        }),
        ("429 with Retry-After: 3600", |key| {
            // A readable wait longer than the policy's longest is not
            // waited for; an unreadable one is backed off from.
            let faulted = if EXPOSES_RETRY_AFTER.contains(&key) {
                1
            } else {
                attempts_for(429)
            };
            let answer = r#"{"status":429,"headers":{"Retry-After":"3600"}}"#;
            persistent(key, answer, fails("rate_limited"), faulted)
        }),
        ("429 without Retry-After, once", |key| {
            let path = me_path(key);
            Some(Case::new(
                path,
                r#"{"status":429}"#,
                Some(1),
                Outcome::Succeeds,
                1,
            ))
        }),
        ("500", |key| {
            persistent(key, r#"{"status":500}"#, fails("http"), 1)
        }),
        ("502", |key| {
            persistent(key, r#"{"status":502}"#, fails("http"), 1)
        }),
        ("503, every time", |key| {
            persistent(key, r#"{"status":503}"#, fails("http"), attempts_for(503))
        }),
        ("503, once", |key| {
            let path = me_path(key);
            Some(Case::new(
                path,
                r#"{"status":503}"#,
                Some(1),
                Outcome::Succeeds,
                1,
            ))
        }),
        ("504 with an HTML body", |key| {
            persistent(key, &html_answer(504), fails("http"), 1)
        }),
        ("200 with malformed JSON", |key| {
            let answer = r#"{"status":200,"rawBody":"{\"id\": \"1\", \"name\": nope}"}"#;
            persistent(key, answer, fails("bad_response"), 1)
        }),
        ("200 with truncated JSON", |key| {
            let answer = r#"{"status":200,"rawBody":"{\"id\":\"1\",\"na"}"#;
            persistent(key, answer, fails("bad_response"), 1)
        }),
        ("200 whose body is cut mid-stream", |key| {
            persistent(key, r#"{"cutBodyAt":100}"#, fails("network"), 1)
        }),
        ("200 with the wrong content type (an HTML page)", |key| {
            persistent(key, &html_answer(200), fails("bad_response"), 1)
        }),
        ("200 with an empty body", |key| {
            let answer = r#"{"status":200,"rawBody":"","contentType":"application/json"}"#;
            persistent(key, answer, fails("bad_response"), 1)
        }),
        ("answer slower than the timeout", |key| {
            let mut case = persistent(key, r#"{"delayMs":3000}"#, fails("timeout"), 1)?;
            case.timeout_ms = SHORT_TIMEOUT_MS;
            Some(case)
        }),
        ("dropped connection", |key| {
            let mut case = persistent(key, r#"{"dropConnection":true}"#, fails("network"), 1)?;
            case.browser_may_resend = true;
            Some(case)
        }),
        ("missing CORS header", |key| {
            let answer = r#"{"noCors":true,"status":200,"body":{"id":"1"}}"#;
            persistent(key, answer, fails("network"), 1)
        }),
        ("redirect to another path", |key| {
            let answer = r#"{"status":302,"headers":{"Location":"{origin}/redirect-target"},
                "rawBody":""}"#;
            let mut case = persistent(key, answer, fails("http"), 1)?;
            case.never_requested = Some("/redirect-target");
            Some(case)
        }),
        ("huge body (declared length)", |key| {
            let answer = format!(r#"{{"hugeBodyBytes":{HUGE_BODY_BYTES}}}"#);
            let mut case = persistent(key, &answer, fails("bad_response"), 1)?;
            case.stops_reading = true;
            Some(case)
        }),
        ("huge body (no declared length)", |key| {
            let answer = format!(r#"{{"hugeBodyBytes":{HUGE_CHUNKED_BODY_BYTES},"chunked":true}}"#);
            let mut case = persistent(key, &answer, fails("bad_response"), 1)?;
            case.stops_reading = true;
            Some(case)
        }),
    ]
}

#[wasm_bindgen_test]
async fn every_request_fault_at_every_provider() {
    run_matrix(
        "request faults on `me`",
        Call::Me,
        request_faults(),
        |_, case| case,
    )
    .await;
}

/// The provider's answer for a list page whose next page is `next` (a URL
/// or a cursor), with no items.
fn page_answer(key: &str, next: &str) -> Option<String> {
    let body = match key {
        "google-oauth2" => format!(r#"{{"connections":[],"nextPageToken":"{next}"}}"#),
        "github" => {
            return Some(format!(
                r#"{{"status":200,"body":[],"headers":{{"Link":"<{next}>; rel=\"next\""}}}}"#
            ))
        }
        "windowslive" => format!(r#"{{"value":[],"@odata.nextLink":"{next}"}}"#),
        "facebook" => format!(r#"{{"data":[],"paging":{{"next":"{next}"}}}}"#),
        "spotify" => format!(r#"{{"artists":{{"items":[],"next":"{next}"}}}}"#),
        "bitbucket" => format!(r#"{{"values":[],"next":"{next}"}}"#),
        "slack" => {
            format!(r#"{{"ok":true,"channels":[],"response_metadata":{{"next_cursor":"{next}"}}}}"#)
        }
        // Dropbox's lists (`files/list_folder`) are not offered, and its
        // catalogue entry says `getAll` cannot page them.
        _ => return None,
    };
    Some(format!(r#"{{"status":200,"body":{body}}}"#))
}

/// Whether `key` pages by URLs (which could point elsewhere) rather than
/// by opaque cursors.
fn pages_by_url(key: &str) -> bool {
    matches!(
        key,
        "github" | "windowslive" | "facebook" | "spotify" | "bitbucket"
    )
}

/// A path on `key`'s mock that its next-page URLs may point at.
fn next_path(key: &str) -> &'static str {
    match key {
        "github" => "/user/followers?page=2",
        "windowslive" => "/v1.0/me/contacts?%24skip=5",
        "facebook" => "/v22.0/me/friends?after=again",
        "spotify" => "/v1/me/following?type=artist&after=again",
        _ => "/2.0/repositories?page=2",
    }
}

fn paging_faults() -> Vec<Fault> {
    vec![
        ("a next-page cursor that repeats", |key| {
            let next = if pages_by_url(key) {
                format!("{{origin}}{}", next_path(key))
            } else {
                "again".to_owned()
            };
            let answer = page_answer(key, &next)?;
            // The first page and the one that repeats its cursor.
            let mut case = Case::new("*", &answer, None, fails("paging_loop"), 2);
            case.attempts = None;
            Some(case)
        }),
        ("a next link to another origin", |key| {
            if !pages_by_url(key) {
                return None;
            }
            let next = format!("http://127.0.0.2:9{}", next_path(key));
            let answer = page_answer(key, &next)?;
            let mut case = Case::new("*", &answer, None, fails("foreign_origin"), 1);
            case.attempts = None;
            Some(case)
        }),
    ]
}

#[wasm_bindgen_test]
async fn paging_faults_at_every_provider() {
    run_matrix("paging faults", Call::List, paging_faults(), |_, case| case).await;
}

/// Turns a fault of `me` into the same fault of a list's second page: the
/// first page is answered normally (Google's is cut to 100 items so that
/// there is a second page), the rest as the fault says.
fn on_second_page(key: &str, case: Option<Case>) -> Option<Case> {
    let mut case = case?;
    let list = list_call(key)?;
    let (path, skip, query) = list.second_page;
    for injection in &mut case.injections {
        injection.path = path.clone();
        injection.skip = skip;
        injection.query = query;
    }
    if key == "google-oauth2" {
        case.injections.insert(
            0,
            Injection {
                path: path.clone(),
                answer: r#"{"maxItems":100}"#.to_owned(),
                times: Some(1),
                skip: 0,
                query: "null",
            },
        );
    }
    Some(case)
}

/// The request faults that can hit any page, moved onto the second page.
fn mid_list_faults() -> Vec<Fault> {
    let wanted = [
        "401",
        "429 with Retry-After: 0, every time",
        "429 without Retry-After, once",
        "500",
        "503, every time",
        "503, once",
        "504 with an HTML body",
        "200 with truncated JSON",
        "200 whose body is cut mid-stream",
        "200 with the wrong content type (an HTML page)",
        "200 with an empty body",
        "answer slower than the timeout",
        "dropped connection",
        "missing CORS header",
        "redirect to another path",
        "huge body (no declared length)",
    ];
    let faults = request_faults();
    for name in wanted {
        assert!(
            faults.iter().any(|(known, _)| *known == name),
            "no request fault {name}"
        );
    }
    faults
        .into_iter()
        .filter(|(name, _)| wanted.contains(name))
        .collect()
}

#[wasm_bindgen_test]
async fn request_faults_on_the_second_page_of_every_list() {
    run_matrix(
        "request faults on a list's second page",
        Call::List,
        mid_list_faults(),
        on_second_page,
    )
    .await;
}
