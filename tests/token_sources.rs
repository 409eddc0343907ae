//! The three token sources and their order of preference, natively.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use idp_bridge::http::Body;
use idp_bridge::identity::IdentityQuery;
use idp_bridge::json;
use idp_bridge::profile::parse_profile;
use idp_bridge::token::{Credential, Secret};
use idp_bridge::token_source::{obtain_token, TokenOrigin, TokenRequest, TokenSources};
use idp_bridge::ErrorCode;
use support::{block_on, ScriptedTransport};

const AUTH0_TOKEN: &str = "auth0-access-placeholder";

fn github_query() -> IdentityQuery {
    IdentityQuery {
        provider: Some("github".into()),
        connection: None,
        user_id: None,
    }
}

fn run(
    sources: &TokenSources,
    profile_text: &str,
    transport: &ScriptedTransport,
    auth0_token: Option<&str>,
) -> idp_bridge::error::Result<idp_bridge::token_source::ObtainedToken> {
    let profile_json = json::parse(profile_text).expect("fixture");
    let profile = parse_profile(&profile_json).expect("profile");
    let auth0 = auth0_token.and_then(Secret::new);
    let query = github_query();
    block_on(obtain_token(
        sources,
        &TokenRequest {
            profile: &profile,
            profile_json: &profile_json,
            id_token_payload: None,
            auth0_access_token: auth0.as_ref(),
            query: &query,
        },
        false,
        5000,
        transport,
    ))
}

const NO_TOKENS: &str = r#"{"user_id":"github|7","identities":[
    {"provider":"github","connection":"github","user_id":7}]}"#;
const OIDC: &str = r#"{"sub":"github|7","name":"No Identities"}"#;

fn endpoint(path: &str) -> TokenSources {
    TokenSources {
        endpoint: Some(path.into()),
        page_origin: Some("https://app.example.test".into()),
        ..TokenSources::default()
    }
}

#[test]
fn the_endpoint_gets_the_auth0_token_and_the_identity_wanted() {
    let transport = ScriptedTransport::new().json(
        200,
        r#"{"access_token":"gho_from_backend","expires_in":3599,"user_id":7}"#,
    );
    let obtained = run(
        &endpoint("/api/idp-token"),
        NO_TOKENS,
        &transport,
        Some(AUTH0_TOKEN),
    )
    .expect("token");
    assert_eq!(obtained.origin, TokenOrigin::Endpoint);
    assert_eq!(obtained.token.expose(), "gho_from_backend");
    assert_eq!(obtained.identity.user_id.as_deref(), Some("7"));

    let sent = &transport.sent.borrow()[0];
    assert_eq!(sent.request.url, "https://app.example.test/api/idp-token");
    assert_eq!(
        sent.request.body,
        Some(Body::Json(
            r#"{"provider":"github","connection":"github"}"#.into()
        ))
    );
    assert_eq!(
        sent.credential,
        Some(Credential::Bearer(Secret::new(AUTH0_TOKEN).expect("token")))
    );
}

#[test]
fn the_endpoint_works_for_oidc_profiles_without_identities() {
    let transport = ScriptedTransport::new().json(200, r#"{"access_token":"gho_x"}"#);
    let obtained = run(&endpoint("/t"), OIDC, &transport, Some(AUTH0_TOKEN)).expect("token");
    assert_eq!(obtained.identity.provider, "github");
}

#[test]
fn endpoint_refusals_become_token_endpoint_errors() {
    for status in [401, 403, 404, 500] {
        let transport = ScriptedTransport::new().json(status, r#"{"error":"nope"}"#);
        let error =
            run(&endpoint("/t"), NO_TOKENS, &transport, Some(AUTH0_TOKEN)).expect_err("refused");
        assert_eq!(error.code(), ErrorCode::TokenEndpoint);
        assert_eq!(error.status(), Some(status));
    }
    let transport = ScriptedTransport::new();
    let error = run(&endpoint("/t"), NO_TOKENS, &transport, None).expect_err("no auth0 token");
    assert_eq!(error.code(), ErrorCode::TokenEndpoint);
    assert!(transport.sent.borrow().is_empty());
}

#[test]
fn the_auth0_token_goes_only_to_allowed_origins() {
    let transport = ScriptedTransport::new();
    for (url, origins) in [
        ("https://evil.test/t", vec![]),
        (
            "http://backend.example.test/t",
            vec!["http://backend.example.test".to_owned()],
        ),
        ("//evil.test/t", vec![]),
    ] {
        let sources = TokenSources {
            endpoint_origins: origins,
            ..endpoint(url)
        };
        let error = run(&sources, NO_TOKENS, &transport, Some(AUTH0_TOKEN)).expect_err("refused");
        assert_eq!(error.code(), ErrorCode::InsecureEndpoint, "{url}");
    }
    assert!(transport.sent.borrow().is_empty());

    let transport = ScriptedTransport::new().json(200, r#"{"access_token":"t1"}"#);
    let sources = TokenSources {
        endpoint_origins: vec!["https://api.example.test".into()],
        ..endpoint("https://api.example.test/idp-token")
    };
    run(&sources, NO_TOKENS, &transport, Some(AUTH0_TOKEN)).expect("listed origin");
}

#[test]
fn claims_may_be_maps_or_lists() {
    let transport = ScriptedTransport::new();
    let claim = "https://app.example.test/idp_tokens";
    let sources = TokenSources {
        claim: Some(claim.into()),
        ..TokenSources::default()
    };
    for value in [
        r#"{"github":"gho_claim"}"#,
        r#"{"github":{"access_token":"gho_claim"}}"#,
        r#"[{"provider":"google-oauth2","access_token":"other"},
            {"provider":"github","connection":"github","access_token":"gho_claim"}]"#,
    ] {
        let profile = format!(
            r#"{{"user_id":"github|7","identities":[{{"provider":"github","connection":"github"}}],
                "{claim}":{value}}}"#
        );
        let obtained = run(&sources, &profile, &transport, None).expect("claim");
        assert_eq!(obtained.origin, TokenOrigin::Claim);
        assert_eq!(obtained.token.expose(), "gho_claim", "{value}");
    }
    let error = run(&sources, NO_TOKENS, &transport, None).expect_err("no claim");
    assert_eq!(error.code(), ErrorCode::MissingIdpToken);
}

#[test]
fn the_endpoint_is_preferred_over_claim_and_profile() {
    let transport = ScriptedTransport::new().json(200, r#"{"access_token":"from_endpoint"}"#);
    let sources = TokenSources {
        claim: Some("https://app.example.test/t".into()),
        ..endpoint("/t")
    };
    let profile = r#"{"identities":[{"provider":"github","access_token":"from_profile"}],
        "https://app.example.test/t":{"github":"from_claim"}}"#;
    let obtained = run(&sources, profile, &transport, Some(AUTH0_TOKEN)).expect("token");
    assert_eq!(obtained.token.expose(), "from_endpoint");

    let obtained = run(&TokenSources::default(), profile, &transport, None).expect("profile");
    assert_eq!(obtained.origin, TokenOrigin::Profile);
    assert_eq!(obtained.token.expose(), "from_profile");
}
