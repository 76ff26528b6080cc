#![no_main]
// Arbitrary bytes as a set file: fromBytes either refuses them with an
// error or gives a set that scores, searches and writes back the same file.
use libfuzzer_sys::fuzz_target;
use simgate::{Cascade, Precision, Scratch, Search, VectorSet};

fuzz_target!(|data: &[u8]| {
    let Ok(set) = VectorSet::from_bytes(data) else {
        return;
    };
    assert_eq!(set.to_bytes(), data, "a loaded file writes back unchanged");
    let query: Vec<f32> = (0..set.dims()).map(|i| 1.0 + i as f32 * 0.01).collect();
    let mut scratch = Scratch::default();
    for p in set.precisions() {
        let s = Search { precision: Some(p), ..Search::default() };
        let _ = set.top_k_with(&query, 3, None, &s, &mut scratch);
        let c = Cascade { precision: Some(p), coarse_precision: Some(Precision::B1).filter(|b| set.precisions().contains(b)), ..Cascade::new(set.dims(), 5) };
        let _ = set.cascade(&query, &c, &mut scratch);
    }
});
