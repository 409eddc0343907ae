//! `onLogin`, `parseProfile` and `selectIdentity`.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{callback_arg, error_to_js, json_from_js, json_to_js};
use super::options::{self, ModuleConfig};
use crate::callback::{classify, classify_resolved, CallbackArg, CallbackShape, LoginInput};
use crate::client::Progress;
use crate::error::{Error, ErrorCode};
use crate::http::fetch::{mark_handled, FetchTransport};
use js_sys::Reflect;

#[wasm_bindgen(module = "/src/bindings/adapters.js")]
extern "C" {
    #[wasm_bindgen(js_name = settleWithin)]
    fn settle_within(value: &JsValue, ms: u32) -> Promise;
}
use crate::identity::{require_token, select_identity as choose, IdentityQuery};
use crate::json::Json;
use crate::login::{complete_login, LoginOutcome};
use crate::output;
use crate::profile::parse_profile;

/// The callback to hand to Auth0 Lock or Auth0.js.
///
/// Accepts every argument order those libraries have used — `(err, token,
/// profile)`, Lock 9's `(err, profile, idToken, accessToken, state,
/// refreshToken)`, `(err, authResult)`, `(err, authResult, profile)`,
/// `(err, profile)` and `(err, Promise<profile>)` — and reports which one it
/// got as `callbackShape`. Chooses the identity set by `configure`, gets the
/// provider token (token endpoint, claim or profile), fetches what `fetch`
/// lists, and resolves to `{ callbackShape, profile, identity, tokenSource,
/// me?, contacts?, ... }`; also calls `onResult` or `onError`. Failures are
/// `IdpBridgeError`s with a `code`. When `onError` is set, a failure does not
/// also surface as an unhandled rejection.
#[wasm_bindgen(js_name = onLogin, unchecked_return_type = "Promise<LoginResult>")]
pub fn on_login(
    #[wasm_bindgen(unchecked_param_type = "unknown")] err: JsValue,
    first: Option<JsValue>,
    second: Option<JsValue>,
    third: Option<JsValue>,
    fourth: Option<JsValue>,
    fifth: Option<JsValue>,
) -> Promise {
    let absent = |arg: Option<JsValue>| arg.unwrap_or(JsValue::UNDEFINED);
    let args = [
        err,
        absent(first),
        absent(second),
        absent(third),
        absent(fourth),
        absent(fifth),
    ];
    start_login(options::current(), args)
}

/// Runs the `onLogin` path with `config`: the shared body of `onLogin` and
/// the login-library adapters.
pub fn start_login(config: ModuleConfig, args: [JsValue; 6]) -> Promise {
    let classified: Vec<CallbackArg> = args.iter().map(callback_arg).collect();
    let on_error = config.on_error.clone();

    let promise = future_to_promise(async move {
        match run_login(&classified, &args, &config).await {
            Ok(result) => {
                let claim = config.plan.tokens.claim.as_deref();
                let value = json_to_js(&output::outcome(&result, claim));
                // A throw from the app's own callback rejects the promise
                // with the app's error, unchanged: it is not ours to code.
                if let Some(on_result) = &config.on_result {
                    on_result.call1(&JsValue::UNDEFINED, &value)?;
                }
                Ok(value)
            }
            Err(error) => {
                let value = error_to_js(&error);
                if let Some(on_error) = &config.on_error {
                    on_error.call1(&JsValue::UNDEFINED, &value)?;
                }
                Err(value)
            }
        }
    });
    if on_error.is_some() {
        mark_handled(&promise);
    }
    promise
}

async fn run_login(
    classified: &[CallbackArg],
    raw: &[JsValue],
    config: &ModuleConfig,
) -> Result<LoginOutcome, Error> {
    let mut input = classify(classified)?;
    if input.shape == CallbackShape::ProfilePromise {
        input = resolve_profile_promise(&input, raw, config.plan.settings.timeout_ms).await?;
    }
    let transport = FetchTransport::new(JsValue::UNDEFINED);
    let on_progress = config.on_progress.clone();
    let mut report = move |progress: Progress| report_progress(on_progress.as_ref(), &progress);
    complete_login(input, &config.plan, &transport, &mut report).await
}

async fn resolve_profile_promise(
    input: &LoginInput,
    raw: &[JsValue],
    timeout_ms: u32,
) -> Result<LoginInput, Error> {
    let promise = input
        .promise_at
        .and_then(|at| raw.get(at))
        .cloned()
        .unwrap_or(JsValue::UNDEFINED);
    let settled = JsFuture::from(settle_within(&promise, timeout_ms))
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let field = |name: &str| Reflect::get(&settled, &JsValue::from_str(name)).unwrap_or_default();

    if field("timedOut").is_truthy() {
        return Err(Error::new(
            ErrorCode::Timeout,
            format!("The profile promise did not settle within {timeout_ms} ms."),
        ));
    }
    if field("hasReason").as_bool() == Some(false) {
        return Err(Error::new(
            ErrorCode::LoginError,
            "The profile promise rejected without a reason.",
        ));
    }
    if field("hasReason").as_bool() == Some(true) {
        let reason = callback_arg(&field("rejected"));
        return Err(match classify(&[reason]) {
            Err(error) => error,
            Ok(_) => Error::new(
                ErrorCode::LoginError,
                "The profile promise rejected with a value that reads as no error.",
            ),
        });
    }
    classify_resolved(callback_arg(&field("value")))
}

/// Calls `onProgress` with `{ kind, pages, items }`. A throwing callback
/// does not stop the paging.
pub fn report_progress(on_progress: Option<&Function>, progress: &Progress) {
    if let Some(on_progress) = on_progress {
        let value = Json::Object(vec![
            ("kind".to_owned(), Json::String(progress.kind.clone())),
            ("pages".to_owned(), Json::Number(f64::from(progress.pages))),
            ("items".to_owned(), Json::Number(f64::from(progress.items))),
        ]);
        let _ = on_progress.call1(&JsValue::UNDEFINED, &json_to_js(&value));
    }
}

/// Reads an Auth0 profile into a plain object: `userId`, `name`, `nickname`,
/// `email`, `emailVerified`, `picture`, `identities` (each with `provider`,
/// `connection`, `userId` as a string, `isSocial`, `hasAccessToken`) and
/// `extra` (other fields). Never contains a token. Throws an
/// `IdpBridgeError`: `invalid_profile` (its `path` says where) or
/// `no_identities` (an OIDC profile, which lists none).
#[wasm_bindgen(js_name = parseProfile, unchecked_return_type = "Profile")]
pub fn parse_profile_js(value: JsValue) -> Result<JsValue, JsValue> {
    let parse = || -> Result<Json, Error> {
        let profile = parse_profile(&json_from_js(&value, "profile")?)?;
        profile.identities()?;
        let claim = options::current().plan.tokens.claim;
        Ok(output::public_profile(&profile, claim.as_deref()))
    };
    parse()
        .map(|json| json_to_js(&json))
        .map_err(|error| error_to_js(&error))
}

/// Chooses the identity a call would use: by `provider`, by `connection`, or
/// — with neither — the first identity that has an access token. Takes the
/// profile as received from Auth0. Throws `no_identities`,
/// `no_matching_identity`, `ambiguous_identity` or `missing_idp_token`.
#[wasm_bindgen(js_name = selectIdentity, unchecked_return_type = "Identity")]
pub fn select_identity_js(
    profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IdentityQuery")] query: JsValue,
) -> Result<JsValue, JsValue> {
    let select = || -> Result<Json, Error> {
        let profile = parse_profile(&json_from_js(&profile, "profile")?)?;
        let query = identity_query(&query)?;
        let identity = choose(&profile, &query)?;
        require_token(identity)?;
        Ok(output::identity(identity))
    };
    select()
        .map(|json| json_to_js(&json))
        .map_err(|error| error_to_js(&error))
}

/// Reads `{ provider?, connection?, userId? }`.
pub fn identity_query(value: &JsValue) -> Result<IdentityQuery, Error> {
    let mut query = IdentityQuery::default();
    if !value.is_undefined() && !value.is_null() {
        options::apply_query(&mut query, value)?;
    }
    Ok(query)
}
