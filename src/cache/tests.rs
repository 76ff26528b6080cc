//! The cache's unit tests: tiers, exact text, namespaces, TTL, LRU,
//! feedback and refused input.

use super::*;
use crate::store::Precision;
use alloc::string::ToString;
use alloc::vec;

fn cache(max: Option<usize>, ttl_ms: Option<f64>) -> SemanticCache {
    SemanticCache::new(
        CacheOptions {
            dims: 3,
            confident: 0.95,
            tentative: 0.85,
            precisions: vec![Precision::F32],
            model: None,
            max_entries: max,
            ttl_ms,
            borderline: 0.05,
            error_bound: None,
        },
        1,
    )
    .unwrap()
}

#[test]
fn tiers_exact_text_and_namespaces() {
    let mut c = cache(None, None);
    let id = c
        .store(
            &[1.0, 0.0, 0.0],
            None,
            "a",
            Some("  how do i  reset my password? "),
            None,
            0.0,
        )
        .unwrap()
        .id;
    assert_eq!(id, "entry-1");
    // Same vector: confident. Whitespace collapsed: exact (callers pass
    // lowercased NFC text; the JS layer's test covers case and NFC).
    let f = c
        .lookup(
            &[1.0, 0.0, 0.0],
            "a",
            Some("how do i reset my password?"),
            1.0,
        )
        .unwrap();
    assert_eq!((f.tier, f.id.as_deref()), (Tier::Exact, Some("entry-1")));
    let f = c.lookup(&[1.0, 0.0, 0.0], "a", None, 1.0).unwrap();
    assert_eq!(f.tier, Tier::Confident);
    // cos = 0.9: tentative; 0.5: miss.
    let f = c.lookup(&[0.9, 0.435_889_9, 0.0], "a", None, 1.0).unwrap();
    assert_eq!(f.tier, Tier::Tentative, "{}", f.text);
    assert!(
        f.text
            .starts_with("tentative: 0.900 is between the tentative threshold 0.85"),
        "{}",
        f.text
    );
    let f = c.lookup(&[0.5, 0.866_025_4, 0.0], "a", None, 1.0).unwrap();
    assert_eq!(f.tier, Tier::Miss);
    // Another namespace never sees it, text or vector.
    let f = c
        .lookup(
            &[1.0, 0.0, 0.0],
            "b",
            Some("how do i reset my password?"),
            1.0,
        )
        .unwrap();
    assert_eq!((f.tier, f.id), (Tier::Miss, None));
    assert_eq!(c.counts.exact, 1);
    assert_eq!(c.monitor.count, 5);
}

#[test]
fn ttl_and_lru() {
    let mut c = cache(Some(2), Some(1000.0));
    c.store(&[1.0, 0.0, 0.0], Some("x".into()), "", None, None, 0.0)
        .unwrap();
    c.store(
        &[0.0, 1.0, 0.0],
        Some("y".into()),
        "",
        None,
        Some(5000.0),
        0.0,
    )
    .unwrap();
    // x expires at 1000: never returned after, and dropped.
    let f = c.lookup(&[1.0, 0.0, 0.0], "", None, 1000.0).unwrap();
    assert_eq!(f.dropped, ["x"]);
    assert_ne!(f.id.as_deref(), Some("x"));
    assert_eq!(c.counts.expired, 1);
    // LRU: y used, then z and w stored: y is the least recently used of 3.
    c.store(
        &[0.0, 0.0, 1.0],
        Some("z".into()),
        "",
        None,
        Some(5000.0),
        1000.0,
    )
    .unwrap();
    c.lookup(&[0.0, 0.0, 1.0], "", None, 1001.0).unwrap();
    let gone = c
        .store(
            &[1.0, 1.0, 0.0],
            Some("w".into()),
            "",
            None,
            Some(5000.0),
            1002.0,
        )
        .unwrap()
        .dropped;
    assert_eq!(gone, ["y"]);
    assert_eq!((c.len(), c.counts.evicted), (2, 1));
}

#[test]
fn feedback_moves_the_thresholds_and_bad_input_changes_nothing() {
    let mut c = cache(None, None);
    c.store(&[1.0, 0.0, 0.0], Some("x".into()), "", None, None, 0.0)
        .unwrap();
    for _ in 0..5 {
        c.review("x", false, None).unwrap();
    }
    let (conf, tent) = c.thresholds().unwrap();
    assert!(tent > 0.85 && conf > 0.95 && conf >= tent, "{conf} {tent}");
    assert!(c
        .review("nope", true, None)
        .unwrap_err()
        .to_string()
        .contains("\"nope\" is not in the cache"));
    let before = (c.len(), c.tick, c.monitor.count);
    assert!(c
        .store(&[f32::NAN, 0.0, 0.0], None, "", None, None, 1.0)
        .is_err());
    assert!(c.store(&[1.0, 0.0], None, "", None, None, 1.0).is_err());
    assert!(c.lookup(&[0.0, 0.0, 0.0], "", None, 1.0).is_err());
    assert_eq!((c.len(), c.tick, c.monitor.count), before);
    assert!(SemanticCache::new(
        CacheOptions {
            tentative: 0.99,
            ..cache(None, None).options
        },
        1
    )
    .is_err());
}

#[test]
fn expiry_order_follows_the_numbers() {
    let xs = [-1e300, -2.5, -0.0, 0.0, 1e-300, 1.5, 1e300];
    for w in xs.windows(2) {
        assert!(
            super::order_bits(w[0]) <= super::order_bits(w[1]),
            "{} {}",
            w[0],
            w[1]
        );
    }
}

/// A cache with an error bound over 2-d vectors: one entry at (1, 0).
fn bounded() -> SemanticCache {
    let mut c = SemanticCache::new(
        CacheOptions {
            dims: 2,
            error_bound: Some(0.1),
            ..cache(None, None).options
        },
        3,
    )
    .unwrap();
    c.store(&[1.0, 0.0], Some("a".into()), "", None, None, 0.0)
        .unwrap();
    c
}

/// A unit vector at cosine `s` with (1, 0).
fn at(s: f32) -> [f32; 2] {
    [s, (1.0 - s * s).sqrt()]
}

#[test]
fn with_a_bound_lookups_verify_until_verdicts_certify_a_threshold() {
    let mut c = bounded();
    let f = c.lookup(&at(0.95), "", None, 0.0).unwrap();
    assert_eq!((f.tier, f.id.as_deref()), (Tier::Verify, Some("a")));
    // The verdict is counted at the lookup's score, then the lookup is used up.
    let a = c.review("a", true, None).unwrap().unwrap();
    assert_eq!((a.score as f32, a.explored, a.weight), (0.95, false, 1.0));
    assert!(c.review("a", true, None).is_err());
    let m = &c.meta["a"];
    assert_eq!((m.evidence.rights, m.evidence.right_high), (1, Some(0.95)));
    // Verdicts: right at 0.9 and above, wrong below; then it serves high up.
    for i in 0..400 {
        let s = 0.5 + (i % 50) as f32 / 100.0;
        let f = c.lookup(&at(s), "", None, 0.0).unwrap();
        if f.tier == Tier::Verify || f.audit {
            c.review("a", s >= 0.9, None).unwrap();
        }
    }
    let t = c.bound.as_ref().unwrap().threshold().unwrap();
    // Serving from 0.815 for as many lookups again keeps wrong answers
    // within 0.1 of all of them (the plan spends what the cautious start
    // left unused); the entry's own wrong verdicts still keep it from
    // being served below 0.9.
    assert!((0.8..0.95).contains(&t), "threshold {t}");
    // The entry was judged wrong up to 0.89: never served there.
    assert_eq!(
        c.lookup(&at(0.89), "", None, 0.0).unwrap().tier,
        Tier::Verify
    );
    // Served lookups are audited now and then: served all the same, and
    // the verdict on one counts as an audit's.
    let audited = (0..200)
        .map(|_| c.lookup(&at(0.97), "", None, 0.0).unwrap())
        .find(|f| f.audit)
        .expect("an audit among 200 served lookups");
    assert_eq!(audited.tier, Tier::Confident);
    // The audit share: 100 / the labels at or above the threshold, at
    // least 10%; the verdict weighs its inverse.
    let b = c.bound.as_ref().unwrap();
    let above = b
        .labels
        .iter()
        .filter(|l| f64::from(l.score) >= b.threshold().unwrap())
        .count();
    let share = (100.0 / above as f64).clamp(0.1, 1.0);
    assert!(
        (share - b.audit_share()).abs() < 1e-12,
        "{above} labels above"
    );
    assert!(audited.text.contains(&format!(
        "; audit: picked at random ({:.0}% of served lookups are audited now, falling to 10% as verdicts above the threshold gather)",
        share * 100.0
    )));
    let a = c.review("a", true, None).unwrap().unwrap();
    assert_eq!((a.score as f32, a.explored), (0.97, true));
    assert_eq!(a.weight, (1.0 / share) as f32);
    assert!(c.bound.as_ref().unwrap().labels.back().unwrap().explored);
    // Storing under the same id replaces the answer: its verdicts go.
    c.store(&[1.0, 0.0], Some("a".into()), "", None, None, 0.0)
        .unwrap();
    assert_eq!(c.meta["a"].evidence, bound::Evidence::default());
}

#[test]
fn a_recorded_verdict_replays_into_the_same_evidence() {
    let mut live = bounded();
    let mut replayed = bounded();
    live.lookup(&at(0.8), "", None, 0.0).unwrap();
    let asked = live.review("a", false, None).unwrap().unwrap();
    replayed.replay_verdict("a", false, asked).unwrap();
    let (l, r) = (
        live.bound.as_ref().unwrap(),
        replayed.bound.as_ref().unwrap(),
    );
    assert_eq!(
        (l.verified, l.verified_wrong, &l.labels),
        (r.verified, r.verified_wrong, &r.labels)
    );
    assert_eq!(live.meta["a"].evidence, replayed.meta["a"].evidence);
    // An id that has gone counts for the bound with a score, not without one.
    live.remove(&["a".to_string()]);
    assert!(live.review("a", true, None).is_err());
    live.review("a", true, Some(0.7)).unwrap();
    assert_eq!(live.bound.as_ref().unwrap().verified, 2);
    // A cache with fixed thresholds has no verdicts with scores.
    assert!(cache(None, None)
        .replay_verdict(
            "x",
            true,
            Asked {
                score: 0.5,
                explored: false,
                weight: 1.0
            }
        )
        .is_err());
}
