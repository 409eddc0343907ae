//! Browser tests of the catalogue beyond Google: `IdpClient` in headless
//! Chromium with real `fetch` calls to each provider's mock on loopback.
//! `npm test` starts the mocks and passes their origins and the tenant's
//! test identities as one JSON text, `IDP_MOCK_PROVIDERS`, at compile time.
//! Error cases are made with the mocks' fault endpoint (`/__mock/faults`),
//! so each answer is the provider's own error body with its CORS headers.

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use idp_bridge::bindings::client::IdpClient;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn setting() -> JsValue {
    let text = option_env!("IDP_MOCK_PROVIDERS").unwrap_or_else(|| {
        panic!("IDP_MOCK_PROVIDERS is not set: run the browser tests through `npm test`, which starts the mocks")
    });
    JSON::parse(text).unwrap_or_else(|_| panic!("IDP_MOCK_PROVIDERS is not JSON"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("`{key}` is not a string"))
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("test JSON: {text}"))
}

fn origin(key: &str) -> String {
    text(&get(&setting(), "origins"), key)
}

fn account(key: &str) -> JsValue {
    let account = get(&get(&setting(), "accounts"), key);
    assert!(account.is_object(), "no test identity for {key}");
    account
}

fn count(key: &str, field: &str) -> u32 {
    get(&account(key), field)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} has no {field} count")) as u32
}

/// An Auth0 profile holding the test identity for `key`, with `token`.
fn profile(key: &str, token: &str) -> JsValue {
    let account = account(key);
    let identity = Object::new();
    for (name, value) in [
        ("provider", text(&account, "provider")),
        ("connection", text(&account, "connection")),
        ("user_id", text(&account, "userId")),
        ("access_token", token.to_owned()),
    ] {
        let _ = Reflect::set(&identity, &name.into(), &value.into());
    }
    let profile = Object::new();
    let _ = Reflect::set(&profile, &"user_id".into(), &"auth0|browser-test".into());
    let _ = Reflect::set(&profile, &"identities".into(), &Array::of1(&identity));
    profile.into()
}

fn token(key: &str) -> String {
    text(&account(key), "accessToken")
}

/// A client for `key`'s mock; `extra` is merged into the options.
fn client_with(key: &str, token: &str, extra: &str) -> IdpClient {
    let options = js(&format!(
        r#"{{"allowInsecureLoopback":true,"endpoints":{{"{key}":"{}"}},"maxRetries":2{extra}}}"#,
        origin(key)
    ));
    IdpClient::new(profile(key, token), options)
        .unwrap_or_else(|error| panic!("client for {key}: {:?}", get(&error, "message")))
}

fn client(key: &str) -> IdpClient {
    client_with(key, &token(key), "")
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn ok(promise: Promise, what: &str) -> JsValue {
    settle(promise)
        .await
        .unwrap_or_else(|error| panic!("{what} failed: {:?}", get(&error, "message")))
}

/// The rejected error's `code`.
async fn code_of(promise: Promise) -> (String, JsValue) {
    let error = settle(promise).await.expect_err("the call should fail");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "errors are Error objects"
    );
    (get(&error, "code").as_string().unwrap_or_default(), error)
}

/// Calls the page's own `fetch` on a mock's control endpoint.
async fn control(key: &str, path: &str, body: &str) -> JsValue {
    let fetch: Function = get(&js_sys::global(), "fetch").unchecked_into();
    let init = js(&format!(
        r#"{{"method":"POST","headers":{{"content-type":"application/json"}},"body":{}}}"#,
        JSON::stringify(&JsValue::from_str(body))
            .map(String::from)
            .unwrap_or_default()
    ));
    let url = JsValue::from_str(&format!("{}{path}", origin(key)));
    let response = ok(
        fetch
            .call2(&JsValue::NULL, &url, &init)
            .expect("fetch")
            .into(),
        "control",
    )
    .await;
    assert_eq!(
        get(&response, "status").as_f64(),
        Some(200.0),
        "{key}{path}: {body}"
    );
    response
}

/// Makes the next `times` requests to `path` at `key`'s mock answer `fault`.
async fn fault(key: &str, path: &str, fault: &str, times: u32) {
    control(key, "/__mock/reset", "{}").await;
    let body = format!(r#"{{"path":"{path}","fault":{fault},"times":{times}}}"#);
    control(key, "/__mock/faults", &body).await;
}

fn no_options() -> JsValue {
    JsValue::UNDEFINED
}

#[wasm_bindgen_test]
async fn every_provider_returns_the_signed_in_person() {
    for key in [
        "github",
        "windowslive",
        "facebook",
        "dropbox",
        "spotify",
        "bitbucket",
        "slack",
    ] {
        control(key, "/__mock/reset", "{}").await;
        let me = ok(client(key).me(no_options()), key).await;
        assert!(!text(&me, "id").is_empty(), "{key}: id");
        assert_eq!(
            text(&me, "name"),
            text(&account(key), "name"),
            "{key}: name"
        );
        assert!(get(&me, "raw").is_object(), "{key}: raw object kept");
        if key != "windowslive" {
            let picture = text(&me, "picture");
            assert!(
                picture.starts_with(&origin(key)),
                "{key}: picture {picture}"
            );
        }
        let serialized = JSON::stringify(&me).map(String::from).unwrap_or_default();
        assert!(
            !serialized.contains(&token(key)),
            "{key}: a token reached the result"
        );
    }
}

/// Lists that span several pages at their mocks: (key, kind, count field).
const LISTS: &[(&str, &str, &str)] = &[
    ("github", "followers", "followers"),
    ("github", "following", "following"),
    ("windowslive", "contacts", "contacts"),
    ("facebook", "friends", "friends"),
    ("spotify", "following", "following"),
];

#[wasm_bindgen_test]
async fn lists_page_to_the_end_with_progress() {
    for (key, kind, field) in LISTS {
        control(key, "/__mock/reset", "{}").await;
        let pages = Rc::new(Cell::new(0u32));
        let seen = Rc::clone(&pages);
        let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |step: JsValue| {
            seen.set(get(&step, "pages").as_f64().unwrap_or(0.0) as u32);
        });
        let options = Object::new();
        let _ = Reflect::set(&options, &"onProgress".into(), on_progress.as_ref());
        let people = ok(
            client(key).list(JsValue::from_str(kind), options.into()),
            kind,
        )
        .await;
        let people = Array::from(&people);
        assert_eq!(people.length(), count(key, field), "{key} {kind}");
        assert!(pages.get() >= 2, "{key} {kind} took {} pages", pages.get());
        let ids: Vec<String> = people.iter().map(|person| text(&person, "id")).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{key} {kind}: no item twice");
    }
}

#[wasm_bindgen_test]
async fn max_items_stops_within_the_first_page() {
    control("github", "/__mock/reset", "{}").await;
    let people = ok(
        client("github").list(JsValue::from_str("followers"), js(r#"{"maxItems":7}"#)),
        "followers",
    )
    .await;
    assert_eq!(Array::from(&people).length(), 7);
}

#[wasm_bindgen_test]
async fn get_all_pages_bitbucket_values_by_next() {
    control("bitbucket", "/__mock/reset", "{}").await;
    let items = ok(
        client("bitbucket").get_all(
            "/2.0/repositories".to_owned(),
            js(r#"{"role":"member"}"#),
            no_options(),
        ),
        "repositories",
    )
    .await;
    assert_eq!(
        Array::from(&items).length(),
        count("bitbucket", "repositories")
    );
}

#[wasm_bindgen_test]
async fn tokens_go_in_the_header_or_slack_form_never_the_query() {
    for key in ["github", "slack"] {
        control(key, "/__mock/reset", "{}").await;
        ok(client(key).me(no_options()), key).await;
        let fetch: Function = get(&js_sys::global(), "fetch").unchecked_into();
        let url = JsValue::from_str(&format!("{}/__mock/log", origin(key)));
        let response = ok(
            fetch.call1(&JsValue::NULL, &url).expect("fetch").into(),
            "log",
        )
        .await;
        let json: Function = get(&response, "json").unchecked_into();
        let log = ok(json.call0(&response).expect("json").into(), "log body").await;
        let requests = Array::from(&get(&log, "requests"));
        assert_eq!(requests.length(), 1, "{key}: one request");
        let entry = requests.get(0);
        assert_eq!(
            text(&entry, "auth"),
            "valid",
            "{key}: the mock read the token"
        );
        let query = JSON::stringify(&get(&entry, "query"))
            .map(String::from)
            .unwrap_or_default();
        assert_eq!(query, "{}", "{key}: nothing in the query");
    }
}

#[wasm_bindgen_test]
async fn rejected_tokens_are_token_invalid_in_each_providers_way() {
    // (key, the status that provider answers a bad token with)
    for (key, status) in [
        ("github", 401.0),
        ("windowslive", 401.0),
        ("facebook", 400.0),
        ("dropbox", 401.0),
        ("spotify", 401.0),
        ("bitbucket", 401.0),
        ("slack", 200.0),
    ] {
        control(key, "/__mock/reset", "{}").await;
        let wrong = "placeholder-wrong-token";
        let (code, error) = code_of(client_with(key, wrong, "").me(no_options())).await;
        assert_eq!(code, "token_invalid", "{key}");
        assert_eq!(get(&error, "status").as_f64(), Some(status), "{key}");
        assert!(!text(&error, "message").contains(wrong));
    }
}

#[wasm_bindgen_test]
async fn github_403_with_no_remaining_rate_limit_is_rate_limited() {
    let limited = r#"{"status":403,"headers":{"X-RateLimit-Remaining":"0","X-RateLimit-Reset":"1"},
        "body":{"message":"API rate limit exceeded for user ID 1024.","documentation_url":"https://docs.github.com/rest"}}"#;
    fault("github", "/user", limited, 1).await;
    let (code, error) = code_of(client("github").me(no_options())).await;
    assert_eq!(code, "rate_limited");
    assert_eq!(get(&error, "status").as_f64(), Some(403.0));
    // Decided by the exposed header, not by the message's wording.
    assert_eq!(
        get(&error, "reason").as_string().as_deref(),
        Some("primary_rate_limit")
    );

    // Without the exposed header, the same 403 is not a rate limit.
    let plain = r#"{"status":403,"body":{"message":"Forbidden"}}"#;
    fault("github", "/user", plain, 1).await;
    let (code, _) = code_of(client("github").me(no_options())).await;
    assert_eq!(code, "http");
}

#[wasm_bindgen_test]
async fn scope_errors_are_insufficient_scope() {
    let cases = [
        (
            "windowslive",
            "/v1.0/me/contacts",
            r#"{"status":403}"#,
            "contacts",
        ),
        (
            "facebook",
            "/v22.0/me/friends",
            r#"{"status":403,"body":{"error":{"message":"(#200) Requires user_friends permission","type":"OAuthException","code":200}}}"#,
            "friends",
        ),
        (
            "spotify",
            "/v1/me/following",
            r#"{"status":403,"body":{"error":{"status":403,"message":"Insufficient client scope"}}}"#,
            "following",
        ),
    ];
    for (key, path, answer, kind) in cases {
        fault(key, path, answer, 1).await;
        let (code, _) = code_of(client(key).list(JsValue::from_str(kind), no_options())).await;
        assert_eq!(code, "insufficient_scope", "{key}");
    }
    let dropbox = r#"{"status":401,"body":{"error_summary":"missing_scope/..","error":{".tag":"missing_scope","required_scope":"account_info.read"}}}"#;
    fault("dropbox", "/2/users/get_current_account", dropbox, 1).await;
    let (code, _) = code_of(client("dropbox").me(no_options())).await;
    assert_eq!(code, "insufficient_scope", "dropbox");
    let slack =
        r#"{"status":200,"body":{"ok":false,"error":"missing_scope","needed":"identity.basic"}}"#;
    fault("slack", "/api/users.identity", slack, 1).await;
    let (code, _) = code_of(client("slack").me(no_options())).await;
    assert_eq!(code, "insufficient_scope", "slack");
}

#[wasm_bindgen_test]
async fn retries_429_and_503_within_the_bound() {
    fault(
        "windowslive",
        "/v1.0/me",
        r#"{"status":429,"headers":{"Retry-After":"0"}}"#,
        2,
    )
    .await;
    ok(client("windowslive").me(no_options()), "third try").await;

    fault("spotify", "/v1/me", r#"{"status":429}"#, 3).await;
    let (code, error) =
        code_of(client_with("spotify", &token("spotify"), r#","maxRetries":1"#).me(no_options()))
            .await;
    assert_eq!(code, "rate_limited");
    assert_eq!(get(&error, "attempts").as_f64(), Some(2.0));

    fault("bitbucket", "/2.0/user", r#"{"status":503}"#, 1).await;
    ok(client("bitbucket").me(no_options()), "after a 503").await;
}

#[wasm_bindgen_test]
async fn html_pages_and_undecodable_bodies_keep_their_meaning() {
    let html = r#"{"status":502,"rawBody":"<html><body>Bad Gateway</body></html>","contentType":"text/html"}"#;
    fault("facebook", "/v22.0/me", html, 1).await;
    let (code, error) = code_of(client("facebook").me(no_options())).await;
    assert_eq!(code, "http");
    assert_eq!(get(&error, "status").as_f64(), Some(502.0));

    let garbage = r#"{"status":200,"rawBody":"{\"login\":","contentType":"application/json"}"#;
    fault("github", "/user", garbage, 1).await;
    let (code, _) = code_of(client("github").me(no_options())).await;
    assert_eq!(code, "bad_response");
}

#[wasm_bindgen_test]
async fn transport_failures_are_network_timeout_and_aborted() {
    fault(
        "dropbox",
        "/2/users/get_current_account",
        r#"{"noCors":true,"status":200,"body":{}}"#,
        1,
    )
    .await;
    let (code, error) = code_of(client("dropbox").me(no_options())).await;
    assert_eq!(code, "network");
    assert!(text(&error, "message").contains("CORS"));

    fault("spotify", "/v1/me", r#"{"delayMs":3000}"#, 1).await;
    let slow = client_with("spotify", &token("spotify"), r#","timeoutMs":300"#);
    let (code, _) = code_of(slow.me(no_options())).await;
    assert_eq!(code, "timeout");

    let constructor: Function = get(&js_sys::global(), "AbortController").unchecked_into();
    let controller = Reflect::construct(&constructor, &Array::new()).expect("AbortController");
    let abort: Function = get(&controller, "abort").unchecked_into();
    let _ = abort.call0(&controller);
    let options = Object::new();
    let _ = Reflect::set(&options, &"signal".into(), &get(&controller, "signal"));
    let (code, _) = code_of(client("bitbucket").me(options.into())).await;
    assert_eq!(code, "aborted");
}

#[wasm_bindgen_test]
async fn paging_refuses_foreign_origins_and_stops_loops() {
    let foreign = r#"{"status":200,"body":[],"headers":{"Link":"<http://127.0.0.2:9/user/followers?page=2>; rel=\"next\""}}"#;
    fault("github", "/user/followers", foreign, 1).await;
    let (code, error) =
        code_of(client("github").list(JsValue::from_str("followers"), no_options())).await;
    assert_eq!(code, "foreign_origin");
    assert_eq!(get(&error, "pagesRead").as_f64(), Some(1.0));

    let next = format!("{}/v1.0/me/contacts?%24skip=5", origin("windowslive"));
    let looping = format!(r#"{{"status":200,"body":{{"value":[],"@odata.nextLink":"{next}"}}}}"#);
    fault("windowslive", "/v1.0/me/contacts", &looping, 3).await;
    let (code, error) =
        code_of(client("windowslive").list(JsValue::from_str("contacts"), no_options())).await;
    assert_eq!(code, "paging_loop");
    assert_eq!(get(&error, "pagesRead").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
async fn refused_providers_fail_before_any_request() {
    let profile = js(
        r#"{"user_id":"linkedin|1","identities":[{"provider":"linkedin",
        "connection":"linkedin","user_id":"1","access_token":"placeholder-linkedin"}]}"#,
    );
    let client = IdpClient::new(profile, JsValue::UNDEFINED).unwrap_or_else(|_| panic!("client"));
    let (code, _) = code_of(client.me(no_options())).await;
    assert_eq!(code, "unsupported_in_browser");
}

#[wasm_bindgen_test]
async fn get_all_posts_dropbox_arguments_and_follows_its_cursor() {
    control("dropbox", "/__mock/reset", "{}").await;
    let items = ok(
        client("dropbox").get_all(
            "/2/files/list_folder".to_owned(),
            js(r#"{"path":"","limit":5}"#),
            no_options(),
        ),
        "list_folder",
    )
    .await;
    assert_eq!(Array::from(&items).length(), count("dropbox", "files"));
}
