//! The plain objects JavaScript receives, built as JSON values.
//!
//! Returned objects never carry tokens: identities say `hasAccessToken`
//! instead; unknown fields lose any member whose name mentions a token or
//! secret, and the configured token claim; and, last, every string is
//! scrubbed of every token the library knows of (providers echo tokens in
//! bodies, e.g. Facebook's `paging.next` URLs).

use crate::json::Json;
use crate::login::LoginOutcome;
use crate::profile::{Identity, Profile};
use crate::providers::Person;
use crate::token::Secret;

/// The profile as `parseProfile` returns it, without the member named
/// `claim` (the configured token claim) and scrubbed of its tokens.
pub fn public_profile(profile_value: &Profile, claim: Option<&str>) -> Json {
    let mut secrets = profile_secrets(profile_value);
    if let Some(claim) = claim {
        if let Some((_, value)) = profile_value.extra.iter().find(|(name, _)| name == claim) {
            collect_strings(value, &mut secrets);
        }
    }
    redact(profile(profile_value, claim), &secrets)
}

/// Every token the profile's identities carry.
pub fn profile_secrets(profile: &Profile) -> Vec<Secret> {
    profile
        .identities
        .as_deref()
        .unwrap_or_default()
        .iter()
        .flat_map(|identity| [&identity.access_token, &identity.refresh_token])
        .flatten()
        .cloned()
        .collect()
}

/// Every string inside `value`, as secrets (a claim's tokens).
fn collect_strings(value: &Json, secrets: &mut Vec<Secret>) {
    match value {
        Json::String(text) => secrets.extend(Secret::new(text.as_str())),
        Json::Array(items) => items.iter().for_each(|item| collect_strings(item, secrets)),
        Json::Object(members) => members
            .iter()
            .for_each(|(_, item)| collect_strings(item, secrets)),
        _ => {}
    }
}

/// Replaces every occurrence of each secret in every string of `value`.
pub fn redact(value: Json, secrets: &[Secret]) -> Json {
    match value {
        Json::String(text) if secrets.iter().any(|secret| secret.appears_in(&text)) => {
            Json::String(
                secrets
                    .iter()
                    .fold(text, |text, secret| secret.scrub(&text)),
            )
        }
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|item| redact(item, secrets))
                .collect(),
        ),
        Json::Object(members) => Json::Object(
            members
                .into_iter()
                .map(|(name, item)| (name, redact(item, secrets)))
                .collect(),
        ),
        other => other,
    }
}

/// The profile object without the `claim` member, before tokens are scrubbed.
fn profile(profile: &Profile, claim: Option<&str>) -> Json {
    let mut members = Vec::new();
    push_text(&mut members, "userId", profile.user_id.as_deref());
    push_text(&mut members, "name", profile.name.as_deref());
    push_text(&mut members, "nickname", profile.nickname.as_deref());
    push_text(&mut members, "email", profile.email.as_deref());
    if let Some(verified) = profile.email_verified {
        members.push(("emailVerified".to_owned(), Json::Bool(verified)));
    }
    push_text(&mut members, "picture", profile.picture.as_deref());
    let identities = profile
        .identities
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(identity)
        .collect();
    members.push(("identities".to_owned(), Json::Array(identities)));
    let extra: Vec<(String, Json)> = profile
        .extra
        .iter()
        .filter(|(name, _)| Some(name.as_str()) != claim)
        .cloned()
        .collect();
    members.push(("extra".to_owned(), without_secrets_members(&extra)));
    Json::Object(members)
}

/// One identity, without its tokens.
pub fn identity(identity: &Identity) -> Json {
    let mut members = Vec::new();
    push_text(&mut members, "provider", Some(&identity.provider));
    push_text(&mut members, "connection", identity.connection.as_deref());
    push_text(&mut members, "userId", identity.user_id.as_deref());
    if let Some(social) = identity.is_social {
        members.push(("isSocial".to_owned(), Json::Bool(social)));
    }
    members.push((
        "hasAccessToken".to_owned(),
        Json::Bool(identity.access_token.is_some()),
    ));
    if identity.has_access_token_secret {
        members.push(("oauth1".to_owned(), Json::Bool(true)));
    }
    if let Some(data) = &identity.profile_data {
        members.push(("profileData".to_owned(), without_secrets(data)));
    }
    members.push(("extra".to_owned(), without_secrets_members(&identity.extra)));
    Json::Object(members)
}

/// A person: `{ id, name?, email?, picture?, raw }`.
pub fn person(person: &Person) -> Json {
    let mut members = vec![("id".to_owned(), Json::String(person.id.clone()))];
    push_text(&mut members, "name", person.name.as_deref());
    push_text(&mut members, "email", person.email.as_deref());
    push_text(&mut members, "picture", person.picture.as_deref());
    members.push(("raw".to_owned(), person.raw.clone()));
    Json::Object(members)
}

/// `onLogin`'s result: `{ callbackShape, profile, identity, tokenSource, me?,
/// <list>? }`, scrubbed of every token the login involved.
pub fn outcome(outcome: &LoginOutcome, claim: Option<&str>) -> Json {
    let mut members = vec![
        (
            "callbackShape".to_owned(),
            Json::String(outcome.shape.as_str().to_owned()),
        ),
        (
            "profile".to_owned(),
            public_profile(&outcome.profile, claim),
        ),
        ("identity".to_owned(), identity(&outcome.identity)),
        (
            "tokenSource".to_owned(),
            Json::String(outcome.token_origin.as_str().to_owned()),
        ),
    ];
    if let Some(me) = &outcome.me {
        members.push(("me".to_owned(), person(me)));
    }
    for (kind, people) in &outcome.lists {
        members.push((
            kind.as_str().to_owned(),
            Json::Array(people.iter().map(person).collect()),
        ));
    }
    let mut secrets = profile_secrets(&outcome.profile);
    secrets.extend(outcome.secrets.iter().cloned());
    redact(Json::Object(members), &secrets)
}

fn push_text(members: &mut Vec<(String, Json)>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        members.push((name.to_owned(), Json::String(value.to_owned())));
    }
}

fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("token") || lower.contains("secret")
}

fn without_secrets_members(members: &[(String, Json)]) -> Json {
    Json::Object(
        members
            .iter()
            .filter(|(name, _)| !looks_secret(name))
            .map(|(name, value)| (name.clone(), without_secrets(value)))
            .collect(),
    )
}

fn without_secrets(value: &Json) -> Json {
    match value {
        Json::Object(members) => without_secrets_members(members),
        Json::Array(items) => Json::Array(items.iter().map(without_secrets).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::profile::parse_profile;

    #[test]
    fn carries_no_tokens_anywhere() {
        let value = json::parse(
            r#"{"user_id":"a|1","https://app.test/idp_tokens":{"google":"tok-1"},
                "meta":{"refreshToken":"tok-2","keep":1},
                "identities":[{"provider":"google-oauth2","access_token":"tok-3",
                "refresh_token":"tok-4","profileData":{"access_token":"tok-5","n":"x"}}]}"#,
        )
        .expect("valid");
        let out = public_profile(&parse_profile(&value).expect("valid"), None).to_text();
        assert!(!out.contains("tok-"), "{out}");
        assert!(out.contains(r#""hasAccessToken":true"#));
        assert!(out.contains(r#""keep":1"#));
    }

    #[test]
    fn drops_the_claim_and_scrubs_echoed_tokens() {
        let value = json::parse(
            r#"{"user_id":"a|1","https://app.test/idp":{"github":"gho-claim-token-1"},
                "note":"echo gho-claim-token-1 and ya29-profile-token",
                "identities":[{"provider":"google-oauth2","access_token":"ya29-profile-token"}]}"#,
        )
        .expect("valid");
        let profile = parse_profile(&value).expect("valid");
        let out = public_profile(&profile, Some("https://app.test/idp")).to_text();
        assert!(!out.contains("gho-claim-token-1"), "{out}");
        assert!(!out.contains("ya29-profile-token"), "{out}");
        assert!(!out.contains("https://app.test/idp"), "{out}");
    }
}
