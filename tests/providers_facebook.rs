//! Facebook: `me` with its picture, friends paged by `paging.next`, and
//! errors decided by the body's `OAuthException` code rather than the status.

#![cfg(not(target_arch = "wasm32"))]

mod providers_common;
mod support;

use idp_bridge::providers::{facebook::FACEBOOK, ListKind};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use providers_common::{assert_token_only_in_credential, client_for, own_fixture};
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "EAAB-placeholder-facebook-token";

fn friends_page(ids: std::ops::Range<usize>, next: Option<&str>) -> String {
    let data: Vec<serde_json::Value> = ids
        .map(|n| serde_json::json!({"id": format!("10{n:03}"), "name": format!("Friend {n}")}))
        .collect();
    let mut paging = serde_json::json!({"cursors": {"before": "QVFIUmJ", "after": "QVFIUmx"}});
    if let Some(next) = next {
        paging["next"] = next.into();
    }
    serde_json::json!({"data": data, "paging": paging, "summary": {"total_count": 3}}).to_string()
}

#[test]
fn me_reads_id_name_email_and_picture() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("facebook-me.json"));
    let me = block_on(client_for(&FACEBOOK, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "10158000000000001");
    assert_eq!(me.email.as_deref(), Some("sam@example.test"));
    assert!(me
        .picture
        .as_deref()
        .is_some_and(|url| url.contains("profilepic")));
    let url = &transport.urls()[0];
    assert!(
        url.starts_with("https://graph.facebook.com/v22.0/me?fields="),
        "{url}"
    );
    assert!(
        !url.contains("access_token"),
        "Facebook gets the token in the header"
    );
    assert_token_only_in_credential(
        &transport,
        TOKEN,
        &Credential::Bearer(Secret::new(TOKEN).expect("token")),
    );
}

#[test]
fn friends_follow_paging_next_through_an_empty_page() {
    let next2 =
        "https://graph.facebook.com/v22.0/10158000000000001/friends?limit=100&after=QVFIUmx";
    let next3 =
        "https://graph.facebook.com/v22.0/10158000000000001/friends?limit=100&after=QVFIUm2";
    let transport = ScriptedTransport::new()
        .json(200, &friends_page(0..2, Some(next2)))
        .json(200, &friends_page(0..0, Some(next3)))
        .json(200, &friends_page(2..3, None));
    let people = block_on(client_for(&FACEBOOK, TOKEN, &transport).list(
        ListKind::Friends,
        None,
        &mut |_| {},
    ))
    .expect("friends");
    let ids: Vec<&str> = people.iter().map(|person| person.id.as_str()).collect();
    assert_eq!(ids, ["10000", "10001", "10002"]);
    assert_eq!(transport.urls()[1..], [next2.to_owned(), next3.to_owned()]);
}

#[test]
fn an_expired_token_is_a_400_with_code_190() {
    let transport = ScriptedTransport::new().json(400, &own_fixture("facebook-expired-token.json"));
    let error = block_on(client_for(&FACEBOOK, TOKEN, &transport).me()).expect_err("expired");
    assert_eq!(error.code(), ErrorCode::TokenInvalid);
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.reason(), Some("OAuthException 190/463"));
    assert_eq!(transport.sent.borrow().len(), 1, "a 400 is never retried");
}

#[test]
fn permission_and_throttling_codes_map_to_their_codes() {
    let error_body = |code: u32, kind: &str| {
        format!(r#"{{"error":{{"message":"m","type":"{kind}","code":{code},"fbtrace_id":"x"}}}}"#)
    };
    let cases = [
        (
            400,
            error_body(200, "OAuthException"),
            ErrorCode::InsufficientScope,
        ),
        (
            403,
            error_body(10, "OAuthException"),
            ErrorCode::InsufficientScope,
        ),
        (400, error_body(4, "OAuthException"), ErrorCode::RateLimited),
        (
            403,
            error_body(32, "OAuthException"),
            ErrorCode::RateLimited,
        ),
        (
            400,
            error_body(100, "GraphMethodException"),
            ErrorCode::Http,
        ),
        (
            500,
            "<html><body>Sorry, something went wrong.</body></html>".to_owned(),
            ErrorCode::Http,
        ),
    ];
    for (status, body, code) in cases {
        let transport = ScriptedTransport::new().answer(status, &[], &body);
        let error = block_on(client_for(&FACEBOOK, TOKEN, &transport).list(
            ListKind::Friends,
            None,
            &mut |_| {},
        ))
        .expect_err("error");
        assert_eq!(error.code(), code, "{status} {body}");
        assert_eq!(transport.sent.borrow().len(), 1);
    }
}

#[test]
fn a_repeated_next_url_stops_with_paging_loop() {
    let next = "https://graph.facebook.com/v22.0/1/friends?after=same";
    let transport = ScriptedTransport::new()
        .json(200, &friends_page(0..1, Some(next)))
        .json(200, &friends_page(1..2, Some(next)));
    let error = block_on(client_for(&FACEBOOK, TOKEN, &transport).list(
        ListKind::Friends,
        None,
        &mut |_| {},
    ))
    .expect_err("loop");
    assert_eq!(error.code(), ErrorCode::PagingLoop);
    assert_eq!(error.pages_read(), Some(2));
}
