//! wasm-bindgen-test suite run in headless Chromium (see `suite/wasm.rs`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!("suite/wasm.rs");
