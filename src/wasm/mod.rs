//! The JS boundary, one file per exported class or family: each reads its
//! JS arguments through the shared readers in `read` (which apply the core's
//! checks and name the exact parameter), calls the core, and writes the
//! result back. No rule lives here: caps, defaults and names are the core's.
//! A core [`Error`] becomes a thrown JS error at exactly one place (below).

mod cache;
mod cache_bound;
mod cache_state;
mod calibrate;
mod decide;
mod fusion;
mod matcher;
mod monitor;
mod read;
mod search;
mod set_chunks;
mod set_loader;
mod shards;
mod thresholds;
mod vector_set;

pub use cache::JsCacheCore;
pub use calibrate::{calibrate, calibrate_pairs, noise_floor, JsCalibration};
pub use decide::{abstain, adjust_from_feedback, band, cache_tier, decide, explain};
pub use fusion::{normalize, rrf};
pub use matcher::JsMatcher;
pub use monitor::JsMonitor;
pub use set_chunks::JsSetChunks;
pub use set_loader::JsSetLoader;
pub use shards::{merge_top_k_js, shard_of_js, to_cosine};
pub use thresholds::{parse_field_spec, JsThresholds};
pub use vector_set::{cosine_js, JsVectorSet};

use crate::error::{Error, ErrorKind};
use alloc::string::{String, ToString};
use wasm_bindgen::prelude::*;

type JsResult<T> = core::result::Result<T, JsValue>;

/// The one place a core error becomes a thrown JS error.
impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        match e.kind() {
            ErrorKind::Type => js_sys::TypeError::new(e.message()).into(),
            ErrorKind::Range => js_sys::RangeError::new(e.message()).into(),
            ErrorKind::Value => js_sys::Error::new(e.message()).into(),
        }
    }
}

#[wasm_bindgen(start)]
fn start() {
    // A bug that panics reports its message instead of a bare `unreachable`.
    console_error_panic_hook::set_once();
}

/// Whether this build scores with SIMD128 instructions.
#[wasm_bindgen(js_name = simdEnabled)]
pub fn simd_enabled() -> bool {
    crate::SIMD_ENABLED
}

/// Which instruction sets this build scores with. The package ships the
/// SIMD128 build: a relaxed-SIMD int8 kernel (`relaxed_dot_i8x16_i7x16`)
/// gave the same scores bit for bit but ran at 0.7-0.9x of it in V8 on x86
/// without AVX-VNNI, so `relaxedSimd` is false.
#[wasm_bindgen]
pub fn features() -> Result<JsValue, JsError> {
    let out = js_sys::Object::new();
    for (name, on) in [
        ("simd128", crate::SIMD_ENABLED),
        ("relaxedSimd", cfg!(target_feature = "relaxed-simd")),
    ] {
        js_sys::Reflect::set(&out, &JsValue::from_str(name), &JsValue::from_bool(on))
            .map_err(|_| JsError::new("features: could not build the result"))?;
    }
    Ok(out.into())
}

/// Current size of this module's wasm memory in bytes. Memory grows in 64 KiB
/// pages and never shrinks, so a value that stays flat under steady load
/// means freed objects are being reused.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The crate version this wasm was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
