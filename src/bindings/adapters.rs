//! One-line wiring for each Auth0 login library: Lock 11-14, Auth0.js
//! (redirect and popup) and auth0-spa-js. Each runs the same path as
//! `onLogin`, with the module defaults plus the options given to it.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::convert::{config_error, error_to_js};
use super::login::start_login;
use super::options::{self, ModuleConfig};

#[wasm_bindgen(module = "/src/bindings/adapters.js")]
extern "C" {
    #[wasm_bindgen(js_name = wireLock, catch)]
    fn wire_lock(lock: &JsValue, complete: &JsValue) -> Result<Function, JsValue>;

    #[wasm_bindgen(js_name = completeRedirect, catch)]
    fn complete_redirect(
        web_auth: &JsValue,
        complete: &JsValue,
        hash: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = completePopup, catch)]
    fn complete_popup(
        web_auth: &JsValue,
        authorize_options: &JsValue,
        complete: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = completeSpaClient, catch)]
    fn complete_spa_client(client: &JsValue, complete: &JsValue) -> Result<Promise, JsValue>;
}

/// The login callback for one wiring, as a JavaScript function owned by
/// JavaScript (so it stays valid for as long as the library holds it).
fn completion(options: &JsValue) -> Result<JsValue, JsValue> {
    let mut config: ModuleConfig = options::current();
    options::apply(&mut config, options).map_err(|error| error_to_js(&error))?;
    let complete = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Promise>::new(
        move |err: JsValue, first: JsValue, second: JsValue| {
            start_login(
                config.clone(),
                [
                    err,
                    first,
                    second,
                    JsValue::UNDEFINED,
                    JsValue::UNDEFINED,
                    JsValue::UNDEFINED,
                ],
            )
        },
    );
    Ok(complete.into_js_value())
}

fn wrong_library(thrown: JsValue) -> JsValue {
    let message = js_sys::Reflect::get(&thrown, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| "the object passed is not the expected login library".to_owned());
    error_to_js(&config_error(format!("{message}.")))
}

/// Wires a Lock 11-14 instance: on `authenticated` it fetches the profile
/// with `getUserInfo` and runs the `onLogin` path; `authorization_error`
/// becomes `login_error`. `options` are `configure` options for this lock
/// only. Returns a function that detaches the listeners.
#[wasm_bindgen(js_name = attachToLock, unchecked_return_type = "() => void")]
pub fn attach_to_lock(
    #[wasm_bindgen(unchecked_param_type = "{ on: Function; getUserInfo: Function }")] lock: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ConfigureOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let complete = completion(&options)?;
    wire_lock(&lock, &complete)
        .map(JsValue::from)
        .map_err(wrong_library)
}

/// Auth0.js after a redirect back to the app: runs `parseHash` and
/// `client.userInfo`, then the `onLogin` path. Resolves to the login result,
/// or to `null` when the URL holds no login.
// `webAuth`: the parameter name shows in the TypeScript declaration.
#[allow(non_snake_case)]
#[wasm_bindgen(js_name = handleRedirect, unchecked_return_type = "Promise<LoginResult | null>")]
pub fn handle_redirect(
    #[wasm_bindgen(unchecked_param_type = "{ parseHash: Function; client: unknown }")]
    webAuth: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "(ConfigureOptions & { hash?: string })")]
    options: JsValue,
) -> Result<Promise, JsValue> {
    let hash = if options.is_object() {
        js_sys::Reflect::get(&options, &JsValue::from_str("hash")).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    };
    // `hash` rides along with the configure options, which ignore it.
    let complete = completion(&options)?;
    complete_redirect(&webAuth, &complete, &hash).map_err(wrong_library)
}

/// Auth0.js popup login: `popup.authorize(authorizeOptions)`, then
/// `client.userInfo`, then the `onLogin` path.
// `webAuth`: the parameter name shows in the TypeScript declaration.
#[allow(non_snake_case)]
#[wasm_bindgen(js_name = loginWithPopup, unchecked_return_type = "Promise<LoginResult>")]
pub fn login_with_popup(
    #[wasm_bindgen(unchecked_param_type = "{ popup: { authorize: Function }; client: unknown }")]
    webAuth: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")]
    authorizeOptions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ConfigureOptions")] options: JsValue,
) -> Result<Promise, JsValue> {
    let complete = completion(&options)?;
    complete_popup(&webAuth, &authorizeOptions, &complete).map_err(wrong_library)
}

/// auth0-spa-js: reads `getUser()`, `getIdTokenClaims()` and
/// `getTokenSilently()` from a signed-in `Auth0Client`, then runs the
/// `onLogin` path. Its user has no `identities`, so configure a
/// `tokenEndpoint` (or a `claim`).
#[wasm_bindgen(js_name = fromAuth0Client, unchecked_return_type = "Promise<LoginResult>")]
pub fn from_auth0_client(
    #[wasm_bindgen(unchecked_param_type = "{ getUser: Function }")] client: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ConfigureOptions")] options: JsValue,
) -> Result<Promise, JsValue> {
    let complete = completion(&options)?;
    complete_spa_client(&client, &complete).map_err(wrong_library)
}
