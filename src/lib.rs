//! idp-bridge: after an Auth0 login in the browser, call the identity
//! provider's own API (Google, GitHub, Microsoft, ...) with the provider's
//! access token, straight from the page.
//!
//! The path of one login: the login library's callback arguments are
//! classified by shape ([`callback`]), the profile is read tolerantly
//! ([`profile`]), an identity is chosen ([`identity`]), the provider's entry
//! in the catalogue ([`providers`]) says how to call it, and the
//! [`client`] sends requests through a [`http::Transport`] — `fetch` in the
//! browser — with retries, paging ([`paging`]) and error mapping, returning
//! normalized persons. Everything but the transport and the JavaScript face
//! (`bindings`, wasm only) is plain Rust, tested natively.

#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unimplemented,
        clippy::todo
    )
)]

pub mod api_base;
#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod callback;
pub mod client;
pub mod error;
pub mod http;
pub mod identity;
pub mod join;
pub mod json;
pub mod login;
pub mod output;
pub mod paging;
pub mod profile;
pub mod providers;
pub mod token;
pub mod token_source;
pub mod url;

pub use error::{Error, ErrorCode};
