//! Browser tests: the JavaScript face in headless Chromium, with real
//! `fetch` calls to the mock Google that `npm test` starts on loopback. The
//! mock's origin, its demo token and its contact count arrive as
//! compile-time environment variables set by the test script.

#![cfg(target_arch = "wasm32")]

use idp_bridge::bindings::client::IdpClient;
use idp_bridge::bindings::login::{on_login, parse_profile_js, select_identity_js};
use idp_bridge::bindings::options::configure;
use js_sys::{Array, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mock(name: &str, value: Option<&'static str>) -> &'static str {
    value.unwrap_or_else(|| {
        panic!(
            "{name} is not set: run the browser tests through `npm test`, which starts the mocks"
        )
    })
}

fn origin() -> &'static str {
    mock(
        "IDP_MOCK_GOOGLE_ORIGIN",
        option_env!("IDP_MOCK_GOOGLE_ORIGIN"),
    )
}

fn token() -> &'static str {
    mock(
        "IDP_MOCK_GOOGLE_TOKEN",
        option_env!("IDP_MOCK_GOOGLE_TOKEN"),
    )
}

fn contact_count() -> u32 {
    mock(
        "IDP_MOCK_GOOGLE_CONTACTS",
        option_env!("IDP_MOCK_GOOGLE_CONTACTS"),
    )
    .parse()
    .unwrap_or_else(|_| panic!("IDP_MOCK_GOOGLE_CONTACTS is not a number"))
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("test JSON: {text}"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn profile(token: &str) -> JsValue {
    js(&format!(
        r#"{{"user_id":"google-oauth2|1","name":"Browser Test","identities":[
            {{"provider":"auth0","connection":"Username-Password-Authentication","user_id":"9"}},
            {{"provider":"google-oauth2","connection":"google-oauth2","user_id":"1",
              "isSocial":true,"access_token":"{token}"}}]}}"#
    ))
}

fn configure_mock(fetch: &str) {
    let options = js(&format!(
        r#"{{"provider":"google-oauth2","fetch":{fetch},"allowInsecureLoopback":true,
            "endpoints":{{"google-oauth2":"{}"}},"timeoutMs":null,"claim":null}}"#,
        origin()
    ));
    configure(options).unwrap_or_else(|_| panic!("configure accepted the options"));
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

#[wasm_bindgen_test]
async fn on_login_fetches_me_and_every_contact_from_the_mock() {
    configure_mock(r#"["me","contacts"]"#);
    let result = settle(on_login(
        JsValue::NULL,
        Some(JsValue::from_str("eyJ.placeholder-id-token")),
        Some(profile(token())),
        None,
        None,
        None,
    ))
    .await
    .unwrap_or_else(|error| panic!("login failed: {:?}", get(&error, "message")));

    assert_eq!(
        get(&result, "callbackShape").as_string().as_deref(),
        Some("documented")
    );
    let identity = get(&result, "identity");
    assert_eq!(
        get(&identity, "provider").as_string().as_deref(),
        Some("google-oauth2")
    );
    assert!(get(&get(&result, "me"), "id").as_string().is_some());
    let contacts = Array::from(&get(&result, "contacts"));
    assert_eq!(contacts.length(), contact_count());
    let text = JSON::stringify(&result)
        .map(String::from)
        .unwrap_or_default();
    assert!(!text.contains(token()), "a token reached the result");
}

#[wasm_bindgen_test]
async fn a_rejected_token_is_token_invalid_with_status() {
    configure_mock(r#"["me"]"#);
    let error = settle(on_login(
        JsValue::NULL,
        Some(profile("placeholder-wrong-token")),
        None,
        None,
        None,
        None,
    ))
    .await
    .expect_err("the mock refuses the token");
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("token_invalid")
    );
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));
    assert_eq!(
        get(&error, "provider").as_string().as_deref(),
        Some("google-oauth2")
    );
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(!message.contains("placeholder-wrong-token"));
}

#[wasm_bindgen_test]
async fn a_login_error_wins_before_anything_is_read() {
    configure_mock(r#"["me"]"#);
    let err = js(r#"{"error":"access_denied","error_description":"Wrong email or password."}"#);
    let error = settle(on_login(
        err,
        Some(profile(token())),
        None,
        None,
        None,
        None,
    ))
    .await
    .expect_err("login error");
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("login_error")
    );
}

#[wasm_bindgen_test]
async fn idp_client_pages_with_max_items_and_progress() {
    configure_mock(r#"["me"]"#);
    let client =
        IdpClient::new(profile(token()), JsValue::UNDEFINED).unwrap_or_else(|_| panic!("client"));
    let options = js(r#"{"maxItems":7}"#);
    let people = settle(client.list(JsValue::from_str("contacts"), options))
        .await
        .unwrap_or_else(|error| panic!("list failed: {:?}", get(&error, "message")));
    assert_eq!(Array::from(&people).length(), 7.min(contact_count()));
}

#[wasm_bindgen_test]
async fn an_unreachable_origin_is_network() {
    // Port 9 on loopback: nothing listens there, so the fetch rejects.
    let options = js(r#"{"provider":"google-oauth2","allowInsecureLoopback":true,
            "endpoints":{"google-oauth2":"http://127.0.0.1:9"},"timeoutMs":5000}"#);
    let client = IdpClient::new(profile(token()), options).unwrap_or_else(|_| panic!("client"));
    let error = settle(client.me(JsValue::UNDEFINED))
        .await
        .expect_err("no server");
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("network"));
}

#[wasm_bindgen_test]
fn parse_and_select_work_on_raw_profiles() {
    let parsed = parse_profile_js(profile(token())).unwrap_or_else(|_| panic!("parses"));
    let identities = Array::from(&get(&parsed, "identities"));
    assert_eq!(identities.length(), 2);
    assert_eq!(
        get(&identities.get(1), "hasAccessToken").as_bool(),
        Some(true)
    );
    let text = JSON::stringify(&parsed)
        .map(String::from)
        .unwrap_or_default();
    assert!(!text.contains(token()));

    let chosen = select_identity_js(profile(token()), js(r#"{"provider":"google-oauth2"}"#))
        .unwrap_or_else(|_| panic!("selects"));
    assert_eq!(get(&chosen, "userId").as_string().as_deref(), Some("1"));

    let cyclic = js_sys::Object::new();
    let _ = Reflect::set(&cyclic, &JsValue::from_str("self"), &cyclic);
    let error = parse_profile_js(cyclic.into()).expect_err("cycle");
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_profile")
    );
}

#[wasm_bindgen_test]
async fn profile_promises_that_reject_or_never_settle_end_in_typed_errors() {
    let options = js(r#"{"provider":"google-oauth2","fetch":["me"],"timeoutMs":300}"#);
    configure(options).unwrap_or_else(|_| panic!("configure"));
    let rejected = Promise::reject(&JsValue::UNDEFINED);
    let error = settle(on_login(
        JsValue::NULL,
        Some(rejected.into()),
        None,
        None,
        None,
        None,
    ))
    .await
    .expect_err("rejected");
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("login_error")
    );

    let reason = js(r#"{"error":"consent_required","error_description":"Consent required"}"#);
    let rejected = Promise::reject(&reason);
    let error = settle(on_login(
        JsValue::NULL,
        Some(rejected.into()),
        None,
        None,
        None,
        None,
    ))
    .await
    .expect_err("rejected");
    assert_eq!(
        get(&error, "reason").as_string().as_deref(),
        Some("consent_required")
    );

    let never = Promise::new(&mut |_, _| {});
    let error = settle(on_login(
        JsValue::NULL,
        Some(never.into()),
        None,
        None,
        None,
        None,
    ))
    .await
    .expect_err("never settles");
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("timeout"));
}

#[wasm_bindgen_test]
async fn idp_client_reads_a_token_from_a_claim() {
    configure_mock(r#"["me"]"#);
    let claim = "https://app.example.test/idp_tokens";
    let profile = js(&format!(
        r#"{{"user_id":"google-oauth2|1","identities":[{{"provider":"google-oauth2",
            "connection":"google-oauth2","user_id":"1"}}],"{claim}":{{"google-oauth2":"{}"}}}}"#,
        token()
    ));
    let profile_with_claim = profile.clone();
    let options = js(&format!(r#"{{"claim":"{claim}"}}"#));
    let client = IdpClient::new(profile, options).unwrap_or_else(|_| panic!("client"));
    let me = settle(client.me(JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|error| panic!("me failed: {:?}", get(&error, "message")));
    assert!(get(&me, "id").as_string().is_some());

    // The claim's tokens never come back in the parsed profile.
    configure(js(&format!(r#"{{"claim":"{claim}"}}"#))).unwrap_or_else(|_| panic!("claim"));
    let parsed = parse_profile_js(profile_with_claim).unwrap_or_else(|_| panic!("parses"));
    let text = JSON::stringify(&parsed)
        .map(String::from)
        .unwrap_or_default();
    assert!(!text.contains(token()), "{text}");
    configure(js(r#"{"claim":null}"#)).unwrap_or_else(|_| panic!("reset"));
}
