//! `IdpClient`: calls to one provider for one signed-in user.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{config_error, error_to_js, json_from_js, json_to_js};
use super::login::report_progress;
use super::options::{self, ModuleConfig};
use crate::client::{ProviderClient, Settings};
use crate::error::Error;
use crate::http::fetch::{is_abort_signal, FetchTransport};
use crate::identity::IdentityQuery;
use crate::json::Json;
use crate::login::catalogue_entry;
use crate::output;
use crate::profile::{parse_profile, Identity, Profile};
use crate::providers::{ListKind, ProviderSpec};
use crate::token::Secret;
use crate::token_source::{identity_for, obtain_token, TokenRequest, TokenSources};

struct ClientState {
    spec: &'static ProviderSpec,
    identity: Identity,
    /// The provider token, once obtained (at once from the profile; on the
    /// first call from a token endpoint).
    token: RefCell<Option<Secret>>,
    source: PendingToken,
    settings: Settings,
}

/// What the first call needs to obtain the token.
struct PendingToken {
    sources: TokenSources,
    profile: Profile,
    profile_json: Json,
    auth0_access_token: Option<Secret>,
    query: IdentityQuery,
}

/// Calls one provider's API for the signed-in user.
///
/// `new IdpClient(profile, options?)` takes the profile as received from
/// Auth0 and the `configure` options that apply to calls (`provider`,
/// `connection`, `endpoints`, `timeoutMs`, ...); what the options leave out
/// comes from `configure`.
///
/// The provider token comes from the configured source: the profile's
/// `identities` (legacy tenants), a `claim`, or a `tokenEndpoint` — for
/// the endpoint, pass the Auth0 access token as `auth0AccessToken`; the
/// token is then fetched on the first call and kept for the next ones.
///
/// Do not call its methods after `free()`: wasm-bindgen's glue then throws
/// "null pointer passed to rust" from inside the module, and each such throw
/// leaks a little of the module's stack (tens of thousands would exhaust it).
#[wasm_bindgen]
pub struct IdpClient {
    state: Rc<ClientState>,
}

#[wasm_bindgen]
impl IdpClient {
    /// Chooses the identity and its provider entry. Throws an
    /// `IdpBridgeError` (`no_matching_identity`, `missing_idp_token`,
    /// `unknown_provider`, `invalid_config`, ...) when no call is possible.
    #[wasm_bindgen(constructor)]
    pub fn new(
        profile: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IdpClientOptions")] options: JsValue,
    ) -> Result<IdpClient, JsValue> {
        build(&profile, &options)
            .map(|state| IdpClient {
                state: Rc::new(state),
            })
            .map_err(|error| error_to_js(&error))
    }

    /// The Auth0 provider name of the identity in use.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        self.state.identity.provider.clone()
    }

    /// The identity in use, without its token.
    #[wasm_bindgen(getter, unchecked_return_type = "Identity")]
    pub fn identity(&self) -> JsValue {
        json_to_js(&output::identity(&self.state.identity))
    }

    /// The signed-in user at the provider, as a `Person`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Person>")]
    pub fn me(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        run(async move {
            let call = CallOptions::read(&options)?;
            let transport = FetchTransport::new(call.signal);
            let client = client(&state, &transport).await?;
            let me = output::person(&client.me().await?);
            Ok(json_to_js(&scrubbed(&state, me)))
        })
    }

    /// A whole list (`contacts`, `friends`, `followers`, `following`) as
    /// `Person[]`, paged to the end or to `maxItems`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Person[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListKind")] kind: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: JsValue,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        run(async move {
            let kind = kind
                .as_string()
                .and_then(|name| ListKind::from_name(&name))
                .ok_or_else(|| {
                    config_error(
                        "The list kind must be \"contacts\", \"friends\", \"followers\" or \"following\".",
                    )
                })?;
            let call = CallOptions::read(&options)?;
            let transport = FetchTransport::new(call.signal.clone());
            let client = client(&state, &transport).await?;
            let on_progress = call.on_progress.clone();
            let mut report = move |progress| report_progress(on_progress.as_ref(), &progress);
            let people = client.list(kind, call.max_items, &mut report).await?;
            let people = Json::Array(people.iter().map(output::person).collect());
            Ok(json_to_js(&scrubbed(&state, people)))
        })
    }

    /// Any GET endpoint of the provider, e.g. `get('/user/repos', { per_page: 5 })`,
    /// with the token attached and the same error mapping. Resolves to the raw JSON.
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn get(
        &self,
        path: String,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Record<string, string | number | boolean>"
        )]
        query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        run(async move {
            let query = call_args(&query)?;
            let call = CallOptions::read(&options)?;
            let transport = FetchTransport::new(call.signal);
            let client = client(&state, &transport).await?;
            let body = client.get(&path, &query).await?;
            Ok(json_to_js(&scrubbed(&state, body)))
        })
    }

    /// Pages any list endpoint with the provider's own paging mechanism and
    /// resolves to all items in order (raw JSON).
    #[wasm_bindgen(js_name = getAll, unchecked_return_type = "Promise<unknown[]>")]
    pub fn get_all(
        &self,
        path: String,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Record<string, string | number | boolean>"
        )]
        query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListOptions")] options: JsValue,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        run(async move {
            let query = call_args(&query)?;
            let call = CallOptions::read(&options)?;
            let transport = FetchTransport::new(call.signal.clone());
            let client = client(&state, &transport).await?;
            let on_progress = call.on_progress.clone();
            let mut report = move |progress| report_progress(on_progress.as_ref(), &progress);
            let items = client
                .get_all(&path, &query, call.max_items, &mut report)
                .await?;
            Ok(json_to_js(&scrubbed(&state, Json::Array(items))))
        })
    }
}

/// A provider's answer without the tokens this client knows of: providers
/// echo them (Facebook's `paging.next` URLs carry `access_token`).
fn scrubbed(state: &ClientState, value: Json) -> Json {
    let mut secrets = output::profile_secrets(&state.source.profile);
    secrets.extend(state.token.borrow().iter().cloned());
    secrets.extend(state.source.auth0_access_token.iter().cloned());
    output::redact(value, &secrets)
}

fn run(future: impl std::future::Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    future_to_promise(async move { future.await.map_err(|error| error_to_js(&error)) })
}

fn build(profile: &JsValue, options: &JsValue) -> Result<ClientState, Error> {
    let mut config: ModuleConfig = options::current();
    let mut auth0_access_token = None;
    if !options.is_undefined() && !options.is_null() {
        for callback in ["onResult", "onError", "onProgress", "fetch"] {
            if options::option(options, callback)?.is_some() {
                return Err(config_error(format!(
                    "`{callback}` is an option of `configure`, not of `IdpClient`."
                )));
            }
        }
        if let Some(token) = options::option(options, "auth0AccessToken")? {
            auth0_access_token =
                Some(token.as_string().and_then(Secret::new).ok_or_else(|| {
                    config_error("`auth0AccessToken` must be the Auth0 access token string.")
                })?);
        }
        options::apply(&mut config, options)?;
    }
    let profile_json = json_from_js(profile, "profile")?;
    let profile = parse_profile(&profile_json)?;
    let sources = config.plan.tokens.clone();
    let query = config.plan.query.clone();
    let identity = identity_for(
        &sources,
        &TokenRequest {
            profile: &profile,
            profile_json: &profile_json,
            id_token_payload: None,
            auth0_access_token: auth0_access_token.as_ref(),
            query: &query,
        },
    )?;
    let spec = catalogue_entry(&identity, &config.plan.connection_providers)?;
    let token = if sources.endpoint.is_none() && sources.claim.is_none() {
        identity.access_token.clone()
    } else {
        None
    };
    Ok(ClientState {
        spec,
        identity,
        token: RefCell::new(token),
        source: PendingToken {
            sources,
            profile,
            profile_json,
            auth0_access_token,
            query,
        },
        settings: config.plan.settings,
    })
}

/// A provider client for one call, obtaining the token first if needed.
async fn client<'t>(
    state: &ClientState,
    transport: &'t FetchTransport,
) -> Result<ProviderClient<'t, FetchTransport>, Error> {
    let cached = state.token.borrow().clone();
    let token = match cached {
        Some(token) => token,
        None => {
            let pending = &state.source;
            let obtained = obtain_token(
                &pending.sources,
                &TokenRequest {
                    profile: &pending.profile,
                    profile_json: &pending.profile_json,
                    id_token_payload: None,
                    auth0_access_token: pending.auth0_access_token.as_ref(),
                    query: &pending.query,
                },
                state.settings.allow_insecure_loopback,
                state.settings.timeout_ms,
                transport,
            )
            .await?;
            *state.token.borrow_mut() = Some(obtained.token.clone());
            obtained.token
        }
    };
    ProviderClient::new(
        state.spec,
        token,
        state.identity.has_access_token_secret,
        state.settings.clone(),
        transport,
    )
}

struct CallOptions {
    signal: JsValue,
    max_items: Option<u32>,
    on_progress: Option<Function>,
}

impl CallOptions {
    fn read(options: &JsValue) -> Result<CallOptions, Error> {
        let mut call = CallOptions {
            signal: JsValue::UNDEFINED,
            max_items: None,
            on_progress: None,
        };
        if options.is_undefined() || options.is_null() {
            return Ok(call);
        }
        if let Some(signal) = options::option(options, "signal")? {
            if !is_abort_signal(&signal) {
                return Err(config_error("`signal` must be an AbortSignal."));
            }
            call.signal = signal;
        }
        if let Some(max) = options::option(options, "maxItems")? {
            call.max_items = options::whole_number(&max, "maxItems", 1, u32::MAX)?;
        }
        if let Some(callback) = options::option(options, "onProgress")? {
            if !callback.is_function() {
                return Err(config_error("`onProgress` must be a function."));
            }
            call.on_progress = Some(callback.unchecked_into::<Function>());
        }
        Ok(call)
    }
}

fn call_args(query: &JsValue) -> Result<Json, Error> {
    match json_from_js(query, "query") {
        Ok(args @ (Json::Null | Json::Object(_))) => Ok(args),
        _ => Err(config_error(
            "The query must be an object (or undefined): query parameters, or for Dropbox the \
             JSON arguments of the call.",
        )),
    }
}
