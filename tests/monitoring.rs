//! After deployment, natively: the noise floor of the bundled MiniLM
//! sentences against every pair of a subset (an exact population), the
//! Monitor's borderline sample is uniform (chi-square over many seeded
//! runs, also after merges), and merged monitors equal one that saw
//! every event.
#![cfg(not(target_arch = "wasm32"))]

use simgate::{cosine, noise_floor, Monitor, MonitorEvent, MonitorOptions, Precision, VectorSet};
mod sample;

use sample::read_f32;

const D: usize = 384;

#[test]
fn noise_floor_matches_the_exact_population_of_pairs() {
    let a = read_f32("emb_a.f32");
    let rows = 300;
    let mut set = VectorSet::with_options(D, &[Precision::F32], None).unwrap();
    set.add(&a[..rows * D], None).unwrap();
    // Every distinct pair, exactly.
    let mut all = Vec::new();
    for i in 0..rows {
        for j in i + 1..rows {
            all.push(cosine(&a[i * D..(i + 1) * D], &a[j * D..(j + 1) * D], None).unwrap());
        }
    }
    all.sort_by(f64::total_cmp);
    let mean = all.iter().sum::<f64>() / all.len() as f64;
    let p99 = all[(0.99 * (all.len() - 1) as f64) as usize];
    let floor = noise_floor(&set, 100_000, 7, None).unwrap();
    println!(
        "noise floor of 300 MiniLM sentences: sampled mean {:.4} p50 {:.4} p95 {:.4} p99 {:.4} max {:.4}; exact mean {mean:.4} p99 {p99:.4}",
        floor.mean, floor.p50, floor.p95, floor.p99, floor.max
    );
    assert!(
        (floor.mean - mean).abs() < 0.005,
        "{} vs {mean}",
        floor.mean
    );
    assert!((floor.p99 - p99).abs() < 0.02, "{} vs {p99}", floor.p99);
    assert!(floor.p50 < floor.p95 && floor.p95 < floor.p99 && floor.p99 <= floor.max);
    assert!(floor.max <= all[all.len() - 1] + 1e-9);
    assert_eq!(
        noise_floor(&set, 1000, 7, None).unwrap(),
        noise_floor(&set, 1000, 7, None).unwrap(),
        "seeded"
    );
    // At i8 and over a prefix: close to f32's.
    let mut i8 = VectorSet::with_options(D, &[Precision::I8], None).unwrap();
    i8.add(&a[..rows * D], None).unwrap();
    let q = noise_floor(&i8, 100_000, 7, None).unwrap();
    assert!(
        (q.mean - floor.mean).abs() < 0.002 && (q.p99 - floor.p99).abs() < 0.01,
        "{q:?}"
    );
    let p128 = noise_floor(&set, 20_000, 7, Some(128)).unwrap();
    assert!(p128.pairs == 20_000);
    // Bad input.
    let mut one = VectorSet::new(D).unwrap();
    one.add(&a[..D], None).unwrap();
    assert!(noise_floor(&one, 10, 1, None)
        .unwrap_err()
        .to_string()
        .starts_with("set must be a VectorSet of at least 2 rows"));
    assert!(noise_floor(&set, 0, 1, None).is_err());
    assert!(noise_floor(&set, 10, 1, Some(1000)).is_err());
}

fn options(sample: usize) -> MonitorOptions {
    MonitorOptions::new(0.5, Some(0.5), None, Some(10), None, Some(sample)).unwrap()
}

#[test]
fn the_borderline_sample_is_uniform_also_after_merges() {
    // 40 borderline events (scores 0.50 .. 0.89), a sample of 10, 4,000
    // seeded runs: each event should be sampled 1,000 times. Half the runs
    // feed one monitor; half split the stream 25/15 over two and merge.
    let events = 40usize;
    let runs = 4000u64;
    let mut counts = vec![0u64; events];
    for seed in 0..runs {
        let score = |e: usize| 0.5 + e as f64 / 100.0;
        let m = if seed % 2 == 0 {
            let mut m = Monitor::new(options(10), seed);
            for e in 0..events {
                m.record(
                    score(e),
                    MonitorEvent {
                        id: Some(e.to_string()),
                        ..MonitorEvent::default()
                    },
                )
                .unwrap();
            }
            m
        } else {
            let (mut a, mut b) = (
                Monitor::new(options(10), seed),
                Monitor::new(options(10), seed + 1_000_000),
            );
            for e in 0..events {
                let target = if e < 25 { &mut a } else { &mut b };
                target
                    .record(
                        score(e),
                        MonitorEvent {
                            id: Some(e.to_string()),
                            ..MonitorEvent::default()
                        },
                    )
                    .unwrap();
            }
            a.merge(&b).unwrap();
            a
        };
        assert_eq!(m.samples.len(), 10);
        for s in &m.samples {
            counts[s.event.id.as_deref().unwrap().parse::<usize>().unwrap()] += 1;
        }
    }
    let expected = runs as f64 * 10.0 / events as f64;
    let chi2: f64 = counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum();
    // 39 degrees of freedom: the 99.9th percentile of chi-square is 72.1.
    println!(
        "reservoir uniformity: chi-square {chi2:.1} over {events} events (df 39; 99.9% point 72.1)"
    );
    assert!(chi2 < 72.1, "chi-square {chi2}: {counts:?}");
}

#[test]
fn four_merged_monitors_equal_one() {
    let scores: Vec<f64> = (0..10_000)
        .map(|i| (((i * 7919) % 10_000) as f64 / 10_000.0) * 1.2 - 0.2)
        .collect();
    let opts =
        MonitorOptions::new(0.8, None, Some((0.95, 0.85)), Some(20), None, Some(50)).unwrap();
    let mut one = Monitor::new(opts.clone(), 1);
    one.record_many(&scores).unwrap();
    let mut parts: Vec<Monitor> = (0..4).map(|i| Monitor::new(opts.clone(), i)).collect();
    for (i, chunk) in scores.chunks(2500).enumerate() {
        parts[i].record_many(chunk).unwrap();
    }
    let mut merged = parts.remove(0);
    for p in &parts {
        merged.merge(p).unwrap();
    }
    assert_eq!(merged.stats(), one.stats());
    assert_eq!(merged.histogram, one.histogram);
    assert_eq!(
        (merged.count, merged.hits, merged.borderline),
        (one.count, one.hits, one.borderline)
    );
    merged.check_state().unwrap();
}
