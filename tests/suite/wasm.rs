// Shared body of the wasm-bindgen-test suites (`tests/node.rs` runs it in
// Node, `tests/browser.rs` in headless Chromium). Included, not a module, so
// each suite's `#[wasm_bindgen_test]` functions are its own.

use js_sys::{Array, Float32Array, Reflect};
use simgate::{dot, dot_scalar};
use simgate::wasm::{cosine_js, simd_enabled, JsVectorSet};
use simgate::{Scratch, VectorSet};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

/// Deterministic uniform floats in [-1, 1).
fn data(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.max(1);
    (0..n)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            ((s.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

fn f32s(v: &[f32]) -> JsValue {
    Float32Array::from(v).into()
}

fn error_of(r: Result<impl Sized, JsValue>) -> (String, String) {
    let e = r.err().expect("expected an error");
    let name = Reflect::get(&e, &"name".into()).unwrap().as_string().unwrap();
    let msg = Reflect::get(&e, &"message".into()).unwrap().as_string().unwrap();
    (name, msg)
}

#[wasm_bindgen_test]
fn simd_is_what_the_build_asked_for() {
    // A RUSTFLAGS env var silently replaces .cargo/config.toml's
    // +simd128; only the scalar test run sets SIMGATE_EXPECT_SCALAR.
    assert_eq!(simd_enabled(), option_env!("SIMGATE_EXPECT_SCALAR").is_none());
}

#[wasm_bindgen_test]
fn simd_and_scalar_kernels_agree() {
    for n in [0usize, 1, 3, 4, 5, 15, 16, 17, 63, 64, 100, 384, 768, 1000] {
        let (a, b) = (data(n, 1 + n as u64), data(n, 1000 + n as u64));
        let (fast, slow) = (dot(&a, &b), dot_scalar(&a, &b));
        assert!((fast - slow).abs() <= 1e-6, "n = {n}: {fast} vs {slow}");
        // The lane layout is mirrored, so they are in fact bit-identical.
        assert_eq!(fast.to_bits(), slow.to_bits(), "n = {n}");
    }
}

#[wasm_bindgen_test]
fn scores_match_an_f64_reference_at_every_prefix() {
    let (d, n) = (300, 200);
    let rows = data(n * d, 5);
    let q = data(d, 6);
    let mut set = VectorSet::new(d).unwrap();
    set.add(&rows, None).unwrap();
    let mut scratch = Scratch::default();
    for p in [1, 7, 63, 64, 65, 128, 200, 256, 299, 300] {
        set.scores_into(&q, Some(p), &mut scratch).unwrap();
        for (i, row) in rows.chunks_exact(d).enumerate() {
            let (mut ab, mut aa, mut bb) = (0f64, 0f64, 0f64);
            for (&x, &y) in q[..p].iter().zip(&row[..p]) {
                ab += f64::from(x) * f64::from(y);
                aa += f64::from(x) * f64::from(x);
                bb += f64::from(y) * f64::from(y);
            }
            let r = ab / (aa.sqrt() * bb.sqrt());
            let s = f64::from(scratch.scores()[i]);
            assert!((s - r).abs() <= 2e-6, "p {p} row {i}: {s} vs {r}");
        }
    }
}

#[wasm_bindgen_test]
fn real_embeddings_reproduce_the_published_cosines() {
    fn floats(bytes: &[u8]) -> Vec<f32> {
        bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
    }
    let a = floats(include_bytes!("../../data/stsb-dev-minilm/emb_a.f32"));
    let b = floats(include_bytes!("../../data/stsb-dev-minilm/emb_b.f32"));
    let full = floats(include_bytes!("../../data/stsb-dev-minilm/cos_full.f32"));
    let p64 = floats(include_bytes!("../../data/stsb-dev-minilm/cos_p64.f32"));
    let mut set = VectorSet::new(384).unwrap();
    set.add(&b, None).unwrap();
    let mut scratch = Scratch::default();
    for (p, expected) in [(384, &full), (64, &p64)] {
        for (i, q) in a.chunks_exact(384).enumerate().step_by(7) {
            set.scores_into(q, Some(p), &mut scratch).unwrap();
            let s = scratch.scores()[i];
            assert!((s - expected[i]).abs() <= 1e-6, "p {p} pair {i}: {s} vs {}", expected[i]);
        }
    }
}

#[wasm_bindgen_test]
fn js_api_scores_and_ranks() {
    let mut set = JsVectorSet::new(&JsValue::from(2), &JsValue::UNDEFINED).unwrap();
    let ids: JsValue = ["a", "b", "c"].iter().map(|s| JsValue::from(*s)).collect::<Array>().into();
    set.add(&f32s(&[1.0, 0.0, 0.6, 0.8, -1.0, 0.0]), &ids, &JsValue::UNDEFINED).unwrap();
    assert_eq!((set.length(), set.dims()), (3, 2));
    let scores = set.scores(&f32s(&[1.0, 0.0]), &JsValue::UNDEFINED, &JsValue::UNDEFINED).unwrap().to_vec();
    assert_eq!(scores, [1.0, 0.6, -1.0]);
    let top = set.top_k(&f32s(&[1.0, 0.0]), &JsValue::from(2), &JsValue::UNDEFINED).unwrap();
    let top: Array = top.dyn_into().unwrap();
    assert_eq!(top.length(), 2);
    let second = top.get(1);
    assert_eq!(Reflect::get(&second, &"id".into()).unwrap().as_string().as_deref(), Some("b"));
    assert_eq!(Reflect::get(&second, &"index".into()).unwrap().as_f64(), Some(1.0));
    let c = cosine_js(&f32s(&[3.0, 4.0]), &f32s(&[4.0, 3.0]), &JsValue::UNDEFINED).unwrap();
    assert!((c - 0.96).abs() < 1e-12);
}

#[wasm_bindgen_test]
fn js_errors_have_the_right_class_and_the_instance_keeps_working() {
    let mut set = JsVectorSet::new(&JsValue::from(2), &JsValue::UNDEFINED).unwrap();
    set.add(&f32s(&[1.0, 0.0]), &JsValue::UNDEFINED, &JsValue::UNDEFINED).unwrap();
    let q = f32s(&[1.0, 0.0]);
    assert_eq!(
        error_of(set.scores(&JsValue::from("x"), &JsValue::UNDEFINED, &JsValue::UNDEFINED)),
        ("TypeError".into(), "query must be a Float32Array, got string".into())
    );
    assert_eq!(
        error_of(set.scores(&f32s(&[f32::NAN, 1.0]), &JsValue::UNDEFINED, &JsValue::UNDEFINED)),
        ("RangeError".into(), "query[0] is NaN; only finite numbers are allowed".into())
    );
    assert_eq!(
        error_of(set.top_k(&q, &JsValue::from(-1), &JsValue::UNDEFINED)),
        ("RangeError".into(), "k must be a non-negative integer, got -1".into())
    );
    assert_eq!(
        error_of(set.above(&q, &JsValue::from(f64::NAN), &JsValue::UNDEFINED)),
        ("RangeError".into(), "threshold must be a number in [-1, 1], got NaN".into())
    );
    assert_eq!(
        error_of(set.add(&f32s(&[0.0, 0.0]), &JsValue::UNDEFINED, &JsValue::UNDEFINED)),
        ("Error".into(), "vectors row 0 is a zero vector; its cosine with anything is undefined".into())
    );
    assert_eq!(set.scores(&q, &JsValue::UNDEFINED, &JsValue::UNDEFINED).unwrap().to_vec(), [1.0]);
}

#[wasm_bindgen_test]
fn a_request_beyond_wasm_memory_is_an_error_not_an_abort() {
    let mut s = VectorSet::new(4).unwrap();
    // 2^29 rows on wasm32: their f64 scales alone would need 4 GiB.
    let total = (usize::MAX / 8) * 4;
    let e = s.add_from(total, None, None, |_, _| unreachable!("the reservation fails first")).unwrap_err();
    assert!(e.to_string().starts_with("out of memory: cannot reserve space for"), "{e}");
    s.add(&[1.0, 0.0, 0.0, 0.0], None).unwrap();
    assert_eq!(s.len(), 1);
}

#[wasm_bindgen_test]
fn int8_and_popcount_kernels_agree_with_their_scalar_twins() {
    use simgate::{dot_i8, dot_i8_i16, dot_i8_i16_scalar, dot_i8_i16_x4, dot_i8_scalar, hamming, hamming_scalar};
    for (n, seed) in [(0, 1), (15, 2), (16, 3), (17, 4), (384, 5), (1000, 6)] {
        let a: Vec<i8> = data(n, seed).iter().map(|x| (x * 127.0) as i8).collect();
        let b: Vec<i8> = data(n, seed + 100).iter().map(|x| (x * 127.0) as i8).collect();
        assert_eq!(dot_i8(&a, &b), dot_i8_scalar(&a, &b), "dot_i8 over {n}");
        let wide: Vec<i16> = a.iter().map(|&x| i16::from(x)).collect();
        assert_eq!(dot_i8_i16(&wide, &b), dot_i8_scalar(&a, &b), "dot_i8_i16 over {n}");
        assert_eq!(dot_i8_i16_scalar(&wide, &b), dot_i8_scalar(&a, &b), "dot_i8_i16_scalar over {n}");
        let c: Vec<i8> = b.iter().rev().copied().collect();
        let d: Vec<i8> = a.iter().map(|&x| x.saturating_neg()).collect();
        assert_eq!(
            dot_i8_i16_x4(&wide, [&a, &b, &c, &d]),
            [dot_i8_scalar(&a, &a), dot_i8_scalar(&a, &b), dot_i8_scalar(&a, &c), dot_i8_scalar(&a, &d)],
            "dot_i8_i16_x4 over {n}"
        );
        let extreme = [127i8; 33];
        let wide_min: Vec<i16> = vec![-127; 33];
        assert_eq!(dot_i8_i16(&wide_min, &extreme), -33 * 16129);
        let w: Vec<u64> = data(n, seed).iter().map(|x| x.to_bits() as u64 * 0x9E37_79B9).collect();
        let v: Vec<u64> = data(n, seed + 7).iter().map(|x| x.to_bits() as u64 * 0xC2B2_AE3D).collect();
        assert_eq!(hamming(&w, &v), hamming_scalar(&w, &v), "hamming over {n} words");
    }
    // The widest products in one accumulator per row: rows at -128 (a
    // crafted set file may hold them) against a query at +-127, up to and
    // past the widest dot product that fits an i32 (132,104 values).
    for n in [4096 + 16 + 5, 65_536, 132_104, 132_120] {
        let low = vec![-128i8; n];
        let up: Vec<i16> = vec![127; n];
        let down: Vec<i16> = vec![-127; n];
        let full = n as i64 * 127 * 128;
        assert_eq!(dot_i8_i16_x4(&up, [&low, &low, &low, &low]), [-full; 4], "over {n}");
        assert_eq!(dot_i8_i16_x4(&down, [&low, &low, &low, &low]), [full; 4], "over {n}");
    }
}

#[wasm_bindgen_test]
fn every_precision_scores_a_row_one_against_itself_in_wasm() {
    use simgate::{Precision, Search};
    let rows = data(50 * 200, 9);
    let mut set = VectorSet::with_options(200, &[Precision::F32, Precision::I8, Precision::B1], None).unwrap();
    set.add(&rows, None).unwrap();
    let back = VectorSet::from_bytes(&set.to_bytes()).unwrap();
    let mut scratch = Scratch::default();
    for p in [Precision::F32, Precision::I8, Precision::B1] {
        for dims in [64, 100, 200] {
            let s = Search { dims: Some(dims), precision: Some(p), namespace: None, filter: None, rows: None };
            back.scores_with(&rows[200..400], &s, &mut scratch).unwrap();
            assert!((scratch.scores()[1] - 1.0).abs() < 1e-5, "{p:?} at {dims}");
        }
    }
}
