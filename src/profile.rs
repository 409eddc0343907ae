//! The Auth0 user profile, read tolerantly.
//!
//! Profiles reached browsers from many library versions: one Auth0.js
//! release camel-cased every key (`user_id` became `userId`), GitHub ids are
//! numbers, `email_verified` is sometimes the string `"true"`. The rules here:
//! `null` means absent; an optional field of the wrong type is left absent
//! rather than failing the login; a field the login depends on that has the
//! wrong type is an `invalid_profile` error naming its path; unknown fields
//! are kept.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, Json};
use crate::token::Secret;

/// Fields of an identity that hold secrets. They are read into [`Secret`]s
/// and never kept among the unknown fields.
const IDENTITY_SECRET_KEYS: &[&str] = &[
    "access_token",
    "accessToken",
    "refresh_token",
    "refreshToken",
    "access_token_secret",
    "accessTokenSecret",
];

/// Profile fields read into typed values; everything else is kept in `extra`.
const PROFILE_KNOWN_KEYS: &[&str] = &[
    "user_id",
    "userId",
    "sub",
    "name",
    "nickname",
    "email",
    "email_verified",
    "emailVerified",
    "picture",
    "identities",
];

const IDENTITY_KNOWN_KEYS: &[&str] = &[
    "provider",
    "connection",
    "user_id",
    "userId",
    "isSocial",
    "is_social",
    "expires_in",
    "expiresIn",
    "profileData",
    "profile_data",
];

/// A user profile as Auth0 returns it, normalized.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// `user_id` (or `userId`, or the OIDC `sub`), as a string.
    pub user_id: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Whether the email was verified, when that can be read.
    pub email_verified: Option<bool>,
    /// Picture URL.
    pub picture: Option<String>,
    /// The linked identities; `None` when the profile has no `identities` key.
    pub identities: Option<Vec<Identity>>,
    /// Every other top-level field, in order.
    pub extra: Vec<(String, Json)>,
}

/// One identity of a profile: the account at one provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// Auth0's provider name, e.g. `google-oauth2`, `github`, `oauth2`.
    pub provider: String,
    /// The Auth0 connection name.
    pub connection: Option<String>,
    /// The user's id at the provider, as a string.
    pub user_id: Option<String>,
    /// Whether Auth0 marks this a social connection.
    pub is_social: Option<bool>,
    /// The provider's access token, when Auth0 sent it.
    pub access_token: Option<Secret>,
    /// The provider's refresh token, when present.
    pub refresh_token: Option<Secret>,
    /// Present on OAuth 1 identities, whose requests need a consumer secret
    /// to sign and so cannot be made from a browser.
    pub has_access_token_secret: bool,
    /// Seconds until the access token expires, as Auth0 reported it.
    pub expires_in: Option<f64>,
    /// The provider's profile for linked secondary accounts.
    pub profile_data: Option<Json>,
    /// Every other field, secrets excluded.
    pub extra: Vec<(String, Json)>,
}

impl Profile {
    /// The identities, or `no_identities` with the reason they are missing.
    pub fn identities(&self) -> Result<&[Identity]> {
        self.identities.as_deref().ok_or_else(|| {
            Error::new(
                ErrorCode::NoIdentities,
                "The profile has no `identities`. Since 2016 Auth0 no longer sends \
                 identity-provider tokens to browsers, so OIDC profiles (from /userinfo or \
                 getUser()) lack them: configure a token source (`tokenEndpoint` or `claim`) \
                 or use a legacy profile that includes identities.",
            )
        })
    }
}

impl Identity {
    /// A short label for messages: provider and connection, never a token.
    pub fn label(&self) -> String {
        match &self.connection {
            Some(connection) if connection != &self.provider => {
                format!("{} ({connection})", self.provider)
            }
            _ => self.provider.clone(),
        }
    }
}

/// Reads a profile from a JSON value.
pub fn parse_profile(value: &Json) -> Result<Profile> {
    let Json::Object(members) = value else {
        return Err(invalid(
            "",
            format!(
                "expected the profile to be an object, got {}",
                value.type_name()
            ),
        ));
    };

    let user_id = read_id(value, &["user_id", "userId", "sub"], "user_id")?;
    let identities = match value.get_any(&["identities"]) {
        None => None,
        Some(Json::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| parse_identity(item, &format!("identities[{index}]")))
                .collect::<Result<Vec<_>>>()?,
        ),
        Some(other) => {
            return Err(invalid(
                "identities",
                format!("expected an array, got {}", other.type_name()),
            ))
        }
    };

    Ok(Profile {
        user_id,
        name: optional_string(value, &["name"]),
        nickname: optional_string(value, &["nickname"]),
        email: optional_string(value, &["email"]),
        email_verified: optional_flag(value, &["email_verified", "emailVerified"]),
        picture: optional_string(value, &["picture"]),
        identities,
        extra: unknown_members(members, PROFILE_KNOWN_KEYS),
    })
}

fn parse_identity(value: &Json, path: &str) -> Result<Identity> {
    let Json::Object(members) = value else {
        return Err(invalid(
            path,
            format!("expected an identity object, got {}", value.type_name()),
        ));
    };

    let provider = match value.get_any(&["provider"]) {
        Some(Json::String(provider)) if !provider.is_empty() => provider.clone(),
        Some(other) => {
            return Err(invalid(
                &format!("{path}.provider"),
                format!("expected a non-empty string, got {}", describe(other)),
            ))
        }
        None => return Err(invalid(&format!("{path}.provider"), "missing".to_owned())),
    };

    Ok(Identity {
        provider,
        connection: optional_string(value, &["connection"]),
        user_id: read_id(value, &["user_id", "userId"], &format!("{path}.user_id"))?,
        is_social: optional_flag(value, &["isSocial", "is_social"]),
        access_token: optional_secret(value, &["access_token", "accessToken"]),
        refresh_token: optional_secret(value, &["refresh_token", "refreshToken"]),
        has_access_token_secret: value
            .get_any(&["access_token_secret", "accessTokenSecret"])
            .is_some(),
        expires_in: value
            .get_any(&["expires_in", "expiresIn"])
            .and_then(Json::as_f64),
        profile_data: value
            .get_any(&["profileData", "profile_data"])
            .filter(|data| data.as_object().is_some())
            .cloned(),
        extra: unknown_members(members, IDENTITY_KNOWN_KEYS)
            .into_iter()
            .filter(|(name, _)| !IDENTITY_SECRET_KEYS.contains(&name.as_str()))
            .collect(),
    })
}

/// Reads an id that may be a string or a number. A number that JavaScript
/// cannot hold exactly is refused: it has already lost digits, and a wrong id
/// is worse than none.
fn read_id(value: &Json, keys: &[&str], path: &str) -> Result<Option<String>> {
    match value.get_any(keys) {
        None => Ok(None),
        Some(Json::String(id)) => Ok(Some(id.clone())),
        Some(Json::Number(number)) => json::integer_text(*number).map(Some).ok_or_else(|| {
            invalid(
                path,
                "the id is a number JavaScript cannot hold exactly (not a safe integer); \
                 ask for ids as strings"
                    .to_owned(),
            )
        }),
        Some(other) => Err(invalid(
            path,
            format!("expected a string or a number, got {}", other.type_name()),
        )),
    }
}

fn optional_string(value: &Json, keys: &[&str]) -> Option<String> {
    value
        .get_any(keys)
        .and_then(Json::as_str)
        .map(str::to_owned)
}

fn optional_secret(value: &Json, keys: &[&str]) -> Option<Secret> {
    value
        .get_any(keys)
        .and_then(Json::as_str)
        .and_then(Secret::new)
}

/// Reads a flag that some profiles send as `"true"` / `"false"`.
fn optional_flag(value: &Json, keys: &[&str]) -> Option<bool> {
    match value.get_any(keys)? {
        Json::Bool(flag) => Some(*flag),
        Json::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Json::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn unknown_members(members: &[(String, Json)], known: &[&str]) -> Vec<(String, Json)> {
    members
        .iter()
        .filter(|(name, _)| !known.contains(&name.as_str()))
        .cloned()
        .collect()
}

/// Describes a value by type (and emptiness), never by content.
fn describe(value: &Json) -> &'static str {
    match value {
        Json::String(text) if text.is_empty() => "an empty string",
        other => other.type_name(),
    }
}

fn invalid(path: &str, detail: String) -> Error {
    let place = if path.is_empty() { "profile" } else { path };
    Error::new(
        ErrorCode::InvalidProfile,
        format!("Invalid profile at `{place}`: {detail}."),
    )
    .with_path(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Profile> {
        parse_profile(&json::parse(text).expect("test JSON"))
    }

    #[test]
    fn reads_a_legacy_google_profile() {
        let profile = parse(
            r#"{"user_id":"google-oauth2|1","name":"Ada","email_verified":"true",
                "identities":[{"provider":"google-oauth2","user_id":"1",
                "connection":"google-oauth2","isSocial":true,"access_token":"ya29.x"}],
                "locale":"en"}"#,
        )
        .expect("valid");
        assert_eq!(profile.user_id.as_deref(), Some("google-oauth2|1"));
        assert_eq!(profile.email_verified, Some(true));
        let identity = &profile.identities().expect("present")[0];
        assert_eq!(
            identity.access_token.as_ref().map(Secret::expose),
            Some("ya29.x")
        );
        assert_eq!(
            profile.extra,
            vec![("locale".to_owned(), Json::String("en".into()))]
        );
    }

    #[test]
    fn normalizes_numeric_ids_and_camel_case_keys() {
        let profile = parse(
            r#"{"userId":"github|42","identities":[{"provider":"github","userId":42,
                "accessToken":"gho_x","refreshToken":null}]}"#,
        )
        .expect("valid");
        let identity = &profile.identities().expect("present")[0];
        assert_eq!(identity.user_id.as_deref(), Some("42"));
        assert!(identity.access_token.is_some());
        assert!(identity.refresh_token.is_none());
    }

    #[test]
    fn refuses_ids_javascript_cannot_hold() {
        let error = parse(r#"{"identities":[{"provider":"github","user_id":9007199254740993}]}"#)
            .expect_err("unsafe integer");
        assert_eq!(error.code(), ErrorCode::InvalidProfile);
        assert_eq!(error.path(), Some("identities[0].user_id"));
    }

    #[test]
    fn names_the_path_of_a_wrong_value() {
        let error = parse(r#"{"identities":[{"provider":"github"},{"provider":7}]}"#)
            .expect_err("bad provider");
        assert_eq!(error.path(), Some("identities[1].provider"));
        let error = parse(r#"{"identities":{"provider":"github"}}"#).expect_err("not array");
        assert_eq!(error.path(), Some("identities"));
        let error = parse(r#"{"identities":[null]}"#).expect_err("not object");
        assert_eq!(error.path(), Some("identities[0]"));
    }

    #[test]
    fn missing_identities_is_its_own_error() {
        let profile = parse(r#"{"sub":"auth0|1","name":"A"}"#).expect("valid");
        assert_eq!(profile.user_id.as_deref(), Some("auth0|1"));
        let error = profile.identities().expect_err("none");
        assert_eq!(error.code(), ErrorCode::NoIdentities);
    }

    #[test]
    fn bad_optional_fields_are_left_absent() {
        let profile = parse(
            r#"{"name":5,"email":["x"],"email_verified":"maybe","identities":
                [{"provider":"google-oauth2","access_token":12,"connection":false}]}"#,
        )
        .expect("valid");
        assert_eq!(profile.name, None);
        assert_eq!(profile.email_verified, None);
        let identity = &profile.identities().expect("present")[0];
        assert!(identity.access_token.is_none());
        assert_eq!(identity.connection, None);
    }

    #[test]
    fn keeps_no_secret_among_unknown_fields() {
        let profile = parse(
            r#"{"identities":[{"provider":"twitter","access_token":"t",
                "access_token_secret":"s","screen_name":"ada"}]}"#,
        )
        .expect("valid");
        let identity = &profile.identities().expect("present")[0];
        assert!(identity.has_access_token_secret);
        assert_eq!(identity.extra.len(), 1);
    }
}
