#![no_main]
// Arbitrary bytes as a set file: fromBytes either refuses them with an
// error or gives a set that scores, searches and writes back the same file
// (a file in an older format is written back in today's);
// the same bytes pushed through a SetLoader in chunks (of a size taken from
// the first byte) give the same verdict and the same set; metadata in the
// file answers filters.
use libfuzzer_sys::fuzz_target;
use simgate::{Cascade, Filter, Precision, Scratch, Search, SetLoader, VectorSet};

fuzz_target!(|data: &[u8]| {
    let whole = VectorSet::from_bytes(data);
    let size = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut loader = SetLoader::new(Some(data.len()));
    let streamed = data
        .chunks(size)
        .try_for_each(|c| loader.push(c))
        .and_then(|()| loader.finish());
    assert_eq!(whole.is_ok(), streamed.is_ok(), "streamed in chunks of {size}: {:?} vs {:?}", whole.as_ref().err(), streamed.as_ref().err());
    let Ok(set) = whole else {
        return;
    };
    let written = set.to_bytes();
    assert_eq!(streamed.map(|s| s.to_bytes()).ok(), Some(written.clone()));
    if data.get(8..12) == Some(&simgate::FILE_VERSION.to_le_bytes()[..]) {
        assert_eq!(written, data, "a loaded file writes back unchanged");
    } else {
        // An older format loads and is written in today's, which reads back the same.
        assert_eq!(VectorSet::from_bytes(&written).map(|s| s.to_bytes()).ok(), Some(written));
    }
    let query: Vec<f32> = (0..set.dims()).map(|i| 1.0 + i as f32 * 0.01).collect();
    let mut scratch = Scratch::default();
    for p in set.precisions() {
        let s = Search { precision: Some(p), ..Search::default() };
        let _ = set.top_k_with(&query, 3, None, &s, &mut scratch);
        let c = Cascade { precision: Some(p), coarse_precision: Some(Precision::B1).filter(|b| set.precisions().contains(b)), ..Cascade::new(set.dims(), 5) };
        let _ = set.cascade(&query, &c, &mut scratch);
        // Metadata read from the file answers filters: only rows that pass come back.
        let f = Filter::eq("type", "A");
        let s = Search { filter: Some(&f), ..s };
        if let Ok(found) = set.top_k_with(&query, 3, None, &s, &mut scratch) {
            assert!(found.iter().all(|m| f.passes(&set.metadata_of_row(m.index))));
        }
    }
});
