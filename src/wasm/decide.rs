//! Bands, decisions, abstain bands, cache tiers, explanations and the
//! feedback rule.

use super::read::{self, Options};
use super::JsResult;
use crate::check;
use crate::decide::{Feedback, FeedbackRule};
use crate::thresholds::{Direction, Margins};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The confidence band of `score` around `threshold`.
#[wasm_bindgen]
pub fn band(score: &JsValue, threshold: &JsValue, margins: &JsValue) -> JsResult<String> {
    let s = check::score("score", read::number("score", score)?)?;
    let t = read::threshold("threshold", threshold)?;
    let m = Options::new("margins", margins, &["high", "low"])?;
    let m = Margins::with(m.number("high")?, m.number("low")?)?;
    read::name_of(&crate::decide::band(s, t, m))
}

/// Decides a lookup: match, create (forward), none (backward) or ambiguous.
#[wasm_bindgen]
pub fn decide(scores: &JsValue, options: &JsValue) -> JsResult<JsValue> {
    let scores = read::scores("scores", scores)?;
    let o = Options::required(
        "options",
        options,
        &["threshold", "mode", "minGap"],
        "{ threshold, mode?, minGap? }",
    )?;
    let t = read::threshold(&o.path("threshold"), &o.raw("threshold"))?;
    let mode = match o.raw("mode") {
        m if m.is_undefined() => Direction::Forward,
        m => read::choice(&o.path("mode"), &m, Direction::parse)?,
    };
    let gap = o.number("minGap")?.unwrap_or(0.0);
    read::to_js(&crate::decide::decide(&scores, t, mode, gap)?)
}

/// Act, escalate or not-found with an abstain band `[reject, act)`.
#[wasm_bindgen]
pub fn abstain(score: &JsValue, options: &JsValue) -> JsResult<String> {
    let s = read::number("score", score)?;
    let o = Options::new("options", options, &["act", "reject"])?;
    let a = crate::decide::abstain(s, o.required_number("act")?, o.required_number("reject")?)?;
    read::name_of(&a)
}

/// Semantic-cache tier of a lookup's best score.
#[wasm_bindgen(js_name = cacheTier)]
pub fn cache_tier(score: &JsValue, options: &JsValue) -> JsResult<String> {
    let s = read::number("score", score)?;
    let o = Options::new("options", options, &["confident", "tentative"])?;
    let c = crate::decide::cache_tier(
        s,
        o.required_number("confident")?,
        o.required_number("tentative")?,
    )?;
    read::name_of(&c)
}

/// Explains a threshold over candidate scores.
#[wasm_bindgen]
pub fn explain(threshold: &JsValue, scores: &JsValue) -> JsResult<JsValue> {
    let t = read::threshold("threshold", threshold)?;
    // A resolved threshold carries its origin and the words that describe it.
    let (applied, context) = if threshold.is_object() {
        (
            read::get(threshold, "source")
                .as_string()
                .unwrap_or_else(|| "given".into()),
            read::get(threshold, "description").as_string(),
        )
    } else {
        ("given".into(), None)
    };
    let scores = read::scores("scores", scores)?;
    let e = crate::decide::explain(t, &applied, context.as_deref(), &scores)?;
    read::to_js(&e)
}

/// Nudges a threshold from feedback on matches.
#[wasm_bindgen(js_name = adjustFromFeedback)]
pub fn adjust_from_feedback(
    threshold: &JsValue,
    feedback: &JsValue,
    options: &JsValue,
) -> JsResult<JsValue> {
    let t = read::number("threshold", threshold)?;
    let list = feedback.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type(
            "feedback",
            "an array of { correct, suggestedMatch? }",
            read::type_name(feedback),
        )
    })?;
    let mut items = Vec::with_capacity(list.length() as usize);
    for (i, f) in list.iter().enumerate() {
        let f = Options::new(
            &format!("feedback[{i}]"),
            &f,
            &["correct", "suggestedMatch", "matchId"],
        )?;
        let correct = f.raw("correct");
        let correct = correct.as_bool().ok_or_else(|| {
            check::must_be_type(&f.path("correct"), "a boolean", read::type_name(&correct))
        })?;
        let suggested = f.string("suggestedMatch")?.is_some();
        items.push(Feedback { correct, suggested });
    }
    let o = Options::new("options", options, &["step", "rate", "min", "max"])?;
    let rule = FeedbackRule::with(
        o.number("step")?,
        o.number("rate")?,
        o.number("min")?,
        o.number("max")?,
    );
    read::to_js(&crate::decide::adjust_from_feedback(t, &items, rule)?)
}
