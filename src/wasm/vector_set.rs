//! `VectorSet` and `cosine`.

use super::read::{self, Options};
use super::JsResult;
use crate::check;
use crate::score::{Cascade, Match, Scratch, VectorSet};
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::Float32Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Cosine similarity of `a` and `b` over their first `dims` dims (all when
/// omitted), each prefix divided by its own norm.
#[wasm_bindgen(js_name = cosine)]
pub fn cosine_js(a: &JsValue, b: &JsValue, dims: &JsValue) -> JsResult<f64> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read::f32_into("a", a, &mut x)?;
    read::f32_into("b", b, &mut y)?;
    let dims = if dims.is_undefined() {
        None
    } else {
        Some(read::number("dims", dims)?)
    };
    Ok(crate::score::cosine(&x, &y, dims)?)
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
    pub(super) state: Rc<RefCell<SetState>>,
}

/// A set with its reusable query buffers.
pub(super) struct SetState {
    pub(super) set: VectorSet,
    pub(super) scratch: Scratch,
    pub(super) query: Vec<f32>,
}

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// An empty set of `dims`-dimensional vectors.
    #[wasm_bindgen(constructor)]
    pub fn new(dims: &JsValue) -> JsResult<JsVectorSet> {
        let d = check::set_dims("dims", read::number("dims", dims)?)?;
        Ok(JsVectorSet {
            state: Rc::new(RefCell::new(SetState {
                set: VectorSet::new(d)?,
                scratch: Scratch::default(),
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
        let ids = if read::absent(ids) {
            None
        } else {
            Some(read::strings("ids", ids)?)
        };
        let arr = read::float32_array("vectors", vectors)?;
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
        read::f32_into("query", query, &mut st.query)?;
        let dims = read::opt_number("dims", dims)?
            .map(|d| check::prefix_dims("dims", d, st.set.dims()))
            .transpose()?;
        st.set.scores_into(&st.query, dims, &mut st.scratch)?;
        Ok(Float32Array::from(st.scratch.scores()))
    }

    /// The `k` best rows, best first (ties to the lower index).
    #[wasm_bindgen(js_name = topK)]
    pub fn top_k(&mut self, query: &JsValue, k: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let k = check::count("k", read::number("k", k)?)?;
        let o = Options::new("options", options, &["dims", "minScore"])?;
        let dims = o.dims("dims", st.set.dims())?;
        let min = o.threshold("minScore")?;
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
        read::f32_into("query", query, &mut st.query)?;
        let t = check::threshold("threshold", read::number("threshold", threshold)?)?;
        let o = Options::new("options", options, &["dims"])?;
        let dims = o.dims("dims", st.set.dims())?;
        let found = st.set.above(&st.query, t, dims, &mut st.scratch)?;
        matches(&st.set, &found)
    }

    /// Coarse pass on a short prefix, rerank of the survivors on full dims.
    pub fn cascade(&mut self, query: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let o = Options::required(
            "options",
            options,
            &[
                "coarseDims",
                "coarseK",
                "coarseThreshold",
                "dims",
                "threshold",
                "k",
            ],
            "{ coarseDims, coarseK, ... }",
        )?;
        let opts = Cascade {
            dims: o.dims("dims", st.set.dims())?,
            threshold: o.threshold("threshold")?,
            k: o.count("k")?,
            ..coarse_pass(&o, st.set.dims())?
        };
        let found = st.set.cascade(&st.query, &opts, &mut st.scratch)?;
        matches(&st.set, &found)
    }
}

/// The coarse pass of a cascade (`coarseDims`, `coarseK`,
/// `coarseThreshold`), as read by `VectorSet.cascade` and `Matcher`'s
/// `cascade` option.
pub(super) fn coarse_pass(o: &Options, max_dims: usize) -> read::Result<Cascade> {
    let coarse_dims = o.required_number("coarseDims")?;
    let coarse_k = o.required_number("coarseK")?;
    Ok(Cascade {
        coarse_dims: check::prefix_dims(&o.path("coarseDims"), coarse_dims, max_dims)?,
        coarse_k: check::count(&o.path("coarseK"), coarse_k)?,
        coarse_threshold: o.threshold("coarseThreshold")?,
        dims: None,
        threshold: None,
        k: None,
    })
}

fn matches(set: &VectorSet, found: &[Match]) -> JsResult<JsValue> {
    let out: Vec<MatchJs> = found
        .iter()
        .map(|m| MatchJs {
            index: m.index as u32,
            id: set.id(m.index),
            score: m.score,
        })
        .collect();
    read::to_js(&out)
}
