//! Lookups and verdicts of an error-bounded cache: the bound decides
//! whether to serve, ask for verification or miss, and each verdict the
//! caller reports becomes evidence, for the bound and for its entry.

use super::bound::{Call, Why};
use super::{Asked, Found, SemanticCache, Tier};
use crate::error::{Error, Result};
use crate::thresholds::fmt_threshold;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const ASK: &str = "compute the answer and report whether the cached one was right";

impl SemanticCache {
    /// The tier of a lookup whose best live entry `id` scores `score`.
    pub(super) fn bounded(
        &mut self,
        id: String,
        score: f64,
        dropped: Vec<String>,
    ) -> Result<Found> {
        let evidence = self.meta.get(&id).map(|m| m.evidence).unwrap_or_default();
        let Some(b) = self.bound.as_mut() else {
            return Err(Error::value("this cache has no error bound"));
        };
        let call = b.call(Some(score), &evidence);
        let (delta, floor) = (fmt_threshold(b.error_bound), fmt_threshold(b.floor()));
        let t = b.threshold().map(fmt_threshold);
        let verified = b.verified;
        let mut text = match (call, &t) {
            (Call::Serve { entry: false, .. }, Some(t)) => format!(
                "confident: {score:.3} >= the threshold {t}, where the verified lookups keep wrong answers served within {delta} of lookups"
            ),
            (Call::Serve { .. }, _) => format!(
                "confident: entry \"{id}\"'s own verified lookups ({} right, {} wrong, all at or below {score:.3}) keep its wrong answers within half the bound {delta}",
                evidence.rights, evidence.wrongs
            ),
            (Call::Verify(Why::EntryWrong, _), _) => format!(
                "verify: entry \"{id}\" was judged wrong at a score of {:.3}, at or above this one ({score:.3}); {ASK}",
                evidence.wrong_high.map_or(score, f64::from)
            ),
            (Call::Verify(Why::Budget, _), _) => format!(
                "verify: the wrong answers served so far, as the verdicts estimate them, use up the bound {delta}; nothing is served until they no longer do; {ASK}"
            ),
            (Call::Verify(_, w), Some(t)) if w > 1.0 => format!(
                "verify: {score:.3} is below the threshold {t} (and above the floor {floor}), and this lookup was drawn for judging (1 in {w:.1} lookups at this score is); {ASK}"
            ),
            (Call::Verify(..), Some(t)) => format!(
                "verify: {score:.3} is below the threshold {t} (and above the floor {floor}); {ASK}"
            ),
            (Call::Verify(..), None) => format!(
                "verify: no threshold keeps wrong answers within {delta} yet ({verified} verified lookups so far); {ASK}"
            ),
            (Call::Miss, _) if score >= b.floor() => format!(
                "miss: the best entry scores {score:.3}, below the threshold; this lookup was not drawn for judging ({:.0}% of lookups at this score are), so compute the answer and report nothing",
                b.sample_share(super::bound::bin(score)) * 100.0
            ),
            (Call::Miss, _) => format!(
                "miss: the best entry scores {score:.3}, below the floor {floor} where verified answers were almost never right"
            ),
        };
        let audit = matches!(call, Call::Serve { audit: true, .. });
        if let Call::Serve {
            audit: true,
            weight,
            ..
        } = call
        {
            text.push_str(&format!(
                "; audit: picked at random ({:.0}% of served lookups are audited now, falling to 10% as verdicts above the threshold gather): serve it, then judge it and report the verdict with feedback",
                100.0 / f64::from(weight)
            ));
        }
        let (tier, served) = match call {
            Call::Serve { .. } => (Tier::Confident, true),
            Call::Verify(..) => (Tier::Verify, false),
            Call::Miss => (Tier::Miss, false),
        };
        let weight = match call {
            Call::Verify(_, w)
            | Call::Serve {
                audit: true,
                weight: w,
                ..
            } => Some(w),
            _ => None,
        };
        if let Some(m) = self.meta.get_mut(&id) {
            if m.pending.len() == super::PENDING {
                m.pending.remove(0);
            }
            // A verdict nobody asked for (say, on a plain miss) weighs 1.
            m.pending.push(Asked {
                score,
                explored: audit,
                weight: weight.unwrap_or(1.0),
            });
        }
        let found = Found {
            audit,
            ..Found::scored(tier, id, score, text, dropped)
        };
        self.noted(found, served)
    }

    /// A verdict on entry `id`'s cached answer at `score` (by default the
    /// newest lookup's that found it). An entry that has gone still counts
    /// for the bound when the score is given.
    pub(super) fn verdict(&mut self, id: &str, correct: bool, score: Option<f64>) -> Result<Asked> {
        let pending = self.meta.get_mut(id).map(|m| {
            let at = match score {
                Some(s) => m
                    .pending
                    .iter()
                    .rposition(|a| a.score.to_bits() == s.to_bits()),
                None => m.pending.len().checked_sub(1),
            };
            at.map(|i| m.pending.remove(i))
        });
        let asked = match (score, pending) {
            (_, Some(Some(a))) => a,
            (Some(s), _) => Asked {
                score: s,
                explored: false,
                weight: 1.0,
            },
            (None, Some(None)) => {
                return Err(Error::value(format!(
                    "entry \"{id}\" has not been looked up since its last verdict; give options.score, the similarity it was judged at"
                )))
            }
            (None, None) => {
                return Err(Error::value(format!(
                    "id \"{id}\" is not in the cache; give options.score, the similarity it was judged at, to count the verdict"
                )))
            }
        };
        self.replay_verdict(id, correct, asked)?;
        Ok(asked)
    }

    /// A verdict as recorded: evidence for the bound and for the entry
    /// (when it is still there).
    pub fn replay_verdict(&mut self, id: &str, correct: bool, asked: Asked) -> Result<()> {
        let Some(b) = self.bound.as_mut() else {
            return Err(Error::value(
                "a verdict with a score needs a cache with an error bound",
            ));
        };
        b.label(asked.score, correct, asked.explored, asked.weight)?;
        if let Some(m) = self.meta.get_mut(id) {
            m.evidence.add(asked.score as f32, correct);
        }
        Ok(())
    }

    /// Advice on an error-bounded cache, in place of the monitor's (which
    /// speaks of a fixed threshold).
    pub fn bound_advice(&self) -> Vec<String> {
        let Some(b) = &self.bound else {
            return Vec::new();
        };
        let delta = fmt_threshold(b.error_bound);
        let mut advice = Vec::new();
        match b.threshold() {
            None => advice.push(format!(
                "No threshold keeps wrong answers within {delta} yet ({} verified lookups): keep answering verify lookups and reporting feedback with the verdict.",
                b.verified
            )),
            Some(t) => {
                let (point, upper) = b.estimate();
                advice.push(format!(
                    "Serving at {} and above: wrong answers served are estimated at {:.2}% of lookups (at most {:.2}% with 97.5% confidence; the bound is {delta}).",
                    fmt_threshold(t),
                    point * 100.0,
                    upper * 100.0
                ));
            }
        }
        if b.resets > 0 {
            advice.push(format!(
                "The evidence was dropped {} time(s) because audited answers turned wrong far more often than before (drift): check what changed (the model, the data behind the answers).",
                b.resets
            ));
        }
        advice
    }
}
