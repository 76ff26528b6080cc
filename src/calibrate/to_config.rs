//! A threshold configuration derived from a calibration: the one place
//! where calibrated thresholds become a `ThresholdConfig` (the CLI, the
//! page and the library all call it).
//!
//! - The default threshold is the target's (F1-optimal, or the lowest
//!   threshold reaching a precision) over all pairs.
//! - With classes, each class with at least `min_class_positives` same
//!   pairs (30 unless set) gets its own type threshold for the same target;
//!   a class with fewer keeps the default, because a threshold fitted on a
//!   handful of positives is noise (15 same pairs put a precision-0.9
//!   threshold at 0.973 on the bundled STS-B forum pairs).
//! - With scores of the same pairs at shorter Matryoshka prefixes, the
//!   dimension adjustment's table holds each prefix's measured shift: its
//!   F1-optimal threshold minus the full-dims one.
//! - The bounds widen from [0.65, 0.95] to hold every threshold written,
//!   shifted ones included, with 0.05 to spare (within [-1, 1]); otherwise
//!   resolution would clamp the measured values away.

use super::curve::{need_both, Curve};
use super::Calibration;
use crate::check;
use crate::error::{Error, Result};
use crate::thresholds::{boundary, Bounds, DimensionAdjustment, ThresholdConfig};
use alloc::format;
use alloc::vec::Vec;

/// Fewer same pairs than this in a class, and the class keeps the default
/// threshold (see the module docs).
pub const MIN_CLASS_POSITIVES: usize = 30;

/// The same pairs scored over a shorter prefix.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefixScores {
    /// Prefix length.
    pub dims: usize,
    /// One score per pair, in the calibration's pair order.
    pub scores: Vec<f64>,
}

/// What [`Calibration::to_config_with`] derives.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigOptions<'a> {
    /// Which threshold to write.
    pub target: Target,
    /// Scores at shorter prefixes, for the dimension adjustment's table.
    pub prefixes: &'a [PrefixScores],
    /// The embeddings' full dims (required with `prefixes`).
    pub full_dims: Option<usize>,
    /// Same pairs a class needs for a threshold of its own.
    pub min_class_positives: usize,
    /// The embedding model the scores came from, stamped into the config.
    pub model: Option<&'a str>,
}

impl Default for ConfigOptions<'_> {
    fn default() -> Self {
        ConfigOptions {
            target: Target::F1,
            prefixes: &[],
            full_dims: None,
            model: None,
            min_class_positives: MIN_CLASS_POSITIVES,
        }
    }
}

/// What `to_config` optimizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// The F1-optimal threshold.
    F1,
    /// The lowest threshold reaching this precision.
    Precision(f64),
}

impl Calibration {
    /// [`Calibration::to_config_with`] for `target` alone.
    pub fn to_config(&self, target: Target) -> Result<ThresholdConfig> {
        self.to_config_with(&ConfigOptions {
            target,
            ..ConfigOptions::default()
        })
    }

    /// A threshold configuration from the data (the rules are in the
    /// module docs). A class whose data cannot reach the target, or has too
    /// few same pairs, is left out, so it falls back to the default.
    ///
    /// ```
    /// use simgate::{Calibration, ConfigOptions, PrefixScores};
    ///
    /// let labels = vec![1, 1, 0, 0];
    /// let cal = Calibration::new(vec![0.9, 0.8, 0.6, 0.3], labels, None)?;
    /// let at_64 = [PrefixScores { dims: 64, scores: vec![0.95, 0.85, 0.7, 0.4] }];
    /// let config = cal.to_config_with(&ConfigOptions { prefixes: &at_64, full_dims: Some(384), ..ConfigOptions::default() })?;
    /// assert_eq!(config.default, 0.8);
    /// // F1-optimal at 64 dims is 0.85: a measured shift of +0.05.
    /// assert_eq!(config.dimension_adjustment.unwrap().table[&64], 0.05);
    /// # Ok::<(), simgate::Error>(())
    /// ```
    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len() of the curve; order holds pair indices < n, and ids has one entry per pair"
    )]
    pub fn to_config_with(&self, options: &ConfigOptions) -> Result<ThresholdConfig> {
        let target = options.target;
        let pick = |curve: &Curve| -> Result<Option<f64>> {
            Ok(match target {
                Target::F1 => curve.best(1.0).map(|b| b.threshold),
                Target::Precision(t) => {
                    let p = curve.positives();
                    (0..curve.thresholds.len())
                        .filter(|&i| curve.tp[i] / (curve.tp[i] + curve.fp[i]) >= t && p > 0.0)
                        .map(|i| curve.thresholds[i])
                        .next_back()
                }
            })
        };
        if let Target::Precision(t) = target {
            self.at_precision(t)?;
        }
        need_both("toConfig()", &self.curve)?;
        let default = pick(&self.curve)?.ok_or_else(|| {
            Error::value(format!(
                "toConfig(): no threshold reaches precision {}; the highest precision on this data is {}",
                match target {
                    Target::Precision(t) => t,
                    Target::F1 => 0.0,
                },
                self.max_precision()
            ))
        })?;
        let mut config = ThresholdConfig {
            default: default.clamp(-1.0, 1.0),
            ..Default::default()
        };
        if let Some((ids, names)) = &self.classes {
            for (k, name) in names.iter().enumerate() {
                let curve = Curve::from_sorted(
                    self.order
                        .iter()
                        .filter(|&&i| ids[i as usize] == k as u32)
                        .map(|&i| (self.scores[i as usize], self.labels[i as usize], 1.0)),
                );
                if curve.positives() < options.min_class_positives.max(1) as f64
                    || curve.negatives() == 0.0
                {
                    continue;
                }
                if let Some(t) = pick(&curve)? {
                    config.types.insert(name.clone(), t.clamp(-1.0, 1.0));
                }
            }
        }
        if !options.prefixes.is_empty() {
            config.dimension_adjustment = Some(self.prefix_table(options)?);
        }
        config.bounds = holding(&config);
        config.model = options.model.map(Into::into);
        Ok(config)
    }

    /// The dimension adjustment measured from scores at shorter prefixes.
    fn prefix_table(&self, options: &ConfigOptions) -> Result<DimensionAdjustment> {
        let full_dims = options
            .full_dims
            .ok_or_else(|| check::required("options.fullDims (with options.prefixes)"))?;
        let full = self.best(1.0)?.threshold;
        let mut adjustment = DimensionAdjustment {
            full_dims,
            ..DimensionAdjustment::default()
        };
        for (i, p) in options.prefixes.iter().enumerate() {
            let name = format!("options.prefixes[{i}]");
            check::prefix_dims(&format!("{name}.dims"), p.dims as f64, full_dims)?;
            if p.scores.len() != self.len() {
                return Err(Error::range(format!(
                    "{name}.scores has {} entries but the calibration has {} pairs",
                    p.scores.len(),
                    self.len()
                )));
            }
            let at_prefix = Calibration::new(p.scores.clone(), self.labels.clone(), None)
                .map_err(|e| Error::new(e.kind(), format!("{name}: {}", e.message())))?;
            let shift = boundary(at_prefix.best(1.0)?.threshold - full);
            if p.dims < full_dims {
                adjustment.table.insert(p.dims, shift);
            }
        }
        Ok(adjustment)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "i < thresholds.len(), the common length of the curve's parallel arrays"
    )]
    fn max_precision(&self) -> f64 {
        let c = &self.curve;
        (0..c.thresholds.len())
            .map(|i| c.tp[i] / (c.tp[i] + c.fp[i]))
            .fold(0.0, f64::max)
    }
}

/// Bounds that hold every threshold `config` writes (shifted ones
/// included) with 0.05 to spare, never narrower than the defaults.
fn holding(config: &ThresholdConfig) -> Bounds {
    let d = Bounds::default();
    let shifted = config
        .dimension_adjustment
        .iter()
        .flat_map(|a| a.table.values().map(|s| config.default + s));
    let written = core::iter::once(config.default)
        .chain(config.types.values().copied())
        .chain(shifted);
    let (lo, hi) = written.fold((d.min, d.max), |(lo, hi), v| {
        (lo.min(v - 0.05), hi.max(v + 0.05))
    });
    Bounds {
        min: boundary(lo.max(-1.0)),
        max: boundary(hi.min(1.0)),
    }
}
