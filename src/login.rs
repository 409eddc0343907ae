//! One login, start to finish: the classified callback input in, the
//! profile, the chosen identity and the provider data out.

use crate::callback::{CallbackShape, LoginInput};
use crate::client::{Progress, ProviderClient, Settings};
use crate::error::{Error, ErrorCode, Result};
use crate::http::Transport;
use crate::identity::IdentityQuery;
use crate::profile::{parse_profile, Identity, Profile};
use crate::providers::{self, ListKind, Person, ProviderSpec};
use crate::token_source::{obtain_token, TokenOrigin, TokenRequest, TokenSources};

/// Something `onLogin` can fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchKind {
    /// The signed-in user.
    Me,
    /// A list.
    List(ListKind),
}

impl FetchKind {
    /// Reads a `fetch` option entry.
    pub fn from_name(name: &str) -> Option<FetchKind> {
        if name == "me" {
            Some(FetchKind::Me)
        } else {
            ListKind::from_name(name).map(FetchKind::List)
        }
    }
}

/// What the app configured for logins.
#[derive(Clone, Debug, PartialEq)]
pub struct LoginPlan {
    /// Which identity to use.
    pub query: IdentityQuery,
    /// What to fetch, in order.
    pub fetch: Vec<FetchKind>,
    /// Request settings.
    pub settings: Settings,
    /// Connection name → catalogue key, for custom `oauth2` connections
    /// whose name is not the catalogue key.
    pub connection_providers: Vec<(String, String)>,
    /// Where provider tokens come from besides the profile.
    pub tokens: TokenSources,
}

impl Default for LoginPlan {
    fn default() -> LoginPlan {
        LoginPlan {
            query: IdentityQuery::default(),
            fetch: vec![FetchKind::Me],
            settings: Settings::default(),
            connection_providers: Vec::new(),
            tokens: TokenSources::default(),
        }
    }
}

/// Everything a login produced.
#[derive(Clone, Debug, PartialEq)]
pub struct LoginOutcome {
    /// How the callback's arguments were shaped.
    pub shape: CallbackShape,
    /// The parsed profile.
    pub profile: Profile,
    /// The identity used (without its token).
    pub identity: Identity,
    /// Which source supplied the provider token.
    pub token_origin: TokenOrigin,
    /// Every token the login involved (provider and Auth0), so that the
    /// result can be scrubbed of them.
    pub secrets: Vec<crate::token::Secret>,
    /// The user at the provider, if fetched.
    pub me: Option<Person>,
    /// Lists fetched, in the order asked.
    pub lists: Vec<(ListKind, Vec<Person>)>,
}

/// The catalogue entry for an identity: by explicit connection binding, by
/// Auth0 provider name, or — for custom `oauth2` connections — by the
/// connection's name.
pub fn catalogue_entry(
    identity: &Identity,
    connection_providers: &[(String, String)],
) -> Result<&'static ProviderSpec> {
    let bound = identity.connection.as_ref().and_then(|connection| {
        connection_providers
            .iter()
            .find(|(name, _)| name == connection)
            .map(|(_, key)| key.as_str())
    });
    // Unbound custom connections find only the catalogue's own custom
    // entries by name: a connection called `github` is not GitHub.
    let by_connection = || {
        (identity.provider == "oauth2")
            .then_some(identity.connection.as_deref())
            .flatten()
            .filter(|connection| providers::CUSTOM_OAUTH2.contains(connection))
            .and_then(providers::find)
    };
    bound
        .and_then(providers::find)
        .or_else(|| providers::find(&identity.provider))
        .or_else(by_connection)
        .ok_or_else(|| {
            let known = providers::CATALOGUE
                .iter()
                .map(|spec| spec.name)
                .collect::<Vec<_>>()
                .join(", ");
            Error::new(
                ErrorCode::UnknownProvider,
                format!(
                    "No catalogue entry for the {} identity. Known: {known}. For a custom \
                     OAuth2 connection, bind its name with `connections`.",
                    identity.label()
                ),
            )
            .with_provider(identity.provider.clone())
        })
}

/// Runs a login whose callback input is classified and whose profile has
/// arrived.
pub async fn complete_login<T: Transport>(
    input: LoginInput,
    plan: &LoginPlan,
    transport: &T,
    progress: &mut dyn FnMut(Progress),
) -> Result<LoginOutcome> {
    let profile_json = input.profile.ok_or_else(|| {
        Error::new(
            ErrorCode::NoIdentities,
            "The login result carries no profile (no `idTokenPayload`); pass the profile from \
             getUserInfo / client.userInfo as well.",
        )
    })?;
    let profile = parse_profile(&profile_json)?;
    let obtained = obtain_token(
        &plan.tokens,
        &TokenRequest {
            profile: &profile,
            profile_json: &profile_json,
            id_token_payload: input.id_token_payload.as_ref(),
            auth0_access_token: input.auth0_access_token.as_ref(),
            query: &plan.query,
        },
        plan.settings.allow_insecure_loopback,
        plan.settings.timeout_ms,
        transport,
    )
    .await?;
    let identity = obtained.identity;
    let secrets: Vec<crate::token::Secret> = [
        Some(obtained.token.clone()),
        input.auth0_access_token.clone(),
        input.id_token.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let spec = catalogue_entry(&identity, &plan.connection_providers)?;
    let client = ProviderClient::new(
        spec,
        obtained.token,
        identity.has_access_token_secret,
        plan.settings.clone(),
        transport,
    )?;

    let mut outcome = LoginOutcome {
        shape: input.shape,
        profile,
        token_origin: obtained.origin,
        secrets,
        identity,
        me: None,
        lists: Vec::new(),
    };
    for kind in &plan.fetch {
        match kind {
            FetchKind::Me => outcome.me = Some(client.me().await?),
            FetchKind::List(list) => {
                let people = client.list(*list, None, progress).await?;
                outcome.lists.push((*list, people));
            }
        }
    }
    Ok(outcome)
}
