//! A cache rebuilt from its saved parts (the JS layer's `fromBytes`): the
//! parts are checked against each other before anything is trusted, and the
//! indexes a live cache keeps (text keys, use order, expiry) are rebuilt.

use super::bound::Bound;
use super::{moved, order_bits, CacheCounts, CacheOptions, EntryMeta, SemanticCache};
use crate::decide::{Feedback, Monitor};
use crate::error::{Error, Result};
use crate::score::Scratch;
use crate::store::VectorSet;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

impl SemanticCache {
    /// A cache from restored parts (see the JS layer's `fromBytes`); the
    /// parts must agree with each other.
    #[expect(
        clippy::too_many_arguments,
        reason = "the restored parts of one cache, checked together"
    )]
    pub fn restore(
        options: CacheOptions,
        set: VectorSet,
        meta: BTreeMap<String, EntryMeta>,
        tick: u64,
        next_id: u64,
        monitor: Monitor,
        feedback: Vec<Feedback>,
        counts: CacheCounts,
        bound: Option<Bound>,
    ) -> Result<SemanticCache> {
        options.check()?;
        if bound.is_some() != options.error_bound.is_some()
            || bound
                .as_ref()
                .is_some_and(|b| Some(b.error_bound) != options.error_bound)
        {
            return Err(Error::value(
                "the bound's state and the errorBound option disagree",
            ));
        }
        if set.dims() != options.dims {
            return Err(Error::value(format!(
                "the set has {} dims, the options {}",
                set.dims(),
                options.dims
            )));
        }
        if set.len() != meta.len() {
            return Err(Error::value(format!(
                "the set holds {} rows for {} entries",
                set.len(),
                meta.len()
            )));
        }
        let mut exact = BTreeMap::new();
        let mut lru = BTreeMap::new();
        let mut expiry = BTreeMap::new();
        for (id, m) in &meta {
            if let Some(t) = m.expires_at {
                if !t.is_finite() {
                    return Err(Error::value(format!(
                        "entry \"{id}\" expires at {t}, not a time"
                    )));
                }
                expiry.insert((order_bits(t), id.clone()), ());
            }
            let Some(row) = set.row_of(id) else {
                return Err(Error::value(format!(
                    "entry \"{id}\" has no row in the set"
                )));
            };
            if set.namespace(row) != Some(m.namespace.as_str()) {
                return Err(Error::value(format!(
                    "entry \"{id}\" is in namespace \"{}\" but its row is not",
                    m.namespace
                )));
            }
            if m.used > tick || lru.insert(m.used, id.clone()).is_some() {
                return Err(Error::value(format!(
                    "entry \"{id}\" has a use order that repeats or is ahead of the clock"
                )));
            }
            if let Some(t) = &m.text {
                exact.insert((m.namespace.clone(), t.clone()), id.clone());
            }
        }
        let in_force = moved(&options, &feedback)?;
        Ok(SemanticCache {
            options,
            set,
            meta,
            exact,
            lru,
            expiry,
            tick,
            next_id,
            monitor,
            in_force,
            feedback,
            counts,
            bound,
            scratch: Scratch::default(),
        })
    }
}
