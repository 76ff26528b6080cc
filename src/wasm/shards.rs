//! Beyond one isolate: `mergeTopK` (the shards' top-k lists as one) and
//! `toCosine` (other engines' scores on cosine's scale).

use super::read;
use super::JsResult;
use crate::check;
use crate::score::{merge_top_k, shard_of, Scale, ShardMatch};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Float32Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Serialize)]
struct MergedJs {
    index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    score: f32,
    shard: u32,
}

/// The best `k` matches of several shards' `topK` lists, best first (ties:
/// lower shard, then lower index), each with its shard (its list's
/// position) and its id kept.
#[wasm_bindgen(js_name = mergeTopK)]
pub fn merge_top_k_js(lists: &JsValue, k: &JsValue) -> JsResult<JsValue> {
    let outer = lists.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type("lists", "an array of match lists", read::type_name(lists))
    })?;
    let k = check::count("k", read::number("k", k)?)?;
    // Keys made once; names built only for an error (this runs per match).
    let (key_index, key_score, key_id) = (
        JsValue::from_str("index"),
        JsValue::from_str("score"),
        JsValue::from_str("id"),
    );
    let get =
        |m: &JsValue, key: &JsValue| js_sys::Reflect::get(m, key).unwrap_or(JsValue::UNDEFINED);
    let mut parsed = Vec::with_capacity(outer.length() as usize);
    for (s, list) in outer.iter().enumerate() {
        let list = list.dyn_into::<Array>().map_err(|v| {
            check::must_be_type(
                &format!("lists[{s}]"),
                "an array of matches",
                read::type_name(&v),
            )
        })?;
        let mut matches = Vec::with_capacity(list.length() as usize);
        for (i, m) in list.iter().enumerate() {
            let name = || format!("lists[{s}][{i}]");
            if !m.is_object() {
                return Err(check::must_be_type(
                    &name(),
                    "a match { index, score, id? }",
                    read::type_name(&m),
                )
                .into());
            }
            let index = get(&m, &key_index);
            let index = match index.as_f64() {
                Some(x) if (0.0..=4_294_967_295.0).contains(&x) && x == libm::floor(x) => {
                    x as usize
                }
                _ => check::count(
                    &format!("{}.index", name()),
                    read::number(&format!("{}.index", name()), &index)?,
                )?,
            };
            let score = get(&m, &key_score);
            let score = match score.as_f64() {
                Some(x) => x,
                None => read::number(&format!("{}.score", name()), &score)?,
            };
            let id = get(&m, &key_id);
            let id = if read::absent(&id) {
                None
            } else {
                Some(id.as_string().ok_or_else(|| {
                    check::must_be_type(&format!("{}.id", name()), "a string", read::type_name(&id))
                })?)
            };
            matches.push(ShardMatch {
                shard: s,
                index,
                id,
                score: score as f32,
            });
        }
        parsed.push(matches);
    }
    let merged: Vec<MergedJs> = merge_top_k(parsed, k)?
        .into_iter()
        .map(|m| MergedJs {
            index: m.index as u32,
            id: m.id,
            score: m.score,
            shard: m.shard as u32,
        })
        .collect();
    read::to_js(&merged)
}

/// The shard (of `shards`) that owns `id`: 32-bit FNV-1a of the id's UTF-8
/// bytes, modulo `shards`; writers and readers that use it agree.
#[wasm_bindgen(js_name = shardOf)]
pub fn shard_of_js(id: &JsValue, shards: &JsValue) -> JsResult<u32> {
    let id = read::string("id", id)?;
    let shards = check::integer("shards", read::number("shards", shards)?, 1, 65_536)?;
    Ok(shard_of(&id, shards as u32)?)
}

/// Scores from another engine as cosines: `"unit"` is `(1 + cos) / 2`,
/// `"distance"` is `1 - cos`, `"cosine"` is checked and kept. A number
/// gives a number; a list gives a Float32Array.
#[wasm_bindgen(js_name = toCosine)]
pub fn to_cosine(scores: &JsValue, scale: &JsValue) -> JsResult<JsValue> {
    let scale = read::choice("scale", scale, Scale::parse)?;
    if let Some(x) = scores.as_f64() {
        return Ok(JsValue::from_f64(scale.to_cosine("scores", x)?));
    }
    let values = read::scores("scores", scores)?;
    let out: Vec<f32> = scale
        .all_to_cosine("scores", &values)?
        .into_iter()
        .map(|x| x as f32)
        .collect();
    Ok(Float32Array::from(&out[..]).into())
}
