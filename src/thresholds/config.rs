//! What a threshold configuration holds: the global default, per-type and
//! per-field thresholds, the two adjustments (Matryoshka dimensions and
//! candidate count), band margins and bounds. Reading and writing it as a
//! JSON-like value is in `value`; the built-in tables in `presets`.

use crate::check;
use crate::error::Result;
use alloc::collections::BTreeMap;
use alloc::string::String;
use serde::Serialize;

/// The candidate-count adjustment (seed 000, strategy 2).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Adaptive {
    /// Fewer candidates than this loosen the threshold...
    pub few: usize,
    /// ... by this much.
    pub loosen: f64,
    /// More candidates than this tighten it...
    pub many: usize,
    /// ... by this much.
    pub tighten: f64,
}

impl Default for Adaptive {
    fn default() -> Self {
        Adaptive {
            few: 10,
            loosen: 0.10,
            many: 1000,
            tighten: 0.05,
        }
    }
}

/// The Matryoshka dimension adjustment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DimensionAdjustment {
    /// Full dimensionality when the query does not say (768 in the seed).
    pub full_dims: usize,
    /// The formula's largest reduction, at 0 dims.
    pub max_reduction: f64,
    /// Measured threshold shift per prefix length (from calibration); a
    /// prefix listed here uses its measured shift instead of the formula.
    pub table: BTreeMap<usize, f64>,
}

impl Default for DimensionAdjustment {
    fn default() -> Self {
        DimensionAdjustment {
            full_dims: 768,
            max_reduction: 0.05,
            table: BTreeMap::new(),
        }
    }
}

/// Lowest and highest threshold an adjusted threshold may take.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Bounds {
    /// Lower bound (0.65 in the seed).
    pub min: f64,
    /// Upper bound (0.95 in the seed).
    pub max: f64,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            min: 0.65,
            max: 0.95,
        }
    }
}

/// Everything resolution reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdConfig {
    /// Global default.
    pub default: f64,
    /// Per-type thresholds.
    pub types: BTreeMap<String, f64>,
    /// Per-field thresholds, keyed `"Type.field"`.
    pub fields: BTreeMap<String, f64>,
    /// Candidate-count adjustment, when enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adaptive: Option<Adaptive>,
    /// Dimension adjustment, when enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension_adjustment: Option<DimensionAdjustment>,
    /// Band margins around the threshold.
    pub bands: Margins,
    /// Bounds for adjusted thresholds.
    pub bounds: Bounds,
    /// The embedding model these thresholds were measured on: a threshold
    /// is valid only for that model's scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Default for ThresholdConfig {
    fn default() -> Self {
        ThresholdConfig {
            default: 0.80,
            types: BTreeMap::new(),
            fields: BTreeMap::new(),
            adaptive: None,
            dimension_adjustment: None,
            bands: Margins::default(),
            bounds: Bounds::default(),
            model: None,
        }
    }
}

/// Band margins around the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Margins {
    /// How far above the threshold "high" starts.
    pub high: f64,
    /// How far below the threshold "low" reaches.
    pub low: f64,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            high: 0.10,
            low: 0.15,
        }
    }
}

impl Margins {
    /// Checks both margins are finite and >= 0.
    pub fn validated(self) -> Result<Self> {
        check::margin("margins.high", self.high)?;
        check::margin("margins.low", self.low)?;
        Ok(self)
    }

    /// The margins a caller gave, each one left out at its default.
    pub fn with(high: Option<f64>, low: Option<f64>) -> Result<Self> {
        let d = Margins::default();
        Margins {
            high: high.unwrap_or(d.high),
            low: low.unwrap_or(d.low),
        }
        .validated()
    }
}
