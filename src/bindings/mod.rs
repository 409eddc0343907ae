//! The JavaScript face: `configure`, `onLogin`, `parseProfile`,
//! `selectIdentity`, `IdpClient`, the login-library adapters, and the
//! conversions at the boundary.
//! Only this module and the fetch transport know about JavaScript.

pub mod adapters;
pub mod client;
pub mod convert;
pub mod login;
pub mod options;

use wasm_bindgen::prelude::*;

/// TypeScript declarations of the plain objects and the error. A native
/// test checks that the error-code union lists exactly `ErrorCode::ALL`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");
