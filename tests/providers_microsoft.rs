//! Microsoft Graph: shapes checked against `@microsoft/microsoft-graph-types`,
//! paging by `@odata.nextLink`, and Graph's error bodies.

#![cfg(not(target_arch = "wasm32"))]

mod providers_common;
mod support;

use idp_bridge::providers::{microsoft::MICROSOFT, ListKind};
use idp_bridge::token::{Credential, Secret};
use idp_bridge::ErrorCode;
use providers_common::{assert_token_only_in_credential, client_for, npm_file, own_fixture};
use support::{block_on, ScriptedTransport};

const TOKEN: &str = "EwBwA8l6BAAU-placeholder-graph-token";
const GRAPH_TYPES: &str = "@microsoft/microsoft-graph-types/microsoft-graph.d.ts";

/// The properties of a TypeScript interface in the Graph typings, its
/// `extends` chain included.
fn properties(typings: &str, name: &str) -> Vec<String> {
    let header = format!("export interface {name} ");
    let start = typings
        .find(&header)
        .unwrap_or_else(|| panic!("the Graph typings have no interface {name}"));
    let block = &typings[start..];
    let end = block.find("\n}").unwrap_or(block.len());
    let block = &block[..end];
    let mut names: Vec<String> = block
        .lines()
        .skip(1)
        .filter_map(|line| line.strip_prefix("    "))
        .filter_map(|line| {
            line.split_once("?:")
                .map(|(name, _)| name.trim().to_owned())
        })
        .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    let first_line = block.lines().next().unwrap_or_default();
    if let Some((_, parent)) = first_line.split_once(" extends ") {
        let parent = parent.trim_end_matches('{').trim();
        names.extend(properties(typings, parent));
    }
    names
}

fn assert_keys_are_properties(fixture: &str, typings: &str, interface: &str) {
    let value: serde_json::Value = serde_json::from_str(fixture).expect("json");
    let known = properties(typings, interface);
    for key in value.as_object().expect("object").keys() {
        if key.starts_with("@odata.") {
            continue;
        }
        assert!(
            known.contains(key),
            "{key} is not a property of Graph's {interface}"
        );
    }
}

#[test]
fn fixtures_and_selects_use_published_graph_properties() {
    let typings = npm_file(GRAPH_TYPES);
    assert_keys_are_properties(&own_fixture("graph-me.json"), &typings, "User");
    assert_keys_are_properties(&own_fixture("graph-contact.json"), &typings, "Contact");
    assert!(properties(&typings, "EmailAddress").contains(&"address".to_owned()));

    let selected = |query: &[(&str, &str)]| -> Vec<String> {
        query
            .iter()
            .find(|(name, _)| *name == "$select")
            .map(|(_, fields)| fields.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let user = properties(&typings, "User");
    for field in selected(MICROSOFT.me.query) {
        assert!(
            user.contains(&field),
            "$select names {field}, not a User property"
        );
    }
    let contact = properties(&typings, "Contact");
    let contacts = MICROSOFT.list(ListKind::Contacts).expect("contacts");
    for field in selected(contacts.endpoint.query) {
        assert!(
            contact.contains(&field),
            "$select names {field}, not a Contact property"
        );
    }
}

#[test]
fn me_falls_back_to_the_sign_in_name_when_mail_is_null() {
    let transport = ScriptedTransport::new().json(200, &own_fixture("graph-me.json"));
    let me = block_on(client_for(&MICROSOFT, TOKEN, &transport).me()).expect("me");
    assert_eq!(me.id, "48d31887-5fad-4d73-a9f5-3c356e68a038");
    assert_eq!(me.name.as_deref(), Some("Megan Placeholder"));
    assert_eq!(me.email.as_deref(), Some("megan@example.test"));
    assert_eq!(
        transport.urls(),
        ["https://graph.microsoft.com/v1.0/me?%24select=id%2CdisplayName%2Cmail%2CuserPrincipalName"]
    );
    assert_token_only_in_credential(
        &transport,
        TOKEN,
        &Credential::Bearer(Secret::new(TOKEN).expect("token")),
    );
}

fn contact_page(ids: std::ops::Range<usize>, next: Option<&str>) -> String {
    let template: serde_json::Value =
        serde_json::from_str(&own_fixture("graph-contact.json")).expect("json");
    let contacts: Vec<serde_json::Value> = ids
        .map(|n| {
            let mut contact = template.clone();
            contact["id"] = format!("contact-{n}").into();
            contact
        })
        .collect();
    let mut page = serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('me')/contacts",
        "value": contacts,
    });
    if let Some(next) = next {
        page["@odata.nextLink"] = next.into();
    }
    page.to_string()
}

#[test]
fn contacts_follow_next_links_through_empty_pages() {
    let next2 = "https://graph.microsoft.com/v1.0/me/contacts?%24top=100&%24skip=100";
    let next3 = "https://graph.microsoft.com/v1.0/me/contacts?%24top=100&%24skip=200";
    let transport = ScriptedTransport::new()
        .json(200, &contact_page(0..2, Some(next2)))
        .json(200, &contact_page(0..0, Some(next3)))
        .json(200, &contact_page(2..3, None));
    let people = block_on(client_for(&MICROSOFT, TOKEN, &transport).list(
        ListKind::Contacts,
        None,
        &mut |_| {},
    ))
    .expect("contacts");
    let ids: Vec<&str> = people.iter().map(|person| person.id.as_str()).collect();
    assert_eq!(ids, ["contact-0", "contact-1", "contact-2"]);
    assert_eq!(people[0].email.as_deref(), Some("pavel@example.test"));
    assert_eq!(people[0].picture, None);
    assert_eq!(transport.urls()[1..], [next2.to_owned(), next3.to_owned()]);
}

#[test]
fn graph_error_bodies_map_to_codes() {
    let cases: &[(u16, &str, ErrorCode)] = &[
        (
            401,
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired.","innerError":{"date":"2030-01-01T00:00:00","request-id":"0"}}}"#,
            ErrorCode::TokenInvalid,
        ),
        (
            403,
            r#"{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            403,
            r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#,
            ErrorCode::InsufficientScope,
        ),
        (
            403,
            r#"{"error":{"code":"ErrorMailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise."}}"#,
            ErrorCode::Http,
        ),
        (
            400,
            r#"{"error":{"code":"BadRequest","message":"Invalid request."}}"#,
            ErrorCode::Http,
        ),
    ];
    for (status, body, code) in cases {
        let transport = ScriptedTransport::new().json(*status, body);
        let error = block_on(client_for(&MICROSOFT, TOKEN, &transport).list(
            ListKind::Contacts,
            None,
            &mut |_| {},
        ))
        .expect_err("error");
        assert_eq!(error.code(), *code, "{status} {body}");
        assert_eq!(transport.sent.borrow().len(), 1, "{status} is not retried");
    }
}

#[test]
fn throttling_is_retried_then_rate_limited() {
    let throttled = r#"{"error":{"code":"TooManyRequests","message":"Please retry again later."}}"#;
    let transport = ScriptedTransport::new()
        .answer(429, &[("retry-after", "2")], throttled)
        .json(200, &own_fixture("graph-me.json"));
    block_on(client_for(&MICROSOFT, TOKEN, &transport).me()).expect("second try");
    assert_eq!(*transport.sleeps.borrow(), [2000]);

    let transport = ScriptedTransport::new()
        .json(429, throttled)
        .json(429, throttled)
        .json(429, throttled);
    let error = block_on(client_for(&MICROSOFT, TOKEN, &transport).me()).expect_err("limited");
    assert_eq!(error.code(), ErrorCode::RateLimited);
    assert_eq!(error.reason(), Some("TooManyRequests"));
    assert_eq!(error.attempts(), Some(3));
}

#[test]
fn a_next_link_to_another_origin_is_refused() {
    let transport = ScriptedTransport::new().json(
        200,
        &contact_page(
            0..1,
            Some("https://graph.microsoft.com.evil.test/v1.0/me/contacts"),
        ),
    );
    let error = block_on(client_for(&MICROSOFT, TOKEN, &transport).list(
        ListKind::Contacts,
        None,
        &mut |_| {},
    ))
    .expect_err("foreign");
    assert_eq!(error.code(), ErrorCode::ForeignOrigin);
    assert_eq!(transport.sent.borrow().len(), 1);
}
