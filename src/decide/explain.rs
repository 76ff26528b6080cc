//! Explanations: which threshold applied, how far the best candidate is from
//! it, what is near it, and what a looser or stricter threshold would do, as
//! data and as one plain, deterministic sentence.

use crate::check;
use crate::error::Result;
use crate::thresholds::{boundary, fmt_threshold};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// How far below the threshold counts as "near", and how far the looser and
/// stricter alternatives sit from it.
pub const NEAR: f64 = 0.05;

/// The best candidate and its distance from the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BestCandidate {
    /// Position in the scores given (ties to the lower index).
    pub index: usize,
    /// Its score.
    pub score: f64,
    /// `score - threshold`.
    pub margin: f64,
}

/// What a different threshold would accept.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alternative {
    /// The alternative threshold.
    pub threshold: f64,
    /// How many candidates it would accept.
    pub would_match: usize,
    /// "Looser ..." or "Stricter ...".
    pub description: String,
}

/// An explained threshold decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The threshold applied.
    pub threshold: f64,
    /// Where it came from ("given" for a bare number; "spec", "field",
    /// "type" or "default" for a resolved one).
    pub applied: String,
    /// What the threshold means, in words.
    pub meaning: String,
    /// Candidates accepted (`score >= threshold`).
    pub matched: usize,
    /// Candidates within `NEAR` below the threshold.
    pub near_threshold: usize,
    /// The best candidate, when there is any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best: Option<BestCandidate>,
    /// The looser and the stricter alternative.
    pub alternatives: Vec<Alternative>,
    /// Which rows were candidates, when a lookup was limited (a type, a
    /// namespace, a filter): "412 Industry rows in namespace acme".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<String>,
    /// One sentence saying all of the above.
    pub text: String,
}

/// Explains `threshold` (whose origin is `applied`, e.g. "type") over the
/// candidates' `scores`. `context` follows the number in the sentence, e.g.
/// "for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims)";
/// without it the sentence says "(given)".
///
/// ```
/// let e = simgate::explain(0.8, "given", None, &[0.91, 0.78, 0.76, 0.5, 0.86])?;
/// assert_eq!((e.matched, e.near_threshold), (2, 2));
/// assert!(e.text.starts_with("Threshold 0.80 (given): 2 of 5 candidates match"));
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn explain(
    threshold: f64,
    applied: &str,
    context: Option<&str>,
    scores: &[f64],
) -> Result<Explanation> {
    let t = check::unit("threshold", threshold)?;
    check::scores("scores", scores)?;
    // Alternatives stay thresholds: inside cosine's range [-1, 1].
    let looser = boundary(t - NEAR).max(-1.0);
    let stricter = boundary(t + NEAR).min(1.0);
    let count = |min: f64| scores.iter().filter(|&&s| s >= min).count();
    let matched = count(t);
    let near_threshold = scores.iter().filter(|&&s| s >= looser && s < t).count();
    let best = scores
        .iter()
        .enumerate()
        .fold(None::<(usize, f64)>, |b, (i, &s)| match b {
            Some((_, bs)) if s <= bs => b,
            _ => Some((i, s)),
        })
        .map(|(index, score)| BestCandidate {
            index,
            score,
            margin: boundary(score - t),
        });
    let (looser_count, stricter_count) = (count(looser), count(stricter));
    let alternatives = alloc::vec![
        Alternative {
            threshold: looser,
            would_match: looser_count,
            description: String::from("Looser matching (more results)"),
        },
        Alternative {
            threshold: stricter,
            would_match: stricter_count,
            description: String::from("Stricter matching (fewer, higher quality)"),
        },
    ];
    let pct = libm::round(t * 1000.0) / 10.0;
    let meaning = format!("Accepting matches with {pct}%+ similarity");
    let ts = fmt_threshold(t);
    let head = match context {
        Some(c) => format!("Threshold {ts} {c}"),
        None => format!("Threshold {ts} ({applied})"),
    };
    let n = scores.len();
    let text = match best {
        None => format!("{head}: there are no candidates, so nothing matches."),
        Some(b) => {
            let verdict = match matched {
                0 if n == 1 => String::from("the only candidate does not match"),
                0 => format!("none of {n} candidates match"),
                1 if n == 1 => String::from("the only candidate matches"),
                m if m == n => format!("all {n} candidates match"),
                m => format!("{m} of {n} candidates match"),
            };
            let side = if b.margin >= 0.0 { "above" } else { "below" };
            let near = match near_threshold {
                0 => String::new(),
                1 => format!("; 1 more is within {NEAR:.2} below"),
                k => format!("; {k} more are within {NEAR:.2} below"),
            };
            // An alternative clamped onto the threshold itself (t near
            // -1 or 1) says nothing new and is left out of the sentence.
            let would = |at: f64, k: usize| {
                let what = match k {
                    0 => String::from("none"),
                    1 => String::from("1 candidate"),
                    k => format!("{k} candidates"),
                };
                format!("{} would accept {what}", fmt_threshold(at))
            };
            let said: Vec<String> = [(looser, looser_count), (stricter, stricter_count)]
                .into_iter()
                .filter(|&(at, _)| at != t)
                .map(|(at, k)| would(at, k))
                .collect();
            let alternatives = match said.as_slice() {
                [] => String::new(),
                [one] => format!(" A threshold of {one}."),
                [a, b, ..] => format!(" A threshold of {a}; {b}."),
            };
            format!(
                "{head}: {verdict}; the best scores {:.3}, {:.3} {side} it{near}.{alternatives}",
                b.score,
                b.margin.abs(),
            )
        }
    };
    Ok(Explanation {
        threshold: t,
        applied: String::from(applied),
        meaning,
        matched,
        near_threshold,
        best,
        alternatives,
        candidates: None,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_counts_alternatives_and_text() {
        let e = explain(0.80, "given", None, &[0.91, 0.78, 0.76, 0.5, 0.86]).unwrap();
        assert_eq!((e.matched, e.near_threshold), (2, 2));
        assert_eq!(
            e.best,
            Some(BestCandidate {
                index: 0,
                score: 0.91,
                margin: 0.11
            })
        );
        assert_eq!(e.alternatives[0].threshold, 0.75);
        assert_eq!(e.alternatives[0].would_match, 4);
        assert_eq!(e.alternatives[1].threshold, 0.85);
        assert_eq!(e.alternatives[1].would_match, 2);
        assert_eq!(e.meaning, "Accepting matches with 80%+ similarity");
        assert_eq!(
            e.text,
            "Threshold 0.80 (given): 2 of 5 candidates match; the best scores 0.910, 0.110 above it; \
             2 more are within 0.05 below. A threshold of 0.75 would accept 4 candidates; 0.85 would accept 2 candidates."
        );
        // At t = 1 the stricter alternative is t itself: only the looser is said.
        let top = explain(1.0, "given", None, &[0.97, 0.5]).unwrap();
        assert!(
            top.text
                .ends_with("0.030 below it; 1 more is within 0.05 below. A threshold of 0.95 would accept 1 candidate."),
            "{}",
            top.text
        );
        let e = explain(
            0.76,
            "type",
            Some("for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims)"),
            &[0.7, 0.6],
        )
        .unwrap();
        assert_eq!(
            e.text,
            "Threshold 0.76 for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims): none of 2 candidates match; \
             the best scores 0.700, 0.060 below it. A threshold of 0.71 would accept none; 0.81 would accept none."
        );
        assert!(explain(0.5, "given", None, &[0.7])
            .unwrap()
            .text
            .contains("the only candidate matches"));
        let top = explain(0.98, "given", None, &[0.99]).unwrap();
        assert_eq!(
            (top.alternatives[0].threshold, top.alternatives[1].threshold),
            (0.93, 1.0)
        );
        assert_eq!(
            explain(0.825, "given", None, &[]).unwrap().text,
            "Threshold 0.825 (given): there are no candidates, so nothing matches."
        );
    }
}
