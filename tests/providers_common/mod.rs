//! Shared by the provider tests: reading fixtures that providers publish in
//! npm packages (installed as dev dependencies), and building a client for a
//! catalogue entry over a scripted transport.

#![allow(dead_code)]

use std::path::PathBuf;

use idp_bridge::client::{ProviderClient, Settings};
use idp_bridge::providers::ProviderSpec;
use idp_bridge::token::{Credential, Secret};

use crate::support::ScriptedTransport;

/// The text of a file inside `node_modules/`. Fails the test, never skips
/// it, when the packages are not installed.
pub fn npm_file(relative: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "node_modules", relative]
        .iter()
        .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read the provider fixture {} ({error}). The fixtures come from the npm dev \
             dependencies: run `npm ci` in the repository root first.",
            path.display()
        )
    })
}

/// A file inside `node_modules/`, parsed with serde_json.
pub fn npm_json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&npm_file(relative))
        .unwrap_or_else(|error| panic!("node_modules/{relative} is not JSON: {error}"))
}

/// A hand-written fixture from `tests/fixtures/providers/`.
pub fn own_fixture(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "providers",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// A client for `spec` with `token` and default settings.
pub fn client_for<'t>(
    spec: &'static ProviderSpec,
    token: &str,
    transport: &'t ScriptedTransport,
) -> ProviderClient<'t, ScriptedTransport> {
    ProviderClient::new(
        spec,
        Secret::new(token).expect("token"),
        false,
        Settings::default(),
        transport,
    )
    .expect("client")
}

/// Asserts the token was only ever attached as `expected` and never written
/// into a URL, a header or a body.
pub fn assert_token_only_in_credential(
    transport: &ScriptedTransport,
    token: &str,
    expected: &Credential,
) {
    for sent in transport.sent.borrow().iter() {
        assert_eq!(
            sent.credential.as_ref(),
            Some(expected),
            "{}",
            sent.request.url
        );
        assert!(!sent.request.url.contains(token), "token in URL");
        assert!(
            sent.request
                .headers
                .iter()
                .all(|(_, value)| !value.contains(token)),
            "token in a header"
        );
        let body = format!("{:?}", sent.request.body);
        assert!(!body.contains(token), "token in the body");
    }
}

/// Headers of a recorded exchange as (name, value) pairs; numbers become text.
pub fn recorded_headers(exchange: &serde_json::Value) -> Vec<(String, String)> {
    exchange["headers"]
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, value)| {
                    let text = match value {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    (name.to_ascii_lowercase(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}
