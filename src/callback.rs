//! Classifying a login callback's arguments by shape.
//!
//! No Auth0 SDK calls back in the documented `(err, token, profile)` order, so
//! the arguments are recognised by what they look like, never by position.
//! The shapes, oldest first:
//!
//! | shape | arguments after `err` |
//! |---|---|
//! | `documented` | `token, profile` (the token may be `null`) |
//! | `lock9-popup` | `profile, id_token, access_token, state, refresh_token` |
//! | `auth-result` | `authResult` (Lock 10+, Auth0.js 8+) |
//! | `auth-result-and-profile` | `authResult, profile` |
//! | `profile-only` | `profile` |
//! | `profile-promise` | a Promise of the profile (resolved by the caller, then classified again) |

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::token::{redact_token_like, Secret};

/// One argument as the JavaScript boundary saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum CallbackArg {
    /// `null` or `undefined`.
    Absent,
    /// A value that reads as JSON. Error objects arrive here with their
    /// `name`, `message` and other own fields copied into an object.
    Value(Json),
    /// Something with a `then` method.
    Thenable,
    /// A value that is not data (a function, a symbol, an unreadable object);
    /// the string is its JavaScript type, for messages.
    Opaque(&'static str),
}

impl CallbackArg {
    fn type_name(&self) -> &'static str {
        match self {
            CallbackArg::Absent => "null",
            CallbackArg::Value(value) => value.type_name(),
            CallbackArg::Thenable => "promise",
            CallbackArg::Opaque(kind) => kind,
        }
    }
}

/// Which calling convention the arguments followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackShape {
    /// `(err, token, profile)`, the original documentation's order.
    Documented,
    /// Lock 9 popup mode: `(err, profile, id_token, access_token, state, refresh_token)`.
    Lock9Popup,
    /// `(err, authResult)`: the profile comes from `idTokenPayload`.
    AuthResult,
    /// `(err, authResult, profile)`.
    AuthResultAndProfile,
    /// `(err, profile)`.
    ProfileOnly,
    /// `(err, Promise<profile>)`.
    ProfilePromise,
}

impl CallbackShape {
    /// The shape's name as reported to JavaScript.
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackShape::Documented => "documented",
            CallbackShape::Lock9Popup => "lock9-popup",
            CallbackShape::AuthResult => "auth-result",
            CallbackShape::AuthResultAndProfile => "auth-result-and-profile",
            CallbackShape::ProfileOnly => "profile-only",
            CallbackShape::ProfilePromise => "profile-promise",
        }
    }
}

/// What the callback delivered.
#[derive(Clone, Debug, PartialEq)]
pub struct LoginInput {
    /// The convention the arguments followed.
    pub shape: CallbackShape,
    /// The profile, when one arrived (`None` only for `profile-promise`).
    pub profile: Option<Json>,
    /// Index of the promise argument, for `profile-promise`.
    pub promise_at: Option<usize>,
    /// The Auth0 access token (for a token endpoint), when one arrived.
    pub auth0_access_token: Option<Secret>,
    /// The Auth0 ID token, when one arrived.
    pub id_token: Option<Secret>,
    /// The decoded ID token claims, when an auth result carried them.
    pub id_token_payload: Option<Json>,
}

const SHAPES_EXPECTED: &str = "(err, token, profile), (err, profile, idToken, accessToken, \
     state, refreshToken), (err, authResult), (err, authResult, profile), (err, profile) or \
     (err, Promise<profile>)";

/// Classifies the callback's arguments. A non-null first argument is a login
/// error and wins before anything else is read.
pub fn classify(args: &[CallbackArg]) -> Result<LoginInput> {
    let err = args.first().unwrap_or(&CallbackArg::Absent);
    if !matches!(err, CallbackArg::Absent) {
        return Err(login_error(err));
    }
    let rest = args.get(1..).unwrap_or_default();
    // Trailing nulls (Lock 9 pads with them) carry nothing.
    let last_present = rest
        .iter()
        .rposition(|arg| !matches!(arg, CallbackArg::Absent))
        .map_or(0, |at| at + 1);
    let rest = rest.get(..last_present).unwrap_or_default();

    let mut input = LoginInput {
        shape: CallbackShape::ProfileOnly,
        profile: None,
        promise_at: None,
        auth0_access_token: None,
        id_token: None,
        id_token_payload: None,
    };

    match rest {
        [CallbackArg::Thenable] => {
            input.shape = CallbackShape::ProfilePromise;
            input.promise_at = Some(1);
        }
        [CallbackArg::Value(profile)] if is_profile(profile) => {
            input.profile = Some(profile.clone());
        }
        [CallbackArg::Value(result)] if is_auth_result(result) => {
            input.shape = CallbackShape::AuthResult;
            read_auth_result(result, &mut input);
            input.profile = input.id_token_payload.clone();
        }
        [CallbackArg::Value(result), CallbackArg::Value(profile)]
            if is_auth_result(result) && is_profile(profile) =>
        {
            input.shape = CallbackShape::AuthResultAndProfile;
            read_auth_result(result, &mut input);
            input.profile = Some(profile.clone());
        }
        [CallbackArg::Value(Json::String(token)), CallbackArg::Value(profile)]
            if is_profile(profile) =>
        {
            input.shape = CallbackShape::Documented;
            // The original documentation's `token` is the Auth0 ID token.
            input.id_token = Secret::new(token.as_str());
            input.profile = Some(profile.clone());
        }
        // The documented order when the flow produced no ID token.
        [CallbackArg::Absent, CallbackArg::Value(profile)] if is_profile(profile) => {
            input.shape = CallbackShape::Documented;
            input.profile = Some(profile.clone());
        }
        [CallbackArg::Value(profile), tokens @ ..] if is_profile(profile) && lock9_tail(tokens) => {
            input.shape = CallbackShape::Lock9Popup;
            input.profile = Some(profile.clone());
            input.id_token = string_at(tokens, 0);
            input.auth0_access_token = string_at(tokens, 1);
        }
        _ => return Err(bad_arguments(args)),
    }
    Ok(input)
}

/// Classifies the value a profile promise resolved to.
pub fn classify_resolved(value: CallbackArg) -> Result<LoginInput> {
    let mut input = classify(&[CallbackArg::Absent, value])?;
    if input.shape == CallbackShape::ProfilePromise {
        return Err(Error::new(
            ErrorCode::BadCallbackArgs,
            "The profile promise resolved to another promise; expected a profile object.",
        ));
    }
    input.shape = CallbackShape::ProfilePromise;
    Ok(input)
}

/// Lock 9's tail: id_token, access_token, state, refresh_token — strings or
/// nulls, up to four.
fn lock9_tail(tokens: &[CallbackArg]) -> bool {
    tokens.len() <= 4
        && tokens.iter().all(|arg| {
            matches!(
                arg,
                CallbackArg::Absent | CallbackArg::Value(Json::String(_))
            )
        })
}

fn string_at(args: &[CallbackArg], index: usize) -> Option<Secret> {
    match args.get(index) {
        Some(CallbackArg::Value(Json::String(text))) => Secret::new(text.as_str()),
        _ => None,
    }
}

/// A profile has an id or identities: `user_id`, `userId`, `sub` or
/// `identities`.
fn is_profile(value: &Json) -> bool {
    value.as_object().is_some()
        && !is_auth_result(value)
        && ["user_id", "userId", "sub", "identities"]
            .iter()
            .any(|key| value.get(key).is_some())
}

/// An auth result has tokens in Auth0.js's camel case.
fn is_auth_result(value: &Json) -> bool {
    value.as_object().is_some()
        && ["accessToken", "idToken", "idTokenPayload"]
            .iter()
            .any(|key| value.get(key).is_some())
}

fn read_auth_result(result: &Json, input: &mut LoginInput) {
    input.auth0_access_token = result
        .get("accessToken")
        .and_then(Json::as_str)
        .and_then(Secret::new);
    input.id_token = result
        .get("idToken")
        .and_then(Json::as_str)
        .and_then(Secret::new);
    input.id_token_payload = result
        .get("idTokenPayload")
        .filter(|payload| payload.as_object().is_some())
        .cloned();
}

/// Turns whatever the login library reported into `login_error`, keeping its
/// own code and description.
fn login_error(err: &CallbackArg) -> Error {
    let (code, description) = match err {
        CallbackArg::Value(Json::String(text)) => (None, Some(text.clone())),
        CallbackArg::Value(value @ Json::Object(_)) => {
            let text = |keys: &[&str]| {
                value.get_any(keys).and_then(|field| match field {
                    Json::String(text) => Some(text.clone()),
                    Json::Number(number) => Some(crate::json::number_text(*number)),
                    _ => None,
                })
            };
            let code = text(&["error", "code", "name"]);
            let description = text(&[
                "error_description",
                "errorDescription",
                "description",
                "message",
                "details",
            ])
            .or_else(|| {
                value
                    .get("details")
                    .and_then(|details| details.get_any(&["error_description", "message"]))
                    .and_then(Json::as_str)
                    .map(str::to_owned)
            });
            let code = code.or_else(|| text(&["status"]).map(|status| format!("status {status}")));
            (code, description)
        }
        other => (
            None,
            Some(format!("a {} was passed as the error", other.type_name())),
        ),
    };

    // The library's text is kept, but shortened, and any word in it that
    // looks like a token is blanked: a login error may quote one.
    let clean = |text: &str| -> String { redact_token_like(text).chars().take(300).collect() };
    let code = code.map(|code| clean(&code));
    let summary = match (&code, &description) {
        (Some(code), Some(description)) => format!("{code}: {}", clean(description)),
        (Some(text), None) => text.clone(),
        (None, Some(text)) => clean(text),
        (None, None) => "no description".to_owned(),
    };
    let mut error = Error::new(
        ErrorCode::LoginError,
        format!("The login failed before any profile arrived ({summary}). Let the user retry."),
    );
    if let Some(code) = code {
        error = error.with_reason(code);
    }
    error
}

fn bad_arguments(args: &[CallbackArg]) -> Error {
    // `onLogin` pads missing arguments with `undefined`; they did not arrive.
    let arrived = args
        .iter()
        .rposition(|arg| !matches!(arg, CallbackArg::Absent))
        .map_or(0, |at| at + 1);
    let got = args
        .get(..arrived)
        .unwrap_or_default()
        .iter()
        .map(CallbackArg::type_name)
        .collect::<Vec<_>>()
        .join(", ");
    let got = if got.is_empty() {
        "only null or undefined".to_owned()
    } else {
        got
    };
    Error::new(
        ErrorCode::BadCallbackArgs,
        format!("Unrecognised login callback arguments ({got}); expected {SHAPES_EXPECTED}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn value(text: &str) -> CallbackArg {
        CallbackArg::Value(json::parse(text).expect("test JSON"))
    }

    const PROFILE: &str = r#"{"user_id":"github|1","identities":[]}"#;

    #[test]
    fn recognises_every_shape() {
        let none = CallbackArg::Absent;
        let token = || value(r#""eyJ.token""#);
        let cases = [
            (
                vec![none.clone(), token(), value(PROFILE)],
                CallbackShape::Documented,
            ),
            (
                vec![
                    none.clone(),
                    value(PROFILE),
                    token(),
                    token(),
                    value(r#""st""#),
                    none.clone(),
                ],
                CallbackShape::Lock9Popup,
            ),
            (
                vec![
                    none.clone(),
                    value(r#"{"accessToken":"a","idTokenPayload":{"sub":"x"}}"#),
                ],
                CallbackShape::AuthResult,
            ),
            (
                vec![
                    none.clone(),
                    value(r#"{"accessToken":"a"}"#),
                    value(PROFILE),
                ],
                CallbackShape::AuthResultAndProfile,
            ),
            (
                vec![none.clone(), none.clone(), value(PROFILE)],
                CallbackShape::Documented,
            ),
            (
                vec![none.clone(), value(PROFILE)],
                CallbackShape::ProfileOnly,
            ),
            (
                vec![none.clone(), CallbackArg::Thenable],
                CallbackShape::ProfilePromise,
            ),
        ];
        for (args, shape) in cases {
            assert_eq!(
                classify(&args).map(|input| input.shape),
                Ok(shape),
                "{args:?}"
            );
        }
    }

    #[test]
    fn lock9_reads_its_tokens_by_place() {
        let args = [
            CallbackArg::Absent,
            value(PROFILE),
            value(r#""id-tok""#),
            value(r#""access-tok""#),
        ];
        let input = classify(&args).expect("lock 9");
        assert_eq!(input.id_token.as_ref().map(Secret::expose), Some("id-tok"));
        assert_eq!(
            input.auth0_access_token.as_ref().map(Secret::expose),
            Some("access-tok")
        );
    }

    #[test]
    fn any_error_shape_becomes_login_error() {
        for err in [
            r#"{"error":"access_denied","error_description":"Wrong email or password."}"#,
            r#"{"code":"invalid_user_password","description":"Wrong email or password."}"#,
            r#"{"error":"consent_required","errorDescription":"Consent required"}"#,
            r#"{"status":401,"code":"invalid_user_password","details":{"error":"x"}}"#,
            r#"{"name":"Error","message":"Popup closed"}"#,
            r#""plain string""#,
            r#"42"#,
        ] {
            let error = classify(&[value(err), value(PROFILE)]).expect_err("login error");
            assert_eq!(error.code(), ErrorCode::LoginError, "{err}");
        }
        let error = classify(&[value(
            r#"{"code":"invalid_user_password","description":"Wrong."}"#,
        )])
        .expect_err("login error");
        assert_eq!(error.reason(), Some("invalid_user_password"));
        assert!(error.message().contains("Wrong."));
    }

    #[test]
    fn login_errors_do_not_quote_tokens() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
        let error = classify(&[value(&format!(r#""bad token {token}""#))]).expect_err("error");
        assert!(!error.message().contains("eyJzdWIi"), "{}", error.message());
        let long = "x ".repeat(5000);
        let error = classify(&[value(&format!(r#""{long}""#))]).expect_err("error");
        assert!(error.message().len() < 500);
    }

    #[test]
    fn unknown_shapes_name_types_not_values() {
        let error = classify(&[
            CallbackArg::Absent,
            value(r#""secret-looking""#),
            value("3"),
        ])
        .expect_err("bad");
        assert_eq!(error.code(), ErrorCode::BadCallbackArgs);
        assert!(error.message().contains("(null, string, number)"));
        assert!(!error.message().contains("secret-looking"));
        let error = classify(&[]).expect_err("nothing");
        assert_eq!(error.code(), ErrorCode::BadCallbackArgs);
    }
}
