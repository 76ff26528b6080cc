//! Arbitrary floats and labels through every calibration method: errors for
//! bad input, and for good input finite results in their ranges.
#![no_main]
use libfuzzer_sys::fuzz_target;
use simgate::{Calibration, Method, Target};

fuzz_target!(|data: &[u8]| {
    let pairs: Vec<(f64, u8)> = data
        .chunks_exact(5)
        .map(|c| {
            (
                f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
                c[4] % 3,
            )
        })
        .collect();
    let scores = pairs.iter().map(|p| p.0).collect();
    let labels = pairs.iter().map(|p| p.1).collect();
    let Ok(cal) = Calibration::new(scores, labels, None) else {
        return;
    };
    let pr = cal.pr_curve();
    assert!(pr
        .precision
        .iter()
        .chain(&pr.recall)
        .all(|x| (0.0..=1.0).contains(x)));
    if let Ok(auc) = cal.auc() {
        assert!((0.0..=1.0).contains(&auc));
    }
    let _ = cal.best(1.0);
    let _ = cal.at_precision(0.9);
    let _ = cal.gap();
    if let Ok(iso) = cal.isotonic() {
        assert!(
            iso.y.windows(2).all(|w| w[0] <= w[1]) && iso.y.iter().all(|y| (0.0..=1.0).contains(y))
        );
    }
    if let Ok(p) = cal.platt() {
        assert!(p.a.is_finite() && p.b.is_finite(), "{p:?}");
    }
    for m in [Method::Platt, Method::Isotonic] {
        if let Ok(r) = cal.reliability(m, 10) {
            assert!(r.ece.is_finite() && r.brier.is_finite());
        }
    }
    let _ = cal.histogram(7);
    let _ = cal.bootstrap(3, 1);
    let _ = cal.to_config(Target::Precision(0.5));
});
