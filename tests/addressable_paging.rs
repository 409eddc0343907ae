//! Page-addressable lists (GitHub's `rel="last"`): the numbered pages are
//! fetched a few at a time and come back complete and in order.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use idp_bridge::client::{ProviderClient, Settings};
use idp_bridge::providers::{github::GITHUB, ListKind};
use idp_bridge::token::Secret;
use idp_bridge::ErrorCode;
use support::{block_on, ScriptedTransport};

const BASE: &str = "https://api.github.com/user/followers?per_page=2";

fn link(next: u32, last: u32) -> String {
    format!(r#"<{BASE}&page={next}>; rel="next", <{BASE}&page={last}>; rel="last""#)
}

fn followers(ids: &[u32]) -> String {
    let users: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":{id},"login":"user{id}"}}"#))
        .collect();
    format!("[{}]", users.join(","))
}

fn client<'t>(
    transport: &'t ScriptedTransport,
    settings: Settings,
) -> ProviderClient<'t, ScriptedTransport> {
    ProviderClient::new(
        &GITHUB,
        Secret::new("gho_placeholder").expect("token"),
        false,
        settings,
        transport,
    )
    .expect("client")
}

#[test]
fn numbered_pages_come_back_complete_and_in_order() {
    let transport = ScriptedTransport::new()
        .answer(200, &[("link", &link(2, 4))], &followers(&[1, 2]))
        .answer(200, &[("link", &link(3, 4))], &followers(&[3, 4]))
        .answer(200, &[("link", &link(4, 4))], &followers(&[5, 6]))
        .answer(200, &[], &followers(&[7]));
    let mut reports = Vec::new();
    let people = block_on(client(&transport, Settings::default()).list(
        ListKind::Followers,
        None,
        &mut |progress| reports.push(progress.pages),
    ))
    .expect("all pages");
    let ids: Vec<&str> = people.iter().map(|person| person.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7"]);
    assert_eq!(reports, [1, 2, 3, 4]);
    let urls = transport.urls();
    assert!(urls[1].ends_with("per_page=2&page=2"));
    assert!(urls[3].ends_with("per_page=2&page=4"));
}

#[test]
fn a_list_that_grew_is_followed_past_its_last_page() {
    let transport = ScriptedTransport::new()
        .answer(200, &[("link", &link(2, 2))], &followers(&[1, 2]))
        .answer(200, &[("link", &link(3, 3))], &followers(&[3, 4]))
        .answer(200, &[], &followers(&[5]));
    let people = block_on(client(&transport, Settings::default()).list(
        ListKind::Followers,
        None,
        &mut |_| {},
    ))
    .expect("all pages");
    assert_eq!(people.len(), 5);
}

#[test]
fn max_items_fetches_only_the_pages_needed() {
    let transport = ScriptedTransport::new()
        .answer(200, &[("link", &link(2, 50))], &followers(&[1, 2]))
        .answer(200, &[("link", &link(3, 50))], &followers(&[3, 4]))
        .answer(200, &[("link", &link(4, 50))], &followers(&[5, 6]));
    let people = block_on(client(&transport, Settings::default()).list(
        ListKind::Followers,
        Some(5),
        &mut |_| {},
    ))
    .expect("five");
    assert_eq!(people.len(), 5);
    assert_eq!(transport.sent.borrow().len(), 3);
}

#[test]
fn a_failing_page_fails_the_list_with_progress() {
    let transport = ScriptedTransport::new()
        .answer(200, &[("link", &link(2, 3))], &followers(&[1, 2]))
        .answer(200, &[("link", &link(3, 3))], &followers(&[3, 4]))
        .answer(401, &[], r#"{"message":"Bad credentials"}"#);
    let error = block_on(client(&transport, Settings::default()).list(
        ListKind::Followers,
        None,
        &mut |_| {},
    ))
    .expect_err("page 3 fails");
    assert_eq!(error.code(), ErrorCode::TokenInvalid);
    assert_eq!(error.pages_read(), Some(1));
}

#[test]
fn concurrency_one_pages_sequentially_with_the_same_result() {
    let transport = ScriptedTransport::new()
        .answer(200, &[("link", &link(2, 3))], &followers(&[1, 2]))
        .answer(200, &[("link", &link(3, 3))], &followers(&[3, 4]))
        .answer(200, &[], &followers(&[5]));
    let settings = Settings {
        page_concurrency: 1,
        ..Settings::default()
    };
    let people =
        block_on(client(&transport, settings).list(ListKind::Followers, None, &mut |_| {}))
            .expect("all");
    assert_eq!(people.len(), 5);
}
