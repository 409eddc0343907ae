//! Where the provider token comes from.
//!
//! Since August 2016 Auth0 no longer puts identity-provider tokens into the
//! profiles and ID tokens it sends to browsers; its documented way is a
//! backend that reads them from the Management API. So three sources are
//! supported, preferred in this order when several are configured:
//!
//! 1. the app's own **token endpoint** (`tokenEndpoint`), called with the
//!    Auth0 access token as Bearer;
//! 2. a namespaced **custom claim** (`claim`) in the profile or ID token
//!    payload, for tenants that add tokens with a rule or action;
//! 3. the profile's **`identities[]`**, as legacy tenants send them.
//!
//! The token endpoint contract: `POST <tokenEndpoint>` with
//! `Authorization: Bearer <Auth0 access token>` and the JSON body
//! `{"provider": "...", "connection": "..."}` (connection may be absent).
//! It answers 200 with `{"access_token": "...", "expires_in": 3599,
//! "provider": "...", "connection": "...", "user_id": "..."}`, 401 when the
//! Auth0 token is missing or invalid, and 404 when the user has no such
//! linked identity.

use crate::error::{Error, ErrorCode, Result};
use crate::http::{Body, Method, Request, Transport, TransportError};
use crate::identity::{require_token, select_identity, IdentityQuery};
use crate::json::{self, Json};
use crate::profile::{Identity, Profile};
use crate::token::{Credential, Secret};
use crate::url::split_origin;

/// The configured token sources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenSources {
    /// The app backend's token endpoint: a path on the page's origin, or an
    /// absolute URL on an origin listed in `endpoint_origins`.
    pub endpoint: Option<String>,
    /// Extra origins (besides the page's) the endpoint may live on.
    pub endpoint_origins: Vec<String>,
    /// The page's origin, e.g. `https://app.example.test`.
    pub page_origin: Option<String>,
    /// Name of the custom claim holding provider tokens.
    pub claim: Option<String>,
}

/// Which source supplied the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenOrigin {
    /// The app's token endpoint.
    Endpoint,
    /// A custom claim.
    Claim,
    /// The profile's identities.
    Profile,
}

impl TokenOrigin {
    /// The name reported to JavaScript as `tokenSource`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenOrigin::Endpoint => "endpoint",
            TokenOrigin::Claim => "claim",
            TokenOrigin::Profile => "profile",
        }
    }
}

/// A provider token and the identity it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct ObtainedToken {
    /// The identity (its own token field is not relied on).
    pub identity: Identity,
    /// The token.
    pub token: Secret,
    /// Where it came from.
    pub origin: TokenOrigin,
}

/// What the token step needs from the login.
pub struct TokenRequest<'a> {
    /// The parsed profile.
    pub profile: &'a Profile,
    /// The raw profile (for the claim).
    pub profile_json: &'a Json,
    /// The ID token's claims, when the login delivered them.
    pub id_token_payload: Option<&'a Json>,
    /// The Auth0 access token, for the token endpoint.
    pub auth0_access_token: Option<&'a Secret>,
    /// Which identity.
    pub query: &'a IdentityQuery,
}

/// Obtains the provider token from the preferred configured source.
pub async fn obtain_token<T: Transport>(
    sources: &TokenSources,
    request: &TokenRequest<'_>,
    allow_insecure_loopback: bool,
    timeout_ms: u32,
    transport: &T,
) -> Result<ObtainedToken> {
    if let Some(endpoint) = &sources.endpoint {
        let identity = wanted_identity(request)?;
        let url = endpoint_url(sources, endpoint, allow_insecure_loopback)?;
        return from_endpoint(&url, identity, request, timeout_ms, transport).await;
    }
    if let Some(claim) = &sources.claim {
        let identity = wanted_identity(request)?;
        return from_claim(claim, identity, request);
    }
    let identity = select_identity(request.profile, request.query)?;
    let token = require_token(identity)?.clone();
    Ok(ObtainedToken {
        identity: identity.clone(),
        token,
        origin: TokenOrigin::Profile,
    })
}

/// The identity a call would use with these sources, before any token is
/// fetched: for the token endpoint or a claim, the identity to ask a token
/// for; otherwise the profile's identity that carries one.
pub fn identity_for(sources: &TokenSources, request: &TokenRequest<'_>) -> Result<Identity> {
    if sources.endpoint.is_some() || sources.claim.is_some() {
        wanted_identity(request)
    } else {
        let identity = select_identity(request.profile, request.query)?;
        require_token(identity)?;
        Ok(identity.clone())
    }
}

/// The identity to ask a token for: from the profile when it lists
/// identities, else from the query alone (OIDC profiles carry none).
fn wanted_identity(request: &TokenRequest<'_>) -> Result<Identity> {
    if request.profile.identities.is_some() {
        let query = request.query;
        let chosen = if query.provider.is_none() && query.connection.is_none() {
            // Tokens are not in the profile, so "first with a token" cannot
            // apply: take the first identity that is not the database login.
            request
                .profile
                .identities()?
                .iter()
                .find(|identity| identity.provider != "auth0")
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::NoMatchingIdentity,
                        "The profile has no social identity; name the `provider` to use.",
                    )
                })?
        } else {
            select_identity(request.profile, query)?
        };
        return Ok(chosen.clone());
    }
    let provider = request.query.provider.clone().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidConfig,
            "The profile lists no identities, so the `provider` to fetch a token for must be \
             configured.",
        )
    })?;
    Ok(Identity {
        provider,
        connection: request.query.connection.clone(),
        user_id: None,
        is_social: None,
        access_token: None,
        refresh_token: None,
        has_access_token_secret: false,
        expires_in: None,
        profile_data: None,
        extra: Vec::new(),
    })
}

/// Resolves the endpoint and checks the Auth0 token may go there.
fn endpoint_url(
    sources: &TokenSources,
    endpoint: &str,
    allow_insecure_loopback: bool,
) -> Result<String> {
    let refused = |why: &str| {
        Error::new(
            ErrorCode::InsecureEndpoint,
            format!(
                "The `tokenEndpoint` is refused: {why}. The Auth0 access token goes only to \
                     the page's own origin or an origin listed in `tokenEndpointOrigins`."
            ),
        )
    };
    let page = sources
        .page_origin
        .as_deref()
        .and_then(split_origin)
        .map(|(origin, _)| origin);
    let url = if endpoint.starts_with('/') && !endpoint.starts_with("//") {
        let page = page
            .clone()
            .ok_or_else(|| refused("a path needs a page origin"))?;
        format!("{}{endpoint}", page.to_text())
    } else {
        endpoint.to_owned()
    };
    let (origin, rest) =
        split_origin(&url).ok_or_else(|| refused("it is not an absolute http(s) URL"))?;
    if rest.contains('#') {
        return Err(refused("it has a fragment"));
    }
    let allowed = page.as_ref() == Some(&origin)
        || sources
            .endpoint_origins
            .iter()
            .filter_map(|text| split_origin(text).map(|(allowed, _)| allowed))
            .any(|allowed| allowed == origin);
    if !allowed {
        return Err(refused("its origin is neither the page's nor listed"));
    }
    let secure = origin.scheme == "https"
        || (origin.is_loopback() && allow_insecure_loopback)
        || (page.as_ref() == Some(&origin) && origin.is_loopback());
    if !secure {
        return Err(refused("it is plain http"));
    }
    Ok(url)
}

async fn from_endpoint<T: Transport>(
    url: &str,
    identity: Identity,
    request: &TokenRequest<'_>,
    timeout_ms: u32,
    transport: &T,
) -> Result<ObtainedToken> {
    let auth0_token = request.auth0_access_token.ok_or_else(|| {
        Error::new(
            ErrorCode::TokenEndpoint,
            "The token endpoint needs the Auth0 access token, but the login delivered none; use \
             a login style that returns an auth result (Lock 11+, Auth0.js parseHash).",
        )
    })?;

    let mut body = String::from("{\"provider\":");
    json::write_string(&identity.provider, &mut body);
    if let Some(connection) = &identity.connection {
        body.push_str(",\"connection\":");
        json::write_string(connection, &mut body);
    }
    body.push('}');
    let http_request = Request {
        method: Method::Post,
        url: url.to_owned(),
        headers: Vec::new(),
        body: Some(Body::Json(body)),
    };
    let failed = |message: String| {
        Error::new(ErrorCode::TokenEndpoint, message).with_provider(identity.provider.clone())
    };

    let response = transport
        .send(
            &http_request,
            Some(&Credential::Bearer(auth0_token.clone())),
            timeout_ms,
        )
        .await
        .map_err(|error| {
            failed(match error {
                TransportError::Timeout => "The token endpoint did not answer in time.".to_owned(),
                TransportError::Aborted => "The token endpoint call was aborted.".to_owned(),
                TransportError::Network(name) => format!(
                    "The token endpoint could not be reached ({name}); check that the backend runs \
                     and allows this origin."
                ),
                TransportError::TooLarge(_) => {
                    "The token endpoint's answer is too large.".to_owned()
                }
            })
        })?;

    let meaning = match response.status {
        200..=299 => None,
        0 => Some(
            "redirected elsewhere, which is not followed, so the Auth0 token goes nowhere else",
        ),
        401 => Some("refused the Auth0 access token (missing, expired or for another API)"),
        403 => Some("does not allow this user that token"),
        404 => Some("found no such linked identity for this user"),
        _ => Some("failed"),
    };
    if let Some(meaning) = meaning {
        return Err(failed(format!(
            "The token endpoint answered {}: it {meaning}.",
            response.status
        ))
        .with_status(response.status));
    }

    let body = json::parse(&response.body).ok();
    let token = body
        .as_ref()
        .and_then(|body| body.get_any(&["access_token", "accessToken"]))
        .and_then(Json::as_str)
        .and_then(Secret::new)
        .ok_or_else(|| {
            failed("The token endpoint's answer has no `access_token` string.".to_owned())
                .with_status(response.status)
        })?;
    let mut identity = identity;
    if let Some(body) = &body {
        if let Some(id) = body
            .get_any(&["user_id", "userId"])
            .and_then(|id| match id {
                Json::String(text) => Some(text.clone()),
                Json::Number(number) => json::integer_text(*number),
                _ => None,
            })
        {
            identity.user_id = Some(id);
        }
        if let Some(seconds) = body
            .get_any(&["expires_in", "expiresIn"])
            .and_then(Json::as_f64)
        {
            identity.expires_in = Some(seconds);
        }
    }
    identity.access_token = None;
    Ok(ObtainedToken {
        identity,
        token,
        origin: TokenOrigin::Endpoint,
    })
}

/// Reads the token from a claim shaped either as a map (`{"github": "..."}`,
/// keyed by provider or connection) or as a list of identity-like objects
/// (`[{"provider": "github", "access_token": "..."}]`).
fn from_claim(
    claim: &str,
    identity: Identity,
    request: &TokenRequest<'_>,
) -> Result<ObtainedToken> {
    let value = request
        .profile_json
        .get(claim)
        .or_else(|| {
            request
                .id_token_payload
                .and_then(|payload| payload.get(claim))
        })
        .ok_or_else(|| {
            Error::new(
                ErrorCode::MissingIdpToken,
                format!(
                    "Neither the profile nor the ID token has the `{claim}` claim; check the \
                     rule or action that adds it (claims must be namespaced URLs)."
                ),
            )
        })?;

    // A custom `oauth2` identity is named by its connection; any other by
    // its provider, or by a connection name that is not itself another
    // provider's name (so a token for one provider never goes to another).
    let connection = identity.connection.as_deref().filter(|connection| {
        identity.provider == "oauth2"
            || *connection == identity.provider
            || crate::providers::find(connection).is_none()
    });
    let keys: Vec<&str> = if identity.provider == "oauth2" {
        connection.into_iter().collect()
    } else {
        std::iter::once(identity.provider.as_str())
            .chain(connection)
            .collect()
    };
    let token = match value {
        Json::Object(_) => {
            keys.iter()
                .find_map(|key| value.get(key))
                .and_then(|entry| match entry {
                    Json::String(token) => Secret::new(token.as_str()),
                    other => other
                        .get_any(&["access_token", "accessToken"])
                        .and_then(Json::as_str)
                        .and_then(Secret::new),
                })
        }
        Json::Array(entries) => entries
            .iter()
            .find(|entry| {
                let matches = |field: &str, wanted: &str| {
                    entry.get(field).and_then(Json::as_str) == Some(wanted)
                };
                matches("provider", &identity.provider)
                    && identity.connection.as_deref().is_none_or(|connection| {
                        entry.get("connection").is_none() || matches("connection", connection)
                    })
            })
            .and_then(|entry| entry.get_any(&["access_token", "accessToken"]))
            .and_then(Json::as_str)
            .and_then(Secret::new),
        _ => None,
    };
    let token = token.ok_or_else(|| {
        Error::new(
            ErrorCode::MissingIdpToken,
            format!(
                "The `{claim}` claim holds no token for the {} identity.",
                identity.label()
            ),
        )
        .with_provider(identity.provider.clone())
    })?;
    Ok(ObtainedToken {
        identity,
        token,
        origin: TokenOrigin::Claim,
    })
}
