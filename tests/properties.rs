//! Property tests of the decision and calibration layers (the scoring ones
//! are in scoring.rs): invariants that must hold for any input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use simgate::Calibration;
use simgate::{Query, Source, ThresholdConfig};

fn labeled() -> impl Strategy<Value = (Vec<f64>, Vec<u8>)> {
    prop::collection::vec((-1.0f64..1.0, 0u8..2), 2..200).prop_map(|v| {
        // Coarse scores so that ties are common.
        let scores = v.iter().map(|(s, _)| (s * 20.0).round() / 20.0).collect();
        (scores, v.iter().map(|(_, l)| *l).collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn auc_equals_the_mann_whitney_statistic((scores, labels) in labeled()) {
        let pos: Vec<f64> = scores.iter().zip(&labels).filter(|(_, &l)| l == 1).map(|(s, _)| *s).collect();
        let neg: Vec<f64> = scores.iter().zip(&labels).filter(|(_, &l)| l == 0).map(|(s, _)| *s).collect();
        prop_assume!(!pos.is_empty() && !neg.is_empty());
        let mut wins = 0.0;
        for p in &pos {
            for n in &neg {
                wins += if p > n { 1.0 } else if p == n { 0.5 } else { 0.0 };
            }
        }
        let cal = Calibration::new(scores, labels, None).unwrap();
        let auc = cal.auc().unwrap();
        prop_assert!((auc - wins / (pos.len() * neg.len()) as f64).abs() < 1e-12);
    }

    #[test]
    fn recall_falls_and_isotonic_rises((scores, labels) in labeled()) {
        let cal = Calibration::new(scores, labels, None).unwrap();
        let pr = cal.pr_curve();
        // Thresholds ascend, so recall never increases along the curve.
        prop_assert!(pr.recall.windows(2).all(|w| w[0] >= w[1]));
        prop_assert!(pr.thresholds.windows(2).all(|w| w[0] < w[1]));
        if let Ok(iso) = cal.isotonic() {
            prop_assert!(iso.y.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(iso.y.iter().all(|y| (0.0..=1.0).contains(y)));
            let grid: Vec<f64> = (-25..=25).map(|i| f64::from(i) / 20.0).collect();
            let p: Vec<f64> = grid.iter().map(|&s| iso.predict(s)).collect();
            prop_assert!(p.windows(2).all(|w| w[0] <= w[1] + 1e-15));
        }
    }

    #[test]
    fn resolution_order_is_field_then_type_then_default(
        default in -1.0f64..1.0,
        type_t in prop::option::of(-1.0f64..1.0),
        field_t in prop::option::of(-1.0f64..1.0),
    ) {
        let mut c = ThresholdConfig { default, ..ThresholdConfig::default() };
        if let Some(t) = type_t {
            c.types.insert("T".into(), t);
        }
        if let Some(f) = field_t {
            c.fields.insert("T.f".into(), f);
        }
        let r = c.resolve(&Query { type_name: Some("T"), field: Some("f"), ..Query::default() }).unwrap();
        let (want, source) = match (field_t, type_t) {
            (Some(f), _) => (f, Source::Field),
            (None, Some(t)) => (t, Source::Type),
            (None, None) => (default, Source::Default),
        };
        prop_assert_eq!((r.value, r.source), (want, source));
        prop_assert!(r.adjustments.is_empty());
    }

    #[test]
    fn cosine_is_symmetric_and_bounded(a in prop::collection::vec(-1e3f32..1e3, 1..64), seed in 0u64..1000) {
        let b: Vec<f32> = a.iter().enumerate().map(|(i, x)| x * ((i as u64 + seed) % 7) as f32 - 3.0).collect();
        if let (Ok(x), Ok(y)) = (simgate::cosine(&a, &b, None), simgate::cosine(&b, &a, None)) {
            prop_assert_eq!(x, y);
            prop_assert!((-1.0..=1.0).contains(&x));
        }
    }
}
