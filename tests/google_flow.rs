//! The whole login path against a scripted Google: request building, paging,
//! retries and error mapping, natively.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use idp_bridge::callback::{classify, CallbackArg};
use idp_bridge::client::{ProviderClient, Settings};
use idp_bridge::http::TransportError;
use idp_bridge::json;
use idp_bridge::login::{complete_login, FetchKind, LoginPlan};
use idp_bridge::providers::{google::GOOGLE, ListKind};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "ya29.placeholder-google-token";

fn profile_args() -> Vec<CallbackArg> {
    let profile = json::parse(&format!(
        r#"{{"user_id":"google-oauth2|100","name":"Ada Placeholder","identities":[
            {{"provider":"auth0","connection":"Username-Password-Authentication","user_id":"1"}},
            {{"provider":"google-oauth2","connection":"google-oauth2","user_id":"100",
              "isSocial":true,"access_token":"{TOKEN}"}}]}}"#
    ))
    .expect("fixture");
    vec![
        CallbackArg::Absent,
        CallbackArg::Value(json::Json::String("eyJ.id-token".into())),
        CallbackArg::Value(profile),
    ]
}

fn page(count: usize, start: usize, next: Option<&str>) -> String {
    let people: Vec<String> = (start..start + count)
        .map(|n| {
            format!(
                r#"{{"resourceName":"people/c{n}","names":[{{"displayName":"Contact {n}"}}],
                   "emailAddresses":[{{"value":"c{n}@example.test"}}]}}"#
            )
        })
        .collect();
    let next = next.map_or(String::new(), |token| {
        format!(r#","nextPageToken":"{token}""#)
    });
    format!(
        r#"{{"connections":[{}]{next},"totalPeople":5}}"#,
        people.join(",")
    )
}

#[test]
fn logs_in_and_pages_all_contacts() {
    let transport = ScriptedTransport::new()
        .json(
            200,
            r#"{"resourceName":"people/100","names":[{"displayName":"Ada Placeholder"}],
                "photos":[{"url":"https://example.test/a.png"}]}"#,
        )
        .json(200, &page(2, 0, Some("p2")))
        // An empty page that still has a token must not end the list.
        .json(200, r#"{"nextPageToken":"p3"}"#)
        .json(200, &page(3, 2, None));

    let plan = LoginPlan {
        fetch: vec![FetchKind::Me, FetchKind::List(ListKind::Contacts)],
        ..LoginPlan::default()
    };
    let input = classify(&profile_args()).expect("documented shape");
    let mut pages_seen = Vec::new();
    let outcome = block_on(complete_login(input, &plan, &transport, &mut |progress| {
        pages_seen.push((progress.pages, progress.items))
    }))
    .expect("login completes");

    assert_eq!(outcome.identity.provider, "google-oauth2");
    assert_eq!(
        outcome.me.as_ref().and_then(|me| me.name.as_deref()),
        Some("Ada Placeholder")
    );
    let contacts = &outcome.lists[0].1;
    let ids: Vec<&str> = contacts.iter().map(|person| person.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "people/c0",
            "people/c1",
            "people/c2",
            "people/c3",
            "people/c4"
        ]
    );
    assert_eq!(pages_seen, [(1, 2), (2, 2), (3, 5)]);

    let urls = transport.urls();
    assert_eq!(
        urls[0],
        "https://people.googleapis.com/v1/people/me?personFields=names%2CemailAddresses%2Cphotos"
    );
    assert!(urls[1].starts_with("https://people.googleapis.com/v1/people/me/connections?"));
    assert!(urls[2].ends_with("&pageToken=p2"));
    assert!(urls[3].ends_with("&pageToken=p3"));
    for sent in transport.sent.borrow().iter() {
        assert_eq!(
            sent.credential,
            Some(Credential::Bearer(Secret::new(TOKEN).expect("token")))
        );
        assert!(!sent.request.url.contains(TOKEN));
        assert!(sent
            .request
            .headers
            .iter()
            .all(|(_, value)| !value.contains(TOKEN)));
    }
}

fn client(transport: &ScriptedTransport) -> ProviderClient<'_, ScriptedTransport> {
    ProviderClient::new(
        &GOOGLE,
        Secret::new(TOKEN).expect("token"),
        false,
        Settings::default(),
        transport,
    )
    .expect("client")
}

#[test]
fn retries_429_and_503_within_the_bound() {
    let transport = ScriptedTransport::new()
        .answer(429, &[("retry-after", "2")], "")
        .answer(503, &[], "<html>busy</html>")
        .json(200, r#"{"resourceName":"people/1"}"#);
    let me = block_on(client(&transport).me()).expect("third try succeeds");
    assert_eq!(me.id, "people/1");
    assert_eq!(*transport.sleeps.borrow(), [2000, 1000]);

    let transport = ScriptedTransport::new()
        .answer(503, &[], "")
        .answer(503, &[], "")
        .answer(503, &[], "");
    let error = block_on(client(&transport).me()).expect_err("retries used up");
    assert_eq!(error.code(), ErrorCode::Http);
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), Some(3));
    assert_eq!(transport.sent.borrow().len(), 3);
}

#[test]
fn maps_statuses_and_bodies_to_codes() {
    let cases: &[(u16, &str, ErrorCode)] = &[
        (
            401,
            r#"{"error":{"code":401,"status":"UNAUTHENTICATED"}}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            403,
            r#"{"error":{"code":403,"details":[{"reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            403,
            r#"{"error":{"code":403,"details":[{"reason":"SERVICE_DISABLED"}]}}"#,
            ErrorCode::ApiNotEnabled,
        ),
        (
            400,
            r#"{"error":{"code":400,"status":"INVALID_ARGUMENT"}}"#,
            ErrorCode::Http,
        ),
        (
            502,
            "<html><body>Bad Gateway</body></html>",
            ErrorCode::Http,
        ),
        (200, "{\"resourceName\":", ErrorCode::BadResponse),
        (200, "", ErrorCode::BadResponse),
        (200, r#"{"names":[]}"#, ErrorCode::BadResponse),
    ];
    for (status, body, code) in cases {
        let transport = ScriptedTransport::new().answer(*status, &[], body);
        let error = block_on(client(&transport).me()).expect_err("error");
        assert_eq!(error.code(), *code, "{status} {body}");
        assert_eq!(transport.sent.borrow().len(), 1, "no retry for {status}");
        assert!(!error.message().contains(TOKEN));
    }
}

#[test]
fn transport_failures_keep_their_meaning() {
    for (failure, code) in [
        (
            TransportError::Network("TypeError".into()),
            ErrorCode::Network,
        ),
        (TransportError::Timeout, ErrorCode::Timeout),
        (TransportError::Aborted, ErrorCode::Aborted),
    ] {
        let transport = ScriptedTransport::new().failure(failure);
        let error = block_on(client(&transport).me()).expect_err("error");
        assert_eq!(error.code(), code);
    }
}

#[test]
fn a_repeating_cursor_stops_with_paging_loop() {
    let transport = ScriptedTransport::new()
        .json(200, &page(1, 0, Some("same")))
        .json(200, &page(1, 1, Some("same")));
    let error =
        block_on(client(&transport).list(ListKind::Contacts, None, &mut |_| {})).expect_err("loop");
    assert_eq!(error.code(), ErrorCode::PagingLoop);
    assert_eq!(error.pages_read(), Some(2));
    assert_eq!(error.items_read(), Some(2));
}

#[test]
fn max_items_stops_early_and_page_cap_refuses_runaways() {
    let transport = ScriptedTransport::new().json(200, &page(3, 0, Some("more")));
    let people = block_on(client(&transport).list(ListKind::Contacts, Some(2), &mut |_| {}))
        .expect("two items");
    assert_eq!(people.len(), 2);
    assert_eq!(transport.sent.borrow().len(), 1);

    let settings = Settings {
        max_pages: 2,
        ..Settings::default()
    };
    let transport = ScriptedTransport::new()
        .json(200, &page(1, 0, Some("a")))
        .json(200, &page(1, 1, Some("b")));
    let client = ProviderClient::new(
        &GOOGLE,
        Secret::new(TOKEN).expect("token"),
        false,
        settings,
        &transport,
    )
    .expect("client");
    let error = block_on(client.list(ListKind::Contacts, None, &mut |_| {})).expect_err("cap");
    assert_eq!(error.code(), ErrorCode::PageLimit);
    assert_eq!(error.pages_read(), Some(2));
}

#[test]
fn endpoints_replace_the_origin_and_loopback_needs_opt_in() {
    let settings = Settings {
        endpoints: vec![("google-oauth2".into(), "http://127.0.0.1:9/".into())],
        ..Settings::default()
    };
    let transport = ScriptedTransport::new();
    let refused = ProviderClient::new(
        &GOOGLE,
        Secret::new(TOKEN).expect("token"),
        false,
        settings.clone(),
        &transport,
    );
    assert_eq!(
        refused.err().map(|e| e.code()),
        Some(ErrorCode::InsecureEndpoint)
    );

    let transport = ScriptedTransport::new().json(200, r#"{"resourceName":"people/1"}"#);
    let client = ProviderClient::new(
        &GOOGLE,
        Secret::new(TOKEN).expect("token"),
        false,
        Settings {
            allow_insecure_loopback: true,
            ..settings
        },
        &transport,
    )
    .expect("allowed");
    block_on(client.me()).expect("me");
    assert!(transport.urls()[0].starts_with("http://127.0.0.1:9/v1/people/me?"));
}

#[test]
fn get_refuses_paths_that_leave_the_origin() {
    let transport = ScriptedTransport::new();
    for path in [
        "@evil.test/x",
        "https://evil.test/",
        "relative",
        "/a b",
        "/a\\b",
        "/v1/../../admin",
        "/v1/%2e%2e/admin",
    ] {
        let error = block_on(client(&transport).get(path, &json::Json::Null)).expect_err("refused");
        assert_eq!(error.code(), ErrorCode::InvalidConfig, "{path}");
    }
    assert!(transport.sent.borrow().is_empty());
}

#[test]
fn get_all_takes_the_one_array_of_an_object_body_and_pages_it() {
    let transport = ScriptedTransport::new()
        .json(200, &page(2, 0, Some("n2")))
        .json(200, &page(1, 2, None));
    let query = json::parse(r#"{"personFields":"names"}"#).expect("args");
    let items = block_on(client(&transport).get_all(
        "/v1/people/me/connections",
        &query,
        None,
        &mut |_| {},
    ))
    .expect("all items");
    assert_eq!(items.len(), 3);
    assert!(transport.urls()[1].ends_with("personFields=names&pageToken=n2"));

    let transport = ScriptedTransport::new().json(200, r#"{"a":[1],"b":[2]}"#);
    let error = block_on(client(&transport).get_all("/x", &json::Json::Null, None, &mut |_| {}))
        .expect_err("two arrays");
    assert_eq!(error.code(), ErrorCode::BadResponse);
}

#[test]
fn a_later_page_with_neither_items_nor_a_cursor_is_refused() {
    let transport = ScriptedTransport::new()
        .json(200, &page(2, 0, Some("p2")))
        .json(200, r#"{"totalPeople":5}"#);
    let error = block_on(client(&transport).list(ListKind::Contacts, None, &mut |_| {}))
        .expect_err("cut short");
    assert_eq!(error.code(), ErrorCode::BadResponse);
    assert_eq!(error.items_read(), Some(2));

    // The first page may be empty without saying so: the user has no contacts.
    let transport = ScriptedTransport::new().json(200, r#"{"totalPeople":0}"#);
    let people = block_on(client(&transport).list(ListKind::Contacts, None, &mut |_| {}))
        .expect("no contacts");
    assert!(people.is_empty());
}
