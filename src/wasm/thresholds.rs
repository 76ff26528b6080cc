//! `Thresholds` (configurations, presets, schemas, resolution) and
//! `parseFieldSpec`.

use super::read::{self, Options};
use super::JsResult;
use crate::check::{self, MAX_DIMS};
use crate::error::Error;
use crate::thresholds::{FieldSpec, Query, ThresholdConfig};
use alloc::string::String;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
        return Err(check::must_be_type(
            "spec",
            "a string such as \"~>Industry(0.78)\"",
            read::type_name(spec),
        )
        .into());
    };
    // `threshold: null` when the spec has none (the contract's `number | null`).
    read::to_js_with_nulls(&FieldSpec::parse(&text, many)?)
}

/// Threshold configuration: per-type and per-field thresholds, presets,
/// adjustments; `resolve()` says which threshold applies to a lookup and why.
#[wasm_bindgen(js_name = Thresholds)]
pub struct JsThresholds {
    pub(super) config: ThresholdConfig,
}

#[wasm_bindgen(js_class = Thresholds)]
impl JsThresholds {
    /// From a `ThresholdConfig` object (all keys optional; default 0.80).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &JsValue) -> JsResult<JsThresholds> {
        let config = if read::absent(config) {
            ThresholdConfig::default()
        } else {
            ThresholdConfig::from_value("config", &read::to_value(config))?
        };
        Ok(JsThresholds { config })
    }

    /// The embedding model the thresholds were calibrated on, when stamped.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> JsValue {
        self.config
            .model
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str)
    }

    /// A built-in preset: "default", "strict" or "loose".
    pub fn preset(name: &JsValue) -> JsResult<JsThresholds> {
        let name = read::string("name", name)?;
        Ok(JsThresholds {
            config: ThresholdConfig::preset(&name)?,
        })
    }

    /// From a schema: `$threshold` per type, `~>Type(0.85)` specs per field.
    #[wasm_bindgen(js_name = fromSchema)]
    pub fn from_schema(schema: &JsValue) -> JsResult<JsThresholds> {
        Ok(JsThresholds {
            config: ThresholdConfig::from_schema("schema", &read::to_value(schema))?,
        })
    }

    /// Which threshold applies to a lookup, where it came from, and each
    /// adjustment.
    pub fn resolve(&self, query: &JsValue) -> JsResult<JsValue> {
        let o = Options::new("query", query, &QUERY_KEYS)?;
        let text = LookupText::read(&o)?;
        let q = Query {
            full_dims: o.dims("fullDims", MAX_DIMS)?,
            candidate_count: o.at_least("candidateCount", 0)?,
            ..text.query(&o)?
        };
        read::to_js(&self.config.resolve(&q)?)
    }

    /// The configuration as a plain object (`new Thresholds(t.toJSON())`
    /// round-trips; `JSON.stringify(t)` writes it).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        read::from_value(&self.config.to_value())
    }
}

/// The keys of a `resolve()` query.
const QUERY_KEYS: [&str; 6] = [
    "type",
    "field",
    "spec",
    "dims",
    "fullDims",
    "candidateCount",
];

/// The strings of a resolve query or a matcher lookup, read once; a
/// [`Query`] borrows them.
pub(super) struct LookupText {
    type_name: Option<String>,
    field: Option<String>,
    spec: Option<String>,
}

impl LookupText {
    pub(super) fn read(o: &Options) -> read::Result<LookupText> {
        Ok(LookupText {
            type_name: o.string("type")?,
            field: o.string("field")?,
            spec: o.string("spec")?,
        })
    }

    /// The query these strings and `o.dims` describe (dims capped at
    /// `MAX_DIMS`; a set's own dims are checked by the core).
    pub(super) fn query(&self, o: &Options) -> read::Result<Query<'_>> {
        Ok(Query {
            type_name: self.type_name.as_deref(),
            field: self.field.as_deref(),
            spec: self.spec.as_deref(),
            dims: o.dims("dims", MAX_DIMS)?,
            full_dims: None,
            candidate_count: None,
        })
    }
}
