//! Threshold resolution: which threshold applies to a lookup, and why.
//!
//! Order: a threshold written in the field spec beats a per-field threshold
//! (`"Type.field"`), which beats the type's threshold, which beats the
//! global default (0.80 unless configured). Then optional adjustments: the
//! Matryoshka dimension adjustment (a measured per-prefix table when present,
//! else the seed's formula `-(1 - p/D) * 0.05`) and the candidate-count
//! adjustment (fewer than 10 candidates loosens by 0.10, more than 1000
//! tightens by 0.05). When any adjustment applied, the result is clamped to
//! the bounds ([0.65, 0.95] unless configured), widened to include the base
//! threshold: adjustments never pull a threshold set outside the bounds
//! across them, and a threshold no adjustment touched is never clamped.
//!
//! Reading and writing configurations (and schemas) is in `value`.

use super::{boundary, fmt_threshold, FieldSpec, ThresholdConfig};
use crate::check;
use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// Where a resolved threshold came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Written in the field spec, e.g. `~>ICP(0.85)`.
    Spec,
    /// A per-field threshold.
    Field,
    /// The type's threshold.
    Type,
    /// The global default.
    Default,
}

/// What kind of adjustment was applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdjustmentKind {
    /// Matryoshka prefix shorter than the full embedding.
    Dimensions,
    /// Candidate-pool size.
    Adaptive,
    /// Pulled back inside the bounds.
    Clamp,
}

/// One adjustment, in the order applied.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Adjustment {
    /// Kind.
    pub kind: AdjustmentKind,
    /// Signed change.
    pub delta: f64,
}

/// The threshold for one lookup and how it was reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolved {
    /// The threshold to apply.
    pub value: f64,
    /// Before adjustments.
    pub base: f64,
    /// Where `base` came from.
    pub source: Source,
    /// Adjustments in order.
    pub adjustments: Vec<Adjustment>,
    /// What the threshold is for: the type (a spec's target), or
    /// `"Type.field"` when a field threshold applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The spec text, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// Prefix dims and full dims, when the dimension adjustment applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dims: Option<[usize; 2]>,
    /// Candidate count, when the adaptive adjustment applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_count: Option<usize>,
    /// The words an explanation puts after the number (see [`Resolved::context`]).
    pub description: String,
}

impl Resolved {
    /// Where the source name goes in JS: "spec", "field", "type", "default".
    pub fn source_name(&self) -> &'static str {
        match self.source {
            Source::Spec => "spec",
            Source::Field => "field",
            Source::Type => "type",
            Source::Default => "default",
        }
    }

    /// The words after the number in an explanation, e.g.
    /// "for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims)".
    pub fn context(&self) -> String {
        let f = fmt_threshold;
        let origin = match self.source {
            Source::Spec => format!(
                "set in the field spec \"{}\"",
                self.spec.as_deref().unwrap_or_default()
            ),
            Source::Field => format!("field threshold {}", f(self.base)),
            Source::Type => format!("type threshold {}", f(self.base)),
            Source::Default => format!("default threshold {}", f(self.base)),
        };
        let mut parts = alloc::vec![origin];
        for a in &self.adjustments {
            let verb = |down: &str, up: &str| {
                if a.delta < 0.0 {
                    String::from(down)
                } else {
                    String::from(up)
                }
            };
            parts.push(match a.kind {
                AdjustmentKind::Dimensions => {
                    let [p, d] = self.dims.unwrap_or([0, 0]);
                    format!(
                        "{} {} for {p} of {d} dims",
                        verb("lowered", "raised"),
                        f(a.delta.abs())
                    )
                }
                AdjustmentKind::Adaptive => format!(
                    "{} {} for {} candidates",
                    verb("loosened", "tightened"),
                    f(a.delta.abs()),
                    self.candidate_count.unwrap_or(0)
                ),
                AdjustmentKind::Clamp => format!("clamped to {}", f(self.value)),
            });
        }
        let joined = parts.join(", ");
        match &self.subject {
            Some(s) => format!("for {s} ({joined})"),
            None => format!("({joined})"),
        }
    }
}

/// What a lookup says about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query<'a> {
    /// The type being matched.
    pub type_name: Option<&'a str>,
    /// The field (`"field"` with `type_name`, or `"Type.field"`).
    pub field: Option<&'a str>,
    /// A field spec such as `~>Industry(0.78)`.
    pub spec: Option<&'a str>,
    /// Prefix length scored.
    pub dims: Option<usize>,
    /// Full dimensionality of the embeddings.
    pub full_dims: Option<usize>,
    /// Size of the candidate pool.
    pub candidate_count: Option<usize>,
}

impl ThresholdConfig {
    /// Resolves the threshold for `q`.
    ///
    /// ```
    /// use simgate::{Query, Source, ThresholdConfig};
    ///
    /// let config = ThresholdConfig::preset("default")?;
    /// let r = config.resolve(&Query { type_name: Some("Industry"), ..Query::default() })?;
    /// assert_eq!((r.value, r.source), (0.78, Source::Type));
    /// // A threshold written in the spec beats the type's.
    /// let r = config.resolve(&Query { spec: Some("~>Industry(0.9)"), ..Query::default() })?;
    /// assert_eq!((r.value, r.source), (0.9, Source::Spec));
    /// # Ok::<(), simgate::Error>(())
    /// ```
    pub fn resolve(&self, q: &Query) -> Result<Resolved> {
        // A prefix longer than the embedding is a caller's mix-up even when
        // no dimension adjustment is configured to use the pair.
        if let (Some(p), Some(full)) = (q.dims, q.full_dims) {
            if p == 0 || p > full {
                return Err(Error::range(format!(
                    "dims must be an integer from 1 to fullDims ({full}), got {p}"
                )));
            }
        }
        let spec = q.spec.map(|s| FieldSpec::parse(s, false)).transpose()?;
        let type_name = spec.as_ref().map(|s| s.target.as_str()).or(q.type_name);
        let field_key = match (q.field, q.type_name) {
            (Some(f), _) if f.contains('.') => Some(String::from(f)),
            (Some(f), Some(t)) => Some(format!("{t}.{f}")),
            _ => None,
        };
        let (base, source) = if let Some(t) = spec.as_ref().and_then(|s| s.threshold) {
            (t, Source::Spec)
        } else if let Some(t) = field_key.as_ref().and_then(|k| self.fields.get(k)) {
            (*t, Source::Field)
        } else if let Some(t) = type_name.and_then(|n| self.types.get(n)) {
            (*t, Source::Type)
        } else {
            (self.default, Source::Default)
        };
        let subject = match source {
            Source::Field => field_key.clone(),
            _ => type_name.map(String::from),
        };
        let mut dims_used = None;
        let mut candidate_count = None;
        let mut value = base;
        let mut adjustments = Vec::new();
        if let (Some(adj), Some(p)) = (&self.dimension_adjustment, q.dims) {
            let full = q.full_dims.unwrap_or(adj.full_dims);
            if p == 0 || p > full {
                return Err(Error::range(format!(
                    "dims must be an integer from 1 to fullDims ({full}), got {p}"
                )));
            }
            let delta = match adj.table.get(&p) {
                Some(d) => *d,
                None => -(1.0 - p as f64 / full as f64) * adj.max_reduction,
            };
            let delta = boundary(delta);
            if delta != 0.0 {
                value += delta;
                adjustments.push(Adjustment {
                    kind: AdjustmentKind::Dimensions,
                    delta,
                });
                dims_used = Some([p, full]);
            }
        }
        if let (Some(a), Some(n)) = (&self.adaptive, q.candidate_count) {
            let delta = if n < a.few {
                -a.loosen
            } else if n > a.many {
                a.tighten
            } else {
                0.0
            };
            if delta != 0.0 {
                value += delta;
                adjustments.push(Adjustment {
                    kind: AdjustmentKind::Adaptive,
                    delta,
                });
                candidate_count = Some(n);
            }
        }
        if !adjustments.is_empty() {
            // Only derived values are snapped: a configured or calibrated
            // threshold is used exactly as given.
            value = boundary(value);
            // Adjustments stay within the bounds, but never drag a threshold
            // that was set outside them further than where it was set.
            let lo = self.bounds.min.min(base);
            let hi = self.bounds.max.max(base);
            let clamped = value.clamp(lo, hi);
            if clamped != value {
                adjustments.push(Adjustment {
                    kind: AdjustmentKind::Clamp,
                    delta: boundary(clamped - value),
                });
                value = clamped;
            }
        }
        check::unit("resolved threshold", value)?;
        let mut r = Resolved {
            value,
            base,
            source,
            adjustments,
            subject,
            spec: q.spec.map(String::from),
            dims: dims_used,
            candidate_count,
            description: String::new(),
        };
        r.description = r.context();
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thresholds::{Adaptive, DimensionAdjustment};
    use alloc::string::ToString;

    #[test]
    fn presets_carry_the_seed_tables() {
        let d = ThresholdConfig::preset("default").unwrap();
        let s = ThresholdConfig::preset("strict").unwrap();
        let l = ThresholdConfig::preset("loose").unwrap();
        assert_eq!((d.default, s.default, l.default), (0.80, 0.85, 0.75));
        for (t, v) in [
            ("Occupation", 0.75),
            ("Skill", 0.72),
            ("Industry", 0.78),
            ("ICP", 0.82),
            ("Product", 0.80),
            ("Tag", 0.85),
            ("Company", 0.85),
            ("Person", 0.88),
            ("Location", 0.90),
            ("Topic", 0.75),
        ] {
            assert_eq!(d.types[t], v, "{t}");
        }
        assert_eq!((s.types["Skill"], l.types["Skill"]), (0.78, 0.65));
        assert_eq!((s.types["ICP"], l.types["ICP"]), (0.87, 0.77));
        assert_eq!(
            ThresholdConfig::preset("lenient").unwrap_err().to_string(),
            "preset name must be \"default\", \"strict\" or \"loose\", got \"lenient\""
        );
    }

    #[test]
    fn resolution_order_spec_field_type_default() {
        let mut c = ThresholdConfig::preset("default").unwrap();
        c.fields.insert("Startup.industry".into(), 0.7);
        let r = |q: Query| c.resolve(&q).unwrap();
        assert_eq!(r(Query::default()).source, Source::Default);
        let t = r(Query {
            type_name: Some("Industry"),
            ..Query::default()
        });
        assert_eq!((t.value, t.source), (0.78, Source::Type));
        let f = r(Query {
            type_name: Some("Startup"),
            field: Some("industry"),
            ..Query::default()
        });
        assert_eq!((f.value, f.source), (0.7, Source::Field));
        let s = r(Query {
            type_name: Some("Startup"),
            field: Some("industry"),
            spec: Some("~>Industry(0.9)"),
            ..Query::default()
        });
        assert_eq!((s.value, s.source), (0.9, Source::Spec));
        // A spec without a number uses its target type's threshold.
        let s = r(Query {
            spec: Some("~>ICP"),
            ..Query::default()
        });
        assert_eq!((s.value, s.source), (0.82, Source::Type));
        // 0 is a real threshold.
        c.types.insert("Any".into(), 0.0);
        assert_eq!(
            c.resolve(&Query {
                type_name: Some("Any"),
                ..Query::default()
            })
            .unwrap()
            .value,
            0.0
        );
    }

    #[test]
    fn seed_000_dimension_formula_and_adaptive_rule() {
        let mut c = ThresholdConfig {
            dimension_adjustment: Some(DimensionAdjustment::default()),
            ..ThresholdConfig::default()
        };
        let q = |dims, n| Query {
            dims,
            candidate_count: n,
            ..Query::default()
        };
        // 0.80 - (1 - 256/768) * 0.05 = 0.80 - 0.0333... = 0.766667
        let r = c.resolve(&q(Some(256), None)).unwrap();
        assert!((r.value - (0.80 - 0.05 * 2.0 / 3.0)).abs() < 1e-12);
        assert_eq!(r.adjustments[0].kind, AdjustmentKind::Dimensions);
        assert_eq!(c.resolve(&q(Some(768), None)).unwrap().adjustments, []);
        c.dimension_adjustment
            .as_mut()
            .unwrap()
            .table
            .insert(256, 0.02);
        assert_eq!(
            c.resolve(&q(Some(256), None)).unwrap().value,
            0.82,
            "measured table replaces the formula"
        );
        let c = ThresholdConfig {
            adaptive: Some(Adaptive::default()),
            ..ThresholdConfig::default()
        };
        assert_eq!(c.resolve(&q(None, Some(5))).unwrap().value, 0.70);
        assert_eq!(c.resolve(&q(None, Some(500))).unwrap().value, 0.80);
        assert_eq!(c.resolve(&q(None, Some(5000))).unwrap().value, 0.85);
        // Clamped to [0.65, 0.95] after adjusting.
        let mut low = c.clone();
        low.default = 0.70;
        let r = low.resolve(&q(None, Some(3))).unwrap();
        assert_eq!(r.value, 0.65);
        assert_eq!(
            r.adjustments.last().unwrap(),
            &Adjustment {
                kind: AdjustmentKind::Clamp,
                delta: 0.05
            }
        );
    }
}
