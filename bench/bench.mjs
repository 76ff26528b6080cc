// Scoring benchmark: simgate's wasm (SIMD128) against what a JS user would
// otherwise write, an npm cosine package, and the native Rust build of the
// same kernel, all measured in this run on the same machine.
//
// For N rows (default 100,000), D in {384, 768}, prefix p in {D, 256, 128, 64}:
//   wasm scores()        VectorSet.scores(query, p): all N cosines, as a Float32Array
//   wasm topK(10)        VectorSet.topK(query, 10, { dims: p })
//   contiguous p-set     VectorSet(p) holding only the first p dims: what a prefix should cost
//   plain SIMD loop      a SIMD128 dot loop over the same contiguous p-dim floats (bench/plain-dot.mjs):
//                        no norms, no bookkeeping, the least a scan of those floats can cost
//   JS loop              a plain loop over a row-major Float32Array (dot and both norms)
//   compute-cosine-sim   npm `compute-cosine-similarity` on number[] rows (its required input)
//   native               `cargo bench --bench native`: the same Rust kernel, x86-64, one thread
// Figures are medians; throughput in million candidates per second (M/s).
//
// Usage: node bench/bench.mjs [rows] [runs]
import { createRequire } from 'node:module';
import { VectorSet, simdEnabled } from 'simgate';
import { interleavedMedians, jsLoopScores, median, nativeFigures, pick, randomFloats } from './common.mjs';
import { plainDot } from './plain-dot.mjs';

const require = createRequire(import.meta.url);
const cosineSimilarity = require('compute-cosine-similarity');

const N = Number(process.argv[2] ?? pick(100_000, 2_000));
const RUNS = Number(process.argv[3] ?? pick(7, 1));
const BASELINE_RUNS = pick(3, 1);



const mps = (secs) => N / secs / 1e6;
const f = (x, w = 7) => (Number.isFinite(x) ? x.toFixed(2) : '-').padStart(w);
const ratio = (x, w = 7) => (Number.isFinite(x) ? `${x.toFixed(1)}x` : '-').padStart(w);

console.log(`simgate scoring benchmark: N = ${N.toLocaleString('en')} rows, median of ${RUNS} runs (${BASELINE_RUNS} for the JS baselines), SIMD128: ${simdEnabled()}`);
console.log('building the native benchmark (cargo bench --bench native) ...');
const native = nativeFigures(N, RUNS);
const streamGBps = native.get('stream');
if (streamGBps) {
  console.log(`memory ceiling: one native thread streams ${streamGBps.toFixed(1)} GB/s from DRAM, i.e. at most ${(streamGBps * 1e3 / (768 * 4)).toFixed(2)} M/s at 768 dims and ${(streamGBps * 1e3 / (384 * 4)).toFixed(2)} M/s at 384 when the rows do not fit in cache`);
}
const summary = [];
for (const D of [384, 768]) {
  const data = randomFloats(N * D, D);
  const q = randomFloats(D, 99);
  const set = new VectorSet(D);
  set.add(data);
  const rows = Array.from({ length: N }, (_, i) => Array.from(data.subarray(i * D, (i + 1) * D)));
  const out = new Float32Array(N);
  console.log(`\nD = ${D} (${(N * D * 4 / 1e6).toFixed(0)} MB of float32 rows)`);
  console.log(`${'p'.padStart(4)} | ${'scores'.padStart(7)} ${'topK10'.padStart(7)} ${'contig'.padStart(7)} ${'plain'.padStart(7)} ${'native'.padStart(7)} ${'JS loop'.padStart(7)} ${'npm pkg'.padStart(7)} | ${'vs JS'.padStart(7)} ${'vs npm'.padStart(7)} ${'topK +'.padStart(7)} ${'p/contig'.padStart(8)} ${'c/plain'.padStart(8)} ${'wasm/nat'.padStart(8)}`);
  for (const p of [D, 256, 128, 64]) {
    // scores, topK, the contiguous set and the bare loop take turns, so
    // their ratios hold even when the machine's speed drifts mid-run.
    const trunc = new Float32Array(N * p);
    for (let i = 0; i < N; i++) trunc.set(data.subarray(i * D, i * D + p), i * p);
    const qp = q.slice(0, p);
    const contig = p === D ? null : new VectorSet(p);
    contig?.add(trunc);
    const loop = plainDot(trunc, qp, p);
    const timed = [() => set.scores(q, p), () => set.topK(q, 10, { dims: p }), () => loop.run()];
    if (contig) timed.push(() => contig.scores(qp));
    const [sScores, sTop, sPlain, sContig = NaN] = interleavedMedians(timed, RUNS);
    contig?.free();
    const plain = mps(sPlain);
    const sJs = median(() => jsLoopScores(data, D, q, p, out), BASELINE_RUNS);
    const qArr = Array.from(q.subarray(0, p));
    const prefixRows = p === D ? rows : rows.map((r) => r.slice(0, p));
    const sNpm = median(() => { for (let i = 0; i < N; i++) out[i] = cosineSimilarity(qArr, prefixRows[i]); }, BASELINE_RUNS);
    const nat = native.get(`${D}/${p}/scores`);
    const r = {
      D, p, scores: mps(sScores), topK: mps(sTop), contig: mps(sContig), plain, native: nat, js: mps(sJs), npm: mps(sNpm),
    };
    r.contigVsPlain = (p === D ? r.scores : r.contig) / plain;
    r.vsJs = r.scores / r.js;
    r.vsNpm = r.scores / r.npm;
    r.topKOverhead = (sTop / sScores - 1) * 100;
    r.prefixCost = sScores / sContig; // > 1 means the prefix costs more per candidate than a contiguous set
    r.vsNative = r.scores / nat;
    summary.push(r);
    console.log(`${String(p).padStart(4)} | ${f(r.scores)} ${f(r.topK)} ${f(r.contig)} ${f(plain)} ${f(nat)} ${f(r.js)} ${f(r.npm)} | ${ratio(r.vsJs)} ${ratio(r.vsNpm)} ${`${r.topKOverhead.toFixed(1)}%`.padStart(7)} ${f(r.prefixCost, 8)} ${f(r.contigVsPlain, 8)} ${`${(100 * r.vsNative).toFixed(0)}%`.padStart(8)}`);
  }
  set.free();
}

console.log(`
Columns: throughput in M candidates/s (scores = wasm scores(), topK10 = wasm topK(10), contig = wasm scores() on a
set holding only p dims, plain = a bare SIMD128 dot loop over those contiguous p-dim floats, native = the same kernel
compiled for x86-64), then ratios: wasm scores() vs the JS loop and the npm package (targets >= 20x and >= 5x),
topK(10)'s extra time over scores() (target < 15%), time per candidate of a prefix vs a contiguous p-dim set
(target <= 1.05), the contiguous set's speed (the set itself at p = D) vs the bare loop (target >= 0.9), and wasm as
a share of native (target >= 70%). scores, topK10, contig and plain are timed in turns (one call each per round), so
topK +, p/contig and c/plain compare calls made at the same moments; placement in wasm memory alone moves a scan
by up to 8% (two identical sets, interleaved).`);
const worst = (key, pick) => summary.reduce((a, r) => (Number.isFinite(r[key]) ? pick(a, r[key]) : a), NaN);
const min = (a, b) => (Number.isNaN(a) ? b : Math.min(a, b));
const max = (a, b) => (Number.isNaN(a) ? b : Math.max(a, b));
if (streamGBps) {
  const full = summary.filter((r) => r.p === r.D).map((r) => `D=${r.D}: ${(100 * r.scores / (streamGBps * 1e3 / (r.D * 4))).toFixed(0)}% of the memory ceiling`);
  console.log(`wasm scores() at full dims: ${full.join(', ')}`);
}
console.log(`Worst cases: vs JS ${worst('vsJs', min).toFixed(1)}x, vs npm ${worst('vsNpm', min).toFixed(1)}x, topK overhead ${worst('topKOverhead', max).toFixed(1)}%, prefix/contiguous ${worst('prefixCost', max).toFixed(2)}, contiguous/plain loop ${worst('contigVsPlain', min).toFixed(2)}, wasm/native ${(100 * worst('vsNative', min)).toFixed(0)}%`);
