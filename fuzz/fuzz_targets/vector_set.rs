//! Arbitrary shapes and values through VectorSet: add, scores, top-k, above
//! and cascade either fail with an error or return scores in [-1, 1].
#![no_main]
use libfuzzer_sys::fuzz_target;
use simgate::{Cascade, Scratch, VectorSet};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let dims = usize::from(data[0] % 80) + usize::from(data[0] == 0);
    let prefix = usize::from(data[1]) % (dims + 2);
    let k = usize::from(data[2] % 20);
    let floats: Vec<f32> = data[4..]
        .chunks_exact(2)
        .map(|c| {
            f32::from(i16::from_le_bytes([c[0], c[1]])) / 256.0
                * if data[3] & 1 == 1 { 1e30 } else { 1.0 }
        })
        .collect();
    let Ok(mut set) = VectorSet::new(dims) else {
        return;
    };
    let rows = floats.len() / dims;
    let _ = set.add(&floats[..rows.saturating_sub(1) * dims], None);
    let _ = set.add(&floats, None); // not a multiple of dims when there is a remainder
    let query: Vec<f32> = floats.iter().rev().take(dims).copied().collect();
    let mut scratch = Scratch::default();
    let p = if prefix == 0 { None } else { Some(prefix) };
    if set.scores_into(&query, p, &mut scratch).is_ok() {
        assert!(scratch.scores().iter().all(|s| (-1.0..=1.0).contains(s)));
    }
    let _ = set.top_k(&query, k, p, Some(0.1), &mut scratch);
    let _ = set.above(&query, 0.5, p, &mut scratch);
    let opts = Cascade {
        threshold: Some(0.0),
        k: Some(3),
        ..Cascade::new(prefix.max(1), k)
    };
    if let Ok(found) = set.cascade(&query, &opts, &mut scratch) {
        assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
    }
});
