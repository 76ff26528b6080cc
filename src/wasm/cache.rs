//! `SemanticCacheCore`: the index, tiers, expiry, use order and monitor of
//! the JS `SemanticCache` (pkg `cache.js`), which keeps the values, the clock
//! and the byte container.

use super::cache_bound::bound_stats;
use super::monitor::stats_js;
use super::read::{self, Options};
use super::vector_set::JsVectorSet;
use super::JsResult;
use crate::cache::bound::AUDIT;
use crate::cache::{Asked, CacheOptions, Found, SemanticCache};
use crate::check;
use crate::error::Error;
use crate::store::{Metadata, Precision};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;

/// The options (a state's never hold a seed).
pub(super) const OPTION_KEYS: &[&str] = &[
    "dims",
    "confident",
    "tentative",
    "precisions",
    "model",
    "maxEntries",
    "ttlSeconds",
    "borderline",
    "seed",
    "errorBound",
    "prior",
];
pub(super) const STATE_VERSION: f64 = 1.0;

#[wasm_bindgen(js_name = SemanticCacheCore)]
pub struct JsCacheCore {
    inner: SemanticCache,
    query: Vec<f32>,
}

pub(super) fn read_options(o: &Options, name: &str) -> Result<CacheOptions, Error> {
    let dims = check::set_dims(&o.path("dims"), o.required_number("dims")?)?;
    let error_bound = o.number("errorBound")?;
    let (confident, tentative) = match error_bound {
        // Unused with a bound; 1 keeps them valid.
        Some(_) => {
            for key in ["confident", "tentative"] {
                if !read::absent(&o.raw(key)) {
                    return Err(Error::type_error(format!(
                        "{} replaces {} and {}: give errorBound alone (the cache learns where to serve) or both thresholds",
                        o.path("errorBound"),
                        o.path("confident"),
                        o.path("tentative")
                    )));
                }
            }
            (1.0, 1.0)
        }
        None => (
            o.required_number("confident")?,
            o.required_number("tentative")?,
        ),
    };
    let precisions = match o.raw("precisions") {
        v if read::absent(&v) => alloc::vec![Precision::F32],
        v => super::vector_set::precisions_of(&o.path("precisions"), &v)?,
    };
    let max_entries = o
        .number("maxEntries")?
        .map(|n| check::integer(&o.path("maxEntries"), n, 1, 100_000_000))
        .transpose()?;
    let ttl_ms = o
        .number("ttlSeconds")?
        .map(|s| {
            if s.is_finite() && s > 0.0 {
                Ok(s * 1000.0)
            } else {
                Err(check::must(
                    &o.path("ttlSeconds"),
                    "a positive number of seconds",
                    s,
                ))
            }
        })
        .transpose()?;
    let borderline = o.number("borderline")?.unwrap_or(0.05);
    let options = CacheOptions {
        dims,
        confident,
        tentative,
        precisions,
        model: o.string("model")?,
        max_entries,
        ttl_ms,
        borderline,
        error_bound,
    };
    options.check().map_err(|e| e.within(name))?;
    Ok(options)
}

pub(super) fn strings_js(ids: &[String]) -> Array {
    ids.iter().map(|s| JsValue::from_str(s)).collect()
}

fn found_js(f: &Found) -> JsValue {
    let mut entries: Vec<(&str, JsValue)> = alloc::vec![("tier", JsValue::from_str(f.tier.name()))];
    if let Some(id) = &f.id {
        entries.push(("id", JsValue::from_str(id)));
    }
    if let Some(s) = f.score {
        entries.push(("score", JsValue::from_f64(s)));
    }
    entries.push(("text", JsValue::from_str(&f.text)));
    entries.push(("dropped", strings_js(&f.dropped).into()));
    if f.audit {
        entries.push(("audit", JsValue::TRUE));
    }
    read::object(&entries)
}

/// An entry's metadata object (none when left out).
fn metadata_of(name: &str, v: &JsValue) -> Result<Metadata, Error> {
    if read::absent(v) {
        return Ok(Metadata::default());
    }
    Metadata::from_value(name, &read::to_value(v))
}

fn opt_string(name: &str, v: &JsValue) -> Result<Option<String>, Error> {
    if read::absent(v) {
        Ok(None)
    } else {
        read::string(name, v).map(Some)
    }
}

#[wasm_bindgen(js_class = SemanticCacheCore)]
impl JsCacheCore {
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> JsResult<JsCacheCore> {
        let o = Options::required(
            "options",
            options,
            OPTION_KEYS,
            "{ dims, confident, tentative, ... }",
        )?;
        let opts = read_options(&o, "options")?;
        let seed = match o.number("seed")? {
            Some(s) => check::seed(&o.path("seed"), s)?,
            None => {
                let mut b = [0u8; 8];
                getrandom::fill(&mut b)
                    .map_err(|e| Error::value(format!("no random seed available: {e}")))?;
                u64::from_le_bytes(b)
            }
        };
        let mut inner = SemanticCache::new(opts, seed)?;
        let prior = o.raw("prior");
        if !read::absent(&prior) {
            let p = Options::new("options.prior", &prior, &["scores", "labels"])?;
            let scores = read::scores(&p.path("scores"), &p.raw("scores"))?;
            let labels = read::labels(&p.path("labels"), &p.raw("labels"))?;
            inner = inner.with_prior(&scores, &labels)?;
        }
        Ok(JsCacheCore {
            inner,
            query: Vec::new(),
        })
    }

    pub fn lookup(
        &mut self,
        query: &JsValue,
        namespace: &JsValue,
        text: &JsValue,
        filter: &JsValue,
        now: f64,
    ) -> JsResult<JsValue> {
        read::f32_into("query", query, &mut self.query)?;
        let ns = opt_string("options.namespace", namespace)?.unwrap_or_default();
        let text = opt_string("options.text", text)?;
        let filter = read::filter("options.filter", filter)?;
        let found =
            self.inner
                .lookup_where(&self.query, &ns, text.as_deref(), filter.as_ref(), now)?;
        Ok(found_js(&found))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the options of one store, read by the JS layer"
    )]
    pub fn store(
        &mut self,
        query: &JsValue,
        id: &JsValue,
        namespace: &JsValue,
        text: &JsValue,
        ttl_seconds: &JsValue,
        metadata: &JsValue,
        now: f64,
    ) -> JsResult<JsValue> {
        read::f32_into("query", query, &mut self.query)?;
        let id = opt_string("options.id", id)?;
        let ns = opt_string("options.namespace", namespace)?.unwrap_or_default();
        let text = opt_string("options.text", text)?;
        let ttl_ms = if read::absent(ttl_seconds) {
            None
        } else {
            Some(read::number("options.ttlSeconds", ttl_seconds)? * 1000.0)
        };
        let metadata = metadata_of("options.metadata", metadata)?;
        let s = self.inner.store_with(
            &self.query,
            id,
            &ns,
            text.as_deref(),
            ttl_ms,
            now,
            &metadata,
        )?;
        Ok(read::object(&[
            ("id", JsValue::from_str(&s.id)),
            ("dropped", strings_js(&s.dropped).into()),
            ("expired", (s.expired as f64).into()),
            ("nextId", (s.next_id as f64).into()),
            (
                "expiresAt",
                s.expires_at.map_or(JsValue::NULL, JsValue::from_f64),
            ),
        ]))
    }

    /// A recorded store, as it happened (see `SemanticCache::replay_store`).
    #[wasm_bindgen(js_name = replayStore)]
    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one recorded store, read by the JS layer from the record"
    )]
    pub fn replay_store(
        &mut self,
        query: &JsValue,
        id: &JsValue,
        namespace: &JsValue,
        text: &JsValue,
        expires_at: &JsValue,
        dropped: &JsValue,
        expired: f64,
        next_id: f64,
        metadata: &JsValue,
    ) -> JsResult<()> {
        read::f32_into("change.vector", query, &mut self.query)?;
        let id = read::string("change.id", id)?;
        let ns = opt_string("change.namespace", namespace)?.unwrap_or_default();
        let text = opt_string("change.text", text)?;
        let expires_at = read::opt_number("change.expiresAt", expires_at)?;
        let dropped = read::strings("change.dropped", dropped)?;
        let expired = check::integer("change.expired", expired, 0, dropped.len())?;
        let next_id = check::integer("change.nextId", next_id, 0, usize::MAX)? as u64;
        let metadata = metadata_of("change.metadata", metadata)?;
        Ok(self.inner.replay_store(
            &self.query,
            &id,
            &ns,
            text.as_deref(),
            expires_at,
            &dropped,
            expired,
            next_id,
            &metadata,
        )?)
    }

    /// A recorded review, fed to the feedback rule.
    #[wasm_bindgen(js_name = replayReview)]
    pub fn replay_review(&mut self, correct: bool) -> JsResult<()> {
        Ok(self.inner.replay_review(correct)?)
    }

    /// A recorded verdict of an error-bounded cache.
    #[wasm_bindgen(js_name = replayVerdict)]
    pub fn replay_verdict(
        &mut self,
        id: &JsValue,
        correct: bool,
        score: &JsValue,
        explored: bool,
        weight: &JsValue,
    ) -> JsResult<()> {
        let id = read::string("change.id", id)?;
        let score = read::number("change.score", score)?;
        let weight = read::opt_number("change.weight", weight)?.unwrap_or(if explored {
            1.0 / AUDIT
        } else {
            1.0
        }) as f32;
        let asked = Asked {
            score,
            explored,
            weight,
        };
        Ok(self.inner.replay_verdict(&id, correct, asked)?)
    }

    /// A review; with an error bound, `{ score, explored, weight }` as
    /// counted.
    pub fn review(
        &mut self,
        id: &JsValue,
        correct: &JsValue,
        score: &JsValue,
    ) -> JsResult<JsValue> {
        let id = read::string("id", id)?;
        let correct = correct
            .as_bool()
            .ok_or_else(|| check::must_be_type("correct", "a boolean", read::type_name(correct)))?;
        let score = read::opt_number("options.score", score)?;
        Ok(match self.inner.review(&id, correct, score)? {
            Some(a) => read::object(&[
                ("score", a.score.into()),
                ("explored", a.explored.into()),
                ("weight", f64::from(a.weight).into()),
            ]),
            None => JsValue::UNDEFINED,
        })
    }

    pub fn remove(&mut self, ids: &JsValue) -> JsResult<Array> {
        let ids = read::strings("ids", ids)?;
        Ok(strings_js(&self.inner.remove(&ids)))
    }

    pub fn clear(&mut self, namespace: &JsValue) -> JsResult<Array> {
        let ns = opt_string("namespace", namespace)?;
        Ok(strings_js(&self.inner.clear(ns.as_deref())))
    }

    #[wasm_bindgen(getter)]
    pub fn dims(&self) -> u32 {
        self.inner.options.dims as u32
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.inner.len() as u32
    }

    pub fn thresholds(&self) -> JsResult<JsValue> {
        if let Some(b) = &self.inner.bound {
            return Ok(read::object(&[
                ("errorBound", b.error_bound.into()),
                (
                    "threshold",
                    b.threshold().map_or(JsValue::NULL, JsValue::from_f64),
                ),
                ("floor", b.floor().into()),
            ]));
        }
        let (c, t) = self.inner.thresholds()?;
        Ok(read::object(&[
            ("confident", c.into()),
            ("tentative", t.into()),
        ]))
    }

    /// The counts of the entries' ids, for the JS layer's values.
    pub fn ids(&self) -> Array {
        self.inner
            .meta
            .keys()
            .map(|k| JsValue::from_str(k))
            .collect()
    }

    /// The monitor's stats plus the cache's own counts.
    pub fn counts(&self) -> JsValue {
        let c = self.inner.counts;
        read::object(&[
            ("exact", (c.exact as f64).into()),
            ("expired", (c.expired as f64).into()),
            ("evicted", (c.evicted as f64).into()),
            ("reviewed", (c.reviewed as f64).into()),
            ("wrong", (c.wrong as f64).into()),
        ])
    }

    /// The monitor's figures (as `Monitor.stats()` gives them); with an
    /// error bound, its advice is the bound's.
    pub fn stats(&self) -> JsValue {
        let stats = stats_js(&self.inner.monitor);
        if self.inner.bound.is_some() {
            let advice: Array = self
                .inner
                .bound_advice()
                .iter()
                .map(|a| JsValue::from_str(a))
                .collect();
            let _ = js_sys::Reflect::set(&stats, &JsValue::from_str("advice"), &advice);
        }
        stats
    }

    /// The bound's figures (undefined without one).
    pub fn bound(&self) -> JsValue {
        self.inner
            .bound
            .as_ref()
            .map_or(JsValue::UNDEFINED, bound_stats)
    }

    /// Everything but the vectors, as plain JSON-safe data.
    pub fn state(&self) -> JsValue {
        super::cache_state::state_of(&self.inner)
    }

    /// The vectors as a set file.
    #[wasm_bindgen(js_name = setBytes)]
    pub fn set_bytes(&self) -> Uint8Array {
        JsVectorSet::bytes_of(&self.inner.set)
    }

    /// A core from `state()` and `setBytes()`; parts that disagree are an
    /// Error naming what.
    pub fn restore(state: &JsValue, set_bytes: &JsValue) -> JsResult<JsCacheCore> {
        Ok(JsCacheCore {
            inner: super::cache_state::restore(state, set_bytes)?,
            query: Vec::new(),
        })
    }
}
