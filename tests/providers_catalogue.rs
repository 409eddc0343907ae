//! The catalogue as a whole: every entry well formed, refused providers
//! refused before any request (unless proxied), OAuth 1 identities refused,
//! and custom `oauth2` connections bound to their entry.

#![cfg(not(target_arch = "wasm32"))]

mod providers_common;
mod support;

use idp_bridge::callback::{classify, CallbackArg};
use idp_bridge::client::{ProviderClient, Settings};
use idp_bridge::json;
use idp_bridge::login::{complete_login, FetchKind, LoginPlan};
use idp_bridge::providers::{
    self, github::GITHUB, linkedin::LINKEDIN, twitter::TWITTER, BrowserSupport, CATALOGUE,
};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use providers_common::own_fixture;
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "placeholder-catalogue-token";

#[test]
fn every_entry_is_well_formed_and_findable() {
    let mut names = Vec::new();
    for spec in CATALOGUE {
        assert!(spec.origin.starts_with("https://"), "{}", spec.name);
        assert!(spec.docs.starts_with("https://"), "{}", spec.name);
        assert!(spec.me.path.starts_with('/'), "{}", spec.name);
        assert!(!names.contains(&spec.name), "duplicate {}", spec.name);
        names.push(spec.name);
        assert_eq!(
            providers::find(spec.name).map(|found| found.name),
            Some(spec.name)
        );
    }
    for wanted in [
        "google-oauth2",
        "github",
        "windowslive",
        "facebook",
        "dropbox",
        "spotify",
        "bitbucket",
        "slack",
        "linkedin",
        "twitter",
    ] {
        assert!(names.contains(&wanted), "no entry {wanted}");
    }
    let refused: Vec<&str> = CATALOGUE
        .iter()
        .filter(|spec| matches!(spec.browser, BrowserSupport::Refused(_)))
        .map(|spec| spec.name)
        .collect();
    assert_eq!(refused, ["linkedin", "twitter"]);
}

#[test]
fn refused_providers_fail_before_any_request_unless_proxied() {
    for spec in [&LINKEDIN, &TWITTER] {
        let transport = ScriptedTransport::new();
        let refused = ProviderClient::new(
            spec,
            Secret::new(TOKEN).expect("token"),
            false,
            Settings::default(),
            &transport,
        );
        let error = refused.err().expect("refused");
        assert_eq!(
            error.code(),
            ErrorCode::UnsupportedInBrowser,
            "{}",
            spec.name
        );
        assert!(error.message().contains("endpoints"), "says how to proxy");
        assert!(transport.sent.borrow().is_empty());

        let proxied = Settings {
            endpoints: vec![(
                spec.name.to_owned(),
                "https://proxy.example.test/idp".to_owned(),
            )],
            ..Settings::default()
        };
        let transport = ScriptedTransport::new().json(
            200,
            r#"{"sub":"abc","name":"P","data":{"id":"abc","name":"P"}}"#,
        );
        let client = ProviderClient::new(
            spec,
            Secret::new(TOKEN).expect("token"),
            false,
            proxied,
            &transport,
        )
        .expect("a proxy makes it callable");
        let me = block_on(client.me()).expect("me through the proxy");
        assert_eq!(me.id, "abc");
        assert!(transport.urls()[0].starts_with("https://proxy.example.test/idp/"));
    }
}

#[test]
fn oauth1_identities_are_refused_on_callable_providers() {
    let transport = ScriptedTransport::new();
    let refused = ProviderClient::new(
        &GITHUB,
        Secret::new(TOKEN).expect("token"),
        true,
        Settings::default(),
        &transport,
    );
    assert_eq!(
        refused.err().map(|e| e.code()),
        Some(ErrorCode::UnsupportedInBrowser)
    );
}

fn login_args(identity: &str) -> Vec<CallbackArg> {
    let profile = json::parse(&format!(
        r#"{{"user_id":"oauth2|x|1","identities":[{identity}]}}"#
    ))
    .expect("profile");
    vec![CallbackArg::Absent, CallbackArg::Value(profile)]
}

#[test]
fn custom_oauth2_connections_bind_by_name_or_by_configuration() {
    let spotify = format!(
        r#"{{"provider":"oauth2","connection":"spotify","user_id":"robin","access_token":"{TOKEN}"}}"#
    );
    let transport = ScriptedTransport::new().json(200, &own_fixture("spotify-me.json"));
    let input = classify(&login_args(&spotify)).expect("shape");
    let outcome = block_on(complete_login(
        input,
        &LoginPlan::default(),
        &transport,
        &mut |_| {},
    ))
    .expect("login");
    assert_eq!(
        outcome.me.map(|me| me.id).as_deref(),
        Some("robinplaceholder")
    );
    assert_eq!(transport.urls(), ["https://api.spotify.com/v1/me"]);

    let slack = format!(
        r#"{{"provider":"oauth2","connection":"corp-slack","user_id":"U1","access_token":"{TOKEN}"}}"#
    );
    let plan = LoginPlan {
        fetch: vec![FetchKind::Me],
        connection_providers: vec![("corp-slack".to_owned(), "slack".to_owned())],
        ..LoginPlan::default()
    };
    let transport = ScriptedTransport::new().json(200, &own_fixture("slack-identity.json"));
    let input = classify(&login_args(&slack)).expect("shape");
    block_on(complete_login(input, &plan, &transport, &mut |_| {})).expect("login");
    let sent = transport.sent.borrow();
    assert_eq!(sent[0].request.url, "https://slack.com/api/users.identity");
    assert_eq!(
        sent[0].credential,
        Some(Credential::FormField {
            name: "token",
            token: Secret::new(TOKEN).expect("token"),
        })
    );
    drop(sent);

    let unbound = slack.replace("corp-slack", "other-oauth");
    let input = classify(&login_args(&unbound)).expect("shape");
    let error = block_on(complete_login(
        input,
        &LoginPlan::default(),
        &ScriptedTransport::new(),
        &mut |_| {},
    ))
    .expect_err("unknown");
    assert_eq!(error.code(), ErrorCode::UnknownProvider);
}
