//! The fuzzy-reference operator of the source documents (`~>` / `<~`): one
//! lookup resolves its threshold, scores the candidates (through the
//! two-phase cascade when configured), decides, explains, and bands the top
//! candidates.
//!
//! Candidates are the rows that pass the lookup's namespace, filter and
//! type: a lookup for a type (`type`, or the target of a `~>T` / `<~T`
//! spec) considers only rows whose metadata at the type key is that type,
//! so `~>Industry` never matches a Persona, and the adaptive threshold
//! counts that pool, not the whole set.

use super::classify::{band, decide, Band, Decision};
use super::explain::{explain, Explanation};
use crate::check;
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::score::{self, Cascade, Scratch, Search};
use crate::store::{Precision, VectorSet};
use crate::thresholds::{Direction, FieldSpec, Query, Resolved, ThresholdConfig};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// How a matcher searches.
#[derive(Clone, Debug, PartialEq)]
pub struct MatcherOptions {
    /// How many top candidates to return (with bands).
    pub k: usize,
    /// Best two closer than this are "ambiguous".
    pub min_gap: f64,
    /// Two-phase search: the coarse pass (`coarse_dims`, `coarse_k`,
    /// `coarse_threshold`). The rerank runs on the lookup's dims and every
    /// survivor enters the decision, so `dims`, `threshold` and `k` are set
    /// per lookup and ignored here.
    pub cascade: Option<Cascade<'static>>,
    /// The metadata key that holds a row's type (`"type"` by default):
    /// typed lookups consider only rows of their type. `None`: types only
    /// pick thresholds.
    pub type_key: Option<String>,
}

/// The metadata key typed lookups read unless told otherwise.
pub const TYPE_KEY: &str = "type";

impl Default for MatcherOptions {
    fn default() -> Self {
        MatcherOptions {
            k: 10,
            min_gap: 0.0,
            cascade: None,
            type_key: Some(String::from(TYPE_KEY)),
        }
    }
}

/// A top candidate with its band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Banded {
    /// Row index in the set.
    pub index: usize,
    /// The row's id, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Cosine similarity.
    pub score: f32,
    /// Confidence band around the threshold.
    pub band: Band,
}

/// Everything one lookup produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatchResult {
    /// The threshold applied and how it was reached.
    pub threshold: Resolved,
    /// The decision.
    pub decision: Decision,
    /// The explanation.
    pub explanation: Explanation,
    /// The top candidates, best first, with bands.
    pub candidates: Vec<Banded>,
}

/// One lookup's question.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lookup<'a> {
    /// What is matched (type, field, spec, prefix dims); its `full_dims`
    /// and `candidate_count` are the set's.
    pub query: Query<'a>,
    /// Applies unless the spec says `<~` (backward); forward when neither says.
    pub mode: Option<Direction>,
    /// The encoding scored (the most precise the set keeps when `None`).
    pub precision: Option<Precision>,
    /// Only rows of this namespace (every row when `None`).
    pub namespace: Option<&'a str>,
    /// Only rows whose metadata passes.
    pub filter: Option<&'a Filter>,
}

/// A set and thresholds may work together only when they agree on the
/// embedding model: a threshold is valid only for the scores of the model
/// it was measured on. A missing stamp on either side is allowed (nothing
/// to compare).
pub fn check_models(set_model: Option<&str>, thresholds_model: Option<&str>) -> Result<()> {
    match (set_model, thresholds_model) {
        (Some(s), Some(t)) if s != t => Err(Error::value(format!(
            "thresholds were calibrated on {t}; the set holds {s} embeddings (recalibrate on {s}'s scores, or use the set the thresholds were measured on)"
        ))),
        _ => Ok(()),
    }
}

/// Runs one lookup of `query` against `set`.
///
/// ```
/// use simgate::{lookup, Lookup, MatcherOptions, Outcome, Query, Scratch, ThresholdConfig, VectorSet};
///
/// let mut set = VectorSet::new(2)?;
/// set.add(&[1.0, 0.0, 0.6, 0.8], Some(vec!["a".into(), "b".into()]))?;
/// let config = ThresholdConfig::preset("default")?;
/// let q = Lookup { query: Query { spec: Some("~>Tag"), ..Query::default() }, ..Lookup::default() };
/// // These rows carry no metadata: the type only picks the threshold.
/// let options = MatcherOptions { type_key: None, ..MatcherOptions::default() };
/// let r = lookup(&set, &mut Scratch::default(), &config, &options, &[1.0, 0.0], &q)?;
/// assert_eq!((r.decision.outcome, r.candidates[0].id.as_deref()), (Outcome::Match, Some("a")));
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn lookup(
    set: &VectorSet,
    scratch: &mut Scratch,
    config: &ThresholdConfig,
    options: &MatcherOptions,
    query: &[f32],
    lookup: &Lookup,
) -> Result<MatchResult> {
    let (mode, q) = (lookup.mode, &lookup.query);
    if let Some(d) = q.dims {
        check::prefix_dims("lookup.dims", d as f64, set.dims())?;
    }
    let spec = q.spec.map(|s| FieldSpec::parse(s, false)).transpose()?;
    let mode = match (&spec, mode) {
        (Some(s), _) if s.direction == Direction::Backward => Direction::Backward,
        (_, Some(m)) => m,
        _ => Direction::Forward,
    };
    // A typed lookup adds "metadata[type key] is the type" to the filter.
    let type_name = spec.as_ref().map(|s| s.target.as_str()).or(q.type_name);
    let typed = match (&options.type_key, type_name) {
        (Some(key), Some(t)) => {
            if set.metadata_column_rows(key) == 0 {
                return Err(Error::value(format!(
                    "this lookup is for type \"{t}\", but no row of the set has metadata \"{key}\": give rows {{ \"{key}\": \"{t}\" }} in their metadata, or build the Matcher with {{ typeKey: null }} to let types pick thresholds only"
                )));
            }
            Some(Filter::eq(key, t))
        }
        _ => None,
    };
    let combined = match (lookup.filter, &typed) {
        (Some(f), Some(t)) => Some(Filter::And(alloc::vec![t.clone(), f.clone()])),
        (Some(f), None) => Some(f.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    };
    let allowed = set.rows_where(lookup.namespace, combined.as_ref());
    let pool_size = allowed.as_ref().map_or(set.len(), |r| r.count());
    let resolved = config.resolve(&Query {
        full_dims: Some(set.dims()),
        candidate_count: Some(pool_size),
        ..q.clone()
    })?;
    let candidates_text = describe_pool(
        pool_size,
        typed.as_ref().and(type_name),
        lookup.namespace,
        lookup.filter.is_some(),
    );
    // The scores the decision and explanation see: every candidate row, or
    // the cascade's reranked survivors. `pool_rows` maps pool positions to
    // set rows (the identity when every row is a candidate).
    let (pool, pool_rows, top): (Vec<f64>, Option<Vec<usize>>, Vec<score::Match>) =
        match &options.cascade {
            None => {
                let search = Search {
                    dims: q.dims,
                    precision: lookup.precision,
                    namespace: lookup.namespace,
                    filter: combined.as_ref(),
                    rows: allowed.as_ref(),
                };
                let rows = set
                    .scores_where(query, &search, scratch)?
                    .map(|r| r.iter().map(|&r| r as usize).collect::<Vec<usize>>());
                let scores = scratch.scores();
                let mut top = score::top_k(scores, options.k, None);
                if let Some(rows) = &rows {
                    for m in &mut top {
                        m.index = rows.get(m.index).copied().unwrap_or(m.index);
                    }
                }
                (scores.iter().map(|&s| f64::from(s)).collect(), rows, top)
            }
            Some(coarse) => {
                let found = set.cascade(
                    query,
                    &Cascade {
                        dims: q.dims,
                        precision: lookup.precision,
                        threshold: None,
                        k: None,
                        namespace: lookup.namespace,
                        filter: combined.as_ref(),
                        rows: allowed.as_ref(),
                        ..*coarse
                    },
                    scratch,
                )?;
                let pool = found.iter().map(|m| f64::from(m.score)).collect();
                let rows = found.iter().map(|m| m.index).collect();
                let mut top = found;
                top.truncate(options.k);
                (pool, Some(rows), top)
            }
        };
    let t = resolved.value;
    let mut decision = decide(&pool, t, mode, options.min_gap)?;
    let mut explanation = explain(
        t,
        resolved.source_name(),
        Some(&resolved.description),
        &pool,
    )?;
    if let Some(c) = candidates_text {
        explanation.text = format!("{} Candidates: {c}.", explanation.text);
        explanation.candidates = Some(c);
    }
    // Decision and explanation indices refer to the pool; report set rows.
    if let Some(rows) = pool_rows {
        for c in [&mut decision.best, &mut decision.second]
            .into_iter()
            .flatten()
        {
            if let Some(&row) = rows.get(c.index) {
                c.index = row;
            }
        }
        if let Some(b) = &mut explanation.best {
            if let Some(&row) = rows.get(b.index) {
                b.index = row;
            }
        }
    }
    let candidates = top
        .iter()
        .map(|m| Banded {
            index: m.index,
            id: set.id(m.index).map(String::from),
            score: m.score,
            band: band(f64::from(m.score), t, config.bands),
        })
        .collect();
    Ok(MatchResult {
        threshold: resolved,
        decision,
        explanation,
        candidates,
    })
}

/// Who the candidates were, when the lookup was limited: "412 Industry
/// rows in namespace acme that pass the filter".
fn describe_pool(
    n: usize,
    type_name: Option<&str>,
    namespace: Option<&str>,
    filtered: bool,
) -> Option<String> {
    if type_name.is_none() && namespace.is_none() && !filtered {
        return None;
    }
    let mut out = format!("{n}");
    if let Some(t) = type_name {
        out = format!("{out} {t}");
    }
    out = format!("{out} {}", if n == 1 { "row" } else { "rows" });
    if let Some(ns) = namespace {
        out = format!("{out} in namespace {ns}");
    }
    if filtered {
        out = format!("{out} that pass the filter");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::classify::Outcome;
    use super::*;

    fn set() -> VectorSet {
        let mut s = VectorSet::new(2).unwrap();
        // cos with (1, 0): 1.0, 0.8, 0.6, -0.6
        s.add(
            &[1.0, 0.0, 0.8, 0.6, 0.6, 0.8, -0.6, 0.8],
            Some(["a", "b", "c", "d"].map(String::from).to_vec()),
        )
        .unwrap();
        s
    }

    #[test]
    fn forward_and_backward_lookups() {
        let s = set();
        let mut scratch = Scratch::default();
        let config = ThresholdConfig::preset("default").unwrap();
        // Types pick thresholds only: these rows carry no metadata.
        let opts = MatcherOptions {
            type_key: None,
            ..MatcherOptions::default()
        };
        let mut lookup = |query: &[f32], spec: &'static str| {
            let l = Lookup {
                query: Query {
                    spec: Some(spec),
                    ..Query::default()
                },
                ..Lookup::default()
            };
            lookup(&s, &mut scratch, &config, &opts, query, &l).unwrap()
        };
        let r = lookup(&[1.0, 0.0], "~>Tag");
        assert_eq!(r.threshold.value, 0.85);
        assert_eq!(r.decision.outcome, Outcome::Match);
        assert_eq!(
            r.candidates.iter().map(|c| c.band).collect::<Vec<_>>(),
            [Band::High, Band::Low, Band::None, Band::None]
        );
        assert_eq!(r.candidates[0].id.as_deref(), Some("a"));
        assert!(
            r.explanation
                .text
                .starts_with("Threshold 0.85 for Tag (type threshold 0.85): 1 of 4 candidates match; the best scores 1.000, 0.150 above it"),
            "{}",
            r.explanation.text
        );
        assert_eq!(
            lookup(&[0.6, 0.8], "<~Location").decision.outcome,
            Outcome::Match
        );
        assert_eq!(
            lookup(&[-1.0, -0.1], "<~Location").decision.outcome,
            Outcome::None
        );
        assert_eq!(
            lookup(&[-1.0, -0.1], "~>Location").decision.outcome,
            Outcome::Create
        );
    }

    #[test]
    fn cascade_reports_set_rows() {
        let s = set();
        let mut scratch = Scratch::default();
        let config = ThresholdConfig::default();
        let opts = MatcherOptions {
            k: 2,
            min_gap: 0.0,
            cascade: Some(Cascade::new(1, 3)),
            type_key: None,
        };
        let r = lookup(
            &s,
            &mut scratch,
            &config,
            &opts,
            &[0.6, 0.8],
            &Lookup::default(),
        )
        .unwrap();
        // Coarse on dim 0 keeps rows 0, 1, 2; full dims rank 2 (1.0), 1 (0.96), 0 (0.6).
        assert_eq!(
            r.candidates.iter().map(|c| c.index).collect::<Vec<_>>(),
            [2, 1]
        );
        assert_eq!(r.decision.best.unwrap().index, 2);
        assert_eq!(r.decision.passing, 2);
    }

    #[test]
    fn a_typed_lookup_sees_only_its_type() {
        use crate::store::Metadata;
        use crate::value::Value;
        let typed = |t: &str| {
            Metadata::from_value(
                "m",
                &Value::Object(alloc::vec![("type".into(), Value::String(t.into()))]),
            )
            .unwrap()
        };
        let mut s = VectorSet::new(2).unwrap();
        // The Persona scores 1.0 against (1, 0); the Industry rows 0.8 and 0.6.
        s.add_with_metadata(
            &[1.0, 0.0, 0.8, 0.6, 0.6, 0.8],
            Some(["p", "i1", "i2"].map(String::from).to_vec()),
            Some("acme"),
            &[typed("Persona"), typed("Industry"), typed("Industry")],
        )
        .unwrap();
        let config = ThresholdConfig::preset("default").unwrap();
        let mut scratch = Scratch::default();
        let q = |spec| Lookup {
            query: Query {
                spec: Some(spec),
                ..Query::default()
            },
            namespace: Some("acme"),
            ..Lookup::default()
        };
        let opts = MatcherOptions::default();
        let r = lookup(
            &s,
            &mut scratch,
            &config,
            &opts,
            &[1.0, 0.0],
            &q("~>Industry"),
        )
        .unwrap();
        assert_eq!(
            r.candidates
                .iter()
                .map(|c| c.id.as_deref().unwrap())
                .collect::<Vec<_>>(),
            ["i1", "i2"]
        );
        assert_eq!(r.decision.best.unwrap().index, 1);
        assert_eq!(
            r.explanation.candidates.as_deref(),
            Some("2 Industry rows in namespace acme")
        );
        assert!(r
            .explanation
            .text
            .ends_with(" Candidates: 2 Industry rows in namespace acme."));
        // Without the type key the Persona wins.
        let untyped = MatcherOptions {
            type_key: None,
            ..MatcherOptions::default()
        };
        let r = lookup(
            &s,
            &mut scratch,
            &config,
            &untyped,
            &[1.0, 0.0],
            &q("~>Industry"),
        )
        .unwrap();
        assert_eq!(r.candidates[0].id.as_deref(), Some("p"));
        // A key no row carries is an error, not an empty pool.
        let other = MatcherOptions {
            type_key: Some("kind".into()),
            ..MatcherOptions::default()
        };
        let e = lookup(
            &s,
            &mut scratch,
            &config,
            &other,
            &[1.0, 0.0],
            &q("~>Industry"),
        )
        .unwrap_err();
        assert!(
            e.message()
                .contains("no row of the set has metadata \"kind\""),
            "{}",
            e.message()
        );
    }
}
