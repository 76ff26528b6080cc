//! The noise floor of a set, without labels: the cosine of random distinct
//! row pairs, i.e. what unrelated items score with this model. A threshold
//! below the 99th percentile of random pairs matches unrelated items about
//! one time in a hundred per candidate.

use super::bootstrap::percentile;
use crate::check;
use crate::error::{Error, Result};
use crate::order;
use crate::rng::SplitMix64;
use crate::score::cosine;
use crate::store::VectorSet;
use alloc::format;
use alloc::vec::Vec;
use serde::Serialize;

/// The distribution of random-pair cosines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoiseFloor {
    pub pairs: usize,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// `pairs` random distinct row pairs of `set` (drawn with a generator
/// seeded by `seed`), each scored over the first `dims` dims (all when
/// `None`) from the most exact encoding the set keeps.
pub fn noise_floor(
    set: &VectorSet,
    pairs: usize,
    seed: u64,
    dims: Option<usize>,
) -> Result<NoiseFloor> {
    let n = set.len();
    if n < 2 {
        return Err(check::must(
            "set",
            "a VectorSet of at least 2 rows (random pairs need two)",
            format!("{n} rows"),
        ));
    }
    if pairs == 0 || pairs > 10_000_000 {
        return Err(check::must("pairs", "an integer from 1 to 10000000", pairs));
    }
    let dims = dims
        .map(|d| check::prefix_dims("dims", d as f64, set.dims()))
        .transpose()?;
    if set.row_vector(0).is_none() {
        return Err(Error::value(
            "set keeps only sign bits (b1); the noise floor needs f32 or i8 rows",
        ));
    }
    let mut rng = SplitMix64(seed);
    let mut values = Vec::with_capacity(pairs);
    for _ in 0..pairs {
        let i = rng.below(n as u64) as usize;
        let mut j = rng.below(n as u64 - 1) as usize;
        if j >= i {
            j += 1;
        }
        let (Some(a), Some(b)) = (set.row_vector(i), set.row_vector(j)) else {
            continue;
        };
        // A row whose prefix is all zeros has no cosine: skip the pair.
        if let Ok(c) = cosine(&a, &b, dims.map(|d| d as f64)) {
            values.push(c);
        }
    }
    if values.is_empty() {
        return Err(Error::value(format!(
            "no random pair had a cosine over {} dims (the rows' prefixes are all zeros)",
            dims.unwrap_or(set.dims())
        )));
    }
    let values = order::sorted(&values);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Ok(NoiseFloor {
        pairs: values.len(),
        mean,
        p50: percentile(&values, 50.0),
        p95: percentile(&values, 95.0),
        p99: percentile(&values, 99.0),
        max: values.last().copied().unwrap_or(mean),
    })
}
