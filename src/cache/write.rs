//! Writing entries, live and replayed. The JS layer keeps the cache's
//! change records (store, remove, feedback) beside the values; a store is
//! replayed with what it did live (its id, expiry, the entries it dropped)
//! rather than re-deciding: which entry is least recently used depends on
//! lookups, which are not recorded, so replay must not pick evictions.

use super::{normalize_text, order_bits, EntryMeta, SemanticCache};
use crate::error::Result;
use crate::store::Metadata;
use alloc::string::{String, ToString};
use alloc::vec;

impl SemanticCache {
    /// Writes entry `id` (its row, text key, expiry and use order), over
    /// an entry with the same id. The vector is checked (and stored) before
    /// anything else changes.
    pub(super) fn put_entry(
        &mut self,
        vector: &[f32],
        id: &str,
        namespace: &str,
        text: Option<&str>,
        expires_at: Option<f64>,
        metadata: &Metadata,
    ) -> Result<()> {
        let old = self.meta.get(id).cloned();
        // A store under an existing id replaces its answer: the verdicts
        // on the old one say nothing about the new.
        let old_evidence = Default::default();
        self.set.upsert_with(
            vector.len(),
            vec![id.to_string()],
            Some(namespace),
            Some(core::slice::from_ref(metadata)),
            |offset, out| {
                if let Some(src) = vector.get(offset..offset + out.len()) {
                    out.copy_from_slice(src);
                }
            },
        )?;
        if let Some(old) = old {
            self.lru.remove(&old.used);
            if let Some(t) = old.expires_at {
                self.expiry.remove(&(order_bits(t), id.to_string()));
            }
            if let Some(t) = old.text {
                self.exact.remove(&(old.namespace, t));
            }
        }
        let key = text.map(normalize_text);
        if let Some(k) = &key {
            // A text key names one entry per namespace: the newest.
            if let Some(prev) = self
                .exact
                .insert((namespace.to_string(), k.clone()), id.to_string())
            {
                if prev != id {
                    if let Some(m) = self.meta.get_mut(&prev) {
                        m.text = None;
                    }
                }
            }
        }
        self.meta.insert(
            id.to_string(),
            EntryMeta {
                namespace: namespace.to_string(),
                text: key,
                expires_at,
                used: 0,
                evidence: old_evidence,
                pending: alloc::vec::Vec::new(),
            },
        );
        if let Some(t) = expires_at {
            self.expiry.insert((order_bits(t), id.to_string()), ());
        }
        self.touch(id);
        Ok(())
    }

    /// Writes an entry as a recorded store did: `id` in `namespace` with
    /// the normalized `text`, expiring at `expires_at`; then drops
    /// `dropped` (the first `expired` counted as expired, the rest as
    /// evicted) and moves the id counter to `next_id`. The vector is
    /// checked first; the cache is unchanged when it is refused.
    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one recorded store"
    )]
    pub fn replay_store(
        &mut self,
        vector: &[f32],
        id: &str,
        namespace: &str,
        text: Option<&str>,
        expires_at: Option<f64>,
        dropped: &[String],
        expired: usize,
        next_id: u64,
        metadata: &Metadata,
    ) -> Result<()> {
        self.check_query(vector)?;
        self.put_entry(vector, id, namespace, text, expires_at, metadata)?;
        for (i, gone) in dropped.iter().enumerate() {
            if self.drop_entry(gone) {
                if i < expired {
                    self.counts.expired += 1;
                } else {
                    self.counts.evicted += 1;
                }
            }
        }
        self.next_id = self.next_id.max(next_id);
        Ok(())
    }

    /// A recorded review: fed to the feedback rule even when its entry has
    /// gone since (it was there when the review was made).
    pub fn replay_review(&mut self, correct: bool) -> Result<()> {
        self.feedback.push(crate::decide::Feedback {
            correct,
            suggested: false,
        });
        match super::moved(&self.options, &self.feedback) {
            Ok(t) => self.in_force = t,
            Err(e) => {
                self.feedback.pop();
                return Err(e);
            }
        }
        self.counts.reviewed += 1;
        if !correct {
            self.counts.wrong += 1;
        }
        Ok(())
    }
}
