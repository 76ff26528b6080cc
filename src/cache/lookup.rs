//! A lookup: the exact tier (the normalized text of a stored entry), then
//! the best live vector match in the namespace (and filter), tiered by the
//! fixed thresholds or by the error bound, and recorded in the monitor.

use super::bound::Evidence;
use super::{normalize_text, Found, SemanticCache, Tier, PEEK};
use crate::decide::{cache_tier, CacheTier, MonitorEvent};
use crate::error::Result;
use crate::filter::Filter;
use crate::score::Search;
use crate::thresholds::fmt_threshold;
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

impl SemanticCache {
    /// Looks `query` up in `namespace`: the exact tier first (when `text`
    /// is given), then the best live vector match, tiered.
    pub fn lookup(
        &mut self,
        query: &[f32],
        namespace: &str,
        text: Option<&str>,
        now: f64,
    ) -> Result<Found> {
        self.lookup_where(query, namespace, text, None, now)
    }

    /// [`SemanticCache::lookup`] among the entries whose metadata passes
    /// `filter` (an exact text hit must pass it too).
    pub fn lookup_where(
        &mut self,
        query: &[f32],
        namespace: &str,
        text: Option<&str>,
        filter: Option<&Filter>,
        now: f64,
    ) -> Result<Found> {
        self.check_query(query)?;
        let (confident, tentative) = self.thresholds()?;
        let mut dropped = Vec::new();
        if let Some(key) = text.map(normalize_text) {
            let hit = self
                .exact
                .get(&(namespace.to_string(), key))
                .filter(|id| {
                    filter.is_none_or(|f| {
                        self.set
                            .row_of(id)
                            .is_some_and(|r| f.passes(&self.set.metadata_of_row(r)))
                    })
                })
                .cloned();
            if let Some(id) = hit {
                if self.expired(&id, now) {
                    self.drop_entry(&id);
                    self.counts.expired += 1;
                    dropped.push(id);
                } else {
                    self.touch(&id);
                    self.counts.exact += 1;
                    if let Some(b) = self.bound.as_mut() {
                        b.exact();
                    }
                    self.monitor.record(
                        1.0,
                        MonitorEvent {
                            hit: Some(true),
                            id: Some(id.clone()),
                            ..MonitorEvent::default()
                        },
                    )?;
                    return Ok(Found {
                        tier: Tier::Exact,
                        text: format!("exact: the normalized text equals entry \"{id}\"'s"),
                        id: Some(id),
                        score: None,
                        dropped,
                        audit: false,
                    });
                }
            }
        }
        let best = loop {
            let search = Search {
                namespace: Some(namespace),
                filter,
                ..Search::default()
            };
            let top = self
                .set
                .top_k_with(query, PEEK, None, &search, &mut self.scratch)?;
            let mut live = None;
            let mut stale = Vec::new();
            for m in &top {
                let id = self.set.id(m.index).unwrap_or_default().to_string();
                if self.expired(&id, now) {
                    stale.push(id);
                } else if live.is_none() {
                    live = Some((id, f64::from(m.score)));
                }
            }
            let again = live.is_none() && !stale.is_empty();
            for id in stale {
                self.drop_entry(&id);
                self.counts.expired += 1;
                dropped.push(id);
            }
            if !again {
                break live;
            }
        };
        let Some((id, score)) = best else {
            if let Some(b) = self.bound.as_mut() {
                b.call(None, &Evidence::default());
            }
            self.monitor.record(
                -1.0,
                MonitorEvent {
                    hit: Some(false),
                    ..MonitorEvent::default()
                },
            )?;
            return Ok(Found {
                tier: Tier::Miss,
                id: None,
                score: None,
                text: format!("miss: no live entries in namespace \"{namespace}\""),
                dropped,
                audit: false,
            });
        };
        if self.bound.is_some() {
            return self.bounded(id, score, dropped);
        }
        let tier = match cache_tier(score, confident, tentative)? {
            CacheTier::Confident => Tier::Confident,
            CacheTier::Tentative => Tier::Tentative,
            CacheTier::Miss => Tier::Miss,
        };
        let (c, t) = (fmt_threshold(confident), fmt_threshold(tentative));
        let text = match tier {
            Tier::Confident => format!("confident: {score:.3} >= the confident threshold {c} (tentative {t}), {:+.3} above it", score - confident),
            Tier::Tentative => format!("tentative: {score:.3} is between the tentative threshold {t} and the confident threshold {c}, {:+.3} above tentative", score - tentative),
            _ => format!("miss: the best entry scores {score:.3}, {:.3} below the tentative threshold {t} (confident {c})", tentative - score),
        };
        let hit = tier != Tier::Miss;
        self.noted(Found::scored(tier, id, score, text, dropped), hit)
    }

    /// A vector lookup that found an entry, recorded: its use order unless
    /// a miss, and the monitor's event (a hit when `served`).
    pub(super) fn noted(&mut self, found: Found, served: bool) -> Result<Found> {
        if let (false, Some(id)) = (found.tier == Tier::Miss, &found.id) {
            self.touch(id);
        }
        self.monitor.record(
            found.score.unwrap_or(-1.0).clamp(-1.0, 1.0),
            MonitorEvent {
                hit: Some(served),
                id: found.id.clone(),
                ..MonitorEvent::default()
            },
        )?;
        Ok(found)
    }
}
