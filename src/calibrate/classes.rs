//! Thresholds per class (e.g. per entity type or sub-corpus).

use super::curve::{need_both, Curve};
use super::Calibration;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use serde::Serialize;

/// Per-class result.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ClassThreshold {
    /// F1-optimal threshold within the class.
    pub threshold: f64,
    /// Its F1.
    pub f: f64,
    /// Pairs in the class.
    pub n: usize,
    /// Label-1 pairs in the class.
    pub positives: usize,
}

impl Calibration {
    /// The F1-optimal threshold within each class.
    #[expect(
        clippy::indexing_slicing,
        reason = "order holds pair indices < n, and ids has one entry per pair"
    )]
    pub fn per_class(&self) -> Result<BTreeMap<String, ClassThreshold>> {
        let (ids, names) = self.classes.as_ref().ok_or_else(|| {
            Error::value("perClass() needs classes: pass { classes } to calibrate()")
        })?;
        let mut out = BTreeMap::new();
        for (k, name) in names.iter().enumerate() {
            let in_class = |i: &u32| ids[*i as usize] == k as u32;
            let curve = Curve::from_sorted(
                self.order
                    .iter()
                    .filter(|i| in_class(i))
                    .map(|&i| (self.scores[i as usize], self.labels[i as usize], 1.0)),
            );
            let n = self.order.iter().filter(|i| in_class(i)).count();
            let positives = curve.positives() as usize;
            need_both(&format!("perClass() for class \"{name}\""), &curve)?;
            let b = curve
                .best(1.0)
                .ok_or_else(|| Error::value("perClass() found no threshold"))?;
            out.insert(
                name.clone(),
                ClassThreshold {
                    threshold: b.threshold,
                    f: b.f,
                    n,
                    positives,
                },
            );
        }
        Ok(out)
    }
}
