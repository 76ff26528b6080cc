//! Native scoring tests: property tests against a float64 reference, and the
//! bundled real embeddings against the cosines published with them.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use simgate::{Cascade, Scratch, VectorSet};

mod sample;

use sample::read_f32;

/// Cosine of the first `p` dims of `a` and `b`, computed in f64.
fn reference(a: &[f32], b: &[f32], p: usize) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a[..p].iter().zip(&b[..p]) {
        let (x, y) = (f64::from(x), f64::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa.sqrt() * bb.sqrt())
}

/// Rows of `dims` floats, each non-zero on every prefix (first element never 0).
fn rows(max_rows: usize, dims: usize) -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(
        (0.05f32..1.0, prop::collection::vec(-1.0f32..1.0, dims - 1)).prop_map(|(first, rest)| {
            let mut v = vec![first];
            v.extend(rest);
            v
        }),
        1..max_rows,
    )
    .prop_map(|rs| rs.concat())
}

fn case() -> impl Strategy<Value = (usize, Vec<f32>, Vec<f32>, usize)> {
    (1usize..300).prop_flat_map(|dims| {
        (
            Just(dims),
            rows(40, dims),
            rows(2, dims).prop_map(move |q| q[..dims].to_vec()),
            1..=dims,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_match_the_f64_reference_at_every_prefix((dims, data, query, p) in case()) {
        let mut set = VectorSet::new(dims).unwrap();
        set.add(&data, None).unwrap();
        let mut scratch = Scratch::default();
        set.scores_into(&query, Some(p), &mut scratch).unwrap();
        for (i, (&s, row)) in scratch.scores().iter().zip(data.chunks_exact(dims)).enumerate() {
            let r = reference(&query, row, p);
            prop_assert!((f64::from(s) - r).abs() <= 2e-6, "row {i}: {s} vs {r} (dims {dims}, p {p})");
            prop_assert!((-1.0..=1.0).contains(&s));
        }
    }

    #[test]
    fn top_k_equals_a_full_sort_of_scores((dims, data, query, p) in case(), k in 0usize..50) {
        let mut set = VectorSet::new(dims).unwrap();
        set.add(&data, None).unwrap();
        let mut scratch = Scratch::default();
        set.scores_into(&query, Some(p), &mut scratch).unwrap();
        let mut order: Vec<usize> = (0..set.len()).collect();
        let s = scratch.scores().to_vec();
        order.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
        order.truncate(k);
        let top = set.top_k(&query, k, Some(p), None, &mut scratch).unwrap();
        prop_assert_eq!(top.iter().map(|m| m.index).collect::<Vec<_>>(), order);
    }

    #[test]
    fn cascade_without_a_coarse_cut_equals_above((dims, data, query, _p) in case(), t in -1.0f32..1.0) {
        let mut set = VectorSet::new(dims).unwrap();
        set.add(&data, None).unwrap();
        let mut scratch = Scratch::default();
        let opts = Cascade { threshold: Some(t), ..Cascade::new(dims, usize::MAX) };
        let c = set.cascade(&query, &opts, &mut scratch).unwrap();
        let a = set.above(&query, t, None, &mut scratch).unwrap();
        prop_assert_eq!(c, a);
    }
}

#[test]
fn real_embeddings_reproduce_the_published_cosines() {
    let (a, b) = (read_f32("emb_a.f32"), read_f32("emb_b.f32"));
    let d = 384;
    let n = a.len() / d;
    assert_eq!(n, 1497);
    let mut set = VectorSet::new(d).unwrap();
    set.add(&b, None).unwrap();
    let mut scratch = Scratch::default();
    for (p, file) in [
        (384, "cos_full.f32"),
        (256, "cos_p256.f32"),
        (128, "cos_p128.f32"),
        (64, "cos_p64.f32"),
    ] {
        let expected = read_f32(file);
        let mut worst = 0.0f32;
        for (i, q) in a.chunks_exact(d).enumerate() {
            set.scores_into(q, Some(p), &mut scratch).unwrap();
            worst = worst.max((scratch.scores()[i] - expected[i]).abs());
        }
        assert!(worst <= 1e-6, "p = {p}: worst difference {worst}");
    }
}
