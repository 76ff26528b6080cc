//! The calibration engine against scikit-learn: tests/fixtures/calibration.json
//! is written by scripts/fixtures/generate.py (pinned scikit-learn/numpy) from
//! the bundled data and synthetic edge cases.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use simgate::{Calibration, Method, Platt};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn read_bytes(dir: &str, file: &str) -> Vec<u8> {
    std::fs::read(root().join(dir).join(file)).unwrap()
}

/// The case's data: stored inline, or read from the bundled files.
fn data(case: &Value) -> (Vec<f64>, Vec<u8>, Option<Vec<String>>) {
    if let Some(src) = case.get("source") {
        let dir = src["dir"].as_str().unwrap();
        let scores = read_bytes(dir, src["scores"].as_str().unwrap())
            .chunks_exact(4)
            .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .collect();
        let labels = read_bytes(dir, src["labels"].as_str().unwrap());
        let classes = src["classes"].as_str().map(|f| {
            let meta: Value = serde_json::from_slice(&read_bytes(dir, "meta.json")).unwrap();
            read_bytes(dir, f)
                .iter()
                .map(|&c| meta["classes"][c as usize].as_str().unwrap().to_string())
                .collect()
        });
        (scores, labels, classes)
    } else {
        let labels = case["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u8)
            .collect();
        (f64s(&case["scores"]), labels, None)
    }
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b} (tolerance {tol})");
}

fn all_close(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        close(*x, *y, tol, &format!("{what}[{i}]"));
    }
}

#[test]
fn agrees_with_scikit_learn_on_every_fixture_case() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/calibration.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 14);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (scores, labels, classes) = data(case);
        let cal = Calibration::new(scores, labels, classes.clone()).unwrap();

        let pr = cal.pr_curve();
        let want = &case["pr_curve"];
        assert_eq!(
            pr.thresholds,
            f64s(&want["thresholds"]),
            "{name}: thresholds"
        );
        all_close(
            &pr.precision,
            &f64s(&want["precision"]),
            1e-12,
            &format!("{name}: precision"),
        );
        all_close(
            &pr.recall,
            &f64s(&want["recall"]),
            1e-12,
            &format!("{name}: recall"),
        );
        close(
            cal.auc().unwrap(),
            case["auc"].as_f64().unwrap(),
            1e-12,
            &format!("{name}: auc"),
        );

        for (beta, key) in [(1.0, "best_f1"), (2.0, "best_f2")] {
            let b = cal.best(beta).unwrap();
            let w = &case[key];
            assert_eq!(
                b.threshold,
                w["threshold"].as_f64().unwrap(),
                "{name}: {key} threshold"
            );
            close(
                b.f,
                w["f"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} f"),
            );
            close(
                b.precision,
                w["precision"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} precision"),
            );
            close(
                b.recall,
                w["recall"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} recall"),
            );
        }
        for (target, w) in case["at_precision"].as_object().unwrap() {
            let got = cal.at_precision(target.parse().unwrap()).unwrap();
            match (got, w.is_null()) {
                (None, true) => {}
                (Some(g), false) => {
                    assert_eq!(
                        g.threshold,
                        w["threshold"].as_f64().unwrap(),
                        "{name}: atPrecision({target})"
                    );
                    close(
                        g.recall,
                        w["recall"].as_f64().unwrap(),
                        1e-12,
                        &format!("{name}: atPrecision({target}) recall"),
                    );
                }
                (g, _) => panic!("{name}: atPrecision({target}) = {g:?}, want {w}"),
            }
        }
        let g = cal.gap().unwrap();
        assert_eq!(
            g.max_negative,
            case["gap"]["max_negative"].as_f64().unwrap(),
            "{name}: gap"
        );
        assert_eq!(
            g.min_positive,
            case["gap"]["min_positive"].as_f64().unwrap(),
            "{name}: gap"
        );
        assert_eq!(
            g.midpoint,
            case["gap"]["midpoint"].as_f64(),
            "{name}: gap midpoint"
        );

        let p = cal.platt().unwrap();
        let (wa, wb) = (
            case["platt"]["a"].as_f64().unwrap(),
            case["platt"]["b"].as_f64().unwrap(),
        );
        close(
            p.a,
            wa,
            1e-4 * wa.abs().max(1.0),
            &format!("{name}: platt a"),
        );
        close(
            p.b,
            wb,
            1e-4 * wb.abs().max(1.0),
            &format!("{name}: platt b"),
        );

        let iso = cal.isotonic().unwrap();
        all_close(
            &iso.x,
            &f64s(&case["isotonic"]["x"]),
            0.0,
            &format!("{name}: isotonic x"),
        );
        all_close(
            &iso.y,
            &f64s(&case["isotonic"]["y"]),
            1e-12,
            &format!("{name}: isotonic y"),
        );
        let grid = f64s(&case["isotonic"]["grid"]);
        let predicted: Vec<f64> = grid
            .iter()
            .map(|&s| cal.probability(s, Method::Isotonic).unwrap())
            .collect();
        all_close(
            &predicted,
            &f64s(&case["isotonic"]["predict"]),
            1e-9,
            &format!("{name}: isotonic predict"),
        );

        // Reliability: isotonic through the API; Platt with sklearn's own a, b
        // so that the same probabilities go into the same formulas.
        let sk = Platt { a: wa, b: wb };
        for (rel, key) in [
            (
                cal.reliability(Method::Isotonic, 10).unwrap(),
                "isotonic_reliability",
            ),
            (
                cal.reliability_with(&|s| sk.predict(s), 10).unwrap(),
                "platt_reliability",
            ),
        ] {
            let w = &case[key];
            let counts: Vec<f64> = rel.bins.iter().map(|b| b.count as f64).collect();
            assert_eq!(counts, f64s(&w["counts"]), "{name}: {key} counts");
            close(
                rel.ece,
                w["ece"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} ece"),
            );
            close(
                rel.mce,
                w["mce"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} mce"),
            );
            close(
                rel.brier,
                w["brier"].as_f64().unwrap(),
                1e-12,
                &format!("{name}: {key} brier"),
            );
        }
        // And through the API, Platt's ECE moves by no more than its fit does.
        let ours = cal.reliability(Method::Platt, 10).unwrap();
        close(
            ours.ece,
            case["platt_reliability"]["ece"].as_f64().unwrap(),
            1e-4,
            &format!("{name}: platt ece"),
        );

        let h = cal.histogram(20).unwrap();
        all_close(
            &h.edges,
            &f64s(&case["histogram"]["edges"]),
            1e-12,
            &format!("{name}: histogram edges"),
        );
        let pos: Vec<f64> = h.positive.iter().map(|&c| f64::from(c)).collect();
        let neg: Vec<f64> = h.negative.iter().map(|&c| f64::from(c)).collect();
        assert_eq!(
            pos,
            f64s(&case["histogram"]["positive"]),
            "{name}: histogram positive"
        );
        assert_eq!(
            neg,
            f64s(&case["histogram"]["negative"]),
            "{name}: histogram negative"
        );

        if classes.is_some() {
            let per = cal.per_class().unwrap();
            for (class, w) in case["per_class"].as_object().unwrap() {
                let got = per[class];
                assert_eq!(
                    got.threshold,
                    w["threshold"].as_f64().unwrap(),
                    "{name}: class {class}"
                );
                close(
                    got.f,
                    w["f"].as_f64().unwrap(),
                    1e-12,
                    &format!("{name}: class {class} f"),
                );
                assert_eq!(
                    (got.n as u64, got.positives as u64),
                    (w["n"].as_u64().unwrap(), w["positives"].as_u64().unwrap())
                );
            }
        }
    }
}

#[test]
fn bootstrap_is_reproducible_and_brackets_the_estimate() {
    let dir = root().join("data/stsb-dev-minilm");
    let scores: Vec<f64> = std::fs::read(dir.join("cos_full.f32"))
        .unwrap()
        .chunks_exact(4)
        .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
        .collect();
    let labels = std::fs::read(dir.join("label.u8")).unwrap();
    let cal = Calibration::new(scores, labels, None).unwrap();
    let a = cal.bootstrap(300, 7).unwrap();
    assert_eq!(a, cal.bootstrap(300, 7).unwrap());
    assert_ne!(a, cal.bootstrap(300, 8).unwrap());
    let best = cal.best(1.0).unwrap();
    assert!(
        a.threshold.low <= best.threshold && best.threshold <= a.threshold.high,
        "{a:?}"
    );
    assert!(a.f.low <= best.f && best.f <= a.f.high, "{a:?}");
    assert!(a.threshold.high - a.threshold.low < 0.15, "{a:?}");
    assert_eq!(a.rounds, 300);
}

fn minilm() -> (Vec<f32>, Vec<f32>, Vec<u8>) {
    let dir = root().join("data/stsb-dev-minilm");
    let f = |name: &str| -> Vec<f32> {
        std::fs::read(dir.join(name))
            .unwrap()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    };
    (
        f("emb_a.f32"),
        f("emb_b.f32"),
        std::fs::read(dir.join("label.u8")).unwrap(),
    )
}

#[test]
fn per_prefix_thresholds_from_embedding_pairs() {
    let (a, b, labels) = minilm();
    let table = simgate::calibrate_pairs(&a, &b, 384, &labels, &[64, 128, 256]).unwrap();
    assert_eq!(
        table.iter().map(|r| r.dims).collect::<Vec<_>>(),
        [64, 128, 256, 384]
    );
    // The scores here are computed in f64 from the f32 embeddings; the
    // fixture's came from the f32-rounded published cosines.
    let text = std::fs::read_to_string(root().join("tests/fixtures/calibration.json")).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    for r in &table {
        let key = if r.dims == 384 {
            "stsb-dev-minilm/full".to_string()
        } else {
            format!("stsb-dev-minilm/p{}", r.dims)
        };
        let case = fixture["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == key.as_str())
            .unwrap();
        close(
            r.threshold,
            case["best_f1"]["threshold"].as_f64().unwrap(),
            1e-6,
            &key,
        );
        close(r.auc, case["auc"].as_f64().unwrap(), 1e-3, &key);
    }
    // MiniLM is not Matryoshka-trained, yet the F1-optimal threshold moves
    // up, not down, at 64 and 128 dims (0.825 and 0.834 vs 0.806).
    assert!(table[0].shift > 0.0 && table[1].shift > 0.0, "{table:?}");
    assert_eq!(table[3].shift, 0.0);
}

#[test]
fn to_config_carries_the_chosen_thresholds() {
    let (_, _, labels) = minilm();
    let dir = root().join("data/stsb-dev-minilm");
    let scores: Vec<f64> = std::fs::read(dir.join("cos_full.f32"))
        .unwrap()
        .chunks_exact(4)
        .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
        .collect();
    let names = ["captions", "news", "forum"];
    let classes: Vec<String> = std::fs::read(dir.join("class.u8"))
        .unwrap()
        .iter()
        .map(|&c| names[c as usize].to_string())
        .collect();
    let cal = Calibration::new(scores, labels, Some(classes)).unwrap();
    let c = cal.to_config(simgate::Target::F1).unwrap();
    assert_eq!(c.default, cal.best(1.0).unwrap().threshold);
    let per = cal.per_class().unwrap();
    // Classes with at least 30 same pairs get their own threshold; forum
    // has 15 and keeps the default.
    assert_eq!(per["forum"].positives, 15);
    assert!(!c.types.contains_key("forum"));
    for n in ["captions", "news"] {
        assert!(per[n].positives >= simgate::MIN_CLASS_POSITIVES);
        assert_eq!(c.types[n], per[n].threshold);
    }
    // The bounds hold every written threshold with 0.05 to spare.
    for t in c.types.values().chain([&c.default]) {
        assert!(c.bounds.min <= t - 0.05 + 1e-12 && t + 0.05 <= c.bounds.max + 1e-12);
    }
    let p = cal.to_config(simgate::Target::Precision(0.9)).unwrap();
    assert_eq!(p.default, cal.at_precision(0.9).unwrap().unwrap().threshold);
    let back = simgate::ThresholdConfig::from_value("config", &c.to_value()).unwrap();
    assert_eq!(back, c);
}
