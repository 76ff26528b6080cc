//! The JS boundary: converts JS values to core types and core errors to JS
//! errors. No logic lives here; every rule is in the core modules.

use crate::error::{Error, ErrorKind};
use crate::{check, select::Match, vector_set};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use js_sys::{Array, Float32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// Describes a JS value's type for error messages ("undefined", "string",
/// "Array", "Float64Array", ...).
fn type_name(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if v.is_object() {
        let ctor = js_sys::Reflect::get(v, &"constructor".into()).ok();
        let name = ctor
            .and_then(|c| js_sys::Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string());
        return name.unwrap_or_else(|| "object".into());
    }
    v.js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

/// Copies a `Float32Array` argument into `buf` (reusing its allocation).
fn read_f32(name: &str, v: &JsValue, buf: &mut Vec<f32>) -> core::result::Result<(), Error> {
    let arr = v.dyn_ref::<Float32Array>().ok_or_else(|| {
        Error::type_error(format!(
            "{name} must be a Float32Array, got {}",
            type_name(v)
        ))
    })?;
    let n = arr.length() as usize;
    buf.clear();
    buf.try_reserve(n).map_err(|_| {
        Error::value(format!(
            "out of memory: cannot copy {name} ({n} floats) into wasm memory"
        ))
    })?;
    buf.resize(n, 0.0);
    arr.copy_to(buf);
    Ok(())
}

/// A required JS number argument.
fn number(name: &str, v: &JsValue) -> core::result::Result<f64, Error> {
    v.as_f64()
        .ok_or_else(|| Error::type_error(format!("{name} must be a number, got {}", type_name(v))))
}

/// Reads the numeric fields `keys` of an optional options object, in order.
/// Unknown keys and non-number values are errors naming the key, so a typo
/// such as `{ minscore: 0.8 }` never passes silently.
fn numeric_options<const N: usize>(
    name: &str,
    v: &JsValue,
    keys: [&str; N],
) -> core::result::Result<[Option<f64>; N], Error> {
    let mut out = [None; N];
    if v.is_undefined() || v.is_null() {
        return Ok(out);
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(Error::type_error(format!(
            "{name} must be an object, got {}",
            type_name(v)
        )));
    }
    let obj: &js_sys::Object = v.unchecked_ref();
    for key in js_sys::Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(Error::type_error(format!(
                "{name} has an unknown key \"{key}\"; expected one of: {}",
                keys.join(", ")
            )));
        }
    }
    for (slot, key) in out.iter_mut().zip(keys) {
        let value = js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        if !(value.is_undefined() || value.is_null()) {
            *slot = Some(value.as_f64().ok_or_else(|| {
                Error::type_error(format!(
                    "{name}.{key} must be a number, got {}",
                    type_name(&value)
                ))
            })?);
        }
    }
    Ok(out)
}

fn opt_dims(
    name: &str,
    dims: Option<f64>,
    max: usize,
) -> core::result::Result<Option<usize>, Error> {
    dims.map(|d| check::prefix_dims(name, d, max)).transpose()
}

fn opt_threshold(name: &str, t: Option<f64>) -> core::result::Result<Option<f32>, Error> {
    t.map(|t| check::threshold(name, t)).transpose()
}

/// Cosine similarity of `a` and `b` over their first `dims` dims (all when
/// omitted), each prefix divided by its own norm.
#[wasm_bindgen(js_name = cosine)]
pub fn cosine_js(a: &JsValue, b: &JsValue, dims: &JsValue) -> JsResult<f64> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read_f32("a", a, &mut x)?;
    read_f32("b", b, &mut y)?;
    let dims = if dims.is_undefined() {
        None
    } else {
        Some(number("dims", dims)?)
    };
    Ok(crate::cosine(&x, &y, dims)?)
}

#[derive(Serialize)]
struct MatchJs<'a> {
    index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    score: f32,
}

/// Embeddings held in wasm memory, scored by cosine over any prefix of their
/// dims. Free with `free()` (or `using`) when done.
#[wasm_bindgen(js_name = VectorSet)]
pub struct JsVectorSet {
    inner: vector_set::VectorSet,
    scratch: vector_set::Scratch,
    query: Vec<f32>,
}

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// An empty set of `dims`-dimensional vectors.
    #[wasm_bindgen(constructor)]
    pub fn new(dims: &JsValue) -> JsResult<JsVectorSet> {
        let d = number("dims", dims)?;
        if !(d.is_finite() && libm::trunc(d) == d && (1.0..=1_048_576.0).contains(&d)) {
            return Err(Error::range(format!(
                "dims must be a positive integer (at most 1048576), got {d}"
            ))
            .into());
        }
        Ok(JsVectorSet {
            inner: vector_set::VectorSet::new(d as usize)?,
            scratch: vector_set::Scratch::default(),
            query: Vec::new(),
        })
    }

    /// Number of vectors in the set.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Dimensionality of every vector.
    #[wasm_bindgen(getter)]
    pub fn dims(&self) -> u32 {
        self.inner.dims() as u32
    }

    /// Appends `vectors` (`n * dims` floats, row-major), optionally with one
    /// string id per row. A failed call adds nothing.
    pub fn add(&mut self, vectors: &JsValue, ids: &JsValue) -> JsResult<()> {
        let ids = if ids.is_undefined() || ids.is_null() {
            None
        } else {
            let arr = ids.dyn_ref::<Array>().ok_or_else(|| {
                Error::type_error(format!(
                    "ids must be an array of strings, got {}",
                    type_name(ids)
                ))
            })?;
            let mut out = Vec::with_capacity(arr.length() as usize);
            for (i, v) in arr.iter().enumerate() {
                out.push(v.as_string().ok_or_else(|| {
                    Error::type_error(format!("ids[{i}] must be a string, got {}", type_name(&v)))
                })?);
            }
            Some(out)
        };
        let mut data = Vec::new();
        read_f32("vectors", vectors, &mut data)?;
        Ok(self.inner.add(&data, ids)?)
    }

    /// Cosine of `query` with every row (over the first `dims` dims), in row
    /// order.
    pub fn scores(&mut self, query: &JsValue, dims: &JsValue) -> JsResult<Float32Array> {
        read_f32("query", query, &mut self.query)?;
        let dims = if dims.is_undefined() {
            None
        } else {
            Some(check::prefix_dims(
                "dims",
                number("dims", dims)?,
                self.inner.dims(),
            )?)
        };
        self.inner
            .scores_into(&self.query, dims, &mut self.scratch)?;
        Ok(Float32Array::from(self.scratch.scores()))
    }

    /// The `k` best rows, best first (ties to the lower index).
    #[wasm_bindgen(js_name = topK)]
    pub fn top_k(&mut self, query: &JsValue, k: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        read_f32("query", query, &mut self.query)?;
        let k = check::count("k", number("k", k)?)?;
        let [dims, min_score] = numeric_options("options", options, ["dims", "minScore"])?;
        let dims = opt_dims("options.dims", dims, self.inner.dims())?;
        let min = opt_threshold("options.minScore", min_score)?;
        let found = self
            .inner
            .top_k(&self.query, k, dims, min, &mut self.scratch)?;
        self.matches(&found)
    }

    /// Every row scoring at or above `threshold`, best first.
    pub fn above(
        &mut self,
        query: &JsValue,
        threshold: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        read_f32("query", query, &mut self.query)?;
        let t = check::threshold("threshold", number("threshold", threshold)?)?;
        let [dims] = numeric_options("options", options, ["dims"])?;
        let dims = opt_dims("options.dims", dims, self.inner.dims())?;
        let found = self.inner.above(&self.query, t, dims, &mut self.scratch)?;
        self.matches(&found)
    }

    /// Coarse pass on a short prefix, rerank of the survivors on full dims.
    pub fn cascade(&mut self, query: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        read_f32("query", query, &mut self.query)?;
        if options.is_undefined() || options.is_null() {
            return Err(
                Error::type_error("options is required: { coarseDims, coarseK, ... }").into(),
            );
        }
        let [coarse_dims, coarse_k, coarse_threshold, dims, threshold, k] = numeric_options(
            "options",
            options,
            [
                "coarseDims",
                "coarseK",
                "coarseThreshold",
                "dims",
                "threshold",
                "k",
            ],
        )?;
        let max = self.inner.dims();
        let required = |name: &str, v: Option<f64>| {
            v.ok_or_else(|| Error::type_error(format!("options.{name} is required")))
        };
        let opts = vector_set::Cascade {
            coarse_dims: check::prefix_dims(
                "options.coarseDims",
                required("coarseDims", coarse_dims)?,
                max,
            )?,
            coarse_k: check::count("options.coarseK", required("coarseK", coarse_k)?)?,
            coarse_threshold: opt_threshold("options.coarseThreshold", coarse_threshold)?,
            dims: opt_dims("options.dims", dims, max)?,
            threshold: opt_threshold("options.threshold", threshold)?,
            k: k.map(|k| check::count("options.k", k)).transpose()?,
        };
        let found = self.inner.cascade(&self.query, &opts, &mut self.scratch)?;
        self.matches(&found)
    }

    fn matches(&self, found: &[Match]) -> JsResult<JsValue> {
        let out: Vec<MatchJs> = found
            .iter()
            .map(|m| MatchJs {
                index: m.index as u32,
                id: self.inner.id(m.index),
                score: m.score,
            })
            .collect();
        Ok(serde_wasm_bindgen::to_value(&out)?)
    }
}
