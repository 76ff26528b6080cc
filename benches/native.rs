//! Native (single-thread) throughput of the same scoring kernel the wasm
//! build uses, for `make bench` to compare against. Prints one JSON object
//! per line: `{"d":768,"p":256,"op":"scores","mps":...}` (million candidates
//! per second, median of the runs).
//!
//! Usage: `cargo bench --bench native -- [rows] [runs]`

use simgate::{Scratch, VectorSet};
use std::hint::black_box;
use std::time::Instant;

/// Deterministic uniform floats in [-1, 1) (xorshift64*), so runs compare.
fn data(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.max(1);
    (0..n)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            let x = s.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 40;
            (x as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let rows = args.first().copied().unwrap_or(100_000);
    let runs = args.get(1).copied().unwrap_or(7);
    // The memory ceiling: one pass over a buffer much larger than any cache
    // with the same kernel, read as eight interleaved streams of 64-float
    // runs (the blocked layout reads several streams at once too; one stream
    // alone keeps fewer cache misses in flight and reads slower).
    let big = data(rows * 768, 3);
    let parts: Vec<&[f32]> = big.chunks_exact(big.len() / 8).collect();
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let mut acc = simgate::DotAccumulator::default();
        for i in 0..parts[0].len() / 64 {
            for part in &parts {
                let run = &part[i * 64..(i + 1) * 64];
                acc.add_dot(run, run);
            }
        }
        black_box(acc.sum());
        times.push(t.elapsed().as_secs_f64());
    }
    let gbps = (big.len() * 4) as f64 / median(times) / 1e9;
    println!("{{\"op\":\"stream\",\"gbps\":{gbps:.3}}}");
    drop(big);
    for d in [384usize, 768] {
        let mut set = VectorSet::new(d).expect("dims");
        set.add(&data(rows * d, 7 + d as u64), None).expect("add");
        let query = data(d, 99);
        let mut scratch = Scratch::default();
        let mut prefixes = vec![d, 256, 128, 64];
        prefixes.dedup();
        for p in prefixes {
            for op in ["scores", "topK"] {
                let mut times = Vec::new();
                for _ in 0..runs {
                    let t = Instant::now();
                    if op == "scores" {
                        set.scores_into(black_box(&query), Some(p), &mut scratch)
                            .expect("scores");
                        black_box(scratch.scores());
                    } else {
                        black_box(
                            set.top_k(black_box(&query), 10, Some(p), None, &mut scratch)
                                .expect("topK"),
                        );
                    }
                    times.push(t.elapsed().as_secs_f64());
                }
                let mps = rows as f64 / median(times) / 1e6;
                println!("{{\"d\":{d},\"p\":{p},\"op\":\"{op}\",\"mps\":{mps:.4}}}");
            }
        }
    }
}
