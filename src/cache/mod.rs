//! The semantic cache: look a question's embedding up among cached ones
//! and answer from cache when it is close enough. Tiers as a cache uses
//! them: `exact` (the normalized text equals a stored entry's), `confident`
//! (serve as is), `tentative` (serve with a note that it answers a similar
//! question), `miss` (run the expensive call). With an error bound the
//! cache learns where to serve instead (see [`bound`]): `tentative` gives
//! way to `verify` (the caller computes the answer anyway and reports
//! whether the cached one was right). Entries expire after their
//! TTL and, past `max_entries`, the least recently used goes; namespaces
//! never mix; every lookup is recorded in a [`Monitor`]; reviewed hits feed
//! the feedback rule. The values themselves live with the caller (the JS
//! layer): this core keeps ids, vectors, texts, expiry and use order.
//!
//! Time is the caller's (milliseconds on any clock), passed to each call,
//! so tests control it.

pub mod bound;
mod bounded;
mod lookup;
mod options;
mod restore;
mod write;

use crate::check;
use crate::decide::{adjust_from_feedback, Feedback, FeedbackRule, Monitor, MonitorOptions};
use crate::error::{Error, Result};
use crate::score::Scratch;
use crate::store::{Metadata, VectorSet};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use bound::{Bound, Evidence};
use options::ttl;
pub use options::CacheOptions;

/// Lookups per entry that keep their verdict's weight while awaiting it.
const PENDING: usize = 8;

/// Candidates looked at per lookup before expired ones are dropped and the
/// search repeated.
const PEEK: usize = 8;

/// The tier of a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    Exact,
    Confident,
    Tentative,
    Verify,
    Miss,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Confident => "confident",
            Tier::Tentative => "tentative",
            Tier::Verify => "verify",
            Tier::Miss => "miss",
        }
    }
}

/// What a lookup found, and the entries it dropped as expired (their
/// values go too).
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub tier: Tier,
    pub id: Option<String>,
    pub score: Option<f64>,
    pub text: String,
    pub dropped: Vec<String>,
    /// Served, and to be judged afterwards (an error-bounded cache's audit).
    pub audit: bool,
}

impl Found {
    /// A vector lookup's answer: entry `id` at `score`, not an audit.
    fn scored(tier: Tier, id: String, score: f64, text: String, dropped: Vec<String>) -> Found {
        Found {
            tier,
            id: Some(id),
            score: Some(score),
            text,
            dropped,
            audit: false,
        }
    }
}

/// One entry's bookkeeping.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryMeta {
    pub namespace: String,
    /// The normalized text, when stored with one.
    pub text: Option<String>,
    pub expires_at: Option<f64>,
    /// Use order: higher is more recent.
    pub used: u64,
    /// Its verified lookups (error-bounded caches).
    pub evidence: Evidence,
    /// The newest lookups that found it and await a verdict (at most
    /// `PENDING`): feedback with a score finds its lookup here (so its
    /// weight is right even when other lookups came in between); feedback
    /// without one takes the newest.
    pub pending: Vec<Asked>,
}

/// A lookup whose verdict counts as evidence: its score, whether it was an
/// audit (served, then judged), and the verdict's weight (the inverse of
/// the chance it was asked for).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Asked {
    pub score: f64,
    pub explored: bool,
    pub weight: f32,
}

/// What a store did, in full (see [`SemanticCache::store`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The entry's id (given, or the next generated one).
    pub id: String,
    /// Entries that went: the first `expired` expired, the rest were evicted.
    pub dropped: Vec<String>,
    pub expired: usize,
    /// The id counter after the store.
    pub next_id: u64,
    /// When the entry expires.
    pub expires_at: Option<f64>,
}

/// Counters beyond the monitor's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheCounts {
    pub exact: u64,
    pub expired: u64,
    pub evicted: u64,
    pub reviewed: u64,
    pub wrong: u64,
}

/// The semantic cache's core.
pub struct SemanticCache {
    pub options: CacheOptions,
    pub set: VectorSet,
    pub meta: BTreeMap<String, EntryMeta>,
    exact: BTreeMap<(String, String), String>,
    lru: BTreeMap<u64, String>,
    /// Entries with a TTL by expiry time (ordered bits of the f64), so a
    /// store finds the expired ones without a scan.
    expiry: BTreeMap<(u64, String), ()>,
    pub tick: u64,
    pub next_id: u64,
    pub monitor: Monitor,
    pub feedback: Vec<Feedback>,
    /// (confident, tentative) after the feedback so far.
    in_force: (f64, f64),
    pub counts: CacheCounts,
    /// Where to serve, for an error-bounded cache.
    pub bound: Option<Bound>,
    scratch: Scratch,
}

/// The configured thresholds moved by the feedback rule: tentative by the
/// rule, confident by the same amount, kept within [tentative, 1].
fn moved(options: &CacheOptions, feedback: &[Feedback]) -> Result<(f64, f64)> {
    let (c, t) = (options.confident, options.tentative);
    if feedback.is_empty() {
        return Ok((c, t));
    }
    let moved =
        adjust_from_feedback(t, feedback, FeedbackRule::with(None, None, None, None))?.threshold;
    Ok(((c + (moved - t)).clamp(moved, 1.0), moved))
}

/// Told apart from the monitor's sample draws (same seed).
const BOUND_SEED: u64 = 0x05EE_DB0D;

/// The monitor's options: an error-bounded cache has no fixed tiers (a
/// hit is a served answer; the borderline band starts at 0 and holds none).
pub fn monitor_options(options: &CacheOptions) -> Result<MonitorOptions> {
    let fixed = options.error_bound.is_none();
    MonitorOptions::new(
        if fixed { options.tentative } else { 0.0 },
        Some(options.borderline),
        fixed.then_some((options.confident, options.tentative)),
        None,
        None,
        None,
    )
}

/// `x`'s bits, ordered as the numbers are (sign flipped for negatives).
fn order_bits(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Trimmed, whitespace collapsed. Callers pass NFC, lowercased text: the
/// JS layer applies `normalize('NFC')` and `toLowerCase()` (Unicode's
/// default case mapping, as `str::to_lowercase` does), which keeps
/// Unicode's case tables (about 15 KB of the gzipped .wasm) out of the build.
pub fn normalize_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SemanticCache {
    /// Starts an error-bounded cache's evidence from labeled pairs: the
    /// score of a question against a cached entry, and 1 when the entry's
    /// answer is right for it (see `Bound::with_prior`).
    pub fn with_prior(mut self, scores: &[f64], labels: &[u8]) -> Result<SemanticCache> {
        let Some(b) = self.bound.take() else {
            return Err(Error::type_error(
                "options.prior needs options.errorBound: the labeled pairs are evidence for the bound",
            ));
        };
        if scores.len() != labels.len() {
            return Err(Error::value(format!(
                "options.prior has {} scores and {} labels; give one label per score",
                scores.len(),
                labels.len()
            )));
        }
        let pairs: Vec<(f64, bool)> = scores
            .iter()
            .zip(labels)
            .map(|(&s, &l)| (s, l == 1))
            .collect();
        self.bound = Some(b.with_prior(&pairs)?);
        Ok(self)
    }

    /// An empty cache; `seed` makes the monitor's sample reproducible.
    pub fn new(options: CacheOptions, seed: u64) -> Result<SemanticCache> {
        options.check()?;
        let set =
            VectorSet::with_options(options.dims, &options.precisions, options.model.as_deref())?;
        let monitor = Monitor::new(monitor_options(&options)?, seed);
        let bound = options
            .error_bound
            .map(|b| Bound::new(b, seed ^ BOUND_SEED))
            .transpose()?;
        let in_force = (options.confident, options.tentative);
        Ok(SemanticCache {
            options,
            set,
            meta: BTreeMap::new(),
            exact: BTreeMap::new(),
            lru: BTreeMap::new(),
            expiry: BTreeMap::new(),
            tick: 0,
            next_id: 0,
            monitor,
            feedback: Vec::new(),
            in_force,
            counts: CacheCounts::default(),
            bound,
            scratch: Scratch::default(),
        })
    }

    /// The thresholds in force: the configured ones moved by the feedback
    /// rule (computed when feedback arrives, not per lookup).
    pub fn thresholds(&self) -> Result<(f64, f64)> {
        Ok(self.in_force)
    }

    fn touch(&mut self, id: &str) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(m) = self.meta.get_mut(id) {
            self.lru.remove(&m.used);
            m.used = tick;
            self.lru.insert(tick, id.to_string());
        }
    }

    /// Removes an entry everywhere (its row, text key and use order).
    fn drop_entry(&mut self, id: &str) -> bool {
        let Some(m) = self.meta.remove(id) else {
            return false;
        };
        self.lru.remove(&m.used);
        if let Some(t) = m.expires_at {
            self.expiry.remove(&(order_bits(t), id.to_string()));
        }
        if let Some(t) = m.text {
            self.exact.remove(&(m.namespace, t));
        }
        self.set.remove(&[id.to_string()]);
        true
    }

    fn expired(&self, id: &str, now: f64) -> bool {
        self.meta
            .get(id)
            .and_then(|m| m.expires_at)
            .is_some_and(|t| t <= now)
    }

    /// Drops every expired entry; returns their ids.
    fn purge(&mut self, now: f64) -> Vec<String> {
        let limit = order_bits(now);
        let gone: Vec<String> = self
            .expiry
            .keys()
            .take_while(|(t, _)| *t <= limit)
            .map(|(_, id)| id.clone())
            .collect();
        for id in &gone {
            self.drop_entry(id);
        }
        self.counts.expired += gone.len() as u64;
        gone
    }

    /// The query's length, values and norm (named `query` for both lookup
    /// and store).
    fn check_query(&self, query: &[f32]) -> Result<()> {
        if query.len() != self.options.dims {
            return Err(Error::range(format!(
                "query must have {} values, got {}",
                self.options.dims,
                query.len()
            )));
        }
        check::finite("query", query)?;
        if query.iter().all(|&x| x == 0.0) {
            return Err(Error::value(
                "query is all zeros; its cosine with anything is undefined",
            ));
        }
        Ok(())
    }

    /// Stores (or replaces, by id) an entry; returns its id and the ids of
    /// entries that went (expired, or evicted past `max_entries`), saying
    /// how many of them expired (the first `expired`; the rest were
    /// evicted): what a change record of the store carries, so replay drops
    /// the same entries. The cache is unchanged when the vector is refused.
    pub fn store(
        &mut self,
        vector: &[f32],
        id: Option<String>,
        namespace: &str,
        text: Option<&str>,
        ttl_ms: Option<f64>,
        now: f64,
    ) -> Result<Stored> {
        self.store_with(
            vector,
            id,
            namespace,
            text,
            ttl_ms,
            now,
            &Metadata::default(),
        )
    }

    /// [`SemanticCache::store`] with the entry's metadata (what lookups
    /// filter on: a model, a prompt version, a locale, a user).
    #[expect(
        clippy::too_many_arguments,
        reason = "store's fields and the entry's metadata"
    )]
    pub fn store_with(
        &mut self,
        vector: &[f32],
        id: Option<String>,
        namespace: &str,
        text: Option<&str>,
        ttl_ms: Option<f64>,
        now: f64,
        metadata: &Metadata,
    ) -> Result<Stored> {
        if !now.is_finite() {
            return Err(check::must("now()", "a finite number of milliseconds", now));
        }
        self.check_query(vector)?;
        let ttl_ms = match ttl_ms {
            Some(t) => Some(ttl("options.ttlSeconds", t)?),
            None => self.options.ttl_ms,
        };
        if id.as_deref() == Some("") {
            return Err(check::must("options.id", "a non-empty string", "\"\""));
        }
        let id = match id {
            Some(id) => id,
            None => loop {
                self.next_id += 1;
                let id = format!("entry-{}", self.next_id);
                if !self.meta.contains_key(&id) {
                    break id;
                }
            },
        };
        let expires_at = ttl_ms.map(|t| now + t);
        self.put_entry(vector, &id, namespace, text, expires_at, metadata)?;
        let mut dropped = self.purge(now);
        let expired = dropped.len();
        if let Some(max) = self.options.max_entries {
            while self.meta.len() > max {
                let Some((_, oldest)) = self.lru.iter().next().map(|(k, v)| (*k, v.clone())) else {
                    break;
                };
                self.drop_entry(&oldest);
                self.counts.evicted += 1;
                dropped.push(oldest);
            }
        }
        Ok(Stored {
            id,
            dropped,
            expired,
            next_id: self.next_id,
            expires_at,
        })
    }

    /// Records a reviewed hit: fed to the feedback rule, or, with an error
    /// bound, counted as a verified lookup at `score` (by default the last
    /// lookup's that found the entry). Returns the score and whether the
    /// lookup was an audit (what a change record keeps), or None
    /// for a cache without a bound.
    pub fn review(&mut self, id: &str, correct: bool, score: Option<f64>) -> Result<Option<Asked>> {
        if self.bound.is_some() {
            return self.verdict(id, correct, score).map(Some);
        }
        if !self.meta.contains_key(id) {
            return Err(Error::value(format!("id \"{id}\" is not in the cache")));
        }
        self.replay_review(correct).map(|()| None)
    }

    /// Removes entries by id; returns those that went.
    pub fn remove(&mut self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|id| self.drop_entry(id))
            .cloned()
            .collect()
    }

    /// Removes every entry (of `namespace` when given); returns those that went.
    pub fn clear(&mut self, namespace: Option<&str>) -> Vec<String> {
        let ids: Vec<String> = self
            .meta
            .iter()
            .filter(|(_, m)| namespace.is_none_or(|n| m.namespace == n))
            .map(|(id, _)| id.clone())
            .collect();
        self.remove(&ids)
    }

    pub fn len(&self) -> usize {
        self.meta.len()
    }

    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }
}

#[cfg(test)]
mod tests;
