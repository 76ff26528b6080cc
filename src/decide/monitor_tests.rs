//! The Monitor's unit tests: hand-computed counts and advice, PSI on a
//! small reference, merges, refused input.

use super::*;
use alloc::string::ToString;
use alloc::vec;

fn monitor(threshold: f64, tiers: Option<(f64, f64)>, sample: usize) -> Monitor {
    Monitor::new(
        MonitorOptions::new(threshold, None, tiers, Some(10), None, Some(sample)).unwrap(),
        7,
    )
}

#[test]
fn hand_computed_counts() {
    let mut m = monitor(0.9, Some((0.95, 0.88)), 10);
    m.record_many(&[0.97, 0.92, 0.91, 0.89, 0.5, 0.93]).unwrap();
    let s = m.stats();
    // Hits: 0.97, 0.92, 0.91, 0.93 -> mean 0.9325; borderline [0.90, 0.95): 0.92, 0.91, 0.93.
    assert_eq!((s.count, s.hits, s.borderline), (6, 4, 3));
    assert!((s.mean_score_on_hits.unwrap() - 0.9325).abs() < 1e-12);
    assert_eq!(s.hit_rate, Some(4.0 / 6.0));
    assert_eq!(s.tiers, Some([1, 4, 1]));
    assert_eq!(
        m.histogram[9], 4,
        "0.91 to 0.97 fall in the last of 10 bins, [0.9, 1]"
    );
    assert_eq!((m.histogram[8], m.histogram[5]), (1, 1));
    assert_eq!(m.samples.len(), 3);
    // Mean 0.9325 is 0.0325 above 0.90: no advice yet; one more hit at
    // 0.90 brings the mean to 0.926, within 0.03.
    let mean_advice = |m: &Monitor| {
        m.stats()
            .advice
            .iter()
            .any(|a| a.starts_with("Mean score on hits is"))
    };
    assert!(!mean_advice(&m));
    m.record_many(&[0.90]).unwrap();
    assert!(mean_advice(&m), "{:?}", m.stats().advice);
    assert!(m.stats().advice[0]
        .starts_with("Mean score on hits is 0.926, within 0.03 of the threshold 0.90"));
    // An event can say it was a hit (or not) whatever its score.
    m.record(
        0.2,
        MonitorEvent {
            hit: Some(true),
            ..MonitorEvent::default()
        },
    )
    .unwrap();
    m.record(
        0.99,
        MonitorEvent {
            hit: Some(false),
            ..MonitorEvent::default()
        },
    )
    .unwrap();
    assert_eq!((m.count, m.hits, m.borderline), (9, 6, 4));
}

#[test]
fn psi_on_a_small_reference() {
    // Reference shares 0.5 / 0.5, live 0.25 / 0.75:
    // (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.1733 + 0.1014 = 0.2747.
    let options = MonitorOptions::new(
        0.5,
        None,
        None,
        None,
        Some((vec![0.0, 0.5, 1.0], vec![10.0, 10.0])),
        None,
    )
    .unwrap();
    let mut m = Monitor::new(options, 1);
    m.record_many(&[0.1, 0.7, 0.8, 0.9]).unwrap();
    let expected = -0.25 * libm::log(0.5) + 0.25 * libm::log(1.5);
    assert!((m.psi().unwrap() - expected).abs() < 1e-12);
    assert_eq!(m.stats().drift, Some("major"));
    // A zero share is 1e-4: live 1.0 / 0.0 against 0.5 / 0.5.
    let mut z = Monitor::new(m.options.clone(), 1);
    z.record_many(&[0.1, 0.2]).unwrap();
    let zero = (1.0 - 0.5) * libm::log(2.0) + (1e-4 - 0.5) * libm::log(1e-4 / 0.5);
    assert!((z.psi().unwrap() - zero).abs() < 1e-12);
}

#[test]
fn merge_equals_one_monitor_that_saw_everything() {
    let scores: Vec<f64> = (0..1000)
        .map(|i| ((i * 7919) % 1000) as f64 / 1000.0)
        .collect();
    let mut single = monitor(0.8, Some((0.9, 0.85)), 20);
    single.record_many(&scores).unwrap();
    let mut parts: Vec<Monitor> = (0..4)
        .map(|_| monitor(0.8, Some((0.9, 0.85)), 20))
        .collect();
    for (i, s) in scores.iter().enumerate() {
        parts[i % 4].record_many(&[*s]).unwrap();
    }
    let mut merged = parts[0].clone();
    for p in &parts[1..] {
        merged.merge(p).unwrap();
    }
    assert_eq!(merged.stats(), single.stats());
    assert_eq!(merged.histogram, single.histogram);
    assert_eq!(merged.samples.len(), 20);
    merged.check_state().unwrap();
    let other = monitor(0.7, None, 20);
    assert!(merged
        .merge(&other)
        .unwrap_err()
        .to_string()
        .contains("threshold 0.8 vs 0.7"));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let mut m = monitor(0.9, None, 5);
    m.record_many(&[0.95]).unwrap();
    let before = m.clone();
    assert!(m.record(f64::NAN, MonitorEvent::default()).is_err());
    assert_eq!(
        m.record_many(&[0.9, f64::INFINITY])
            .unwrap_err()
            .to_string(),
        "scores[1] must be a finite number in [-1, 1], got Infinity"
    );
    assert_eq!(m, before);
    assert!(MonitorOptions::new(1.5, None, None, None, None, None).is_err());
    assert!(MonitorOptions::new(0.9, Some(0.0), None, None, None, None).is_err());
    assert!(MonitorOptions::new(
        0.9,
        None,
        None,
        None,
        Some((vec![0.0, 1.0], vec![1.0, 2.0])),
        None
    )
    .is_err());
    assert!(MonitorOptions::new(
        0.9,
        None,
        None,
        None,
        Some((vec![0.0, 1.0], vec![-1.0])),
        None
    )
    .is_err());
    let mut tampered = m.clone();
    tampered.hits += 1;
    assert!(tampered
        .check_state()
        .unwrap_err()
        .to_string()
        .starts_with("counts do not add up"));
}
