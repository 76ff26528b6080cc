//! wasm-bindgen-test suite run in Node (see `suite/wasm.rs`).
#![cfg(target_arch = "wasm32")]

include!("suite/wasm.rs");
