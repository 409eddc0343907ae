//! Hostile JavaScript values at the JS face, in headless Chromium: values
//! that are not JSON at all (functions, symbols, BigInt, cycles, throwing
//! getters and proxies, prototype keys, 100,000-deep nesting, megabyte
//! strings, huge arrays) fed to `onLogin`, `parseProfile`, `selectIdentity`,
//! `configure` and the `IdpClient` constructor. Each call must give a value
//! or a real `Error` with one of our codes. A panic would abort the wasm
//! module, so after every hostile call a normal call must still work.
//!
//! Needs no mock server: `onLogin` is configured to fetch nothing.
//! Run with `wasm-pack test --headless --chrome --test browser_hostile`.

#![cfg(target_arch = "wasm32")]

use idp_bridge::bindings::client::IdpClient;
use idp_bridge::bindings::login::{on_login, parse_profile_js, select_identity_js};
use idp_bridge::bindings::options::configure;
use idp_bridge::error::ErrorCode;
use js_sys::{Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const good = () => ({
  user_id: "google-oauth2|1",
  identities: [{ provider: "google-oauth2", connection: "google-oauth2", user_id: "1",
                 access_token: "ya29.placeholder-hostile-token" }],
});
function nested(depth, make) {
  let value = {};
  for (let i = 0; i < depth; i++) value = make(value);
  return value;
}
const throwing = () => { throw new Error("getter threw"); };
export function hostile_kinds() {
  return [
    "function", "symbol", "bigint", "bigint-field", "cyclic", "cyclic-identity",
    "getter-throws", "identity-getter-throws", "tojson-throws", "proxy-ownkeys",
    "proxy-get", "proxy-everything", "revoked-proxy", "deep-objects", "deep-arrays",
    "deep-profile-data", "mega-string-name", "mega-string-token", "huge-identities",
    "huge-extra-array", "inherited-identities", "null-prototype", "string-object",
    "date", "map", "typed-array", "symbol-keys", "then-getter-throws", "then-throws",
    "error-message-throws", "error-cyclic-details", "error-bigint-code", "number-nan",
  ];
}
export function hostile(kind) {
  switch (kind) {
    case "function": return function placeholder() {};
    case "symbol": return Symbol("placeholder");
    case "bigint": return 12345678901234567890n;
    case "bigint-field": return { ...good(), user_id: 1n };
    case "cyclic": { const p = good(); p.self = p; return p; }
    case "cyclic-identity": { const p = good(); p.identities[0].me = p.identities; return p; }
    case "getter-throws": { const p = good(); Object.defineProperty(p, "name", { get: throwing, enumerable: true }); return p; }
    case "identity-getter-throws": { const p = good(); Object.defineProperty(p.identities[0], "provider", { get: throwing, enumerable: true }); return p; }
    case "tojson-throws": return { ...good(), toJSON: throwing };
    case "proxy-ownkeys": return new Proxy(good(), { ownKeys: throwing });
    case "proxy-get": return new Proxy(good(), { get: throwing });
    case "proxy-everything": return new Proxy(good(), { get: throwing, ownKeys: throwing, has: throwing, getPrototypeOf: throwing, getOwnPropertyDescriptor: throwing });
    case "revoked-proxy": { const r = Proxy.revocable(good(), {}); r.revoke(); return r.proxy; }
    case "deep-objects": return { ...good(), extra: nested(100000, (v) => ({ a: v })) };
    case "deep-arrays": return nested(100000, (v) => [v]);
    case "deep-profile-data": { const p = good(); p.identities[0].profileData = nested(100000, (v) => ({ d: [v] })); return p; }
    case "mega-string-name": return { ...good(), name: "n".repeat(4 << 20) };
    case "mega-string-token": { const p = good(); p.identities[0].access_token = "t".repeat(1 << 20); return p; }
    case "huge-identities": { const p = good(); for (let i = 0; i < 20000; i++) p.identities.push({ provider: "github", user_id: i }); return p; }
    case "huge-extra-array": return { ...good(), numbers: new Array(1000000).fill(7) };
    case "inherited-identities": return Object.create(good());
    case "null-prototype": return Object.assign(Object.create(null), good());
    case "string-object": return new String("google-oauth2|1");
    case "date": return new Date(0);
    case "map": return new Map([["user_id", "x"]]);
    case "typed-array": return new Uint8Array(16);
    case "symbol-keys": return { ...good(), [Symbol("k")]: "v" };
    case "then-getter-throws": { const p = good(); Object.defineProperty(p, "then", { get: throwing }); return p; }
    case "then-throws": return { then: throwing };
    case "error-message-throws": { const e = new Error("x"); Object.defineProperty(e, "message", { get: throwing }); return e; }
    case "error-cyclic-details": { const e = new Error("Popup closed"); e.code = "closed"; e.details = {}; e.details.self = e.details; return e; }
    case "error-bigint-code": { const e = new Error("Big"); e.code = 1n; return e; }
    case "number-nan": return NaN;
  }
  throw new Error("unknown kind " + kind);
}
export function good_profile() { return good(); }
export function prototype_keys_json() {
  return JSON.stringify(Object.getOwnPropertyNames(Object.prototype).sort());
}
export function polluted() {
  return ({}).polluted !== undefined || ({}).isAdmin !== undefined
    || Object.prototype.polluted !== undefined;
}
export function has_plain_prototype(value) {
  return Object.getPrototypeOf(value) === Object.prototype;
}
export function has_own(value, key) {
  return Object.prototype.hasOwnProperty.call(value, key);
}
"#)]
extern "C" {
    fn hostile_kinds() -> js_sys::Array;
    fn hostile(kind: &str) -> JsValue;
    fn good_profile() -> JsValue;
    fn prototype_keys_json() -> String;
    fn polluted() -> bool;
    fn has_plain_prototype(value: &JsValue) -> bool;
    fn has_own(value: &JsValue, key: &str) -> bool;
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("test JSON: {text}"))
}

/// `Ok` for a value, or the code of a typed error; anything else thrown
/// (a bare exception, a wasm trap) is a failure.
fn typed(result: Result<JsValue, JsValue>, call: &str) -> Result<Option<String>, String> {
    match result {
        Ok(_) => Ok(None),
        Err(thrown) => {
            let code = get(&thrown, "code").as_string();
            let known = ErrorCode::ALL
                .iter()
                .any(|known| Some(known.as_str()) == code.as_deref());
            if thrown.is_instance_of::<js_sys::Error>() && known {
                Ok(code)
            } else {
                Err(format!(
                    "{call} threw something untyped: {:?} {:?}",
                    get(&thrown, "name").as_string(),
                    get(&thrown, "message").as_string()
                ))
            }
        }
    }
}

async fn login(args: [JsValue; 3]) -> Result<JsValue, JsValue> {
    let [err, first, second] = args;
    JsFuture::from(on_login(err, Some(first), Some(second), None, None, None)).await
}

fn fetch_nothing() {
    configure(js(
        r#"{"fetch":[],"provider":null,"connection":null,"endpoints":null}"#,
    ))
    .unwrap_or_else(|_| panic!("configure refused fetch: []"));
}

/// The normal calls that must keep working after anything hostile.
async fn still_works(after: &str) -> Result<(), String> {
    let parsed = parse_profile_js(good_profile())
        .map_err(|_| format!("parseProfile of a good profile failed after {after}"))?;
    if get(&parsed, "userId").as_string().as_deref() != Some("google-oauth2|1") {
        return Err(format!(
            "parseProfile read a good profile wrongly after {after}"
        ));
    }
    let result = login([JsValue::NULL, good_profile(), JsValue::UNDEFINED])
        .await
        .map_err(|error| {
            format!(
                "onLogin of a good profile failed after {after}: {:?}",
                get(&error, "code")
            )
        })?;
    if get(&result, "callbackShape").as_string().as_deref() != Some("profile-only") {
        return Err(format!("onLogin read a good profile wrongly after {after}"));
    }
    Ok(())
}

#[wasm_bindgen_test]
async fn every_entry_point_answers_hostile_values_with_a_value_or_a_typed_error() {
    fetch_nothing();
    let prototype_before = prototype_keys_json();
    let mut failures = Vec::new();
    let mut calls = 0;
    for kind in hostile_kinds().iter().filter_map(|kind| kind.as_string()) {
        let value = || hostile(&kind);
        let token = || JsValue::from_str("eyJ.placeholder-id-token");
        let mut answers = vec![
            (
                "parseProfile",
                typed(parse_profile_js(value()), "parseProfile"),
            ),
            (
                "selectIdentity(value)",
                typed(
                    select_identity_js(value(), JsValue::UNDEFINED),
                    "selectIdentity",
                ),
            ),
            (
                "selectIdentity(good, value)",
                typed(
                    select_identity_js(good_profile(), value()),
                    "selectIdentity",
                ),
            ),
            (
                "new IdpClient(value)",
                typed(
                    IdpClient::new(value(), JsValue::UNDEFINED).map(JsValue::from),
                    "IdpClient",
                ),
            ),
            (
                "new IdpClient(good, value)",
                typed(
                    IdpClient::new(good_profile(), value()).map(JsValue::from),
                    "IdpClient",
                ),
            ),
        ];
        for (name, args) in [
            (
                "onLogin(value)",
                [value(), JsValue::UNDEFINED, JsValue::UNDEFINED],
            ),
            (
                "onLogin(null, value)",
                [JsValue::NULL, value(), JsValue::UNDEFINED],
            ),
            (
                "onLogin(null, token, value)",
                [JsValue::NULL, token(), value()],
            ),
            (
                "onLogin(null, value, token)",
                [JsValue::NULL, value(), token()],
            ),
        ] {
            answers.push((name, typed(login(args).await, name)));
        }
        // configure last: what it accepts changes the module's defaults.
        let mut options = js(r#"{"fetch":[]}"#);
        let _ = Reflect::set(&options, &JsValue::from_str("provider"), &value());
        answers.push((
            "configure(value)",
            typed(configure(value()).map(|()| JsValue::NULL), "configure"),
        ));
        answers.push((
            "configure({ provider: value })",
            typed(
                configure(options.clone()).map(|()| JsValue::NULL),
                "configure",
            ),
        ));
        options = js(r#"{}"#);
        let _ = Reflect::set(&options, &JsValue::from_str("endpoints"), &value());
        answers.push((
            "configure({ endpoints: value })",
            typed(configure(options).map(|()| JsValue::NULL), "configure"),
        ));
        fetch_nothing();

        for (call, answer) in answers {
            calls += 1;
            if let Err(problem) = answer {
                failures.push(format!("{kind}: {call}: {problem}"));
            }
        }
        if let Err(problem) = still_works(&kind).await {
            failures.push(problem);
        }
    }
    if prototype_keys_json() != prototype_before || polluted() {
        failures.push("Object.prototype changed".to_owned());
    }
    assert!(calls > 300, "only {calls} calls ran");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Specific answers where one is right, not just any typed error.
#[wasm_bindgen_test]
async fn hostile_values_get_the_right_code() {
    fetch_nothing();
    let code = |result: Result<JsValue, JsValue>| result.err().map(|error| get(&error, "code"));
    let expect = |kind: &str, want: Option<&str>| {
        let got = code(parse_profile_js(hostile(kind))).and_then(|code| code.as_string());
        assert_eq!(got.as_deref(), want, "parseProfile({kind})");
    };
    for kind in [
        "bigint",
        "bigint-field",
        "cyclic",
        "getter-throws",
        "identity-getter-throws",
        "tojson-throws",
        "proxy-ownkeys",
        "proxy-get",
        "revoked-proxy",
        "deep-objects",
        "deep-arrays",
        "deep-profile-data",
        "function",
        "symbol",
    ] {
        expect(kind, Some("invalid_profile"));
    }
    // Data that is merely large is read.
    for kind in [
        "mega-string-name",
        "mega-string-token",
        "huge-identities",
        "huge-extra-array",
        "null-prototype",
        "symbol-keys",
    ] {
        expect(kind, None);
    }
    // JSON reads own properties only: an inherited `identities` is not there.
    expect("inherited-identities", Some("no_identities"));

    // A non-null error of any kind wins, even one that cannot be read.
    for kind in [
        "function",
        "symbol",
        "bigint",
        "cyclic",
        "proxy-everything",
        "error-message-throws",
        "error-cyclic-details",
        "error-bigint-code",
        "number-nan",
    ] {
        let error = login([hostile(kind), good_profile(), JsValue::UNDEFINED])
            .await
            .err();
        let got = error.map(|error| get(&error, "code").as_string());
        assert_eq!(
            got,
            Some(Some("login_error".to_owned())),
            "onLogin({kind}, profile)"
        );
    }
    let error = login([
        hostile("error-cyclic-details"),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ])
    .await
    .err()
    .unwrap_or(JsValue::UNDEFINED);
    assert!(get(&error, "message")
        .as_string()
        .unwrap_or_default()
        .contains("Popup closed"));

    // A thenable whose `then` throws is a rejected profile promise.
    let error = login([JsValue::NULL, hostile("then-throws"), JsValue::UNDEFINED])
        .await
        .err();
    assert_eq!(
        error.map(|error| get(&error, "code").as_string()),
        Some(Some("login_error".to_owned()))
    );
}

#[wasm_bindgen_test]
fn prototype_keys_stay_data() {
    let profile = js(r#"{"user_id":"auth0|7","__proto__":{"polluted":"yes"},
        "constructor":{"prototype":{"polluted":"yes"}},
        "identities":[{"provider":"github","user_id":7,"__proto__":{"isAdmin":true},
        "access_token":"gho_placeholderProtoToken000"}]}"#);
    let parsed = parse_profile_js(profile.clone()).unwrap_or_else(|_| panic!("parseProfile"));
    let extra = get(&parsed, "extra");
    assert!(has_own(&extra, "__proto__"), "__proto__ kept as an own key");
    assert!(has_plain_prototype(&extra));
    assert_eq!(
        get(&get(&get(&extra, "constructor"), "prototype"), "polluted")
            .as_string()
            .as_deref(),
        Some("yes")
    );
    let identity =
        select_identity_js(profile, JsValue::UNDEFINED).unwrap_or_else(|_| panic!("select"));
    assert!(has_plain_prototype(&identity));
    assert!(has_own(&get(&identity, "extra"), "__proto__"));
    assert!(get(&identity, "isAdmin").is_undefined());
    assert!(!polluted(), "Object.prototype was polluted");

    // Options with a `__proto__` key set nothing through the prototype.
    let options = js(r#"{"__proto__":{"provider":"github","fetch":["nope"]}}"#);
    assert!(configure(options).is_ok());
    assert!(!polluted());
    fetch_nothing();
}

#[wasm_bindgen_test]
async fn a_profile_promise_resolving_to_hostile_values_gives_typed_errors() {
    fetch_nothing();
    for kind in hostile_kinds().iter().filter_map(|kind| kind.as_string()) {
        let promise: JsValue = Promise::resolve(&hostile(&kind)).into();
        let answer = typed(
            login([JsValue::NULL, promise, JsValue::UNDEFINED]).await,
            &kind,
        );
        assert!(answer.is_ok(), "{kind}: {answer:?}");
        let promise: JsValue = Promise::reject(&hostile(&kind)).into();
        let answer = typed(
            login([JsValue::NULL, promise, JsValue::UNDEFINED]).await,
            &kind,
        );
        assert_eq!(
            answer,
            Ok(Some("login_error".to_owned())),
            "rejected with {kind}"
        );
    }
    still_works("hostile promises")
        .await
        .unwrap_or_else(|problem| panic!("{problem}"));
}
