//! `Matcher`: a `VectorSet` and `Thresholds` together.

use super::read::{self, Options};
use super::search::coarse_pass;
use super::thresholds::{JsThresholds, LookupText};
use super::vector_set::{precision_of, JsVectorSet, SetState};
use super::JsResult;
use crate::check;
use crate::decide::{Lookup, MatcherOptions};
use crate::thresholds::{Direction, ThresholdConfig};
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;

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
    /// `options`: `{ k?: 10, minGap?: 0, cascade?: { coarseDims, coarseK,
    /// coarseThreshold? }, typeKey?: "type" | null }`. The matcher shares the
    /// set (later `add()`s are seen) and copies the thresholds.
    #[wasm_bindgen(constructor)]
    pub fn new(
        set: &JsVectorSet,
        thresholds: &JsThresholds,
        options: &JsValue,
    ) -> JsResult<JsMatcher> {
        crate::decide::check_models(
            set.state.borrow().set.model(),
            thresholds.config.model.as_deref(),
        )?;
        let o = Options::new("options", options, &["k", "minGap", "cascade", "typeKey"])?;
        let d = MatcherOptions::default();
        let cascade = o.object(
            "cascade",
            &[
                "coarseDims",
                "coarseK",
                "coarseThreshold",
                "coarsePrecision",
            ],
        )?;
        let options = MatcherOptions {
            k: o.count("k")?.unwrap_or(d.k),
            min_gap: o
                .number("minGap")?
                .map(|g| check::margin(&o.path("minGap"), g))
                .transpose()?
                .unwrap_or(d.min_gap),
            cascade: cascade
                .map(|c| coarse_pass(&c, set.state.borrow().set.dims()))
                .transpose()?,
            type_key: match o.raw("typeKey") {
                v if v.is_undefined() => d.type_key.clone(),
                v if v.is_null() => None,
                v => Some(crate::store::check_path_key(
                    &o.path("typeKey"),
                    &read::string(&o.path("typeKey"), &v)?,
                )?),
            },
        };
        Ok(JsMatcher {
            set: set.state.clone(),
            config: thresholds.config.clone(),
            options,
        })
    }

    /// One lookup: `{ threshold, decision, explanation, candidates }`.
    #[wasm_bindgen(js_name = match)]
    pub fn match_query(&self, query: &JsValue, lookup: &JsValue) -> JsResult<JsValue> {
        let st = &mut *self.set.borrow_mut();
        read::f32_into("query", query, &mut st.query)?;
        let o = Options::new(
            "lookup",
            lookup,
            &[
                "type",
                "field",
                "spec",
                "dims",
                "mode",
                "precision",
                "namespace",
                "filter",
            ],
        )?;
        let text = LookupText::read(&o)?;
        let namespace = o.string("namespace")?;
        let filter = o.filter("filter")?;
        let lookup = Lookup {
            query: text.query(&o)?,
            mode: o
                .string("mode")?
                .map(|m| Direction::parse(&o.path("mode"), &m))
                .transpose()?,
            precision: precision_of(&o)?,
            namespace: namespace.as_deref(),
            filter: filter.as_ref(),
        };
        let result = crate::decide::lookup(
            &st.set,
            &mut st.scratch,
            &self.config,
            &self.options,
            &st.query,
            &lookup,
        )?;
        read::to_js(&result)
    }
}
