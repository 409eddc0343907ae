//! `configure(options)` and the module defaults it sets.
//!
//! Options are read one by one rather than as JSON, because some are
//! functions. Each call changes only the options it names; `null` restores
//! an option's default.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use super::convert::{config_error, error_to_js, json_from_js, type_of};
use crate::error::Error;
use crate::identity::IdentityQuery;
use crate::json::Json;
use crate::login::{FetchKind, LoginPlan};

/// The module's defaults and callbacks.
#[derive(Clone, Default)]
pub struct ModuleConfig {
    /// Identity query, fetch list and request settings.
    pub plan: LoginPlan,
    /// Called with each login's result.
    pub on_result: Option<Function>,
    /// Called with each login's error.
    pub on_error: Option<Function>,
    /// Called after each page of a list.
    pub on_progress: Option<Function>,
}

thread_local! {
    static CONFIG: RefCell<ModuleConfig> = RefCell::new(ModuleConfig::default());
}

/// A copy of the current defaults.
pub fn current() -> ModuleConfig {
    CONFIG.with(|config| config.borrow().clone())
}

/// Sets module defaults used by `onLogin` and `IdpClient`.
///
/// Options: `provider`, `connection` (which identity to use), `fetch` (any of
/// `"me"`, `"contacts"`, `"friends"`, `"followers"`, `"following"`),
/// `endpoints` (provider name → base URL replacing the provider's origin),
/// `allowInsecureLoopback`, `connections` (custom connection name →
/// catalogue key), `tokenEndpoint`, `tokenEndpointOrigins` and `claim`
/// (token sources), `timeoutMs`, `maxRetries`, `maxPages`, `pageConcurrency`
/// (pages fetched at once for numbered lists), and the callbacks
/// `onResult`, `onError`, `onProgress`. Throws an `Error` with code
/// `invalid_config` for a wrong option; nothing changes then.
#[wasm_bindgen]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "ConfigureOptions")] options: JsValue,
) -> Result<(), JsValue> {
    let mut next = current();
    apply(&mut next, &options).map_err(|error| error_to_js(&error))?;
    CONFIG.with(|config| *config.borrow_mut() = next);
    Ok(())
}

/// Applies options to a configuration; shared by `configure` and the
/// per-client options of `IdpClient`.
pub fn apply(config: &mut ModuleConfig, options: &JsValue) -> Result<(), Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() || options.is_function() {
        return Err(config_error(format!(
            "Options must be an object, got {}.",
            type_of(options)
        )));
    }
    let defaults = ModuleConfig::default();
    let plan = &mut config.plan;

    apply_query(&mut plan.query, options)?;
    if let Some(value) = option(options, "fetch")? {
        plan.fetch = if value.is_null() {
            defaults.plan.fetch.clone()
        } else {
            fetch_kinds(&value)?
        };
    }
    if let Some(value) = option(options, "endpoints")? {
        plan.settings.endpoints = string_map(&value, "endpoints")?;
    }
    if let Some(value) = option(options, "connections")? {
        plan.connection_providers = string_map(&value, "connections")?;
    }
    if let Some(value) = option(options, "allowInsecureLoopback")? {
        plan.settings.allow_insecure_loopback = match value.as_bool() {
            Some(flag) => flag,
            None if value.is_null() => false,
            None => return Err(config_error("`allowInsecureLoopback` must be a boolean.")),
        };
    }
    if let Some(value) = option(options, "timeoutMs")? {
        plan.settings.timeout_ms = whole_number(&value, "timeoutMs", 1, 600_000)?
            .unwrap_or(defaults.plan.settings.timeout_ms);
    }
    if let Some(value) = option(options, "maxRetries")? {
        plan.settings.retry.max_retries = whole_number(&value, "maxRetries", 0, 10)?
            .unwrap_or(defaults.plan.settings.retry.max_retries);
    }
    if let Some(value) = option(options, "maxPages")? {
        plan.settings.max_pages = whole_number(&value, "maxPages", 1, 100_000)?
            .unwrap_or(defaults.plan.settings.max_pages);
    }
    if let Some(value) = option(options, "pageConcurrency")? {
        plan.settings.page_concurrency = whole_number(&value, "pageConcurrency", 1, 16)?
            .unwrap_or(defaults.plan.settings.page_concurrency);
    }
    if let Some(value) = option(options, "tokenEndpoint")? {
        plan.tokens.endpoint = optional_text(&value, "tokenEndpoint")?;
    }
    if let Some(value) = option(options, "tokenEndpointOrigins")? {
        plan.tokens.endpoint_origins = string_list(&value, "tokenEndpointOrigins")?;
    }
    if let Some(value) = option(options, "claim")? {
        plan.tokens.claim = optional_text(&value, "claim")?;
    }
    plan.tokens.page_origin = page_origin();
    if let Some(value) = option(options, "onResult")? {
        config.on_result = callback(&value, "onResult")?;
    }
    if let Some(value) = option(options, "onError")? {
        config.on_error = callback(&value, "onError")?;
    }
    if let Some(value) = option(options, "onProgress")? {
        config.on_progress = callback(&value, "onProgress")?;
    }
    Ok(())
}

/// Reads `provider`, `connection` and `userId` into `query`, changing only
/// those present.
pub fn apply_query(query: &mut IdentityQuery, options: &JsValue) -> Result<(), Error> {
    if let Some(value) = option(options, "provider")? {
        query.provider = optional_text(&value, "provider")?;
    }
    if let Some(value) = option(options, "connection")? {
        query.connection = optional_text(&value, "connection")?;
    }
    if let Some(value) = option(options, "userId")? {
        query.user_id = optional_text(&value, "userId")?;
    }
    Ok(())
}

/// The option `name`, or `None` when absent or `undefined`.
pub fn option(options: &JsValue, name: &str) -> Result<Option<JsValue>, Error> {
    let value = Reflect::get(options, &JsValue::from_str(name))
        .map_err(|_| config_error(format!("Reading option `{name}` threw.")))?;
    Ok((!value.is_undefined()).then_some(value))
}

fn optional_text(value: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .filter(|text| !text.is_empty())
        .map(Some)
        .ok_or_else(|| config_error(format!("`{name}` must be a non-empty string or null.")))
}

/// `location.origin` of the page (or worker), when there is one.
fn page_origin() -> Option<String> {
    let location = Reflect::get(&js_sys::global(), &JsValue::from_str("location")).ok()?;
    Reflect::get(&location, &JsValue::from_str("origin"))
        .ok()?
        .as_string()
        .filter(|origin| origin != "null")
}

fn string_list(value: &JsValue, name: &str) -> Result<Vec<String>, Error> {
    if value.is_null() {
        return Ok(Vec::new());
    }
    let wrong = || config_error(format!("`{name}` must be an array of strings."));
    let Ok(Json::Array(items)) = json_from_js(value, name) else {
        return Err(wrong());
    };
    items
        .into_iter()
        .map(|item| match item {
            Json::String(text) => Ok(text),
            _ => Err(wrong()),
        })
        .collect()
}

fn fetch_kinds(value: &JsValue) -> Result<Vec<FetchKind>, Error> {
    let names = match json_from_js(value, "fetch option") {
        Ok(Json::Array(names)) => names,
        _ => {
            return Err(config_error(
                "`fetch` must be an array of names, e.g. [\"me\", \"contacts\"].",
            ))
        }
    };
    names
        .iter()
        .map(|name| {
            name.as_str().and_then(FetchKind::from_name).ok_or_else(|| {
                config_error(format!(
                    "`fetch` accepts \"me\", \"contacts\", \"friends\", \"followers\" and \
                     \"following\"; got a {} that is none of them.",
                    name.type_name()
                ))
            })
        })
        .collect()
}

fn string_map(value: &JsValue, name: &str) -> Result<Vec<(String, String)>, Error> {
    if value.is_null() {
        return Ok(Vec::new());
    }
    let wrong = || {
        config_error(format!(
            "`{name}` must be an object mapping names to strings."
        ))
    };
    let Ok(Json::Object(members)) = json_from_js(value, name) else {
        return Err(wrong());
    };
    members
        .into_iter()
        .map(|(key, value)| match value {
            Json::String(text) => Ok((key, text)),
            _ => Err(wrong()),
        })
        .collect()
}

/// A whole number in `min..=max`; `null` gives `None` (the default).
pub fn whole_number(value: &JsValue, name: &str, min: u32, max: u32) -> Result<Option<u32>, Error> {
    if value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(number)
            if number.fract() == 0.0 && number >= f64::from(min) && number <= f64::from(max) =>
        {
            Ok(Some(number as u32))
        }
        _ => Err(config_error(format!(
            "`{name}` must be a whole number from {min} to {max}."
        ))),
    }
}

fn callback(value: &JsValue, name: &str) -> Result<Option<Function>, Error> {
    if value.is_null() {
        return Ok(None);
    }
    // `typeof`, not `instanceof`: a Proxy's trap could throw through wasm.
    if value.is_function() {
        Ok(Some(value.clone().unchecked_into::<Function>()))
    } else {
        Err(config_error(format!(
            "`{name}` must be a function or null."
        )))
    }
}
