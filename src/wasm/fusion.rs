//! Score normalization and reciprocal rank fusion.

use super::read;
use super::JsResult;
use crate::decide::Normalization;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Float32Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Normalizes scores: "minmax" into [0, 1], or "zscore".
#[wasm_bindgen]
pub fn normalize(scores: &JsValue, method: &JsValue) -> JsResult<Float32Array> {
    let scores = read::scores("scores", scores)?;
    let method = read::choice("method", method, Normalization::parse)?;
    let out: Vec<f32> = crate::decide::normalize(&scores, method)?
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
    let outer = lists.dyn_ref::<js_sys::Array>().ok_or_else(|| {
        crate::check::must_be_type("lists", "an array of arrays of ids", read::type_name(lists))
    })?;
    let mut parsed = Vec::with_capacity(outer.length() as usize);
    for (i, list) in outer.iter().enumerate() {
        if !js_sys::Array::is_array(&list) {
            return Err(crate::check::must_be_type(
                &alloc::format!("lists[{i}]"),
                "an array of ids",
                read::type_name(&list),
            )
            .into());
        }
        parsed.push(read::strings(&alloc::format!("lists[{i}]"), &list)?);
    }
    let k = if k.is_undefined() {
        60.0
    } else {
        read::number("k", k)?
    };
    let fused: Vec<Fused> = crate::decide::rrf(&parsed, k)?
        .into_iter()
        .map(|(id, score)| Fused { id, score })
        .collect();
    read::to_js(&fused)
}
