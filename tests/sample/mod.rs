//! The bundled sample (data/stsb-dev-minilm) for the native test suites.

use std::path::Path;

/// A little-endian f32 file of the sample, e.g. `emb_a.f32`.
pub fn read_f32(name: &str) -> Vec<f32> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/stsb-dev-minilm")
        .join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}
