//! Property tests of the boundary parsers: `json::parse`, `parse_profile`
//! with `select_identity`, and the callback classifier. Whatever arrives,
//! they must return a value or a typed error with an expected code, never
//! panic, and never put a token into a message or an output.
//!
//! CI runs a small sample; set `IDP_PROPTEST_CASES` for a larger run, e.g.
//! `IDP_PROPTEST_CASES=100000 cargo test --release --test properties`.

#![cfg(not(target_arch = "wasm32"))]

use idp_bridge::callback::{classify, CallbackArg, CallbackShape};
use idp_bridge::error::ErrorCode;
use idp_bridge::identity::{require_token, select_identity, IdentityQuery};
use idp_bridge::json::{self, Json};
use idp_bridge::output;
use idp_bridge::profile::parse_profile;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Every token the generators produce contains this marker, so a leak is
/// a substring search.
const SECRET_MARK: &str = "SECRET-";

fn config() -> Config {
    let cases = std::env::var("IDP_PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        // Failures are reported with their input; no files in the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<i32>().prop_map(f64::from),
        any::<f64>().prop_filter("JSON numbers are finite", |n| n.is_finite()),
        Just(9_007_199_254_740_991.0),
        Just(9_007_199_254_740_993.0),
        Just(-0.0),
        Just(1e300),
        Just(0.5),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z|_-]{0,12}",
        any::<String>(),
        Just("true".to_owned()),
        Just("FALSE".to_owned()),
        Just(String::new()),
        Just("__proto__".to_owned()),
    ]
}

fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any_number().prop_map(Json::Number),
        any_text().prop_map(Json::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::vec((any_text(), inner), 0..8).prop_map(Json::Object),
        ]
    })
}

fn secret() -> impl Strategy<Value = Json> {
    "[A-Za-z0-9._-]{0,16}".prop_map(|tail| Json::String(format!("{SECRET_MARK}{tail}")))
}

/// A value for a known field: usually the right type, often not.
fn field_value(right: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
    prop_oneof![4 => right, 1 => any_json()].boxed()
}

fn object_of(fields: Vec<(&'static str, BoxedStrategy<Json>)>) -> BoxedStrategy<Json> {
    let members: Vec<_> = fields
        .into_iter()
        .map(|(key, value)| (any::<bool>(), value).prop_map(move |(keep, v)| (keep, key, v)))
        .collect();
    (
        members,
        prop::collection::vec((any_text(), any_json()), 0..3),
    )
        .prop_map(|(members, unknown)| {
            let mut object: Vec<(String, Json)> = members
                .into_iter()
                .filter(|(keep, _, _)| *keep)
                .map(|(_, key, value)| (key.to_owned(), value))
                .collect();
            object.extend(unknown);
            Json::Object(object)
        })
        .boxed()
}

fn provider_name() -> BoxedStrategy<Json> {
    prop::sample::select(vec![
        "google-oauth2",
        "github",
        "windowslive",
        "facebook",
        "twitter",
        "auth0",
        "oauth2",
        "",
    ])
    .prop_map(|name| Json::String(name.to_owned()))
    .boxed()
}

fn id_value() -> BoxedStrategy<Json> {
    prop_oneof![
        "[a-z0-9|]{1,12}".prop_map(Json::String),
        any_number().prop_map(Json::Number),
    ]
    .boxed()
}

fn identity_shaped() -> BoxedStrategy<Json> {
    object_of(vec![
        ("provider", field_value(provider_name())),
        ("connection", field_value(provider_name())),
        ("user_id", field_value(id_value())),
        ("userId", field_value(id_value())),
        (
            "isSocial",
            field_value(any::<bool>().prop_map(Json::Bool).boxed()),
        ),
        ("access_token", field_value(secret().boxed())),
        ("accessToken", field_value(secret().boxed())),
        ("refresh_token", field_value(secret().boxed())),
        ("access_token_secret", field_value(secret().boxed())),
        (
            "expires_in",
            field_value(any_number().prop_map(Json::Number).boxed()),
        ),
        (
            "profileData",
            field_value(
                (secret(), any_text())
                    .prop_map(|(token, name)| {
                        Json::Object(vec![
                            ("access_token".to_owned(), token),
                            ("name".to_owned(), Json::String(name)),
                        ])
                    })
                    .boxed(),
            ),
        ),
    ])
}

fn profile_shaped() -> BoxedStrategy<Json> {
    object_of(vec![
        ("user_id", field_value(id_value())),
        ("userId", field_value(id_value())),
        ("sub", field_value(id_value())),
        (
            "name",
            field_value(any_text().prop_map(Json::String).boxed()),
        ),
        (
            "email_verified",
            field_value(any_text().prop_map(Json::String).boxed()),
        ),
        (
            "emailVerified",
            field_value(any::<bool>().prop_map(Json::Bool).boxed()),
        ),
        (
            "https://app.example.test/idp_token",
            field_value(secret().boxed()),
        ),
        (
            "identities",
            field_value(
                prop::collection::vec(field_value(identity_shaped()), 0..5)
                    .prop_map(Json::Array)
                    .boxed(),
            ),
        ),
    ])
}

fn auth_result_shaped() -> BoxedStrategy<Json> {
    object_of(vec![
        ("accessToken", field_value(secret().boxed())),
        ("idToken", field_value(secret().boxed())),
        ("idTokenPayload", field_value(profile_shaped())),
        ("expiresIn", any_number().prop_map(Json::Number).boxed()),
        ("state", any_text().prop_map(Json::String).boxed()),
    ])
}

fn any_query() -> impl Strategy<Value = IdentityQuery> {
    let name = prop::option::of(prop::sample::select(vec![
        "google-oauth2",
        "github",
        "oauth2",
        "auth0",
        "twitter",
        "nope",
    ]));
    (name.clone(), name).prop_map(|(provider, connection)| IdentityQuery {
        provider: provider.map(str::to_owned),
        connection: connection.map(str::to_owned),
        user_id: None,
    })
}

fn any_arg() -> impl Strategy<Value = CallbackArg> {
    prop_oneof![
        3 => Just(CallbackArg::Absent),
        1 => Just(CallbackArg::Thenable),
        1 => prop::sample::select(vec!["function", "symbol", "bigint", "unreadable object"])
            .prop_map(CallbackArg::Opaque),
        2 => secret().prop_map(CallbackArg::Value),
        3 => profile_shaped().prop_map(CallbackArg::Value),
        2 => auth_result_shaped().prop_map(CallbackArg::Value),
        2 => any_json().prop_map(CallbackArg::Value),
    ]
}

/// The error argument: anything but a token.
fn any_err() -> impl Strategy<Value = CallbackArg> {
    prop_oneof![
        4 => Just(CallbackArg::Absent),
        1 => any_json().prop_map(CallbackArg::Value),
        1 => Just(CallbackArg::Thenable),
    ]
}

/// Parses a profile, chooses an identity, and checks every step's answer.
fn check_profile(value: &Json, query: &IdentityQuery) -> Result<(), TestCaseError> {
    let profile = match parse_profile(value) {
        Ok(profile) => profile,
        Err(error) => {
            prop_assert_eq!(error.code(), ErrorCode::InvalidProfile);
            prop_assert!(error.path().is_some());
            prop_assert!(!error.message().contains(SECRET_MARK));
            return Ok(());
        }
    };
    let shown = output::public_profile(&profile, None).to_text();
    prop_assert!(
        !shown.contains(SECRET_MARK),
        "output shows a token: {}",
        shown
    );
    prop_assert_eq!(
        json::parse(&shown).ok(),
        Some(output::public_profile(&profile, None))
    );

    match select_identity(&profile, query) {
        Ok(identity) => {
            prop_assert!(query
                .provider
                .as_ref()
                .is_none_or(|p| p == &identity.provider));
            if query.provider.is_none() && query.connection.is_none() {
                prop_assert!(identity.access_token.is_some());
            }
            if let Err(error) = require_token(identity) {
                prop_assert_eq!(error.code(), ErrorCode::MissingIdpToken);
                prop_assert!(!error.message().contains(SECRET_MARK));
            }
        }
        Err(error) => {
            prop_assert!(
                matches!(
                    error.code(),
                    ErrorCode::NoIdentities
                        | ErrorCode::NoMatchingIdentity
                        | ErrorCode::AmbiguousIdentity
                        | ErrorCode::MissingIdpToken
                ),
                "unexpected code {}",
                error.code()
            );
            prop_assert!(!error.message().contains(SECRET_MARK));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(value) = json::parse(&text) {
            prop_assert_eq!(json::parse(&value.to_text()), Ok(value));
        }
    }

    #[test]
    fn generated_values_round_trip_and_serde_agrees(value in any_json()) {
        let text = value.to_text();
        prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{}", text);
        prop_assert_eq!(json::parse(&text), Ok(value));
    }

    /// Text assembled from JSON's own pieces reaches the corners of the
    /// grammar; whatever serde_json accepts, we accept, and the reverse.
    #[test]
    fn parse_agrees_with_serde_json_on_accept_and_reject(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", " ", "\"k\"", "\"", "\\", "\\u00e9", "\\ud83d",
            "\\ude00", "\\n", "\\x", "0", "-", "1", "01", ".", "5", "e", "E+", "1e400",
            "true", "tru", "null", "false", "\t", "\u{1}", "é",
        ]), 0..24)
    ) {
        let text: String = pieces.concat();
        let ours = json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        // serde_json refuses lone surrogates; we read them as U+FFFD, as a
        // JavaScript string would hold them.
        let surrogates = text.contains("\\ud83d") || text.contains("\\ude00");
        if !surrogates {
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}", text, ours);
        } else if theirs.is_ok() {
            prop_assert!(ours.is_ok(), "{:?}", text);
        }
    }

    #[test]
    fn arbitrary_json_as_a_profile(value in any_json(), query in any_query()) {
        check_profile(&value, &query)?;
    }

    #[test]
    fn profile_shaped_json_with_random_types(value in profile_shaped(), query in any_query()) {
        check_profile(&value, &query)?;
    }

    #[test]
    fn classify_arbitrary_argument_lists(
        err in any_err(),
        rest in prop::collection::vec(any_arg(), 0..7),
    ) {
        let mut args = vec![err.clone()];
        args.extend(rest);
        match classify(&args) {
            Ok(input) => {
                prop_assert_eq!(err, CallbackArg::Absent);
                match input.shape {
                    CallbackShape::ProfilePromise => prop_assert!(input.promise_at.is_some()),
                    CallbackShape::AuthResult => {}
                    _ => prop_assert!(input.profile.is_some()),
                }
                if let Some(profile) = &input.profile {
                    check_profile(profile, &IdentityQuery::default())?;
                }
            }
            Err(error) => {
                let expected = if err == CallbackArg::Absent {
                    ErrorCode::BadCallbackArgs
                } else {
                    ErrorCode::LoginError
                };
                prop_assert_eq!(error.code(), expected);
                prop_assert!(!error.message().contains(SECRET_MARK), "{}", error.message());
            }
        }
    }
}
