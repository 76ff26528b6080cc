//! Precision tiers, set files, ids and namespaces, natively: i8 and b1
//! scores against exact f32 on the bundled MiniLM embeddings, the file round
//! trip (bit-identical scores for every precision and prefix), bad files,
//! upsert/remove, and namespace isolation.
#![cfg(not(target_arch = "wasm32"))]

use simgate::{Cascade, Precision, Scratch, Search, SetLoader, VectorSet};
mod sample;

use sample::read_f32;

const D: usize = 384;

/// Every sentence of both sides (2,994 x 384) in one set, and side A as queries.
fn minilm(precisions: &[Precision]) -> (VectorSet, Vec<f32>) {
    let (a, b) = (read_f32("emb_a.f32"), read_f32("emb_b.f32"));
    let mut set = VectorSet::with_options(D, precisions, Some("all-MiniLM-L6-v2")).unwrap();
    set.add(&a, None).unwrap();
    set.add(&b, None).unwrap();
    (set, a)
}

fn search(dims: usize, precision: Precision) -> Search<'static> {
    Search {
        dims: Some(dims),
        precision: Some(precision),
        namespace: None,
        filter: None,
        rows: None,
    }
}

#[test]
fn i8_keeps_recall_and_scores_close_to_f32_on_real_embeddings() {
    let (set, queries) = minilm(&[Precision::F32, Precision::I8, Precision::B1]);
    let mut scratch = Scratch::default();
    for (dims, want_recall) in [(384, 0.99), (128, 0.98)] {
        let (mut hits, mut total, mut worst) = (0usize, 0usize, 0.0f32);
        for q in queries.chunks_exact(D).take(500) {
            set.scores_with(q, &search(dims, Precision::F32), &mut scratch)
                .unwrap();
            let exact = scratch.scores().to_vec();
            set.scores_with(q, &search(dims, Precision::I8), &mut scratch)
                .unwrap();
            for (x, y) in exact.iter().zip(scratch.scores()) {
                worst = worst.max((x - y).abs());
            }
            let truth: Vec<usize> = simgate::top_k(&exact, 10, None)
                .iter()
                .map(|m| m.index)
                .collect();
            let got = set
                .top_k_with(q, 10, None, &search(dims, Precision::I8), &mut scratch)
                .unwrap();
            hits += got.iter().filter(|m| truth.contains(&m.index)).count();
            total += 10;
        }
        let recall = hits as f64 / total as f64;
        println!("i8 at {dims} dims: recall@10 {recall:.4}, largest |i8 - f32| {worst:.5}");
        assert!(
            recall >= want_recall,
            "i8 recall@10 at {dims} dims is {recall}"
        );
        assert!(worst < 0.01, "largest score error {worst}");
    }
}

#[test]
fn b1_coarse_then_f32_rerank_keeps_recall_at_full_dims() {
    let (set, queries) = minilm(&[Precision::F32, Precision::B1]);
    let mut scratch = Scratch::default();
    let (mut hits, mut total) = (0, 0);
    for q in queries.chunks_exact(D).take(500) {
        let truth: Vec<usize> = set
            .top_k(q, 10, None, None, &mut scratch)
            .unwrap()
            .iter()
            .map(|m| m.index)
            .collect();
        let opts = Cascade {
            coarse_precision: Some(Precision::B1),
            precision: Some(Precision::F32),
            k: Some(10),
            ..Cascade::new(D, 100)
        };
        let got = set.cascade(q, &opts, &mut scratch).unwrap();
        hits += got.iter().filter(|m| truth.contains(&m.index)).count();
        total += 10;
    }
    let recall = hits as f64 / total as f64;
    println!("b1 (coarseK 100) -> f32 rerank: recall@10 {recall:.4}");
    assert!(recall >= 0.98, "b1 -> f32 recall@10 is {recall}");
}

#[test]
fn a_row_scores_one_against_itself_at_every_precision() {
    let (set, queries) = minilm(&[Precision::F32, Precision::I8, Precision::B1]);
    let mut scratch = Scratch::default();
    let q = &queries[..D];
    for p in [Precision::F32, Precision::I8, Precision::B1] {
        for dims in [64, 100, 128, 384] {
            set.scores_with(q, &search(dims, p), &mut scratch).unwrap();
            assert!(
                (scratch.scores()[0] - 1.0).abs() < 1e-5,
                "{p:?} at {dims}: {}",
                scratch.scores()[0]
            );
        }
    }
}

#[test]
fn files_round_trip_bit_identically() {
    let (mut set, queries) = minilm(&[Precision::F32, Precision::I8, Precision::B1]);
    let n = set.len();
    // Ids on some rows, in two namespaces.
    set.add(&queries[..2 * D], Some(vec!["x".into(), "y".into()]))
        .unwrap();
    set.upsert(&queries[2 * D..3 * D], vec!["z".into()], Some("tenant"))
        .unwrap();
    let bytes = set.to_bytes();
    assert_eq!(bytes.len(), set.file_len());
    let back = VectorSet::from_bytes(&bytes).unwrap();
    assert_eq!(back.len(), n + 3);
    assert_eq!(back.model(), Some("all-MiniLM-L6-v2"));
    assert_eq!(
        back.precisions(),
        [Precision::F32, Precision::I8, Precision::B1]
    );
    assert_eq!(
        (back.id(n), back.id(n + 2), back.namespace(n + 2)),
        (Some("x"), Some("z"), Some("tenant"))
    );
    assert!(back.has("y") && !back.has("w"));
    let (mut s1, mut s2) = (Scratch::default(), Scratch::default());
    for q in queries.chunks_exact(D).take(20) {
        for p in [Precision::F32, Precision::I8, Precision::B1] {
            for dims in [64, 100, 256, 384] {
                set.scores_with(q, &search(dims, p), &mut s1).unwrap();
                back.scores_with(q, &search(dims, p), &mut s2).unwrap();
                let (a, b): (Vec<u32>, Vec<u32>) = (
                    s1.scores().iter().map(|x| x.to_bits()).collect(),
                    s2.scores().iter().map(|x| x.to_bits()).collect(),
                );
                assert_eq!(a, b, "{p:?} at {dims} dims");
            }
        }
    }
    assert_eq!(
        back.to_bytes(),
        bytes,
        "writing the loaded set gives the same file"
    );
}

#[test]
fn bad_files_are_errors_naming_the_problem() {
    let mut set = VectorSet::with_options(4, &[Precision::I8], None).unwrap();
    set.add(
        &[1.0, 2.0, 3.0, 4.0, -1.0, 0.5, 0.0, 2.0],
        Some(vec!["a".into(), "b".into()]),
    )
    .unwrap();
    let good = set.to_bytes();
    let err = |bytes: &[u8]| VectorSet::from_bytes(bytes).unwrap_err().to_string();
    assert!(err(b"hello, not a set file").starts_with("not a simgate set file"));
    assert!(err(&good[..5]).contains("fewer than the 8-byte"));
    let mut newer = good.clone();
    newer[8] = 9;
    assert_eq!(
        err(&newer),
        "the set file is format version 9; this build of simgate reads version 3 and older (upgrade simgate)"
    );
    let cut = err(&good[..good.len() - 20]);
    assert_eq!(
        cut,
        format!(
            "the set file is truncated: its header describes {} bytes (2 rows of 4 dims, i8), but it ends at byte {}",
            good.len(),
            good.len() - 20
        )
    );
    let mut damaged = good.clone();
    let last = damaged.len() - 12;
    damaged[last] ^= 1;
    assert!(
        err(&damaged).contains("checksum does not match"),
        "{}",
        err(&damaged)
    );
    let mut huge = good.clone();
    huge[12..16].copy_from_slice(&(2_000_000u32).to_le_bytes());
    assert_eq!(
        err(&huge),
        "the set file's dims must be an integer from 1 to 1048576, got 2000000"
    );
    let mut many = good.clone();
    many[16..20].copy_from_slice(&(1_000_000_000u32).to_le_bytes());
    assert!(
        err(&many).contains("describes 1000000000 rows"),
        "{}",
        err(&many)
    );
    let mut longer = good.clone();
    longer.extend_from_slice(&[0; 16]);
    assert!(
        err(&longer).contains("but its header describes"),
        "{}",
        err(&longer)
    );
    // The good file still loads.
    assert_eq!(VectorSet::from_bytes(&good).unwrap().len(), 2);
}

/// `bytes` pushed into a loader in chunks of `size` (the length told or not).
fn load_in_chunks(bytes: &[u8], size: usize, told: bool) -> simgate::Result<VectorSet> {
    let mut loader = SetLoader::new(told.then_some(bytes.len()));
    for chunk in bytes.chunks(size) {
        loader.push(chunk)?;
    }
    loader.finish()
}

#[test]
fn a_file_streamed_in_chunks_loads_the_same_set() {
    // Side A's 1,497 sentences with ids (a header of about 20 KB).
    let a = read_f32("emb_a.f32");
    let ids: Vec<String> = (0..a.len() / D).map(|i| format!("sentence-{i}")).collect();
    let mut set = VectorSet::with_options(D, &[Precision::I8, Precision::B1], Some("m")).unwrap();
    set.add(&a, Some(ids)).unwrap();
    let bytes = set.to_bytes();
    // Odd sizes split every field and section somewhere; 1 byte at a time
    // exercises the header retries; the whole file is one chunk.
    for size in [1usize, 7, 100, 4096, 65_537, bytes.len()] {
        for told in [false, true] {
            if size == 1 && told {
                continue;
            }
            let back = load_in_chunks(&bytes, size, told).unwrap();
            assert_eq!(
                back.to_bytes(),
                bytes,
                "chunks of {size}, length told: {told}"
            );
            assert_eq!(back.id(5), Some("sentence-5"));
        }
    }
    // Errors streamed: cut short, extra bytes, damaged, not a set file.
    let err = |b: &[u8], size: usize| load_in_chunks(b, size, false).unwrap_err().to_string();
    assert_eq!(
        err(&bytes[..bytes.len() - 100], 4096),
        format!(
            "the set file is truncated: its header describes {} bytes (1497 rows of 384 dims, i8, b1), but it ends at byte {}",
            bytes.len(),
            bytes.len() - 100
        )
    );
    assert!(
        err(&bytes[..300], 64).starts_with("the set file is truncated: at byte "),
        "{}",
        err(&bytes[..300], 64)
    );
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(
        err(&longer, 4096).starts_with("the set file goes on past the"),
        "{}",
        err(&longer, 4096)
    );
    let mut damaged = bytes.clone();
    damaged[bytes.len() / 2] ^= 4;
    assert!(err(&damaged, 4096).contains("checksum does not match"));
    assert!(err(b"definitely not a set file", 3).starts_with("not a simgate set file"));
    // A header that claims more rows than memory holds is an error, not a trap.
    let mut lying = bytes.clone();
    lying[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(load_in_chunks(&lying, 4096, false).is_err());
    // After an error the loader repeats it.
    let mut v9 = bytes[..300].to_vec();
    v9[8] = 9;
    let mut loader = SetLoader::new(None);
    let first = loader.push(&v9[..]).unwrap_err().to_string();
    assert!(first.contains("format version 9"), "{first}");
    assert_eq!(
        loader.push(&bytes[300..400]).unwrap_err().to_string(),
        first
    );
    assert_eq!(loader.finish().unwrap_err().to_string(), first);
}

#[test]
fn upsert_replaces_by_id_and_remove_keeps_the_layout_contiguous() {
    let mut set =
        VectorSet::with_options(2, &[Precision::F32, Precision::I8, Precision::B1], None).unwrap();
    set.add(
        &[1.0, 0.0, 0.0, 1.0, -1.0, 0.0],
        Some(vec!["a".into(), "b".into(), "c".into()]),
    )
    .unwrap();
    let e = set.add(&[1.0, 1.0], Some(vec!["b".into()])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ids[0] \"b\" is already in the set; upsert() replaces a row by id"
    );
    let e = set
        .upsert(&[1.0, 1.0, 1.0, 1.0], vec!["d".into(), "d".into()], None)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "ids[1] repeats ids[0] (\"d\"); ids are unique within a set"
    );
    let done = set
        .upsert(&[0.0, -1.0, 0.6, 0.8], vec!["b".into(), "d".into()], None)
        .unwrap();
    assert_eq!((done.added, done.replaced), (1, 1));
    assert_eq!(
        (set.len(), set.row_of("b"), set.row_of("d")),
        (4, Some(1), Some(3))
    );
    let mut scratch = Scratch::default();
    for p in [Precision::F32, Precision::I8] {
        let best = set
            .top_k_with(&[0.0, -1.0], 1, None, &search(2, p), &mut scratch)
            .unwrap();
        assert_eq!(best[0].index, 1, "{p:?}: the replaced row now points down");
    }
    assert_eq!(set.remove(&["a".into(), "nope".into()]), 1);
    // The last row ("d") moved into row 0.
    assert_eq!(
        (set.len(), set.row_of("d"), set.id(0)),
        (3, Some(0), Some("d"))
    );
    set.scores_into(&[0.6, 0.8], None, &mut scratch).unwrap();
    assert!((scratch.scores()[0] - 1.0).abs() < 1e-6);
    assert_eq!(set.remove(&["b".into(), "c".into(), "d".into()]), 3);
    assert!(set.is_empty());
    assert_eq!(set.remove(&["b".into()]), 0);
}

#[test]
fn namespaces_never_see_each_others_rows() {
    let mut set = VectorSet::with_options(3, &[Precision::I8, Precision::B1], None).unwrap();
    let v = [0.2, 0.9, -0.4];
    set.add(&v, Some(vec!["t1".into()])).unwrap();
    set.upsert(&v, vec!["t2".into()], Some("tenant-2")).unwrap();
    set.upsert(&v, vec!["t3".into()], Some("tenant-3")).unwrap();
    let mut scratch = Scratch::default();
    for ns in ["tenant-2", "tenant-3", ""] {
        for p in [Precision::I8, Precision::B1] {
            let s = Search {
                namespace: Some(ns),
                precision: Some(p),
                dims: None,
                filter: None,
                rows: None,
            };
            let got = set.top_k_with(&v, 10, None, &s, &mut scratch).unwrap();
            assert_eq!(got.len(), 1);
            assert_eq!(set.namespace(got[0].index), Some(ns));
            let above = set.above_with(&v, -1.0, &s, &mut scratch).unwrap();
            assert_eq!(above.len(), 1);
            let c = Cascade {
                namespace: Some(ns),
                coarse_precision: Some(Precision::B1),
                ..Cascade::new(3, 10)
            };
            assert_eq!(set.cascade(&v, &c, &mut scratch).unwrap().len(), 1);
        }
    }
    let none = Search {
        namespace: Some("nobody"),
        ..Search::default()
    };
    assert!(set
        .top_k_with(&v, 10, None, &none, &mut scratch)
        .unwrap()
        .is_empty());
    let e = set
        .scores_with(&v, &search(3, Precision::F32), &mut scratch)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "precision \"f32\" is not kept by this set; it keeps i8, b1 (choose with new VectorSet(dims, { precisions }))"
    );
}

#[test]
fn precision_lists_are_checked() {
    let e = |p: &[Precision]| VectorSet::with_options(4, p, None).unwrap_err().to_string();
    assert_eq!(
        e(&[]),
        "precisions must be a non-empty list of \"f32\", \"i8\" and \"b1\", got an empty list"
    );
    assert_eq!(
        e(&[Precision::I8, Precision::I8]),
        "precisions[1] repeats \"i8\"; list each precision once"
    );
    assert_eq!(
        VectorSet::bytes_per_row(768, &[Precision::F32]),
        2 + 4 * 768 + 8 * 5
    );
    assert_eq!(
        VectorSet::bytes_per_row(768, &[Precision::I8]),
        2 + 768 + 12 * 5
    );
    assert_eq!(VectorSet::bytes_per_row(768, &[Precision::B1]), 2 + 96);
}

#[test]
fn one_row_scored_alone_equals_the_same_row_in_a_full_scan() {
    // The cascade reranks row by row; scores() streams block by block. Both
    // must give the same bits at every precision and prefix. An odd row
    // count: the i8 scan takes rows two at a time, the last one alone.
    let (mut set, queries) = minilm(&[Precision::F32, Precision::I8, Precision::B1]);
    set.add(&queries[..D], None).unwrap();
    assert_eq!(set.len() % 2, 1);
    let mut scratch = Scratch::default();
    for q in queries.chunks_exact(D).take(5) {
        for p in [Precision::F32, Precision::I8, Precision::B1] {
            for dims in [64, 100, 128, 300, 384] {
                set.scores_with(q, &search(dims, p), &mut scratch).unwrap();
                let all = scratch.scores().to_vec();
                let opts = Cascade {
                    precision: Some(p),
                    coarse_precision: Some(p),
                    dims: Some(dims),
                    ..Cascade::new(dims, usize::MAX)
                };
                for m in set.cascade(q, &opts, &mut scratch).unwrap() {
                    assert_eq!(
                        m.score.to_bits(),
                        all[m.index].to_bits(),
                        "{p:?} at {dims}, row {}",
                        m.index
                    );
                }
            }
        }
    }
}

#[test]
fn coarse_k_is_measured_on_the_sets_own_rows() {
    let (set, _) = minilm(&[Precision::F32, Precision::I8, Precision::B1]);
    let mut scratch = Scratch::default();
    let cascade = Cascade {
        coarse_precision: Some(Precision::B1),
        precision: Some(Precision::I8),
        ..Cascade::new(D, 1)
    };
    let found = set
        .tune_coarse_k(&cascade, 10, 0.99, 100, 3, &mut scratch)
        .unwrap();
    assert_eq!(found.queries, 100);
    assert!(found.reached, "{found:?}");
    assert!(found.recall >= 0.99);
    // A larger coarse set holds every smaller one: recall never falls.
    assert!(
        found
            .curve
            .windows(2)
            .all(|w| w[0].1 <= w[1].1 && w[0].0 < w[1].0),
        "{found:?}"
    );
    // The smallest count tried that reaches the target, and at all rows, everything.
    let first = found.curve.iter().find(|(_, r)| *r >= 0.99).unwrap();
    assert_eq!((found.coarse_k, found.recall), *first);
    assert!(found.coarse_k >= 10 && found.coarse_k < 2_000, "{found:?}");
    // Sign bits over 128 dims need more candidates than over all 384.
    let short = set
        .tune_coarse_k(&Cascade::new(128, 1), 10, 0.99, 100, 3, &mut scratch)
        .unwrap();
    let short_b1 = set
        .tune_coarse_k(
            &Cascade {
                coarse_precision: Some(Precision::B1),
                precision: Some(Precision::I8),
                ..Cascade::new(128, 1)
            },
            10,
            0.99,
            100,
            3,
            &mut scratch,
        )
        .unwrap();
    assert!(
        short_b1.coarse_k >= found.coarse_k,
        "{short_b1:?} vs {found:?}"
    );
    assert!(short.reached);
    // Bad input is named.
    for (recall, k, sample, message) in [
        (0.0, 10, 10, "options.recall must be a number in (0, 1]"),
        (1.5, 10, 10, "options.recall must be a number in (0, 1]"),
        (
            f64::NAN,
            10,
            10,
            "options.recall must be a number in (0, 1]",
        ),
        (0.9, 0, 10, "options.k must be a positive integer"),
        (0.9, 10, 0, "options.sample must be a positive integer"),
    ] {
        let e = set
            .tune_coarse_k(&cascade, k, recall, sample, 1, &mut scratch)
            .unwrap_err();
        assert!(e.to_string().contains(message), "{e}");
    }
}
