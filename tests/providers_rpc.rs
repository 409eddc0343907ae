//! Dropbox, Spotify, Bitbucket and Slack: request building (POST bodies,
//! form tokens), normalization, paging and each one's error bodies.

#![cfg(not(target_arch = "wasm32"))]

mod providers_common;
mod support;

use idp_bridge::api_base::ApiBase;
use idp_bridge::http::{Body, Method, Request, Response};
use idp_bridge::json;
use idp_bridge::paging::{next_page, NextPage};
use idp_bridge::providers::{
    bitbucket::BITBUCKET, dropbox::DROPBOX, slack::SLACK, spotify::SPOTIFY, ListKind,
};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use providers_common::{assert_token_only_in_credential, client_for, own_fixture};
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "placeholder-provider-token-0001";

fn bearer() -> Credential {
    Credential::Bearer(Secret::new(TOKEN).expect("token"))
}

#[test]
fn dropbox_me_is_a_post_with_a_null_json_body() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("dropbox-account.json"));
    let me = block_on(client_for(&DROPBOX, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc");
    assert_eq!(me.name.as_deref(), Some("Franz Placeholder"));
    assert_eq!(me.email.as_deref(), Some("franz@example.test"));
    assert!(me.picture.is_some());

    let sent = transport.sent.borrow();
    assert_eq!(sent[0].request.method, Method::Post);
    assert_eq!(
        sent[0].request.url,
        "https://api.dropboxapi.com/2/users/get_current_account"
    );
    assert_eq!(sent[0].request.body, Some(Body::Json("null".to_owned())));
    drop(sent);
    assert_token_only_in_credential(&transport, TOKEN, &bearer());
}

#[test]
fn dropbox_tells_a_missing_scope_from_an_expired_token_inside_401() {
    let cases = [
        (
            r#"{"error_summary":"missing_scope/..","error":{".tag":"missing_scope","required_scope":"account_info.read"}}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            r#"{"error_summary":"expired_access_token/..","error":{".tag":"expired_access_token"}}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            r#"{"error_summary":"invalid_access_token/..","error":{".tag":"invalid_access_token"}}"#,
            ErrorCode::TokenInvalid,
        ),
    ];
    for (body, code) in cases {
        let transport = ScriptedTransport::new().json(401, body);
        let error = block_on(client_for(&DROPBOX, TOKEN, &transport).me()).expect_err("401");
        assert_eq!(error.code(), code, "{body}");
        assert_eq!(transport.sent.borrow().len(), 1);
    }
    // A 400 from Dropbox is plain text about the call, not JSON.
    let transport = ScriptedTransport::new().answer(
        400,
        &[("content-type", "text/plain; charset=utf-8")],
        "Error in call to API function \"users/get_current_account\": request body: could not decode input as JSON",
    );
    let error = block_on(client_for(&DROPBOX, TOKEN, &transport).me()).expect_err("400");
    assert_eq!(error.code(), ErrorCode::Http);
    assert_eq!(error.status(), Some(400));
}

#[test]
fn dropbox_offers_no_lists() {
    let transport = ScriptedTransport::new();
    let error = block_on(client_for(&DROPBOX, TOKEN, &transport).list(
        ListKind::Contacts,
        None,
        &mut |_| {},
    ))
    .expect_err("no lists");
    assert_eq!(error.code(), ErrorCode::UnsupportedOperation);
    assert!(transport.sent.borrow().is_empty());
}

#[test]
fn spotify_me_and_followed_artists_by_next_url() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("spotify-me.json"));
    let me = block_on(client_for(&SPOTIFY, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "robinplaceholder");
    assert_eq!(
        me.picture.as_deref(),
        Some("https://i.scdn.test/image/ab6775700000ee85")
    );

    let page = |ids: std::ops::Range<usize>, next: Option<&str>| {
        let items: Vec<serde_json::Value> = ids
            .map(|n| {
                serde_json::json!({"id": format!("artist{n}"), "name": format!("Artist {n}"),
                "images": [], "type": "artist"})
            })
            .collect();
        serde_json::json!({"artists": {"items": items, "next": next, "total": 3, "limit": 50,
            "cursors": {"after": next.map(|_| "artist1")},
            "href": "https://api.spotify.com/v1/me/following?type=artist&limit=50"}})
        .to_string()
    };
    let next = "https://api.spotify.com/v1/me/following?type=artist&limit=50&after=artist1";
    let transport = ScriptedTransport::new()
        .json(200, &page(0..2, Some(next)))
        .json(200, &page(2..3, None));
    let artists = block_on(client_for(&SPOTIFY, TOKEN, &transport).list(
        ListKind::Following,
        None,
        &mut |_| {},
    ))
    .expect("artists");
    let ids: Vec<&str> = artists.iter().map(|artist| artist.id.as_str()).collect();
    assert_eq!(ids, ["artist0", "artist1", "artist2"]);
    assert_eq!(artists[0].picture, None);
    assert_eq!(
        transport.urls(),
        [
            "https://api.spotify.com/v1/me/following?type=artist&limit=50",
            next
        ]
    );
    assert_token_only_in_credential(&transport, TOKEN, &bearer());
}

#[test]
fn spotify_errors() {
    let cases = [
        (
            401,
            r#"{"error":{"status":401,"message":"The access token expired"}}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            403,
            r#"{"error":{"status":403,"message":"Insufficient client scope"}}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            403,
            r#"{"error":{"status":403,"message":"Forbidden."}}"#,
            ErrorCode::Http,
        ),
    ];
    for (status, body, code) in cases {
        let transport = ScriptedTransport::new().json(status, body);
        let error = block_on(client_for(&SPOTIFY, TOKEN, &transport).me()).expect_err("error");
        assert_eq!(error.code(), code, "{body}");
    }
}

#[test]
fn bitbucket_user_and_get_all_over_values_and_next() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("bitbucket-user.json"));
    let me = block_on(client_for(&BITBUCKET, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "{9b1c3f5e-0000-4000-8000-000000000001}");
    assert_eq!(me.name.as_deref(), Some("Kim Placeholder"));
    assert!(me.picture.is_some());
    assert_eq!(transport.urls(), ["https://api.bitbucket.org/2.0/user"]);

    let next = "https://api.bitbucket.org/2.0/repositories?role=member&page=2";
    let transport = ScriptedTransport::new()
        .json(200, &format!(r#"{{"pagelen":2,"values":[{{"slug":"a"}},{{"slug":"b"}}],"page":1,"next":"{next}"}}"#))
        .json(200, r#"{"pagelen":2,"values":[{"slug":"c"}],"page":2}"#);
    let query = idp_bridge::json::parse(r#"{"role":"member"}"#).expect("args");
    let repositories = block_on(client_for(&BITBUCKET, TOKEN, &transport).get_all(
        "/2.0/repositories",
        &query,
        None,
        &mut |_| {},
    ))
    .expect("repositories");
    assert_eq!(repositories.len(), 3);
    assert_eq!(transport.urls()[1], next);
}

#[test]
fn bitbucket_scope_errors_name_the_required_scopes() {
    let body = r#"{"type":"error","error":{"message":"Your credentials lack one or more required privilege scopes.","detail":{"granted":["account"],"required":["repository"]}}}"#;
    let transport = ScriptedTransport::new().json(403, body);
    let error = block_on(client_for(&BITBUCKET, TOKEN, &transport).me()).expect_err("scope");
    assert_eq!(error.code(), ErrorCode::InsufficientScope);
    assert!(
        error.message().contains("repository"),
        "{}",
        error.message()
    );

    let transport = ScriptedTransport::new().json(
        401,
        r#"{"type":"error","error":{"message":"Access token expired."}}"#,
    );
    let error = block_on(client_for(&BITBUCKET, TOKEN, &transport).me()).expect_err("401");
    assert_eq!(error.code(), ErrorCode::TokenInvalid);
}

#[test]
fn slack_sends_the_token_as_a_form_field_of_a_post() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("slack-identity.json"));
    let me = block_on(client_for(&SLACK, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "U0G9QF9C6");
    assert_eq!(me.email.as_deref(), Some("sonny@example.test"));
    assert_eq!(
        me.picture.as_deref(),
        Some("https://cdn.slack.test/sonny_192.jpg")
    );

    let sent = transport.sent.borrow();
    assert_eq!(sent[0].request.method, Method::Post);
    assert_eq!(sent[0].request.url, "https://slack.com/api/users.identity");
    assert!(
        sent[0].request.headers.is_empty(),
        "no Authorization header: Slack's preflight refuses it"
    );
    drop(sent);
    assert_token_only_in_credential(
        &transport,
        TOKEN,
        &Credential::FormField {
            name: "token",
            token: Secret::new(TOKEN).expect("token"),
        },
    );
}

#[test]
fn slack_errors_arrive_with_200_and_ok_false() {
    let cases = [
        (
            200,
            r#"{"ok":false,"error":"invalid_auth"}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            200,
            r#"{"ok":false,"error":"token_revoked"}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            200,
            r#"{"ok":false,"error":"missing_scope","needed":"identity.basic","provided":"identify"}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            200,
            r#"{"ok":false,"error":"invalid_cursor"}"#,
            ErrorCode::Http,
        ),
    ];
    for (status, body, code) in cases {
        let transport = ScriptedTransport::new().json(status, body);
        let error = block_on(client_for(&SLACK, TOKEN, &transport).me()).expect_err("error");
        assert_eq!(error.code(), code, "{body}");
        assert_eq!(error.status(), Some(200));
        assert!(error.reason().is_some());
    }
    let transport = ScriptedTransport::new()
        .answer(429, &[("retry-after", "1")], "")
        .json(200, &own_fixture("slack-identity.json"));
    block_on(client_for(&SLACK, TOKEN, &transport).me()).expect("retried");
    assert_eq!(*transport.sleeps.borrow(), [1000]);
}

#[test]
fn slack_cursors_go_back_in_the_form_body() {
    let base = ApiBase::resolve("slack", SLACK.origin, None, false).expect("base");
    let first = Request {
        method: Method::Post,
        url: "https://slack.com/api/users.list".to_owned(),
        headers: Vec::new(),
        body: Some(Body::Form("limit=200".to_owned())),
    };
    let response = Response {
        status: 200,
        headers: Vec::new(),
        body: String::new(),
    };
    let body = json::parse(
        r#"{"ok":true,"members":[],"response_metadata":{"next_cursor":"dXNlcjpVMEc5V0ZYTlo="}}"#,
    )
    .expect("json");
    let NextPage::Next { request, cursor } =
        next_page(&SLACK.default_paging, &first, &response, &body, &base).expect("next")
    else {
        panic!("a cursor continues the list");
    };
    assert_eq!(cursor, "dXNlcjpVMEc5V0ZYTlo=");
    assert_eq!(request.url, first.url);
    assert_eq!(
        request.body,
        Some(Body::Form(
            "limit=200&cursor=dXNlcjpVMEc5V0ZYTlo%3D".to_owned()
        ))
    );
    let last = json::parse(r#"{"ok":true,"members":[],"response_metadata":{"next_cursor":""}}"#)
        .expect("json");
    assert_eq!(
        next_page(&SLACK.default_paging, &first, &response, &last, &base),
        Ok(NextPage::Done)
    );
}

#[test]
fn dropbox_get_all_posts_its_arguments_and_continues_with_the_cursor() {
    let transport = ScriptedTransport::new()
        .json(
            200,
            r#"{"entries":[{"name":"a"},{"name":"b"}],"cursor":"c1","has_more":true}"#,
        )
        .json(200, r#"{"entries":[],"cursor":"c2","has_more":true}"#)
        .json(
            200,
            r#"{"entries":[{"name":"c"}],"cursor":"c3","has_more":false}"#,
        );
    let args = json::parse(r#"{"path":"","recursive":false,"limit":2}"#).expect("args");
    let entries = block_on(client_for(&DROPBOX, TOKEN, &transport).get_all(
        "/2/files/list_folder",
        &args,
        None,
        &mut |_| {},
    ))
    .expect("every page");
    assert_eq!(entries.len(), 3);

    let sent = transport.sent.borrow();
    assert_eq!(sent[0].request.method, Method::Post);
    assert_eq!(
        sent[0].request.url,
        "https://api.dropboxapi.com/2/files/list_folder"
    );
    assert_eq!(
        sent[0].request.body,
        Some(Body::Json(
            r#"{"path":"","recursive":false,"limit":2}"#.to_owned()
        ))
    );
    assert_eq!(
        sent[1].request.url,
        "https://api.dropboxapi.com/2/files/list_folder/continue"
    );
    assert_eq!(
        sent[2].request.body,
        Some(Body::Json(r#"{"cursor":"c2"}"#.to_owned()))
    );
}
