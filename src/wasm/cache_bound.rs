//! An error-bounded cache's bound to and from JS: its state (kept by
//! `toBytes`), its figures for `stats()`, and an entry's evidence.

use super::read::{self, Options};
use crate::cache::bound::{Bound, Evidence, Label, AUDIT, BINS};
use crate::check;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::vec::Vec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const KEYS: &[&str] = &[
    "errorBound",
    "lookups",
    "served",
    "entryServed",
    "reserve",
    "verified",
    "verifiedWrong",
    "servedScores",
    "servedMarks",
    "carried",
    "resets",
    "scores",
    "labelScores",
    "labelFlags",
    "labelWeights",
    "audited",
    "auditedWrong",
    "judgeCalls",
    "skipped",
    "rng",
];

fn numbers(xs: impl Iterator<Item = f64>) -> JsValue {
    xs.map(JsValue::from_f64).collect::<Array>().into()
}

/// The numbers under `key` (an array, as `state()` writes them).
fn read_numbers(o: &Options, key: &str) -> Result<Vec<f64>> {
    read::scores(&o.path(key), &o.raw(key))
}

/// One count per score bin.
fn bin_counts(o: &Options, key: &str) -> Result<Vec<u64>> {
    let counts = read_numbers(o, key)?;
    if counts.len() != BINS {
        return Err(check::must(
            &o.path(key),
            &format!("an array of {BINS} counts"),
            counts.len(),
        ));
    }
    counts
        .iter()
        .map(|&c| check::tally(&o.path(key), c))
        .collect()
}

/// The bound as JSON-safe data.
pub(super) fn bound_to_js(b: &Bound) -> JsValue {
    let flags = b.labels.iter().map(|l| {
        f64::from(u8::from(l.correct) | (u8::from(l.explored) << 1) | (u8::from(l.prior) << 2))
    });
    read::object(&[
        ("errorBound", b.error_bound.into()),
        ("lookups", (b.lookups as f64).into()),
        ("served", (b.served as f64).into()),
        ("entryServed", (b.entry_served as f64).into()),
        ("reserve", b.reserve.into()),
        ("carried", b.carried.into()),
        ("verified", (b.verified as f64).into()),
        ("verifiedWrong", (b.verified_wrong as f64).into()),
        (
            "servedScores",
            numbers(b.served_scores.iter().map(|&c| c as f64)),
        ),
        ("servedMarks", numbers(b.marks.iter().map(|&c| c as f64))),
        ("resets", (b.resets as f64).into()),
        ("scores", numbers(b.scores.iter().map(|&c| c as f64))),
        (
            "labelScores",
            numbers(b.labels.iter().map(|l| f64::from(l.score))),
        ),
        ("labelFlags", numbers(flags)),
        (
            "labelWeights",
            numbers(b.labels.iter().map(|l| f64::from(l.weight))),
        ),
        ("audited", numbers(b.audited.iter().map(|&c| c as f64))),
        ("auditedWrong", (b.audited_wrong as f64).into()),
        ("judgeCalls", (b.judge_calls as f64).into()),
        ("skipped", (b.skipped as f64).into()),
        ("rng", JsValue::from_str(&format!("{:016x}", b.rng.0))),
    ])
}

/// A bound from `bound_to_js`'s output; counts that do not add up are an
/// Error naming what.
pub(super) fn bound_from_js(v: &JsValue) -> Result<Bound> {
    let o = Options::new("state.bound", v, KEYS)?;
    let mut b = Bound::new(o.required_number("errorBound")?, 0)?;
    let tally = |key: &str| -> Result<u64> { check::tally(&o.path(key), o.required_number(key)?) };
    b.lookups = tally("lookups")?;
    b.served = tally("served")?;
    b.entry_served = tally("entryServed")?;
    b.verified = tally("verified")?;
    b.verified_wrong = tally("verifiedWrong")?;
    b.resets = tally("resets")?;
    // Absent in states written before sampling and audits counted as
    // judged: zero, as those caches had none.
    let optional = |key: &str| -> Result<u64> {
        o.number(key)?
            .map_or(Ok(0), |n| check::tally(&o.path(key), n))
    };
    b.judge_calls = optional("judgeCalls")?;
    b.skipped = optional("skipped")?;
    b.audited_wrong = optional("auditedWrong")?;
    if !read::absent(&o.raw("audited")) {
        b.audited = bin_counts(&o, "audited")?;
    }
    b.reserve = o.required_number("reserve")?;
    b.carried = o.required_number("carried")?;
    if !(b.reserve.is_finite() && b.reserve >= 0.0) {
        return Err(check::must(
            &o.path("reserve"),
            "a non-negative number",
            b.reserve,
        ));
    }
    b.scores = bin_counts(&o, "scores")?;
    b.served_scores = bin_counts(&o, "servedScores")?;
    b.marks = read_numbers(&o, "servedMarks")?
        .iter()
        .map(|&c| check::tally(&o.path("servedMarks"), c))
        .collect::<Result<_>>()?;
    let label_scores = read_numbers(&o, "labelScores")?;
    let flags = read_numbers(&o, "labelFlags")?;
    if flags.len() != label_scores.len()
        || flags
            .iter()
            .any(|f| !(0.0..=7.0).contains(f) || f.fract() != 0.0)
    {
        return Err(Error::value(
            "state.bound: labelFlags must hold one flag (0 to 7) per label score",
        ));
    }
    let weights = if read::absent(&o.raw("labelWeights")) {
        // Before weights were kept, audits were the only sampled verdicts.
        flags
            .iter()
            .map(|&f| if f as u8 & 2 == 2 { 1.0 / AUDIT } else { 1.0 })
            .collect()
    } else {
        read_numbers(&o, "labelWeights")?
    };
    if weights.len() != label_scores.len() {
        return Err(Error::value(
            "state.bound: labelWeights must hold one weight per label score",
        ));
    }
    b.labels = label_scores
        .iter()
        .zip(&flags)
        .zip(&weights)
        .map(|((&s, &f), &w)| Label {
            score: s as f32,
            correct: f as u8 & 1 == 1,
            explored: f as u8 & 2 == 2,
            prior: f as u8 & 4 == 4,
            weight: w as f32,
        })
        .collect::<VecDeque<_>>();
    let rng = o.string("rng")?.unwrap_or_default();
    b.rng = SplitMix64(u64::from_str_radix(&rng, 16).map_err(|_| {
        Error::value(format!(
            "state.bound.rng must be 16 hex digits, got \"{rng}\""
        ))
    })?);
    b.restored().map_err(|e| e.within("state"))
}

/// The bound's figures for `stats()`.
pub(super) fn bound_stats(b: &Bound) -> JsValue {
    let (estimate, upper) = b.estimate();
    read::object(&[
        ("errorBound", b.error_bound.into()),
        (
            "threshold",
            b.threshold().map_or(JsValue::NULL, JsValue::from_f64),
        ),
        ("floor", b.floor().into()),
        ("lookups", (b.lookups as f64).into()),
        ("served", (b.served as f64).into()),
        ("servedOnEntryEvidence", (b.entry_served as f64).into()),
        ("verified", (b.verified as f64).into()),
        ("verifiedWrong", (b.verified_wrong as f64).into()),
        ("estimate", estimate.into()),
        ("estimateUpper", upper.into()),
        ("evidence", (b.labels.len() as f64).into()),
        (
            "priorEvidence",
            (b.labels.iter().filter(|l| l.prior).count() as f64).into(),
        ),
        ("judgeCalls", (b.judge_calls as f64).into()),
        ("unjudged", (b.skipped as f64).into()),
        ("driftResets", (b.resets as f64).into()),
    ])
}

/// An entry's evidence as stored beside it (only when it has some).
pub(super) fn evidence_to_js(e: &Evidence, out: &mut Vec<(&str, JsValue)>) {
    if e.rights + e.wrongs == 0 {
        return;
    }
    let high = |h: Option<f32>| h.map_or(JsValue::NULL, |h| JsValue::from_f64(f64::from(h)));
    out.push((
        "evidence",
        numbers([f64::from(e.rights), f64::from(e.wrongs)].into_iter()),
    ));
    out.push((
        "evidenceHigh",
        [high(e.right_high), high(e.wrong_high)]
            .iter()
            .collect::<Array>()
            .into(),
    ));
}

/// A count that fits in 32 bits.
fn count32(name: &str, n: f64) -> Result<u32> {
    u32::try_from(check::tally(name, n)?).map_err(|_| check::must(name, "counts below 2^32", n))
}

/// An entry's evidence from `evidence_to_js`'s keys of entry object `eo`.
pub(super) fn evidence_from_js(eo: &Options) -> Result<Evidence> {
    let raw = eo.raw("evidence");
    if read::absent(&raw) {
        return Ok(Evidence::default());
    }
    let counts = read_numbers(eo, "evidence")?;
    let highs = eo.raw("evidenceHigh");
    let highs = highs.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type(
            &eo.path("evidenceHigh"),
            "an array",
            read::type_name(&highs),
        )
    })?;
    let high = |i: u32| -> Result<Option<f32>> {
        let v = highs.get(i);
        read::opt_number(&eo.path("evidenceHigh"), &v).map(|h| h.map(|h| h as f32))
    };
    let (&[rights, wrongs], 2) = (counts.as_slice(), highs.length()) else {
        return Err(Error::value(format!(
            "{} must hold [rights, wrongs] and {} [highest right, highest wrong]",
            eo.path("evidence"),
            eo.path("evidenceHigh")
        )));
    };
    let e = Evidence {
        rights: count32(&eo.path("evidence"), rights)?,
        wrongs: count32(&eo.path("evidence"), wrongs)?,
        right_high: high(0)?,
        wrong_high: high(1)?,
    };
    if (e.rights > 0) != e.right_high.is_some() || (e.wrongs > 0) != e.wrong_high.is_some() {
        return Err(Error::value(format!(
            "{}: the counts and the highest scores disagree",
            eo.path("evidence")
        )));
    }
    Ok(e)
}
