//! Choosing which identity of a profile to call a provider for.
//!
//! Never by position: after account linking the first identity is often the
//! database login, which has no provider token.

use crate::error::{Error, ErrorCode, Result};
use crate::profile::{Identity, Profile};

/// What the app asked for. Both empty means "the first identity that has a
/// token".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdentityQuery {
    /// Auth0 provider name, e.g. `github`.
    pub provider: Option<String>,
    /// Auth0 connection name; needed to tell custom `oauth2` connections apart.
    pub connection: Option<String>,
    /// The user's id at the provider; needed when several accounts of one
    /// connection are linked.
    pub user_id: Option<String>,
}

impl IdentityQuery {
    fn describe(&self) -> String {
        let named = match (&self.provider, &self.connection) {
            (Some(provider), Some(connection)) => {
                format!("provider `{provider}` and connection `{connection}`")
            }
            (Some(provider), None) => format!("provider `{provider}`"),
            (None, Some(connection)) => format!("connection `{connection}`"),
            (None, None) => "any identity with a token".to_owned(),
        };
        match &self.user_id {
            Some(user_id) => format!("{named} and user id `{user_id}`"),
            None => named,
        }
    }

    fn matches(&self, identity: &Identity) -> bool {
        let provider_ok = self
            .provider
            .as_ref()
            .is_none_or(|provider| provider == &identity.provider);
        let connection_ok = self
            .connection
            .as_ref()
            .is_none_or(|connection| identity.connection.as_ref() == Some(connection));
        let user_ok = self
            .user_id
            .as_ref()
            .is_none_or(|user_id| identity.user_id.as_ref() == Some(user_id));
        provider_ok && connection_ok && user_ok
    }
}

/// Picks the identity the query names. The identity may lack a token: where
/// the token comes from is the next step's decision.
pub fn select_identity<'p>(profile: &'p Profile, query: &IdentityQuery) -> Result<&'p Identity> {
    let identities = profile.identities()?;

    if query.provider.is_none() && query.connection.is_none() && query.user_id.is_none() {
        return identities
            .iter()
            .find(|identity| identity.access_token.is_some())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MissingIdpToken,
                    format!(
                        "None of the profile's identities ({}) carries an access token. \
                         Auth0 sends provider tokens to browsers only on legacy tenants; \
                         configure a token source (`tokenEndpoint` or `claim`).",
                        present(identities)
                    ),
                )
            });
    }

    let mut matching = identities.iter().filter(|identity| query.matches(identity));
    let first = matching.next().ok_or_else(|| {
        Error::new(
            ErrorCode::NoMatchingIdentity,
            format!(
                "No identity matches {}. The profile has: {}.",
                query.describe(),
                present(identities)
            ),
        )
    })?;
    if matching.next().is_some() {
        let advice = if query.connection.is_none() {
            "name the `connection`, or the `userId`, to choose one"
        } else {
            "several accounts of that connection are linked: name the `userId` to choose one"
        };
        return Err(Error::new(
            ErrorCode::AmbiguousIdentity,
            format!(
                "Several identities match {}; {advice}. The profile has: {}.",
                query.describe(),
                present(identities)
            ),
        ));
    }
    Ok(first)
}

/// Fails with `missing_idp_token` unless the identity carries a token.
pub fn require_token(identity: &Identity) -> Result<&crate::token::Secret> {
    identity.access_token.as_ref().ok_or_else(|| {
        Error::new(
            ErrorCode::MissingIdpToken,
            format!(
                "The {} identity carries no access token. Auth0 sends provider tokens to \
                 browsers only on legacy tenants; configure a token source (`tokenEndpoint` \
                 or `claim`).",
                identity.label()
            ),
        )
        .with_provider(identity.provider.clone())
    })
}

fn present(identities: &[Identity]) -> String {
    if identities.is_empty() {
        return "no identities".to_owned();
    }
    identities
        .iter()
        .map(Identity::label)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::profile::parse_profile;

    fn profile(text: &str) -> Profile {
        parse_profile(&json::parse(text).expect("test JSON")).expect("valid profile")
    }

    const LINKED: &str = r#"{"identities":[
        {"provider":"auth0","connection":"Username-Password-Authentication","user_id":"1"},
        {"provider":"github","connection":"github","user_id":2,"access_token":"gho"},
        {"provider":"oauth2","connection":"spotify","user_id":"s","access_token":"sp"},
        {"provider":"oauth2","connection":"slack","user_id":"k","access_token":"sl"}]}"#;

    fn query(provider: Option<&str>, connection: Option<&str>) -> IdentityQuery {
        IdentityQuery {
            provider: provider.map(str::to_owned),
            connection: connection.map(str::to_owned),
            user_id: None,
        }
    }

    #[test]
    fn with_nothing_asked_takes_the_first_with_a_token() {
        let profile = profile(LINKED);
        let chosen = select_identity(&profile, &IdentityQuery::default()).expect("found");
        assert_eq!(chosen.provider, "github");
    }

    #[test]
    fn custom_connections_need_their_name() {
        let profile = profile(LINKED);
        let error = select_identity(&profile, &query(Some("oauth2"), None)).expect_err("two");
        assert_eq!(error.code(), ErrorCode::AmbiguousIdentity);
        let chosen = select_identity(&profile, &query(Some("oauth2"), Some("slack"))).expect("one");
        assert_eq!(chosen.user_id.as_deref(), Some("k"));
        let chosen = select_identity(&profile, &query(None, Some("spotify"))).expect("one");
        assert_eq!(chosen.user_id.as_deref(), Some("s"));
    }

    #[test]
    fn two_accounts_of_one_connection_need_the_user_id() {
        let profile = profile(
            r#"{"identities":[
            {"provider":"github","connection":"github","user_id":1,"access_token":"a"},
            {"provider":"github","connection":"github","user_id":2,"access_token":"b"}]}"#,
        );
        let error = select_identity(&profile, &query(Some("github"), Some("github")))
            .expect_err("two accounts");
        assert_eq!(error.code(), ErrorCode::AmbiguousIdentity);
        let by_id = IdentityQuery {
            user_id: Some("2".to_owned()),
            ..query(Some("github"), None)
        };
        let chosen = select_identity(&profile, &by_id).expect("one");
        assert_eq!(chosen.user_id.as_deref(), Some("2"));
    }

    #[test]
    fn no_match_lists_what_is_there() {
        let profile = profile(LINKED);
        let error = select_identity(&profile, &query(Some("windowslive"), None)).expect_err("none");
        assert_eq!(error.code(), ErrorCode::NoMatchingIdentity);
        assert!(error.message().contains("github"));
        assert!(error.message().contains("oauth2 (spotify)"));
    }

    #[test]
    fn a_match_without_token_fails_at_the_token_step() {
        let profile = profile(LINKED);
        let chosen = select_identity(&profile, &query(Some("auth0"), None)).expect("one");
        let error = require_token(chosen).expect_err("no token");
        assert_eq!(error.code(), ErrorCode::MissingIdpToken);
    }
}
