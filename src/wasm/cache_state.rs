//! A semantic cache core's state as plain data and back: what the JS
//! `SemanticCache` keeps in its file beside the set's bytes (`toBytes`,
//! `fromBytes`), every part checked on the way in.

use super::cache::{read_options, strings_js, OPTION_KEYS, STATE_VERSION};
use super::cache_bound::{bound_from_js, bound_to_js, evidence_from_js, evidence_to_js};
use super::monitor::{monitor_to_js, read_state};
use super::read::js_bytes;
use super::read::{self, Options};
use super::JsResult;
use crate::cache::{CacheCounts, EntryMeta, SemanticCache};
use crate::check;
use crate::decide::Feedback;
use crate::error::Error;
use crate::store::VectorSet;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A cache core's state: everything but the vectors, as plain JSON-safe data.
pub(super) fn state_of(c: &SemanticCache) -> JsValue {
    let o = &c.options;
    let mut options: Vec<(&str, JsValue)> = alloc::vec![("dims", (o.dims as f64).into())];
    match o.error_bound {
        Some(b) => options.push(("errorBound", b.into())),
        None => {
            options.push(("confident", o.confident.into()));
            options.push(("tentative", o.tentative.into()));
        }
    }
    options.extend([
        (
            "precisions",
            strings_js(
                &o.precisions
                    .iter()
                    .map(|p| String::from(p.name()))
                    .collect::<Vec<_>>(),
            )
            .into(),
        ),
        ("borderline", o.borderline.into()),
    ]);
    if let Some(m) = &o.model {
        options.push(("model", JsValue::from_str(m)));
    }
    if let Some(n) = o.max_entries {
        options.push(("maxEntries", (n as f64).into()));
    }
    if let Some(t) = o.ttl_ms {
        options.push(("ttlSeconds", (t / 1000.0).into()));
    }
    let entries: Array = c
        .meta
        .iter()
        .map(|(id, m)| {
            let mut e: Vec<(&str, JsValue)> = alloc::vec![
                ("id", JsValue::from_str(id)),
                ("namespace", JsValue::from_str(&m.namespace)),
                ("used", (m.used as f64).into()),
            ];
            if let Some(t) = &m.text {
                e.push(("text", JsValue::from_str(t)));
            }
            if let Some(x) = m.expires_at {
                e.push(("expiresAt", x.into()));
            }
            evidence_to_js(&m.evidence, &mut e);
            read::object(&e)
        })
        .collect();
    let counts = c.counts;
    let bound = c.bound.as_ref().map_or(JsValue::UNDEFINED, bound_to_js);
    read::object(&[
        ("version", STATE_VERSION.into()),
        ("bound", bound),
        ("options", read::object(&options)),
        ("entries", entries.into()),
        ("tick", (c.tick as f64).into()),
        ("nextId", (c.next_id as f64).into()),
        (
            "feedback",
            c.feedback
                .iter()
                .map(|f| JsValue::from_bool(f.correct))
                .collect::<Array>()
                .into(),
        ),
        (
            "counts",
            read::object(&[
                ("exact", (counts.exact as f64).into()),
                ("expired", (counts.expired as f64).into()),
                ("evicted", (counts.evicted as f64).into()),
                ("reviewed", (counts.reviewed as f64).into()),
                ("wrong", (counts.wrong as f64).into()),
            ]),
        ),
        ("monitor", monitor_to_js(&c.monitor)),
    ])
}

/// A core from `state()` and `setBytes()`; parts that disagree are an
/// Error naming what.
pub(super) fn restore(state: &JsValue, set_bytes: &JsValue) -> JsResult<SemanticCache> {
    let s = Options::required(
        "state",
        state,
        &[
            "version", "options", "entries", "tick", "nextId", "feedback", "counts", "monitor",
            "bound",
        ],
        "the object state() wrote",
    )?;
    let version = s.required_number("version")?;
    if version != STATE_VERSION {
        return Err(Error::value(format!(
            "state.version is {version}; this build reads cache state version {STATE_VERSION}"
        ))
        .into());
    }
    let o = s
        .object("options", OPTION_KEYS)?
        .ok_or_else(|| check::required("state.options"))?;
    let options = read_options(&o, "state.options")?;
    let raw = s.raw("entries");
    let list = raw
        .dyn_ref::<Array>()
        .ok_or_else(|| check::must_be_type("state.entries", "an array", read::type_name(&raw)))?;
    let mut meta = BTreeMap::new();
    for (i, e) in list.iter().enumerate() {
        let name = format!("state.entries[{i}]");
        let eo = Options::new(
            &name,
            &e,
            &[
                "id",
                "namespace",
                "used",
                "text",
                "expiresAt",
                "evidence",
                "evidenceHigh",
            ],
        )?;
        let id = eo
            .string("id")?
            .ok_or_else(|| check::required(&eo.path("id")))?;
        let used = check::tally(&eo.path("used"), eo.required_number("used")?)?;
        let expires_at = eo.number("expiresAt")?;
        meta.insert(
            id,
            EntryMeta {
                namespace: eo.string("namespace")?.unwrap_or_default(),
                text: eo.string("text")?,
                expires_at,
                used,
                evidence: evidence_from_js(&eo)?,
                pending: Vec::new(),
            },
        );
    }
    let fb_raw = s.raw("feedback");
    let fb = fb_raw.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type(
            "state.feedback",
            "an array of booleans",
            read::type_name(&fb_raw),
        )
    })?;
    let mut feedback = Vec::new();
    for (i, f) in fb.iter().enumerate() {
        let correct = f.as_bool().ok_or_else(|| {
            check::must_be_type(
                &format!("state.feedback[{i}]"),
                "a boolean",
                read::type_name(&f),
            )
        })?;
        feedback.push(Feedback {
            correct,
            suggested: false,
        });
    }
    let co = s
        .object(
            "counts",
            &["exact", "expired", "evicted", "reviewed", "wrong"],
        )?
        .ok_or_else(|| check::required("state.counts"))?;
    let counts = CacheCounts {
        exact: check::tally(&co.path("exact"), co.required_number("exact")?)?,
        expired: check::tally(&co.path("expired"), co.required_number("expired")?)?,
        evicted: check::tally(&co.path("evicted"), co.required_number("evicted")?)?,
        reviewed: check::tally(&co.path("reviewed"), co.required_number("reviewed")?)?,
        wrong: check::tally(&co.path("wrong"), co.required_number("wrong")?)?,
    };
    if counts.reviewed as usize != feedback.len()
        || counts.wrong as usize != feedback.iter().filter(|f| !f.correct).count()
    {
        return Err(Error::value(
            "state: the reviewed and wrong counts disagree with the feedback list",
        )
        .into());
    }
    let monitor = read_state(&s.raw("monitor"))?;
    let bytes = js_bytes("setBytes", set_bytes)?;
    let set = VectorSet::read_from(&bytes).map_err(|e| e.within("setBytes"))?;
    let tick = check::tally("state.tick", s.required_number("tick")?)?;
    let next_id = check::tally("state.nextId", s.required_number("nextId")?)?;
    let raw_bound = s.raw("bound");
    let bound = (!read::absent(&raw_bound))
        .then(|| bound_from_js(&raw_bound))
        .transpose()?;
    Ok(SemanticCache::restore(
        options, set, meta, tick, next_id, monitor, feedback, counts, bound,
    )
    .map_err(|e| e.within("state"))?)
}
