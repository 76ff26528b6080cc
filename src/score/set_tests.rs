//! Scoring a VectorSet by hand-computed cases, bad input and memory limits.
use crate::error::Result;
use crate::score::{Cascade, Scratch};
use crate::store::VectorSet;
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

fn set(dims: usize, rows: &[&[f32]]) -> VectorSet {
    let mut s = VectorSet::new(dims).unwrap();
    let flat: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
    s.add(&flat, None).unwrap();
    s
}

#[test]
fn hand_computed_scores() {
    let s = set(2, &[&[1.0, 0.0], &[0.0, 2.0], &[-3.0, 0.0], &[3.0, 4.0]]);
    let mut scratch = Scratch::default();
    s.scores_into(&[1.0, 0.0], None, &mut scratch).unwrap();
    assert_eq!(scratch.scores(), [1.0, 0.0, -1.0, 0.6]);
    // One-dim prefix: (3,4) truncated to (3) has cosine 1 with (1).
    s.scores_into(&[5.0, 1.0], Some(1), &mut scratch)
        .unwrap_err();
    let t = set(2, &[&[1.0, 0.0], &[3.0, 4.0], &[-2.0, 1.0]]);
    t.scores_into(&[5.0, 1.0], Some(1), &mut scratch).unwrap();
    assert_eq!(scratch.scores(), [1.0, 1.0, -1.0]);
}

#[test]
fn zero_prefix_rows_are_an_error_only_where_the_prefix_is_zero() {
    let mut row = vec![0.0f32; 100];
    row[70] = 1.0;
    let s = set(100, &[&row]);
    let mut scratch = Scratch::default();
    let q = vec![1.0f32; 100];
    let e = s.scores_into(&q, Some(64), &mut scratch).unwrap_err();
    assert_eq!(
        e.message(),
        "row 0 of the set is all zeros over its first 64 dims; cosine is undefined there (score it with more dims)"
    );
    let e = s.scores_into(&q, Some(70), &mut scratch).unwrap_err();
    assert!(e
        .message()
        .starts_with("row 0 of the set is all zeros over its first 70 dims"));
    s.scores_into(&q, Some(71), &mut scratch).unwrap();
    assert!((scratch.scores()[0] - 1.0 / 71f32.sqrt()).abs() < 1e-6);
    s.scores_into(&q, None, &mut scratch).unwrap();
    assert!((scratch.scores()[0] - 0.1).abs() < 1e-6);
}

#[test]
fn bad_input_leaves_the_set_unchanged() {
    let mut s = VectorSet::new(3).unwrap();
    let m = |r: Result<()>| r.unwrap_err().to_string();
    assert_eq!(
        m(s.add(&[1.0, 2.0], None)),
        "vectors has 2 floats, which is not a multiple of dims (3)"
    );
    assert_eq!(
        m(s.add(&[1.0, 2.0, 3.0, 0.0, f32::NAN, 1.0], None)),
        "vectors row 1, dim 1 is NaN; only finite numbers are allowed"
    );
    assert_eq!(
        m(s.add(&[1.0, 2.0, 3.0, 0.0, 0.0, 0.0], None)),
        "vectors row 1 is a zero vector; its cosine with anything is undefined"
    );
    assert_eq!(
        m(s.add(&[1.0, 2.0, 3.0], Some(vec!["a".into(), "b".into()]))),
        "ids has 2 entries but vectors has 1 rows"
    );
    assert_eq!(s.len(), 0);
    s.add(&[1.0, 2.0, 3.0], None).unwrap();
    s.add(&[3.0, 2.0, 1.0], Some(vec!["b".into()])).unwrap();
    assert_eq!((s.len(), s.id(0), s.id(1)), (2, None, Some("b")));
    let mut scratch = Scratch::default();
    let e = s.scores_into(&[1.0, 2.0], None, &mut scratch).unwrap_err();
    assert_eq!(e.to_string(), "query has 2 floats but the set has 3 dims");
    let e = s
        .scores_into(&[0.0, 0.0, 1.0], Some(2), &mut scratch)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "query is all zeros over its first 2 dims; cosine is undefined for a zero vector"
    );
    let e = s
        .scores_into(&[1.0, 0.0, 1.0], Some(4), &mut scratch)
        .unwrap_err();
    assert_eq!(e.to_string(), "dims must be an integer from 1 to 3, got 4");
    assert_eq!(
        VectorSet::new(0).unwrap_err().to_string(),
        "dims must be a positive integer, got 0"
    );
}

#[test]
fn a_request_beyond_memory_is_an_error_not_an_abort() {
    let mut s = VectorSet::new(4).unwrap();
    let total = (usize::MAX / 8) * 4; // rows * dims: 8-byte scales alone exceed any memory
    let e = s
        .add_from(total, None, None, |_, _| {
            panic!("nothing is read before the reservation")
        })
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("out of memory: cannot reserve space for"),
        "{e}"
    );
    s.add(&[1.0, 0.0, 0.0, 0.0], None).unwrap();
    assert_eq!(s.len(), 1);
}

#[test]
fn huge_and_tiny_magnitudes_do_not_overflow() {
    let s = set(2, &[&[3e38, 3e38], &[1e-40, 0.0]]);
    let mut scratch = Scratch::default();
    s.scores_into(&[1e-30, 1e-30], None, &mut scratch).unwrap();
    assert!((scratch.scores()[0] - 1.0).abs() < 1e-6);
    assert!((scratch.scores()[1] - core::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
}

#[test]
fn cascade_reranks_survivors_on_full_dims() {
    // Row 0 looks best on the first dim but is worst on both.
    let s = set(2, &[&[1.0, -1.0], &[0.9, 0.5], &[0.5, 0.9], &[-1.0, 0.0]]);
    let mut scratch = Scratch::default();
    let opts = Cascade {
        coarse_threshold: Some(0.5),
        threshold: Some(0.0),
        k: Some(5),
        ..Cascade::new(1, 3)
    };
    let r = s.cascade(&[1.0, 1.0], &opts, &mut scratch).unwrap();
    // Coarse (dim 0): rows 0, 1, 2 score 1; row 3 is -1 and is dropped.
    // Full: row 1 = 1.4/sqrt(2*1.06) = 0.9615, row 2 the same, row 0 = 0.
    assert_eq!(r.iter().map(|m| m.index).collect::<Vec<_>>(), [1, 2, 0]);
    assert!((r[0].score - 0.961_523_9).abs() < 1e-6);
    assert_eq!(r[1].score, r[0].score);
    let strict = Cascade {
        threshold: Some(0.5),
        k: Some(1),
        ..opts
    };
    let r = s.cascade(&[1.0, 1.0], &strict, &mut scratch).unwrap();
    assert_eq!(r.iter().map(|m| m.index).collect::<Vec<_>>(), [1]);
    let bad = Cascade {
        coarse_dims: 3,
        ..opts
    };
    assert_eq!(
        s.cascade(&[1.0, 1.0], &bad, &mut scratch)
            .unwrap_err()
            .to_string(),
        "coarseDims must be an integer from 1 to 2, got 3"
    );
}

/// A sign-bit top-k selected as the distances come equals the scores of
/// every row written out and then selected: at every prefix (whole blocks
/// and partial ones), every k, with and without a minimum score, over more
/// rows than one chunk and with duplicate rows (ties); the cascade's coarse
/// pass too.
#[test]
fn b1_top_k_as_the_distances_come_equals_scoring_then_selecting() {
    use crate::score::{select, Search};
    use crate::store::Precision;
    const D: usize = 768;
    let mut rng = crate::rng::SplitMix64(7);
    let mut flat: Vec<f32> = (0..2_300 * D)
        .map(|_| (rng.next() >> 40) as f32 / (1u64 << 24) as f32 - 0.5)
        .collect();
    // Every 50th row repeats an earlier one: ties at every distance.
    for r in (50..2_300).step_by(50) {
        let (src, dst) = flat.split_at_mut(r * D);
        dst[..D].copy_from_slice(&src[(r - 37) * D..(r - 36) * D]);
    }
    let mut set = VectorSet::with_options(D, &[Precision::F32, Precision::B1], None).unwrap();
    set.add(&flat, None).unwrap();
    let mut scratch = Scratch::default();
    for (n, query) in flat.chunks_exact(D).step_by(400).enumerate() {
        for dims in [64, 100, 128, 256, 300, 512, 700, 768] {
            let search = Search {
                dims: Some(dims),
                precision: Some(Precision::B1),
                ..Search::default()
            };
            set.scores_with(query, &search, &mut scratch).unwrap();
            let scores = scratch.scores().to_vec();
            for k in [0, 1, 10, 100, 500, 1_030, 2_299, 5_000] {
                for min in [None, Some(0.0), Some(0.25), Some(-1.0), Some(1.5)] {
                    let want = select::top_k(&scores, k, min);
                    let got = set
                        .top_k_with(query, k, min, &search, &mut scratch)
                        .unwrap();
                    assert_eq!(got, want, "query {n}, {dims} dims, k {k}, min {min:?}");
                }
            }
            let cascade = Cascade {
                coarse_precision: Some(Precision::B1),
                precision: Some(Precision::F32),
                ..Cascade::new(dims, 50)
            };
            let got = set.cascade(query, &cascade, &mut scratch).unwrap();
            set.scores_with(
                query,
                &Search {
                    precision: Some(Precision::F32),
                    ..Search::default()
                },
                &mut scratch,
            )
            .unwrap();
            let fine = scratch.scores().to_vec();
            let want = select::ranked(
                select::top_k(&scores, 50, None)
                    .into_iter()
                    .map(|m| select::Match {
                        index: m.index,
                        score: fine[m.index],
                    })
                    .collect(),
            );
            assert_eq!(got, want, "cascade: query {n}, {dims} dims");
        }
    }
}
