//! A randomized differential test of every calibration method: 2,000 small,
//! tie-heavy labeled sets (2 to 16 float32 scores rounded to 1-3 decimals)
//! against scikit-learn and numpy's answers, written to
//! tests/fixtures/differential.json by scripts/fixtures/generate.py (seeded;
//! `make fixtures` regenerates it). Set 0 is the case where isotonic
//! regression once interpolated a knot from its left segment.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use simgate::{Calibration, Method};
use std::path::Path;

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn same(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths {a:?} vs {b:?}");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= tol, "{what}[{i}]: {x} vs {y}");
    }
}

#[test]
fn every_method_agrees_with_scikit_learn_on_small_tie_heavy_sets() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/differential.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let sets = doc["sets"].as_array().unwrap();
    assert!(sets.len() >= 2000, "{} sets", sets.len());
    for (k, set) in sets.iter().enumerate() {
        let name = |what: &str| format!("set {k} ({:?}): {what}", set["scores"]);
        let scores = f64s(&set["scores"]);
        let labels: Vec<u8> = set["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_u64().unwrap() as u8)
            .collect();
        let cal = Calibration::new(scores.clone(), labels, None).unwrap();

        let pr = cal.pr_curve();
        let want = &set["pr_curve"];
        same(
            &pr.thresholds,
            &f64s(&want["thresholds"]),
            0.0,
            &name("thresholds"),
        );
        same(
            &pr.precision,
            &f64s(&want["precision"]),
            1e-12,
            &name("precision"),
        );
        same(&pr.recall, &f64s(&want["recall"]), 1e-12, &name("recall"));
        let auc = cal.auc().unwrap();
        assert!(
            (auc - set["auc"].as_f64().unwrap()).abs() < 1e-12,
            "{}",
            name("auc")
        );

        let best = cal.best(1.0).unwrap();
        assert_eq!(
            best.threshold,
            set["best_f1"]["threshold"].as_f64().unwrap(),
            "{}",
            name("best")
        );
        assert!(
            (best.f - set["best_f1"]["f"].as_f64().unwrap()).abs() < 1e-12,
            "{}",
            name("best f")
        );
        let at = cal.at_precision(0.8).unwrap().map(|a| a.threshold);
        assert_eq!(
            at,
            set["at_precision_0.8"]["threshold"].as_f64(),
            "{}",
            name("atPrecision(0.8)")
        );

        // Platt: sklearn's BFGS stops on a gradient tolerance, simgate's
        // Newton at the optimum; the probabilities agree to 1e-4.
        let platt = cal.platt().unwrap();
        let (a, b) = (
            set["platt"]["a"].as_f64().unwrap(),
            set["platt"]["b"].as_f64().unwrap(),
        );
        for &s in &scores {
            let want = 1.0 / (1.0 + (a * s + b).exp());
            assert!(
                (platt.predict(s) - want).abs() < 1e-4,
                "{}",
                name("platt probability")
            );
        }

        let iso = &set["isotonic"];
        for (p, want) in f64s(&iso["probes"]).iter().zip(f64s(&iso["predict"])) {
            let got = cal.probability(*p, Method::Isotonic).unwrap();
            assert_eq!(got, want, "{} at {p}", name("isotonic"));
        }
        let rel = cal.reliability(Method::Isotonic, 10).unwrap();
        let want = &set["isotonic_reliability"];
        let counts: Vec<f64> = rel.bins.iter().map(|b| b.count as f64).collect();
        same(&counts, &f64s(&want["counts"]), 0.0, &name("isotonic bins"));
        for (got, key) in [(rel.ece, "ece"), (rel.mce, "mce"), (rel.brier, "brier")] {
            assert!(
                (got - want[key].as_f64().unwrap()).abs() < 1e-12,
                "{}",
                name(key)
            );
        }

        let h = cal.histogram(5).unwrap();
        let want = &set["histogram"];
        same(
            &h.edges,
            &f64s(&want["edges"]),
            1e-12,
            &name("histogram edges"),
        );
        let pos: Vec<f64> = h.positive.iter().map(|&c| f64::from(c)).collect();
        let neg: Vec<f64> = h.negative.iter().map(|&c| f64::from(c)).collect();
        same(
            &pos,
            &f64s(&want["positive"]),
            0.0,
            &name("histogram positive"),
        );
        same(
            &neg,
            &f64s(&want["negative"]),
            0.0,
            &name("histogram negative"),
        );
    }
}
