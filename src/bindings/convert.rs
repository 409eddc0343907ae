//! Crossing the boundary: JavaScript values in, plain objects and `Error`s
//! out.
//!
//! Values go through JSON text both ways. `JSON.stringify` refuses cycles,
//! BigInt and throwing getters with an exception we catch, skips functions
//! and symbols, and the Rust parser bounds nesting; `JSON.parse` builds
//! plain objects in which a `__proto__` key is an ordinary property.

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::callback::CallbackArg;

#[wasm_bindgen(module = "/src/bindings/adapters.js")]
extern "C" {
    #[wasm_bindgen(js_name = isError)]
    fn is_error(value: &JsValue) -> bool;
}
use crate::error::{Error, ErrorCode};
use crate::json::{self, Json};

/// Reads a JavaScript value as JSON. `undefined` reads as `null`.
pub fn json_from_js(value: &JsValue, what: &str) -> Result<Json, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Json::Null);
    }
    let text = JSON::stringify(value).map_err(|thrown| {
        Error::new(
            ErrorCode::InvalidProfile,
            format!(
                "The {what} could not be read as data ({}): it holds a cycle, a BigInt, or a \
                 getter that throws.",
                error_name(&thrown)
            ),
        )
    })?;
    let Some(text) = text.as_string() else {
        // A function or symbol stringifies to undefined.
        return Err(Error::new(
            ErrorCode::InvalidProfile,
            format!("The {what} is a {}, not an object.", type_of(value)),
        ));
    };
    json::parse(&text).map_err(|error| {
        Error::new(
            ErrorCode::InvalidProfile,
            format!("The {what} could not be read as data: {}.", error.reason),
        )
    })
}

/// Builds a plain JavaScript value from JSON.
pub fn json_to_js(value: &Json) -> JsValue {
    // Our writer emits valid JSON, so parsing cannot fail; `null` if it did.
    JSON::parse(&value.to_text()).unwrap_or(JsValue::NULL)
}

/// Classifies one callback argument without reading secrets into messages.
pub fn callback_arg(value: &JsValue) -> CallbackArg {
    if value.is_undefined() || value.is_null() {
        return CallbackArg::Absent;
    }
    if value.is_function() {
        return CallbackArg::Opaque("function");
    }
    if value.is_symbol() {
        return CallbackArg::Opaque("symbol");
    }
    if value.is_bigint() {
        return CallbackArg::Opaque("bigint");
    }
    if value.is_object() {
        let then = Reflect::get(value, &JsValue::from_str("then")).unwrap_or(JsValue::UNDEFINED);
        if then.is_function() {
            return CallbackArg::Thenable;
        }
        if is_error(value) {
            return CallbackArg::Value(error_object(value));
        }
    }
    match json_from_js(value, "callback argument") {
        Ok(json) => CallbackArg::Value(json),
        Err(_) => CallbackArg::Opaque("unreadable object"),
    }
}

/// An `Error` instance as an object: its own enumerable fields (Auth0
/// libraries put `code` and `description` there) plus `name` and `message`,
/// which JSON leaves out.
fn error_object(value: &JsValue) -> Json {
    let mut members = match json_from_js(value, "error") {
        Ok(Json::Object(members)) => members,
        _ => Vec::new(),
    };
    for key in ["name", "message"] {
        if members.iter().any(|(name, _)| name == key) {
            continue;
        }
        if let Some(text) = Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|field| field.as_string())
        {
            members.push((key.to_owned(), Json::String(text)));
        }
    }
    Json::Object(members)
}

/// Our error as a real JavaScript `Error` with a stable `code`.
pub fn error_to_js(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(error.message());
    js_error.set_name("IdpBridgeError");
    let value: JsValue = js_error.into();
    let set = |key: &str, field: JsValue| {
        let _ = Reflect::set(&value, &JsValue::from_str(key), &field);
    };
    set("code", JsValue::from_str(error.code().as_str()));
    let text = |field: Option<&str>| field.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let number = |field: Option<u32>| field.map_or(JsValue::UNDEFINED, JsValue::from);
    if error.provider().is_some() {
        set("provider", text(error.provider()));
    }
    if let Some(status) = error.status() {
        set("status", JsValue::from(status));
    }
    for (key, field) in [
        ("reason", error.reason()),
        ("path", error.path()),
        ("transport", error.transport()),
    ] {
        if field.is_some() {
            set(key, text(field));
        }
    }
    for (key, field) in [
        ("pagesRead", error.pages_read()),
        ("itemsRead", error.items_read()),
        ("attempts", error.attempts()),
    ] {
        if field.is_some() {
            set(key, number(field));
        }
    }
    value
}

/// An error for a wrong option, naming it.
pub fn config_error(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidConfig, message)
}

fn error_name(thrown: &JsValue) -> String {
    Reflect::get(thrown, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_else(|| "Error".to_owned())
}

/// `typeof`, for messages.
pub fn type_of(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_function() {
        "function"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_bigint() {
        "bigint"
    } else if value.is_string() {
        "string"
    } else if value.as_f64().is_some() {
        "number"
    } else if value.as_bool().is_some() {
        "boolean"
    } else {
        "object"
    }
}
