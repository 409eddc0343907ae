//! Google, through the People API.
//!
//! Docs: <https://developers.google.com/people/api/rest/v1/people/get> and
//! <https://developers.google.com/people/api/rest/v1/people.connections/list>.
//! The old Contacts API (`m8/feeds`) was shut down in January 2022 and is
//! never called. Errors follow Google's `google.rpc.Status` JSON, whose
//! `details[].reason` (or the older `errors[].reason`) tells a missing scope
//! from a disabled API, both of which arrive as 403.

use super::{
    primary_text, short_detail, Arguments, AuthStyle, BrowserSupport, Endpoint, ListEndpoint,
    ListKind, Paging, Person, ProviderSpec, ProviderVerdict,
};
use crate::error::ErrorCode;
use crate::http::{Method, Response};
use crate::json::Json;

const PERSON_FIELDS: (&str, &str) = ("personFields", "names,emailAddresses,photos");

/// Google People API.
pub static GOOGLE: ProviderSpec = ProviderSpec {
    name: "google-oauth2",
    display_name: "Google",
    origin: "https://people.googleapis.com",
    docs: "https://developers.google.com/people/api/rest",
    browser: BrowserSupport::Callable,
    auth: AuthStyle::Bearer,
    arguments: Arguments::Query,
    me: Endpoint {
        method: Method::Get,
        path: "/v1/people/me",
        query: &[PERSON_FIELDS],
        json_body: None,
        person,
    },
    lists: &[ListEndpoint {
        kind: ListKind::Contacts,
        endpoint: Endpoint {
            method: Method::Get,
            path: "/v1/people/me/connections",
            // 1000 is the largest page the API serves.
            query: &[PERSON_FIELDS, ("pageSize", "1000")],
            json_body: None,
            person,
        },
        items: &["connections"],
        paging: PAGING,
    }],
    default_paging: PAGING,
    default_items: &[],
    judge,
};

const PAGING: Paging = Paging::PageToken {
    param: "pageToken",
    field: &["nextPageToken"],
};

fn person(value: &Json) -> Option<Person> {
    Some(Person {
        id: super::text_at(value, &["resourceName"])?,
        name: primary_text(value, "names", "displayName"),
        email: primary_text(value, "emailAddresses", "value"),
        picture: primary_text(value, "photos", "url"),
        raw: value.clone(),
    })
}

fn judge(response: &Response, body: Option<&Json>) -> Option<ProviderVerdict> {
    let error = body?.get("error")?;
    let reasons = reasons(error);
    let has = |wanted: &[&str]| {
        reasons
            .iter()
            .any(|reason| wanted.contains(&reason.as_str()))
    };

    let code = match response.status {
        403 if has(&["ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficientPermissions"]) => {
            ErrorCode::InsufficientScope
        }
        403 if has(&["SERVICE_DISABLED", "accessNotConfigured"]) => ErrorCode::ApiNotEnabled,
        403 if has(&[
            "RATE_LIMIT_EXCEEDED",
            "rateLimitExceeded",
            "userRateLimitExceeded",
        ]) =>
        {
            ErrorCode::RateLimited
        }
        _ => return None,
    };
    Some(ProviderVerdict {
        code,
        reason: reasons.first().cloned(),
        detail: error
            .get("message")
            .and_then(Json::as_str)
            .map(short_detail),
    })
}

/// Reasons from `details[].reason` (current) and `errors[].reason` (older).
fn reasons(error: &Json) -> Vec<String> {
    ["details", "errors"]
        .iter()
        .filter_map(|key| error.get(key).and_then(Json::as_array))
        .flatten()
        .filter_map(|entry| entry.get("reason").and_then(Json::as_str))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn forbidden(body: &str) -> Option<ErrorCode> {
        let response = Response {
            status: 403,
            headers: Vec::new(),
            body: body.to_owned(),
        };
        let body = json::parse(body).ok();
        judge(&response, body.as_ref()).map(|verdict| verdict.code)
    }

    #[test]
    fn tells_missing_scope_from_disabled_api() {
        let scope = r#"{"error":{"code":403,"status":"PERMISSION_DENIED","message":"m",
            "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
            "reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#;
        let disabled = r#"{"error":{"code":403,"status":"PERMISSION_DENIED","message":"m",
            "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
            "reason":"SERVICE_DISABLED"}]}}"#;
        let legacy = r#"{"error":{"code":403,"errors":[{"reason":"accessNotConfigured"}]}}"#;
        assert_eq!(forbidden(scope), Some(ErrorCode::InsufficientScope));
        assert_eq!(forbidden(disabled), Some(ErrorCode::ApiNotEnabled));
        assert_eq!(forbidden(legacy), Some(ErrorCode::ApiNotEnabled));
        assert_eq!(forbidden("<html>Forbidden</html>"), None);
    }

    #[test]
    fn reads_the_primary_name_email_and_photo() {
        let value = json::parse(
            r#"{"resourceName":"people/c1","names":[{"displayName":"Other"},
               {"displayName":"Ada","metadata":{"primary":true}}],
               "emailAddresses":[{"value":"ada@example.test"}]}"#,
        )
        .expect("valid");
        let person = person(&value).expect("has id");
        assert_eq!(person.id, "people/c1");
        assert_eq!(person.name.as_deref(), Some("Ada"));
        assert_eq!(person.email.as_deref(), Some("ada@example.test"));
        assert_eq!(person.picture, None);
    }
}
