//! The TypeScript union of error codes must list exactly the Rust codes, so
//! a misspelled code fails to compile in the app and no code is undeclared.

#![cfg(not(target_arch = "wasm32"))]

use idp_bridge::ErrorCode;

#[test]
fn the_declared_union_equals_the_rust_codes() {
    let declarations = include_str!("../src/bindings/types.d.ts");
    let start = declarations
        .find("export type IdpErrorCode =")
        .expect("types.d.ts declares IdpErrorCode");
    let union = declarations[start..]
        .split(';')
        .next()
        .expect("the union ends with a semicolon");
    let mut declared: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
    let mut codes: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    declared.sort_unstable();
    codes.sort_unstable();
    assert_eq!(declared, codes);
}
