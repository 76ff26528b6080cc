//! Reading JS values into core types, and writing results back.
//!
//! Every argument and option is read here, by one reader per kind of value,
//! and each reader names the exact path of what it reads
//! (`options.cascade.coarseK must be ...`). The rules a value must satisfy
//! (ranges, caps, names) are the core's: `crate::check` and the core types'
//! `parse` functions.

use crate::check;
use crate::error::Error;
use crate::filter::Filter;
use crate::store::{ByteSource, Metadata};
use crate::thresholds::Value;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub(crate) type Result<T> = core::result::Result<T, Error>;
type JsResult<T> = core::result::Result<T, JsValue>;

/// Describes a JS value's type for error messages ("undefined", "string",
/// "Array", "Float64Array", ...).
pub(crate) fn type_name(v: &JsValue) -> String {
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if v.is_object() {
        let ctor = Reflect::get(v, &"constructor".into()).ok();
        let name = ctor
            .and_then(|c| Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string());
        return name.unwrap_or_else(|| "object".into());
    }
    v.js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

/// `undefined` or `null`: an argument or option left out.
pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// `v[key]`, `undefined` when missing.
pub(crate) fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A required JS number.
pub(crate) fn number(name: &str, v: &JsValue) -> Result<f64> {
    v.as_f64()
        .ok_or_else(|| check::must_be_type(name, "a number", type_name(v)))
}

/// A number, or `None` when left out.
pub(crate) fn opt_number(name: &str, v: &JsValue) -> Result<Option<f64>> {
    if absent(v) {
        Ok(None)
    } else {
        number(name, v).map(Some)
    }
}

/// A required string.
pub(crate) fn string(name: &str, v: &JsValue) -> Result<String> {
    v.as_string()
        .ok_or_else(|| check::must_be_type(name, "a string", type_name(v)))
}

/// A string naming one of a core enum's values, read by that enum's
/// `parse` (whose message lists the names).
pub(crate) fn choice<T>(
    name: &str,
    v: &JsValue,
    parse: impl Fn(&str, &str) -> Result<T>,
) -> Result<T> {
    parse(name, &string(name, v)?)
}

/// Copies a `Float32Array` argument into `buf` (reusing its allocation).
pub(crate) fn f32_into(name: &str, v: &JsValue, buf: &mut Vec<f32>) -> Result<()> {
    let arr = float32_array(name, v)?;
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

/// A `Float32Array` argument, not copied.
pub(crate) fn float32_array<'a>(name: &str, v: &'a JsValue) -> Result<&'a Float32Array> {
    v.dyn_ref::<Float32Array>()
        .ok_or_else(|| check::must_be_type(name, "a Float32Array", type_name(v)))
}

/// A list of scores: a Float32Array, Float64Array or an array of numbers.
pub(crate) fn scores(name: &str, v: &JsValue) -> Result<Vec<f64>> {
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
        return a
            .iter()
            .enumerate()
            .map(|(i, x)| number(&format!("{name}[{i}]"), &x))
            .collect();
    }
    Err(check::must_be_type(
        name,
        "a Float32Array, Float64Array or an array of numbers",
        type_name(v),
    ))
}

/// Labels: a Uint8Array or an array of numbers, each 0 or 1 (the core
/// checks a Uint8Array's values).
pub(crate) fn labels(name: &str, v: &JsValue) -> Result<Vec<u8>> {
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        let mut out = Vec::with_capacity(a.length() as usize);
        for (i, x) in a.iter().enumerate() {
            match x.as_f64() {
                Some(l) if l == 0.0 || l == 1.0 => out.push(l as u8),
                _ => {
                    return Err(check::must(
                        &format!("{name}[{i}]"),
                        "0 or 1",
                        to_value(&x).describe(),
                    ))
                }
            }
        }
        return Ok(out);
    }
    Err(check::must_be_type(
        name,
        "a Uint8Array (or an array) of 0/1 labels",
        type_name(v),
    ))
}

/// An array of strings.
pub(crate) fn strings(name: &str, v: &JsValue) -> Result<Vec<String>> {
    let a = v
        .dyn_ref::<Array>()
        .ok_or_else(|| check::must_be_type(name, "an array of strings", type_name(v)))?;
    a.iter()
        .enumerate()
        .map(|(i, x)| string(&format!("{name}[{i}]"), &x))
        .collect()
}

/// One metadata object per row: an array of plain objects, each checked
/// by the core's rules (`metadata[3].author.id ...`).
pub(crate) fn metadata_list(name: &str, v: &JsValue) -> Result<Vec<Metadata>> {
    let a = v.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type(
            name,
            "an array with one metadata object per row",
            type_name(v),
        )
    })?;
    a.iter()
        .enumerate()
        .map(|(i, x)| {
            if absent(&x) {
                // null: the row has no metadata.
                return Ok(Metadata::default());
            }
            Metadata::from_value(&format!("{name}[{i}]"), &to_value(&x))
        })
        .collect()
}

/// A filter, or `None` when left out.
pub(crate) fn filter(name: &str, v: &JsValue) -> Result<Option<Filter>> {
    if absent(v) {
        return Ok(None);
    }
    Filter::from_value(name, &to_value(v)).map(Some)
}

/// A threshold given as a number or as a resolved threshold `{ value, ... }`.
pub(crate) fn threshold(name: &str, v: &JsValue) -> Result<f64> {
    if let Some(t) = v.as_f64() {
        return check::unit(name, t);
    }
    if v.is_object() && !Array::is_array(v) {
        let path = format!("{name}.value");
        return check::unit(&path, number(&path, &get(v, "value"))?);
    }
    Err(check::must_be_type(
        name,
        "a number or a resolved threshold { value, ... }",
        type_name(v),
    ))
}

/// An optional integer argument `>= min`, `default` when left out.
pub(crate) fn int_or(name: &str, v: &JsValue, default: usize, min: usize) -> Result<usize> {
    if v.is_undefined() {
        return Ok(default);
    }
    check::size(name, number(name, v)?, min)
}

/// An options object: checked once for unknown keys, then read field by
/// field, each reader naming `name.key`.
pub(crate) struct Options {
    name: String,
    value: Option<JsValue>,
}

impl Options {
    /// Reads `v` as an optional options object whose keys are `allowed`.
    /// Unknown keys are errors naming the key, so a typo such as
    /// `{ minscore: 0.8 }` never passes silently.
    pub(crate) fn new(name: &str, v: &JsValue, allowed: &[&str]) -> Result<Options> {
        if absent(v) {
            return Ok(Options {
                name: name.into(),
                value: None,
            });
        }
        check_keys(name, v, allowed)?;
        Ok(Options {
            name: name.into(),
            value: Some(v.clone()),
        })
    }

    /// Like [`Options::new`], for an object that must be given; `shape`
    /// shows its keys in the error, e.g. `{ threshold, mode?, minGap? }`.
    pub(crate) fn required(
        name: &str,
        v: &JsValue,
        allowed: &[&str],
        shape: &str,
    ) -> Result<Options> {
        if absent(v) {
            return Err(Error::type_error(format!("{name} is required: {shape}")));
        }
        Self::new(name, v, allowed)
    }

    /// The path of `key`, for messages: `options.key`.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }

    /// The raw value of `key` (`undefined` when the object was left out).
    pub(crate) fn raw(&self, key: &str) -> JsValue {
        self.value
            .as_ref()
            .map_or(JsValue::UNDEFINED, |v| get(v, key))
    }

    /// A number, or `None` when left out.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>> {
        opt_number(&self.path(key), &self.raw(key))
    }

    /// A number that must be given.
    pub(crate) fn required_number(&self, key: &str) -> Result<f64> {
        self.number(key)?
            .ok_or_else(|| check::required(&self.path(key)))
    }

    /// A string, or `None` when left out.
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>> {
        let v = self.raw(key);
        if absent(&v) {
            Ok(None)
        } else {
            string(&self.path(key), &v).map(Some)
        }
    }

    /// A boolean, or `false` when left out.
    pub(crate) fn flag(&self, key: &str) -> Result<bool> {
        let v = self.raw(key);
        if absent(&v) {
            return Ok(false);
        }
        v.as_bool()
            .ok_or_else(|| crate::check::must_be_type(&self.path(key), "a boolean", type_name(&v)))
    }

    /// A threshold in [-1, 1], or `None`.
    pub(crate) fn threshold(&self, key: &str) -> Result<Option<f32>> {
        self.number(key)?
            .map(|t| check::threshold(&self.path(key), t))
            .transpose()
    }

    /// A prefix length in `1..=max`, or `None`.
    pub(crate) fn dims(&self, key: &str, max: usize) -> Result<Option<usize>> {
        self.number(key)?
            .map(|d| check::prefix_dims(&self.path(key), d, max))
            .transpose()
    }

    /// A non-negative integer count, or `None`.
    pub(crate) fn count(&self, key: &str) -> Result<Option<usize>> {
        self.number(key)?
            .map(|n| check::count(&self.path(key), n))
            .transpose()
    }

    /// An integer `>= min`, or `None`.
    pub(crate) fn at_least(&self, key: &str, min: usize) -> Result<Option<usize>> {
        self.number(key)?
            .map(|n| check::at_least(&self.path(key), n, min))
            .transpose()
    }

    /// Metadata, one object per row, or `None` when left out.
    pub(crate) fn metadata(&self, key: &str) -> Result<Option<Vec<Metadata>>> {
        let v = self.raw(key);
        if absent(&v) {
            return Ok(None);
        }
        metadata_list(&self.path(key), &v).map(Some)
    }

    /// A filter, or `None` when left out.
    pub(crate) fn filter(&self, key: &str) -> Result<Option<Filter>> {
        filter(&self.path(key), &self.raw(key))
    }

    /// A nested options object, or `None` when left out.
    pub(crate) fn object(&self, key: &str, allowed: &[&str]) -> Result<Option<Options>> {
        let v = self.raw(key);
        if absent(&v) {
            return Ok(None);
        }
        Options::new(&self.path(key), &v, allowed).map(Some)
    }
}

/// Fails on keys of an options object that are not in `allowed`.
pub(crate) fn check_keys(name: &str, v: &JsValue, allowed: &[&str]) -> Result<()> {
    if !v.is_object() || Array::is_array(v) {
        return Err(check::must_be_type(name, "an object", type_name(v)));
    }
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
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

/// Reads a JS value as a JSON-like tree (plain objects and arrays only; a
/// typed array, Map, function... is `Other`, so errors can name it).
pub(crate) fn to_value(v: &JsValue) -> Value {
    to_value_at(v, 0)
}

fn to_value_at(v: &JsValue, depth: usize) -> Value {
    // Strings first: filters' $in lists and metadata are mostly strings,
    // and each test is a call across the boundary.
    if let Some(s) = v.as_string() {
        return Value::String(s);
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if absent(v) {
        return Value::Null;
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if depth > 32 {
        return Value::Other("a value nested more than 32 levels deep".into());
    }
    if let Some(a) = v.dyn_ref::<Array>() {
        return Value::Array(a.iter().map(|x| to_value_at(&x, depth + 1)).collect());
    }
    if v.is_object() {
        let proto = Object::get_prototype_of(v);
        let plain = proto.is_null() || proto == Object::get_prototype_of(&Object::new().into());
        if plain {
            let entries = Object::entries(v.unchecked_ref::<Object>());
            return Value::Object(
                entries
                    .iter()
                    .map(|e| {
                        let pair: Array = e.unchecked_into();
                        (
                            pair.get(0).as_string().unwrap_or_default(),
                            to_value_at(&pair.get(1), depth + 1),
                        )
                    })
                    .collect(),
            );
        }
    }
    Value::Other(type_name(v))
}

/// Writes a JSON-like tree as plain JS objects and arrays.
pub(crate) fn from_value(v: &Value) -> JsValue {
    match v {
        Value::Null | Value::Other(_) => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(from_value).collect::<Array>().into(),
        Value::Object(entries) => {
            let o = Object::new();
            for (k, x) in entries {
                // Setting a property on a fresh plain object cannot fail.
                let _ = Reflect::set(&o, &JsValue::from_str(k), &from_value(x));
            }
            o.into()
        }
    }
}

/// A core result as a plain JS object (absent optional fields left out).
pub(crate) fn to_js<T: Serialize>(v: &T) -> JsResult<JsValue> {
    Ok(serde_wasm_bindgen::to_value(v)?)
}

/// A core result as a plain JS object, absent optional fields as `null`
/// (where the contract's type is `T | null`).
pub(crate) fn to_js_with_nulls<T: Serialize>(v: &T) -> JsResult<JsValue> {
    let out = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    Ok(v.serialize(&out)?)
}

/// The JS name of a unit enum (band, abstain outcome, cache tier): its serde
/// spelling, so the names have one source of truth.
pub(crate) fn name_of<T: Serialize>(v: &T) -> JsResult<String> {
    Ok(to_js(v)?.as_string().unwrap_or_default())
}

/// A plain object from `(key, value)` pairs (typed arrays stay typed).
pub(crate) fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// `v` as bytes: a `Uint8Array` (a Node `Buffer` is one) or an
/// `ArrayBuffer`/`SharedArrayBuffer`, viewed without a copy.
pub(crate) fn js_bytes(name: &str, v: &JsValue) -> JsResult<JsBytes> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Ok(JsBytes(a.clone()));
    }
    if v.is_instance_of::<js_sys::ArrayBuffer>() || v.is_instance_of::<js_sys::SharedArrayBuffer>()
    {
        return Ok(JsBytes(Uint8Array::new(v)));
    }
    Err(check::must_be_type(name, "a Uint8Array or an ArrayBuffer", type_name(v)).into())
}

/// JS bytes read straight into their destination in wasm memory (one copy,
/// no staging buffer).
pub(crate) struct JsBytes(Uint8Array);

impl ByteSource for JsBytes {
    fn len(&self) -> usize {
        self.0.length() as usize
    }

    fn read(&self, offset: usize, out: &mut [u8]) {
        let end = offset + out.len();
        self.0.subarray(offset as u32, end as u32).copy_to(out);
    }
}
