//! `VectorSet.coarseKFor`: how many coarse candidates a cascade needs,
//! measured on the set's own rows.

use super::read::{self, Options};
use super::vector_set::{coarse_dims_and_precision, precision_of, JsVectorSet};
use super::JsResult;
use crate::check;
use crate::score::Cascade;
use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// The smallest `coarseK` whose cascade keeps `recall` of the rerank's
    /// own top `k` on `sample` of the set's rows used as queries:
    /// `{ coarseK, recall, reached, queries, curve: [{ coarseK, recall }] }`.
    #[wasm_bindgen(js_name = coarseKFor)]
    pub fn coarse_k_for(&mut self, options: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        let o = Options::required(
            "options",
            options,
            &[
                "recall",
                "k",
                "sample",
                "seed",
                "coarseDims",
                "coarsePrecision",
                "dims",
                "precision",
            ],
            "{ recall, k, coarseDims, ... }",
        )?;
        let (coarse_dims, coarse_precision) = coarse_dims_and_precision(&o, st.set.dims())?;
        let opts = Cascade {
            dims: o.dims("dims", st.set.dims())?,
            precision: precision_of(&o)?,
            coarse_precision,
            ..Cascade::new(coarse_dims, 1)
        };
        let recall = o.required_number("recall")?;
        let k = check::count(&o.path("k"), o.required_number("k")?)?;
        let sample = match o.number("sample")? {
            Some(s) => check::integer(&o.path("sample"), s, 1, 100_000)?,
            None => 64,
        };
        let seed = match o.number("seed")? {
            Some(s) => check::seed(&o.path("seed"), s)?,
            None => 1,
        };
        let found = st
            .set
            .tune_coarse_k(&opts, k, recall, sample, seed, &mut st.scratch)?;
        let curve: Array = found
            .curve
            .iter()
            .map(|&(c, r)| read::object(&[("coarseK", (c as f64).into()), ("recall", r.into())]))
            .collect();
        Ok(read::object(&[
            ("coarseK", (found.coarse_k as f64).into()),
            ("recall", found.recall.into()),
            ("reached", found.reached.into()),
            ("queries", (found.queries as f64).into()),
            ("curve", curve.into()),
        ]))
    }
}
