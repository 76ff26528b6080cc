//! The JS boundary: converts JS values to core types and core errors to JS
//! errors. No logic lives here; every rule is in the core modules.

use crate::calibrate::{Calibration, Method, Target};
use crate::config::Value;
use crate::error::{Error, ErrorKind};
use crate::matcher::{self, Lookup, MatcherOptions};
use crate::thresholds::{Query, ThresholdConfig};
use crate::{check, select::Match, vector_set};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
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
    check_keys(name, v, &keys)?;
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
    // Shared with any `Matcher` built on this set, so both JS handles stay
    // valid whichever is freed first.
    state: Rc<RefCell<SetState>>,
}

/// A set with its reusable query buffers.
struct SetState {
    set: vector_set::VectorSet,
    scratch: vector_set::Scratch,
    query: Vec<f32>,
}

/// The largest dims a set (or a resolve query) accepts: far above any
/// embedding model, low enough that a typo like 2^40 is an error.
const MAX_DIMS: f64 = 1_048_576.0;

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// An empty set of `dims`-dimensional vectors.
    #[wasm_bindgen(constructor)]
    pub fn new(dims: &JsValue) -> JsResult<JsVectorSet> {
        let d = number("dims", dims)?;
        if !(d.is_finite() && libm::trunc(d) == d && (1.0..=MAX_DIMS).contains(&d)) {
            return Err(Error::range(format!(
                "dims must be a positive integer (at most {MAX_DIMS}), got {d}"
            ))
            .into());
        }
        Ok(JsVectorSet {
            state: Rc::new(RefCell::new(SetState {
                set: vector_set::VectorSet::new(d as usize)?,
                scratch: vector_set::Scratch::default(),
                query: Vec::new(),
            })),
        })
    }

    /// Number of vectors in the set.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.state.borrow().set.len() as u32
    }

    /// Dimensionality of every vector.
    #[wasm_bindgen(getter)]
    pub fn dims(&self) -> u32 {
        self.state.borrow().set.dims() as u32
    }

    /// Appends `vectors` (`n * dims` floats, row-major), optionally with one
    /// string id per row. A failed call adds nothing.
    pub fn add(&mut self, vectors: &JsValue, ids: &JsValue) -> JsResult<()> {
        let st = &mut *self.state.borrow_mut();
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
        let arr = vectors.dyn_ref::<Float32Array>().ok_or_else(|| {
            Error::type_error(format!(
                "vectors must be a Float32Array, got {}",
                type_name(vectors)
            ))
        })?;
        // Read straight from the JS array in chunks: no full copy in wasm memory.
        let total = arr.length() as usize;
        Ok(st.set.add_from(total, ids, |offset, out| {
            arr.subarray(offset as u32, (offset + out.len()) as u32)
                .copy_to(out);
        })?)
    }

    /// Cosine of `query` with every row (over the first `dims` dims), in row
    /// order.
    pub fn scores(&mut self, query: &JsValue, dims: &JsValue) -> JsResult<Float32Array> {
        let st = &mut *self.state.borrow_mut();
        read_f32("query", query, &mut st.query)?;
        let dims = if dims.is_undefined() {
            None
        } else {
            Some(check::prefix_dims(
                "dims",
                number("dims", dims)?,
                st.set.dims(),
            )?)
        };
        st.set.scores_into(&st.query, dims, &mut st.scratch)?;
        Ok(Float32Array::from(st.scratch.scores()))
    }

    /// The `k` best rows, best first (ties to the lower index).
    #[wasm_bindgen(js_name = topK)]
    pub fn top_k(&mut self, query: &JsValue, k: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read_f32("query", query, &mut st.query)?;
        let k = check::count("k", number("k", k)?)?;
        let [dims, min_score] = numeric_options("options", options, ["dims", "minScore"])?;
        let dims = opt_dims("options.dims", dims, st.set.dims())?;
        let min = opt_threshold("options.minScore", min_score)?;
        let found = st.set.top_k(&st.query, k, dims, min, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// Every row scoring at or above `threshold`, best first.
    pub fn above(
        &mut self,
        query: &JsValue,
        threshold: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read_f32("query", query, &mut st.query)?;
        let t = check::threshold("threshold", number("threshold", threshold)?)?;
        let [dims] = numeric_options("options", options, ["dims"])?;
        let dims = opt_dims("options.dims", dims, st.set.dims())?;
        let found = st.set.above(&st.query, t, dims, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// Coarse pass on a short prefix, rerank of the survivors on full dims.
    pub fn cascade(&mut self, query: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read_f32("query", query, &mut st.query)?;
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
        let max = st.set.dims();
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
        let found = st.set.cascade(&st.query, &opts, &mut st.scratch)?;
        matches(&st.set, &found)
    }
}

fn matches(set: &vector_set::VectorSet, found: &[Match]) -> JsResult<JsValue> {
    let out: Vec<MatchJs> = found
        .iter()
        .map(|m| MatchJs {
            index: m.index as u32,
            id: set.id(m.index),
            score: m.score,
        })
        .collect();
    Ok(serde_wasm_bindgen::to_value(&out)?)
}

// ------------------------------------------------------------------ decisions

/// Fails on keys of an options object that are not in `allowed`.
fn check_keys(name: &str, v: &JsValue, allowed: &[&str]) -> core::result::Result<(), Error> {
    if !v.is_object() || Array::is_array(v) {
        return Err(Error::type_error(format!(
            "{name} must be an object, got {}",
            type_name(v)
        )));
    }
    for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(Error::type_error(format!(
                "{name} has an unknown key \"{key}\"; expected one of: {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A list of scores: a Float32Array, Float64Array or an array of numbers.
fn read_scores(name: &str, v: &JsValue) -> core::result::Result<Vec<f64>, Error> {
    if let Some(a) = v.dyn_ref::<Float32Array>() {
        return Ok(a.to_vec().into_iter().map(f64::from).collect());
    }
    if let Some(a) = v.dyn_ref::<js_sys::Float64Array>() {
        return Ok(a.to_vec());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        // Typed arrays are the fast path; a plain array is checked element
        // by element so that a string such as "0.5" is an error rather than
        // coerced.
        let mut out = Vec::with_capacity(a.length() as usize);
        for (i, x) in a.iter().enumerate() {
            out.push(x.as_f64().ok_or_else(|| {
                Error::type_error(format!(
                    "{name}[{i}] must be a number, got {}",
                    type_name(&x)
                ))
            })?);
        }
        return Ok(out);
    }
    Err(Error::type_error(format!(
        "{name} must be a Float32Array, Float64Array or an array of numbers, got {}",
        type_name(v)
    )))
}

/// A threshold given as a number or as a resolved threshold `{ value, ... }`.
fn read_threshold(name: &str, v: &JsValue) -> core::result::Result<f64, Error> {
    if let Some(t) = v.as_f64() {
        return crate::classify::unit(name, t);
    }
    if v.is_object() && !Array::is_array(v) {
        let value = get(v, "value");
        let t = value.as_f64().ok_or_else(|| {
            Error::type_error(format!(
                "{name}.value must be a number, got {}",
                type_name(&value)
            ))
        })?;
        return crate::classify::unit(&format!("{name}.value"), t);
    }
    Err(Error::type_error(format!(
        "{name} must be a number or a resolved threshold {{ value, ... }}, got {}",
        type_name(v)
    )))
}

fn to_js<T: Serialize>(v: &T) -> JsResult<JsValue> {
    Ok(serde_wasm_bindgen::to_value(v)?)
}

/// Parses a field spec: `~>Type`, `<~Type`, optional `(0.85)`; pass the
/// array form `['~>Type(0.85)']` for "many".
#[wasm_bindgen(js_name = parseFieldSpec)]
pub fn parse_field_spec(spec: &JsValue) -> JsResult<JsValue> {
    let (text, many) = if let Some(s) = spec.as_string() {
        (s, false)
    } else if let Some(a) = spec.dyn_ref::<Array>() {
        match (a.length(), a.get(0).as_string()) {
            (1, Some(s)) => (s, true),
            _ => {
                return Err(Error::type_error(
                    "spec in array form must hold exactly one string, e.g. ['~>Company(0.85)']",
                )
                .into())
            }
        }
    } else {
        return Err(Error::type_error(format!(
            "spec must be a string such as \"~>Industry(0.78)\", got {}",
            type_name(spec)
        ))
        .into());
    };
    let parsed = crate::field_spec::FieldSpec::parse(&text, many)?;
    // `threshold: null` when the spec has none (the contract's `number | null`).
    let out = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    Ok(parsed.serialize(&out)?)
}

/// The JS name of a unit enum (band, abstain outcome, cache tier): its serde
/// spelling, so the names have one source of truth.
fn name_of<T: Serialize>(v: &T) -> JsResult<String> {
    Ok(serde_wasm_bindgen::to_value(v)?
        .as_string()
        .unwrap_or_default())
}

/// `options.<key>` of a function whose options are all required.
fn required(key: &str, v: Option<f64>) -> core::result::Result<f64, Error> {
    v.ok_or_else(|| Error::type_error(format!("options.{key} is required")))
}

/// The confidence band of `score` around `threshold`.
#[wasm_bindgen]
pub fn band(score: &JsValue, threshold: &JsValue, margins: &JsValue) -> JsResult<String> {
    let s = crate::classify::score("score", number("score", score)?)?;
    let t = read_threshold("threshold", threshold)?;
    let [high, low] = numeric_options("margins", margins, ["high", "low"])?;
    let d = crate::classify::Margins::default();
    let m = crate::classify::Margins {
        high: high.unwrap_or(d.high),
        low: low.unwrap_or(d.low),
    }
    .validated()?;
    let b = crate::classify::band(s, t, m);
    name_of(&b)
}

/// Decides a lookup: match, create (forward), none (backward) or ambiguous.
#[wasm_bindgen]
pub fn decide(scores: &JsValue, options: &JsValue) -> JsResult<JsValue> {
    let scores = read_scores("scores", scores)?;
    if options.is_undefined() || options.is_null() {
        return Err(Error::type_error("options is required: { threshold, mode?, minGap? }").into());
    }
    check_keys("options", options, &["threshold", "mode", "minGap"])?;
    let t = read_threshold("options.threshold", &get(options, "threshold"))?;
    let mode = match get(options, "mode") {
        m if m.is_undefined() => crate::classify::Mode::Forward,
        m => match m.as_string().as_deref() {
            Some("forward") => crate::classify::Mode::Forward,
            Some("backward") => crate::classify::Mode::Backward,
            _ => {
                return Err(Error::type_error(format!(
                    "options.mode must be \"forward\" or \"backward\", got {}",
                    m.as_string()
                        .map_or_else(|| type_name(&m), |s| format!("\"{s}\""))
                ))
                .into())
            }
        },
    };
    let gap = match get(options, "minGap") {
        g if g.is_undefined() => 0.0,
        g => number("options.minGap", &g)?,
    };
    to_js(&crate::classify::decide(&scores, t, mode, gap)?)
}

/// Act, escalate or not-found with an abstain band `[reject, act)`.
#[wasm_bindgen]
pub fn abstain(score: &JsValue, options: &JsValue) -> JsResult<String> {
    let s = number("score", score)?;
    let [act, reject] = numeric_options("options", options, ["act", "reject"])?;
    let a = crate::classify::abstain(s, required("act", act)?, required("reject", reject)?)?;
    name_of(&a)
}

/// Semantic-cache tier of a lookup's best score.
#[wasm_bindgen(js_name = cacheTier)]
pub fn cache_tier(score: &JsValue, options: &JsValue) -> JsResult<String> {
    let s = number("score", score)?;
    let [confident, tentative] = numeric_options("options", options, ["confident", "tentative"])?;
    let c = crate::classify::cache_tier(
        s,
        required("confident", confident)?,
        required("tentative", tentative)?,
    )?;
    name_of(&c)
}

/// Explains a threshold over candidate scores.
#[wasm_bindgen]
pub fn explain(threshold: &JsValue, scores: &JsValue) -> JsResult<JsValue> {
    let t = read_threshold("threshold", threshold)?;
    // A resolved threshold carries its origin and the words that describe it.
    let (applied, context) = if threshold.is_object() {
        (
            get(threshold, "source")
                .as_string()
                .unwrap_or_else(|| "given".into()),
            get(threshold, "description").as_string(),
        )
    } else {
        ("given".into(), None)
    };
    let scores = read_scores("scores", scores)?;
    to_js(&crate::explain::explain(
        t,
        &applied,
        context.as_deref(),
        &scores,
    )?)
}

// ------------------------------------------------------------------ fusion

/// Normalizes scores: "minmax" into [0, 1], or "zscore".
#[wasm_bindgen]
pub fn normalize(scores: &JsValue, method: &JsValue) -> JsResult<Float32Array> {
    let scores = read_scores("scores", scores)?;
    let method = match method.as_string().as_deref() {
        Some("minmax") => crate::fusion::Normalization::MinMax,
        Some("zscore") => crate::fusion::Normalization::ZScore,
        _ => {
            return Err(Error::type_error(format!(
                "method must be \"minmax\" or \"zscore\", got {}",
                method
                    .as_string()
                    .map_or_else(|| type_name(method), |s| format!("\"{s}\""))
            ))
            .into())
        }
    };
    let out: Vec<f32> = crate::fusion::normalize(&scores, method)?
        .into_iter()
        .map(|x| x as f32)
        .collect();
    Ok(Float32Array::from(&out[..]))
}

#[derive(Serialize)]
struct Fused {
    id: String,
    score: f64,
}

/// Reciprocal rank fusion of id lists (best first): `1 / (k + rank)`.
#[wasm_bindgen]
pub fn rrf(lists: &JsValue, k: &JsValue) -> JsResult<JsValue> {
    let outer = lists.dyn_ref::<Array>().ok_or_else(|| {
        Error::type_error(format!(
            "lists must be an array of arrays of ids, got {}",
            type_name(lists)
        ))
    })?;
    let mut parsed = Vec::with_capacity(outer.length() as usize);
    for (i, list) in outer.iter().enumerate() {
        let inner = list.dyn_ref::<Array>().ok_or_else(|| {
            Error::type_error(format!(
                "lists[{i}] must be an array of ids, got {}",
                type_name(&list)
            ))
        })?;
        let mut ids = Vec::with_capacity(inner.length() as usize);
        for (j, id) in inner.iter().enumerate() {
            ids.push(id.as_string().ok_or_else(|| {
                Error::type_error(format!(
                    "lists[{i}][{j}] must be a string, got {}",
                    type_name(&id)
                ))
            })?);
        }
        parsed.push(ids);
    }
    let k = if k.is_undefined() {
        60.0
    } else {
        number("k", k)?
    };
    let fused: Vec<Fused> = crate::fusion::rrf(&parsed, k)?
        .into_iter()
        .map(|(id, score)| Fused { id, score })
        .collect();
    to_js(&fused)
}

// ------------------------------------------------------------------ thresholds

/// Reads a JS value as a JSON-like tree (plain objects and arrays only; a
/// typed array, Map, function... is `Other`, so errors can name it).
fn js_to_value(v: &JsValue, depth: usize) -> Value {
    if v.is_undefined() || v.is_null() {
        return Value::Null;
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = v.as_string() {
        return Value::String(s);
    }
    if depth > 32 {
        return Value::Other("a value nested more than 32 levels deep".into());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        return Value::Array(a.iter().map(|x| js_to_value(&x, depth + 1)).collect());
    }
    if v.is_object() {
        let proto = js_sys::Object::get_prototype_of(v);
        let plain = proto.is_null()
            || proto == js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
        if plain {
            let entries = js_sys::Object::entries(v.unchecked_ref::<js_sys::Object>());
            return Value::Object(
                entries
                    .iter()
                    .map(|e| {
                        let pair: Array = e.unchecked_into();
                        (
                            pair.get(0).as_string().unwrap_or_default(),
                            js_to_value(&pair.get(1), depth + 1),
                        )
                    })
                    .collect(),
            );
        }
    }
    Value::Other(type_name(v))
}

/// Writes a JSON-like tree as plain JS objects and arrays.
fn value_to_js(v: &Value) -> JsValue {
    match v {
        Value::Null | Value::Other(_) => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(value_to_js).collect::<Array>().into(),
        Value::Object(entries) => {
            let o = js_sys::Object::new();
            for (k, x) in entries {
                // Setting a property on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &value_to_js(x));
            }
            o.into()
        }
    }
}

/// Threshold configuration: per-type and per-field thresholds, presets,
/// adjustments; `resolve()` says which threshold applies to a lookup and why.
#[wasm_bindgen(js_name = Thresholds)]
pub struct JsThresholds {
    config: ThresholdConfig,
}

#[wasm_bindgen(js_class = Thresholds)]
impl JsThresholds {
    /// From a `ThresholdConfig` object (all keys optional; default 0.80).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &JsValue) -> JsResult<JsThresholds> {
        let config = if config.is_undefined() || config.is_null() {
            ThresholdConfig::default()
        } else {
            ThresholdConfig::from_value("config", &js_to_value(config, 0))?
        };
        Ok(JsThresholds { config })
    }

    /// A built-in preset: "default", "strict" or "loose" (seed 000's tables).
    pub fn preset(name: &JsValue) -> JsResult<JsThresholds> {
        let name = name.as_string().ok_or_else(|| {
            Error::type_error(format!("name must be a string, got {}", type_name(name)))
        })?;
        Ok(JsThresholds {
            config: ThresholdConfig::preset(&name)?,
        })
    }

    /// From a schema in the seed's style (`$threshold` per type, `~>Type(0.85)`
    /// specs per field).
    #[wasm_bindgen(js_name = fromSchema)]
    pub fn from_schema(schema: &JsValue) -> JsResult<JsThresholds> {
        Ok(JsThresholds {
            config: ThresholdConfig::from_schema("schema", &js_to_value(schema, 0))?,
        })
    }

    /// Which threshold applies to a lookup, where it came from, and each
    /// adjustment.
    pub fn resolve(&self, query: &JsValue) -> JsResult<JsValue> {
        let q = read_query(
            "query",
            query,
            &[
                "type",
                "field",
                "spec",
                "dims",
                "fullDims",
                "candidateCount",
            ],
        )?;
        let r = self.config.resolve(&Query {
            type_name: q.type_name.as_deref(),
            field: q.field.as_deref(),
            spec: q.spec.as_deref(),
            dims: q.dims,
            full_dims: q.full_dims,
            candidate_count: q.candidate_count,
        })?;
        to_js(&r)
    }

    /// The configuration as a plain object (`new Thresholds(t.toJSON())`
    /// round-trips; `JSON.stringify(t)` writes it).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        value_to_js(&self.config.to_value())
    }
}

/// The string and integer fields a lookup or resolve query may carry.
#[derive(Default)]
struct QueryFields {
    type_name: Option<String>,
    field: Option<String>,
    spec: Option<String>,
    dims: Option<usize>,
    full_dims: Option<usize>,
    candidate_count: Option<usize>,
    mode: Option<String>,
}

fn read_query(
    name: &str,
    v: &JsValue,
    allowed: &[&str],
) -> core::result::Result<QueryFields, Error> {
    let mut q = QueryFields::default();
    if v.is_undefined() || v.is_null() {
        return Ok(q);
    }
    check_keys(name, v, allowed)?;
    let text = |key: &str| -> core::result::Result<Option<String>, Error> {
        match get(v, key) {
            x if x.is_undefined() || x.is_null() => Ok(None),
            x => x.as_string().map(Some).ok_or_else(|| {
                Error::type_error(format!(
                    "{name}.{key} must be a string, got {}",
                    type_name(&x)
                ))
            }),
        }
    };
    // Dims are capped like VectorSet's; a candidate count may be any size.
    let int = |key: &str, min: f64, max: f64| -> core::result::Result<Option<usize>, Error> {
        match get(v, key) {
            x if x.is_undefined() || x.is_null() => Ok(None),
            x => {
                let n = number(&format!("{name}.{key}"), &x)?;
                if n.is_finite() && libm::trunc(n) == n && n >= min && n <= max {
                    Ok(Some(n as usize))
                } else if max < 1e15 {
                    Err(Error::range(format!(
                        "{name}.{key} must be an integer from {min} to {max}, got {n}"
                    )))
                } else {
                    Err(Error::range(format!(
                        "{name}.{key} must be an integer >= {min}, got {n}"
                    )))
                }
            }
        }
    };
    q.type_name = text("type")?;
    q.field = text("field")?;
    q.spec = text("spec")?;
    q.mode = if allowed.contains(&"mode") {
        text("mode")?
    } else {
        None
    };
    q.dims = int("dims", 1.0, MAX_DIMS)?;
    if allowed.contains(&"fullDims") {
        q.full_dims = int("fullDims", 1.0, MAX_DIMS)?;
        q.candidate_count = int("candidateCount", 0.0, 1e15)?;
    }
    Ok(q)
}

// ------------------------------------------------------------------ matcher

/// The `~>` / `<~` operator: a `VectorSet` and `Thresholds` together. Each
/// `match()` resolves the threshold (the set's size is the candidate count),
/// scores (through the cascade when configured), decides, explains, and
/// bands the top candidates.
#[wasm_bindgen(js_name = Matcher)]
pub struct JsMatcher {
    set: Rc<RefCell<SetState>>,
    config: ThresholdConfig,
    options: MatcherOptions,
}

#[wasm_bindgen(js_class = Matcher)]
impl JsMatcher {
    /// `options`: `{ k?: 10, minGap?: 0, cascade?: { coarseDims, coarseK, coarseThreshold? } }`.
    /// The matcher shares the set (later `add()`s are seen) and copies the
    /// thresholds.
    #[wasm_bindgen(constructor)]
    pub fn new(
        set: &JsVectorSet,
        thresholds: &JsThresholds,
        options: &JsValue,
    ) -> JsResult<JsMatcher> {
        let mut o = MatcherOptions::default();
        if !(options.is_undefined() || options.is_null()) {
            check_keys("options", options, &["k", "minGap", "cascade"])?;
            let k = get(options, "k");
            if !k.is_undefined() {
                o.k = check::count("options.k", number("options.k", &k)?)?;
            }
            let gap = get(options, "minGap");
            if !gap.is_undefined() {
                o.min_gap =
                    crate::classify::margin("options.minGap", number("options.minGap", &gap)?)?;
            }
            let c = get(options, "cascade");
            if !(c.is_undefined() || c.is_null()) {
                let [dims, k, t] = numeric_options(
                    "options.cascade",
                    &c,
                    ["coarseDims", "coarseK", "coarseThreshold"],
                )?;
                let max = set.state.borrow().set.dims();
                let need = |n: &str, v: Option<f64>| {
                    v.ok_or_else(|| Error::type_error(format!("options.cascade.{n} is required")))
                };
                o.cascade = Some((
                    check::prefix_dims(
                        "options.cascade.coarseDims",
                        need("coarseDims", dims)?,
                        max,
                    )?,
                    check::count("options.cascade.coarseK", need("coarseK", k)?)?,
                    opt_threshold("options.cascade.coarseThreshold", t)?,
                ));
            }
        }
        Ok(JsMatcher {
            set: set.state.clone(),
            config: thresholds.config.clone(),
            options: o,
        })
    }

    /// One lookup: `{ threshold, decision, explanation, candidates }`.
    #[wasm_bindgen(js_name = match)]
    pub fn match_query(&self, query: &JsValue, lookup: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.set.borrow_mut();
        read_f32("query", query, &mut st.query)?;
        let q = read_query("lookup", lookup, &["type", "field", "spec", "dims", "mode"])?;
        let mode = match q.mode.as_deref() {
            None => None,
            Some("forward") => Some(crate::classify::Mode::Forward),
            Some("backward") => Some(crate::classify::Mode::Backward),
            Some(other) => {
                return Err(Error::type_error(format!(
                    "lookup.mode must be \"forward\" or \"backward\", got \"{other}\""
                ))
                .into())
            }
        };
        if let Some(d) = q.dims {
            check::prefix_dims("lookup.dims", d as f64, st.set.dims())?;
        }
        let result = matcher::run(
            &st.set,
            &mut st.scratch,
            &self.config,
            &self.options,
            &st.query,
            &Lookup {
                type_name: q.type_name.as_deref(),
                field: q.field.as_deref(),
                spec: q.spec.as_deref(),
                dims: q.dims,
                mode,
            },
        )?;
        to_js(&result)
    }
}

/// Nudges a threshold from feedback on matches (seed 000's rule).
#[wasm_bindgen(js_name = adjustFromFeedback)]
pub fn adjust_from_feedback(
    threshold: &JsValue,
    feedback: &JsValue,
    options: &JsValue,
) -> JsResult<JsValue> {
    let t = number("threshold", threshold)?;
    let list = feedback.dyn_ref::<Array>().ok_or_else(|| {
        Error::type_error(format!(
            "feedback must be an array of {{ correct, suggestedMatch? }}, got {}",
            type_name(feedback)
        ))
    })?;
    let mut items = Vec::with_capacity(list.length() as usize);
    for (i, f) in list.iter().enumerate() {
        let name = format!("feedback[{i}]");
        check_keys(&name, &f, &["correct", "suggestedMatch", "matchId"])?;
        let correct = get(&f, "correct").as_bool().ok_or_else(|| {
            Error::type_error(format!(
                "{name}.correct must be a boolean, got {}",
                type_name(&get(&f, "correct"))
            ))
        })?;
        let s = get(&f, "suggestedMatch");
        let suggested = match s.as_string() {
            Some(_) => true,
            None if s.is_undefined() || s.is_null() => false,
            None => {
                return Err(Error::type_error(format!(
                    "{name}.suggestedMatch must be a string, got {}",
                    type_name(&s)
                ))
                .into())
            }
        };
        items.push(crate::feedback::Feedback { correct, suggested });
    }
    let [step, rate, min, max] =
        numeric_options("options", options, ["step", "rate", "min", "max"])?;
    let d = crate::feedback::FeedbackRule::default();
    let rule = crate::feedback::FeedbackRule {
        step: step.unwrap_or(d.step),
        rate: rate.unwrap_or(d.rate),
        min: min.unwrap_or(d.min),
        max: max.unwrap_or(d.max),
    };
    to_js(&crate::feedback::adjust_from_feedback(t, &items, rule)?)
}

// ------------------------------------------------------------------ calibration

/// Labels: a Uint8Array or an array of numbers, each 0 or 1.
fn read_labels(name: &str, v: &JsValue) -> core::result::Result<Vec<u8>, Error> {
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        let mut out = Vec::with_capacity(a.length() as usize);
        for (i, x) in a.iter().enumerate() {
            match x.as_f64() {
                Some(l) if l == 0.0 || l == 1.0 => out.push(l as u8),
                _ => {
                    return Err(Error::range(format!(
                        "{name}[{i}] must be 0 or 1, got {}",
                        js_to_value(&x, 0).describe()
                    )))
                }
            }
        }
        return Ok(out);
    }
    Err(Error::type_error(format!(
        "{name} must be a Uint8Array (or an array) of 0/1 labels, got {}",
        type_name(v)
    )))
}

fn read_strings(name: &str, v: &JsValue) -> core::result::Result<Vec<String>, Error> {
    let a = v.dyn_ref::<Array>().ok_or_else(|| {
        Error::type_error(format!(
            "{name} must be an array of strings, got {}",
            type_name(v)
        ))
    })?;
    a.iter()
        .enumerate()
        .map(|(i, x)| {
            x.as_string().ok_or_else(|| {
                Error::type_error(format!(
                    "{name}[{i}] must be a string, got {}",
                    type_name(&x)
                ))
            })
        })
        .collect()
}

fn read_method(v: &JsValue) -> core::result::Result<Method, Error> {
    match v.as_string().as_deref() {
        Some("platt") => Ok(Method::Platt),
        Some("isotonic") => Ok(Method::Isotonic),
        _ => Err(Error::type_error(format!(
            "method must be \"platt\" or \"isotonic\", got {}",
            js_to_value(v, 0).describe()
        ))),
    }
}

fn opt_int(
    name: &str,
    v: &JsValue,
    default: usize,
    min: f64,
) -> core::result::Result<usize, Error> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = number(name, v)?;
    if n.is_finite() && libm::trunc(n) == n && n >= min && n <= 1e9 {
        Ok(n as usize)
    } else {
        Err(Error::range(format!(
            "{name} must be an integer >= {min}, got {n}"
        )))
    }
}

fn random_seed() -> core::result::Result<u64, Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::value(format!(
            "no random source for an unseeded bootstrap ({e}); pass a seed"
        ))
    })?;
    Ok(u64::from_le_bytes(bytes))
}

fn seed_of(name: &str, v: &JsValue) -> core::result::Result<Option<u64>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let n = number(name, v)?;
    if n.is_finite() && libm::trunc(n) == n && (0.0..=9_007_199_254_740_991.0).contains(&n) {
        Ok(Some(n as u64))
    } else {
        Err(Error::range(format!(
            "{name} must be a non-negative safe integer, got {n}"
        )))
    }
}

/// Calibrates labeled scores: `calibrate(scores, labels, { classes?, seed? })`.
#[wasm_bindgen]
pub fn calibrate(scores: &JsValue, labels: &JsValue, options: &JsValue) -> JsResult<JsCalibration> {
    let s = read_scores("scores", scores)?;
    let l = read_labels("labels", labels)?;
    let (mut classes, mut seed) = (None, None);
    if !(options.is_undefined() || options.is_null()) {
        check_keys("options", options, &["classes", "seed"])?;
        let c = get(options, "classes");
        if !(c.is_undefined() || c.is_null()) {
            classes = Some(read_strings("options.classes", &c)?);
        }
        seed = seed_of("options.seed", &get(options, "seed"))?;
    }
    Ok(JsCalibration {
        inner: Calibration::new(s, l, classes)?,
        seed,
    })
}

/// Calibration results from labeled pairs (see `calibrate`).
#[wasm_bindgen(js_name = Calibration)]
pub struct JsCalibration {
    inner: Calibration,
    seed: Option<u64>,
}

fn f64_array(v: &[f64]) -> js_sys::Float64Array {
    js_sys::Float64Array::from(v)
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in entries {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

#[wasm_bindgen(js_class = Calibration)]
impl JsCalibration {
    /// Number of pairs.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// ROC AUC (ties count one half).
    pub fn auc(&self) -> JsResult<f64> {
        Ok(self.inner.auc()?)
    }

    /// The exact precision/recall curve (scikit-learn's layout).
    #[wasm_bindgen(js_name = prCurve)]
    pub fn pr_curve(&self) -> JsValue {
        let c = self.inner.pr_curve();
        object(&[
            ("thresholds", f64_array(&c.thresholds).into()),
            ("precision", f64_array(&c.precision).into()),
            ("recall", f64_array(&c.recall).into()),
        ])
    }

    /// The F-beta-optimal threshold (F1 by default), ties to the higher.
    pub fn best(&self, beta: &JsValue) -> JsResult<JsValue> {
        let beta = if beta.is_undefined() {
            1.0
        } else {
            number("beta", beta)?
        };
        to_js(&self.inner.best(beta)?)
    }

    /// The confusion matrix, precision, recall and F1 at `threshold`.
    pub fn at(&self, threshold: &JsValue) -> JsResult<JsValue> {
        let r = self.inner.at(number("threshold", threshold)?)?;
        let out = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        Ok(r.serialize(&out)?)
    }

    /// The lowest threshold whose precision meets `target`, or null.
    #[wasm_bindgen(js_name = atPrecision)]
    pub fn at_precision(&self, target: &JsValue) -> JsResult<JsValue> {
        match self.inner.at_precision(number("target", target)?)? {
            Some(r) => to_js(&r),
            None => Ok(JsValue::NULL),
        }
    }

    /// Largest negative score, smallest positive score, midpoint (or null).
    pub fn gap(&self) -> JsResult<JsValue> {
        let g = self.inner.gap()?;
        let out = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        Ok(g.serialize(&out)?)
    }

    /// Platt scaling: `p = 1 / (1 + exp(a * s + b))`.
    pub fn platt(&self) -> JsResult<JsValue> {
        to_js(&self.inner.platt()?)
    }

    /// Isotonic regression's fitted points (interpolated linearly).
    pub fn isotonic(&self) -> JsResult<JsValue> {
        let iso = self.inner.isotonic()?;
        Ok(object(&[
            ("x", f64_array(&iso.x).into()),
            ("y", f64_array(&iso.y).into()),
        ]))
    }

    /// The calibrated probability of `score`.
    pub fn probability(&self, score: &JsValue, method: &JsValue) -> JsResult<f64> {
        Ok(self
            .inner
            .probability(number("score", score)?, read_method(method)?)?)
    }

    /// Reliability diagram data, ECE, MCE and Brier score (in-sample).
    pub fn reliability(&self, method: &JsValue, bins: &JsValue) -> JsResult<JsValue> {
        let bins = opt_int("bins", bins, 10, 1.0)?;
        to_js(&self.inner.reliability(read_method(method)?, bins)?)
    }

    /// Histograms of positive and negative scores over shared edges.
    pub fn histogram(&self, bins: &JsValue) -> JsResult<JsValue> {
        let h = self.inner.histogram(opt_int("bins", bins, 20, 1.0)?)?;
        Ok(object(&[
            ("edges", f64_array(&h.edges).into()),
            (
                "positive",
                js_sys::Uint32Array::from(&h.positive[..]).into(),
            ),
            (
                "negative",
                js_sys::Uint32Array::from(&h.negative[..]).into(),
            ),
        ]))
    }

    /// F1-optimal thresholds per class.
    #[wasm_bindgen(js_name = perClass)]
    pub fn per_class(&self) -> JsResult<JsValue> {
        let per = self.inner.per_class()?;
        let out = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        Ok(per.serialize(&out)?)
    }

    /// Percentile intervals of the best threshold and its F1 over `rounds`
    /// resamples; seeded by `seed`, else `calibrate`'s seed, else randomly.
    pub fn bootstrap(&self, rounds: &JsValue, seed: &JsValue) -> JsResult<JsValue> {
        let rounds = opt_int("rounds", rounds, 1000, 0.0)?;
        let seed = match seed_of("seed", seed)?.or(self.seed) {
            Some(s) => s,
            None => random_seed()?,
        };
        to_js(&self.inner.bootstrap(rounds, seed)?)
    }

    /// A ThresholdConfig: `{ target: "f1" }` (default) or `{ target: { precision } }`.
    #[wasm_bindgen(js_name = toConfig)]
    pub fn to_config(&self, options: &JsValue) -> JsResult<JsValue> {
        let mut target = Target::F1;
        if !(options.is_undefined() || options.is_null()) {
            check_keys("options", options, &["target"])?;
            let t = get(options, "target");
            if t.is_undefined() || t.as_string().as_deref() == Some("f1") {
                target = Target::F1;
            } else if t.is_object() {
                check_keys("options.target", &t, &["precision"])?;
                target =
                    Target::Precision(number("options.target.precision", &get(&t, "precision"))?);
            } else {
                return Err(Error::type_error(format!(
                    "options.target must be \"f1\" or {{ precision }}, got {}",
                    js_to_value(&t, 0).describe()
                ))
                .into());
            }
        }
        Ok(value_to_js(&self.inner.to_config(target)?.to_value()))
    }
}

/// Per-prefix thresholds from raw embedding pairs:
/// `calibratePairs(a, b, dims, labels, { prefixes })`.
#[wasm_bindgen(js_name = calibratePairs)]
pub fn calibrate_pairs(
    a: &JsValue,
    b: &JsValue,
    dims: &JsValue,
    labels: &JsValue,
    options: &JsValue,
) -> JsResult<JsValue> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read_f32("a", a, &mut x)?;
    read_f32("b", b, &mut y)?;
    let dims = opt_int("dims", dims, 0, 1.0)?;
    let labels = read_labels("labels", labels)?;
    let mut prefixes = Vec::new();
    if !(options.is_undefined() || options.is_null()) {
        check_keys("options", options, &["prefixes"])?;
        let p = get(options, "prefixes");
        if let Some(arr) = p.dyn_ref::<Array>() {
            for (i, v) in arr.iter().enumerate() {
                prefixes.push(opt_int(&format!("options.prefixes[{i}]"), &v, 0, 1.0)?);
            }
        } else if !p.is_undefined() {
            return Err(Error::type_error(format!(
                "options.prefixes must be an array of dims, got {}",
                type_name(&p)
            ))
            .into());
        }
    }
    let rows = crate::calibrate::calibrate_pairs(&x, &y, dims, &labels, &prefixes)?;
    let table = js_sys::Object::new();
    for r in rows.iter().filter(|r| r.dims != dims) {
        let _ = js_sys::Reflect::set(
            &table,
            &JsValue::from_str(&r.dims.to_string()),
            &JsValue::from_f64(r.shift),
        );
    }
    Ok(object(&[
        ("prefixes", to_js(&rows)?),
        ("table", table.into()),
    ]))
}
