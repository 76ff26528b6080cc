//! How a cache is set up, and the checks on it.

use crate::check;
use crate::error::{Error, Result};
use crate::store::Precision;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// How a cache is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheOptions {
    pub dims: usize,
    pub confident: f64,
    pub tentative: f64,
    pub precisions: Vec<Precision>,
    pub model: Option<String>,
    pub max_entries: Option<usize>,
    /// Default time to live, in milliseconds.
    pub ttl_ms: Option<f64>,
    /// Width of the monitor's borderline band above `tentative`.
    pub borderline: f64,
    /// When set, the cache learns where to serve so that wrong answers
    /// served stay within this share of lookups (`confident` and
    /// `tentative` are then unused).
    pub error_bound: Option<f64>,
}

impl CacheOptions {
    /// Checks the thresholds, the entry cap and the TTL.
    pub fn check(&self) -> Result<()> {
        if let Some(b) = self.error_bound {
            super::bound::Bound::new(b, 0)?;
        }
        check::unit("confident", self.confident)?;
        check::unit("tentative", self.tentative)?;
        if self.tentative > self.confident {
            return Err(Error::range(format!(
                "tentative ({}) must not exceed confident ({})",
                self.tentative, self.confident
            )));
        }
        if self.max_entries == Some(0) {
            return Err(check::must("maxEntries", "a positive integer", 0));
        }
        if let Some(t) = self.ttl_ms {
            ttl("ttlSeconds", t)?;
        }
        Ok(())
    }
}

pub(super) fn ttl(name: &str, ms: f64) -> Result<f64> {
    if ms.is_finite() && ms > 0.0 {
        Ok(ms)
    } else {
        Err(check::must(
            name,
            "a positive number of seconds",
            ms / 1000.0,
        ))
    }
}
