//! The fixture corpus: realistic Auth0 profiles and login-callback argument
//! lists, each with the result or error it must give, under
//! `tests/fixtures/`. The same cases run natively against the Rust core and
//! in headless Chromium through the JavaScript face (`parseProfile`,
//! `selectIdentity`, the callback classifier and `onLogin`), so the
//! JS ⇄ Rust conversion is covered too. No network is involved.
//!
//! A profile case: `{ description, input, expect, select? }` where `expect`
//! is `{ profile }` (a subset of what `parseProfile` returns) or
//! `{ error, path?, messageContains? }`, and each `select` entry is
//! `{ query, expect: { identity } | { error, ... } }` as `selectIdentity`
//! answers. A callback case: `{ description, input: [args...], expect }`
//! where `expect` is `{ shape, profileUserId?, idToken?, auth0AccessToken?,
//! idTokenPayload? }` or `{ error, reason?, messageContains?,
//! messageExcludes? }`. Arguments that JSON cannot write are objects with a
//! `$js` key: `undefined`, `function`, `symbol`, `bigint`, `cyclic`,
//! `error` (`name?`, `message`, `fields?`), `promise` (`resolves` or
//! `rejects`). In an expectation, `null` means "absent or null".

use idp_bridge::json::{self, Json};

/// The fixtures, embedded so that the wasm build carries them. A native
/// test checks this listing against the directories.
macro_rules! fixtures {
    ($dir:literal: $($name:literal,)*) => {
        &[$(($name, include_str!(concat!("fixtures/", $dir, "/", $name, ".json"))),)*]
    };
}

const PROFILES: &[(&str, &str)] = fixtures!("profiles":
    "auth0js-camel-case",
    "bad-optional-fields",
    "custom-oauth2-connections",
    "email-verified-strings",
    "email-verified-unreadable",
    "facebook",
    "fractional-user-id",
    "github-numeric-user-id",
    "google-oauth2-lock",
    "identities-empty",
    "identities-null",
    "largest-safe-user-id",
    "linked-database-first",
    "nulls-mean-absent",
    "oidc-userinfo",
    "prototype-keys-are-data",
    "twitter-oauth1",
    "unicode-values",
    "unknown-fields-kept",
    "unsafe-identity-user-id",
    "unsafe-profile-user-id",
    "windowslive",
    "wrong-identities-object",
    "wrong-identities-string",
    "wrong-identity-entry",
    "wrong-identity-null-entry",
    "wrong-identity-user-id-type",
    "wrong-profile-array",
    "wrong-profile-string",
    "wrong-provider-empty",
    "wrong-provider-missing",
    "wrong-provider-type",
    "wrong-user-id-type",
);

const CALLBACKS: &[(&str, &str)] = fixtures!("callbacks":
    "auth-result",
    "auth-result-and-profile",
    "auth-result-without-payload",
    "documented-null-token",
    "documented-order",
    "documented-undefined-err",
    "error-camel-description",
    "error-code-description",
    "error-details-description",
    "error-empty-object",
    "error-number",
    "error-oauth-form",
    "error-object-auth0js",
    "error-object-plain",
    "error-status-code",
    "error-status-only",
    "error-string",
    "error-wins-over-profile",
    "junk-all-undefined",
    "junk-array-profile",
    "junk-bigint",
    "junk-cyclic",
    "junk-error-instance-in-profile-place",
    "junk-function",
    "junk-lone-token",
    "junk-no-arguments",
    "junk-nothing",
    "junk-number",
    "junk-object-without-id",
    "junk-profile-then-object",
    "junk-symbol",
    "junk-token-then-auth-result",
    "junk-too-many-tokens",
    "junk-two-profiles",
    "lock9-popup-error-five-nulls",
    "lock9-popup-full",
    "lock9-popup-nulls",
    "profile-only",
    "profile-only-camel-case",
    "profile-only-oidc",
    "profile-promise",
    "profile-promise-junk",
    "profile-promise-rejects",
);

/// What a call produced, in the same form natively and in the browser.
#[derive(Debug)]
enum Outcome {
    Value(Json),
    Failure {
        code: String,
        path: Option<String>,
        reason: Option<String>,
        message: String,
    },
}

fn load(name: &str, text: &str) -> Json {
    json::parse(text).unwrap_or_else(|error| panic!("fixture {name} is not JSON: {error:?}"))
}

fn field<'a>(case: &'a Json, key: &str) -> &'a Json {
    case.get(key).unwrap_or(&Json::Null)
}

/// Whether `actual` holds everything `expected` states; problems are
/// described with their path.
fn compare(expected: &Json, actual: Option<&Json>, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Json::Null, None | Some(Json::Null)) => {}
        (Json::Object(members), Some(actual @ Json::Object(_))) => {
            for (key, value) in members {
                compare(value, actual.get(key), &format!("{path}.{key}"), problems);
            }
        }
        (Json::Array(items), Some(Json::Array(actual))) if items.len() == actual.len() => {
            for (index, (item, actual)) in items.iter().zip(actual).enumerate() {
                compare(item, Some(actual), &format!("{path}[{index}]"), problems);
            }
        }
        (expected, Some(actual)) if expected == actual => {}
        (expected, actual) => problems.push(format!(
            "{path}: expected {}, got {}",
            expected.to_text(),
            actual.map_or("nothing".to_owned(), Json::to_text)
        )),
    }
}

/// Checks an outcome against `{ error, path?, reason?, messageContains?,
/// messageExcludes? }` or against `{ <value_key>: subset }` (or, with no
/// `value_key`, the expectation itself as a subset).
fn check(expect: &Json, outcome: &Outcome, value_key: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    match (expect.get("error").and_then(Json::as_str), outcome) {
        (
            Some(code),
            Outcome::Failure {
                code: got,
                path,
                reason,
                message,
            },
        ) => {
            if code != got {
                problems.push(format!("expected error {code}, got {got}: {message}"));
            }
            if let Some(want) = expect.get("path") {
                compare(
                    want,
                    path.clone().map(Json::String).as_ref(),
                    "path",
                    &mut problems,
                );
            }
            if let Some(want) = expect.get("reason") {
                compare(
                    want,
                    reason.clone().map(Json::String).as_ref(),
                    "reason",
                    &mut problems,
                );
            }
            let texts = |key| field(expect, key).as_array().unwrap_or_default().iter();
            for text in texts("messageContains").filter_map(Json::as_str) {
                if !message.contains(text) {
                    problems.push(format!("message lacks {text:?}: {message}"));
                }
            }
            for text in texts("messageExcludes").filter_map(Json::as_str) {
                if message.contains(text) {
                    problems.push(format!("message shows {text:?}: {message}"));
                }
            }
        }
        (Some(code), Outcome::Value(value)) => {
            problems.push(format!("expected error {code}, got {}", value.to_text()));
        }
        (None, Outcome::Value(value)) => {
            let want = value_key.map_or(expect, |key| field(expect, key));
            compare(want, Some(value), "result", &mut problems);
        }
        (None, Outcome::Failure { code, message, .. }) => {
            problems.push(format!("expected a value, got error {code}: {message}"));
        }
    }
    problems
}

/// Every string under a key that names a token or secret, anywhere in the
/// input: none may appear in any output or message.
fn secrets_in(value: &Json, out: &mut Vec<String>) {
    match value {
        Json::Object(members) => {
            for (key, value) in members {
                let key = key.to_ascii_lowercase();
                match value {
                    Json::String(text)
                        if (key.contains("token") || key.contains("secret")) && text.len() >= 4 =>
                    {
                        out.push(text.clone());
                    }
                    other => secrets_in(other, out),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|item| secrets_in(item, out)),
        _ => {}
    }
}

fn leaks(input: &Json, outcome: &Outcome) -> Vec<String> {
    let mut secrets = Vec::new();
    secrets_in(input, &mut secrets);
    let shown = match outcome {
        Outcome::Value(value) => value.to_text(),
        Outcome::Failure { message, .. } => message.clone(),
    };
    secrets
        .into_iter()
        .filter(|secret| shown.contains(secret.as_str()))
        .map(|secret| format!("shows a secret of {} characters", secret.len()))
        .collect()
}

/// Runs every case of a directory, collecting all problems before failing.
fn run_all(cases: &[(&str, &str)], mut run: impl FnMut(&str, &Json) -> Vec<String>) {
    let mut failures = Vec::new();
    for (name, text) in cases {
        let case = load(name, text);
        failures.extend(
            run(name, &case)
                .into_iter()
                .map(|problem| format!("{name}: {problem}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use idp_bridge::callback::{classify, classify_resolved, CallbackArg, LoginInput};
    use idp_bridge::error::{Error, ErrorCode};
    use idp_bridge::identity::{require_token, select_identity};
    use idp_bridge::output;
    use idp_bridge::profile::parse_profile;
    use idp_bridge::token::Secret;

    fn outcome(result: Result<Json, Error>) -> Outcome {
        match result {
            Ok(value) => Outcome::Value(value),
            Err(error) => Outcome::Failure {
                code: error.code().as_str().to_owned(),
                path: error.path().map(str::to_owned),
                reason: error.reason().map(str::to_owned),
                message: error.message().to_owned(),
            },
        }
    }

    fn query_of(case: &Json) -> idp_bridge::identity::IdentityQuery {
        let text = |key| field(case, key).as_str().map(str::to_owned);
        idp_bridge::identity::IdentityQuery {
            provider: text("provider"),
            connection: text("connection"),
            user_id: text("userId"),
        }
    }

    /// What `parseProfile` does, natively.
    fn parse(input: &Json) -> Outcome {
        outcome(parse_profile(input).and_then(|profile| {
            profile.identities()?;
            Ok(output::public_profile(&profile, None))
        }))
    }

    /// What `selectIdentity` does, natively.
    fn select(input: &Json, query: &Json) -> Outcome {
        outcome(parse_profile(input).and_then(|profile| {
            let identity = select_identity(&profile, &query_of(query))?;
            require_token(identity)?;
            Ok(output::identity(identity))
        }))
    }

    #[test]
    fn every_profile_fixture_gives_its_expected_result() {
        run_all(PROFILES, |_, case| {
            let input = field(case, "input");
            let parsed = parse(input);
            let mut problems = check(field(case, "expect"), &parsed, Some("profile"));
            problems.extend(leaks(input, &parsed));
            for select_case in field(case, "select").as_array().unwrap_or_default() {
                let query = field(select_case, "query");
                let chosen = select(input, query);
                problems.extend(
                    check(field(select_case, "expect"), &chosen, Some("identity"))
                        .into_iter()
                        .chain(leaks(input, &chosen))
                        .map(|problem| format!("select {}: {problem}", query.to_text())),
                );
            }
            problems
        });
    }

    /// The argument as `bindings::convert::callback_arg` would see it.
    fn native_arg(value: &Json) -> CallbackArg {
        match value.get("$js").and_then(Json::as_str) {
            None if value.is_null() => CallbackArg::Absent,
            None => CallbackArg::Value(value.clone()),
            Some("undefined") => CallbackArg::Absent,
            Some("function") => CallbackArg::Opaque("function"),
            Some("symbol") => CallbackArg::Opaque("symbol"),
            Some("bigint") => CallbackArg::Opaque("bigint"),
            Some("cyclic") => CallbackArg::Opaque("unreadable object"),
            Some("promise") => CallbackArg::Thenable,
            Some("error") => {
                // Own fields first, then `name` and `message` unless present.
                let mut members = field(value, "fields")
                    .as_object()
                    .unwrap_or_default()
                    .to_vec();
                let name = field(value, "name").as_str().unwrap_or("Error");
                for (key, text) in [
                    ("name", name),
                    ("message", field(value, "message").as_str().unwrap_or("")),
                ] {
                    if !members.iter().any(|(member, _)| member == key) {
                        members.push((key.to_owned(), Json::String(text.to_owned())));
                    }
                }
                CallbackArg::Value(Json::Object(members))
            }
            Some(other) => panic!("unknown $js marker {other}"),
        }
    }

    /// What `onLogin` does with its arguments before the profile is parsed.
    fn classify_native(args: &[Json]) -> Result<LoginInput, Error> {
        let classified: Vec<CallbackArg> = args.iter().map(native_arg).collect();
        let input = classify(&classified)?;
        let Some(promise) = input.promise_at.and_then(|at| args.get(at)) else {
            return Ok(input);
        };
        if let Some(value) = promise.get("resolves") {
            return classify_resolved(native_arg(value));
        }
        let rejection = native_arg(field(promise, "rejects"));
        Err(match classify(&[rejection]) {
            Err(error) => error,
            Ok(_) => Error::new(ErrorCode::LoginError, "rejected without a reason"),
        })
    }

    #[test]
    fn every_callback_fixture_gives_its_expected_result() {
        run_all(CALLBACKS, |_, case| {
            let input = field(case, "input");
            let args = input.as_array().unwrap_or_default();
            let result = outcome(classify_native(args).map(|input| summary(&input)));
            let mut problems = check(field(case, "expect"), &result, None);
            if let Outcome::Failure { .. } = result {
                problems.extend(leaks(input, &result));
            }
            problems
        });
    }

    /// A classified input as comparable values (tokens included: this never
    /// leaves the test).
    fn summary(input: &LoginInput) -> Json {
        super::summary(
            input.shape.as_str(),
            input.profile.as_ref(),
            input.id_token.as_ref().map(Secret::expose),
            input.auth0_access_token.as_ref().map(Secret::expose),
            input.id_token_payload.is_some(),
        )
    }

    #[test]
    fn the_listing_names_every_fixture_file() {
        for (dir, listed) in [("profiles", PROFILES), ("callbacks", CALLBACKS)] {
            let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
            let mut on_disk: Vec<String> = std::fs::read_dir(&path)
                .unwrap_or_else(|error| panic!("{path}: {error}"))
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
                .collect();
            on_disk.sort();
            let mut names: Vec<String> =
                listed.iter().map(|(name, _)| (*name).to_owned()).collect();
            names.sort();
            assert_eq!(
                names, on_disk,
                "tests/corpus.rs must list every file in {path}"
            );
        }
    }
}

fn summary(
    shape: &str,
    profile: Option<&Json>,
    id_token: Option<&str>,
    auth0_access_token: Option<&str>,
    has_payload: bool,
) -> Json {
    let text = |value: Option<&str>| value.map_or(Json::Null, |text| Json::String(text.to_owned()));
    let user_id = profile
        .and_then(|profile| profile.get_any(&["user_id", "userId", "sub"]))
        .map(|id| match id {
            Json::String(text) => Json::String(text.clone()),
            other => Json::String(other.to_text()),
        });
    Json::Object(vec![
        ("shape".to_owned(), Json::String(shape.to_owned())),
        ("hasProfile".to_owned(), Json::Bool(profile.is_some())),
        ("profileUserId".to_owned(), user_id.unwrap_or(Json::Null)),
        ("idToken".to_owned(), text(id_token)),
        ("auth0AccessToken".to_owned(), text(auth0_access_token)),
        ("idTokenPayload".to_owned(), Json::Bool(has_payload)),
    ])
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use idp_bridge::bindings::convert::callback_arg;
    use idp_bridge::bindings::login::{on_login, parse_profile_js, select_identity_js};
    use idp_bridge::bindings::options::configure;
    use idp_bridge::callback::{classify, classify_resolved, CallbackArg, LoginInput};
    use idp_bridge::error::{Error, ErrorCode};
    use idp_bridge::token::Secret;
    use js_sys::{Promise, Reflect, JSON};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen(inline_js = "
        export function make_function() { return function placeholderCallback() {}; }
        export function make_symbol() { return Symbol('placeholder'); }
        export function make_cyclic() { const o = { user_id: 'auth0|1' }; o.self = o; return o; }
    ")]
    extern "C" {
        fn make_function() -> JsValue;
        fn make_symbol() -> JsValue;
        fn make_cyclic() -> JsValue;
    }

    fn to_js(value: &Json) -> JsValue {
        JSON::parse(&value.to_text()).unwrap_or_else(|_| panic!("JSON.parse refused our text"))
    }

    fn from_js(value: &JsValue) -> Json {
        let text = JSON::stringify(value)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| panic!("the result is not JSON data"));
        json::parse(&text).unwrap_or_else(|error| panic!("result text: {error:?}"))
    }

    fn text_of(value: &JsValue, key: &str) -> Option<String> {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()?
            .as_string()
    }

    fn js_failure(error: &JsValue) -> Outcome {
        Outcome::Failure {
            code: text_of(error, "code").unwrap_or_else(|| "(no code)".to_owned()),
            path: text_of(error, "path"),
            reason: text_of(error, "reason"),
            message: text_of(error, "message").unwrap_or_default(),
        }
    }

    fn rust_outcome(result: Result<Json, Error>) -> Outcome {
        match result {
            Ok(value) => Outcome::Value(value),
            Err(error) => Outcome::Failure {
                code: error.code().as_str().to_owned(),
                path: error.path().map(str::to_owned),
                reason: error.reason().map(str::to_owned),
                message: error.message().to_owned(),
            },
        }
    }

    fn js_outcome(result: Result<JsValue, JsValue>) -> Outcome {
        match result {
            Ok(value) => Outcome::Value(from_js(&value)),
            Err(error) => js_failure(&error),
        }
    }

    #[wasm_bindgen_test]
    fn every_profile_fixture_through_parse_profile_and_select_identity() {
        run_all(PROFILES, |_, case| {
            let input = field(case, "input");
            let parsed = js_outcome(parse_profile_js(to_js(input)));
            let mut problems = check(field(case, "expect"), &parsed, Some("profile"));
            problems.extend(leaks(input, &parsed));
            for select_case in field(case, "select").as_array().unwrap_or_default() {
                let query = field(select_case, "query");
                let chosen = js_outcome(select_identity_js(to_js(input), to_js(query)));
                problems.extend(
                    check(field(select_case, "expect"), &chosen, Some("identity"))
                        .into_iter()
                        .chain(leaks(input, &chosen))
                        .map(|problem| format!("select {}: {problem}", query.to_text())),
                );
            }
            problems
        });
    }

    /// Builds the real JavaScript value a fixture argument describes.
    fn js_arg(value: &Json) -> JsValue {
        match value.get("$js").and_then(Json::as_str) {
            None => to_js(value),
            Some("undefined") => JsValue::UNDEFINED,
            Some("function") => make_function(),
            Some("symbol") => make_symbol(),
            Some("bigint") => js_sys::BigInt::from(5u32).into(),
            Some("cyclic") => make_cyclic(),
            Some("error") => {
                let error = js_sys::Error::new(field(value, "message").as_str().unwrap_or(""));
                if let Some(name) = field(value, "name").as_str() {
                    error.set_name(name);
                }
                for (key, field) in field(value, "fields").as_object().unwrap_or_default() {
                    let _ = Reflect::set(&error, &JsValue::from_str(key), &to_js(field));
                }
                error.into()
            }
            Some("promise") => match value.get("resolves") {
                Some(resolved) => Promise::resolve(&js_arg(resolved)).into(),
                None => Promise::reject(&js_arg(field(value, "rejects"))).into(),
            },
            Some(other) => panic!("unknown $js marker {other}"),
        }
    }

    /// `onLogin`'s classification, with its promise handling.
    async fn classify_js(args: &[JsValue]) -> Result<LoginInput, Error> {
        let classified: Vec<CallbackArg> = args.iter().map(callback_arg).collect();
        let input = classify(&classified)?;
        let Some(promise) = input.promise_at.and_then(|at| args.get(at)) else {
            return Ok(input);
        };
        match JsFuture::from(Promise::resolve(promise)).await {
            Ok(resolved) => classify_resolved(callback_arg(&resolved)),
            Err(rejection) => Err(match classify(&[callback_arg(&rejection)]) {
                Err(error) => error,
                Ok(_) => Error::new(ErrorCode::LoginError, "rejected without a reason"),
            }),
        }
    }

    async fn call_on_login(args: &[JsValue]) -> Result<JsValue, JsValue> {
        let mut args = args.iter().cloned();
        let err = args.next().unwrap_or(JsValue::UNDEFINED);
        let promise = on_login(
            err,
            args.next(),
            args.next(),
            args.next(),
            args.next(),
            args.next(),
        );
        JsFuture::from(promise).await
    }

    #[wasm_bindgen_test]
    async fn every_callback_fixture_through_the_classifier_and_on_login() {
        // Nothing to fetch: onLogin stops after choosing the identity.
        configure(to_js(&Json::Object(vec![(
            "fetch".to_owned(),
            Json::Array(vec![]),
        )])))
        .unwrap_or_else(|_| panic!("configure refused fetch: []"));
        let mut failures = Vec::new();
        for (name, text) in CALLBACKS {
            let case = load(name, text);
            let input = field(&case, "input");
            let expect = field(&case, "expect");
            let args = || -> Vec<JsValue> {
                input
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .map(js_arg)
                    .collect()
            };

            let classified = rust_outcome(classify_js(&args()).await.map(|input| {
                summary(
                    input.shape.as_str(),
                    input.profile.as_ref(),
                    input.id_token.as_ref().map(Secret::expose),
                    input.auth0_access_token.as_ref().map(Secret::expose),
                    input.id_token_payload.is_some(),
                )
            }));
            let mut problems = check(expect, &classified, None);
            if let Outcome::Failure { .. } = classified {
                problems.extend(leaks(input, &classified));
            }

            // The whole JS face: a classification error must surface from
            // onLogin with the same code; a classified login gets past the
            // classifier (later steps may still refuse, e.g. an identity with
            // no catalogue entry).
            let login = call_on_login(&args()).await;
            match (expect.get("error").and_then(Json::as_str), &login) {
                (Some(_), _) => problems.extend(
                    check(expect, &js_outcome(login), None)
                        .into_iter()
                        .map(|problem| format!("onLogin: {problem}")),
                ),
                (None, Ok(result)) => {
                    let shape = text_of(result, "callbackShape");
                    if shape.as_deref() != field(expect, "shape").as_str() {
                        problems.push(format!("onLogin resolved with shape {shape:?}"));
                    }
                }
                (None, Err(error)) => {
                    let code = text_of(error, "code").unwrap_or_default();
                    if code == "login_error" || code == "bad_callback_args" || code.is_empty() {
                        problems.push(format!("onLogin failed to classify: {code}"));
                    }
                    problems.extend(leaks(input, &js_failure(error)));
                }
            }
            failures.extend(
                problems
                    .into_iter()
                    .map(|problem| format!("{name}: {problem}")),
            );
        }
        assert!(
            failures.is_empty(),
            "{} problems:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
