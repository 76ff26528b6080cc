// Precision tiers, measured in one run: for N rows (default 100,000), D in
// {768, 384}, prefix p in {D, 256, 128}, the candidates/s of scores() at f32,
// i8 and b1, of the b1 -> i8 cascade (coarseK 200), of a plain JS loop; then
// fromBytes of the i8 set against one plain copy of the same bytes; then
// accuracy on the bundled MiniLM sentences (recall@10 against exact f32, the
// largest score error) and how the F1-optimal threshold of the bundled pairs
// moves when they are scored at i8; and int8 top-10 against USearch's native
// exactSearch (npm `usearch`, one thread) on the same rows; then the binary
// tier at memory speed: the b1 scan as a share of the memory stream one
// native thread reaches (`cargo bench --bench native`), and top-10 at
// recall@10 against exact f32 on rows made from real sentence embeddings:
// the b1 -> i8 cascade at coarseK 100 and 200 (its time split into scan,
// selection and rerank) against USearch's exactSearch and its HNSW index
// (i8, M = 16) on the same rows. Figures are medians; ratios are within
// this run. Usage: node bench/tiers.mjs [rows] [runs] [--binary]
import { readFileSync } from 'node:fs';
import { VectorSet, calibrate, cosine, memoryBytes, simdEnabled } from 'simgate';
import { loadSample } from '../pkg/dataset.js';
import usearch from 'usearch';
import { interleavedMedians, jsLoopScores, median, nativeFigures, pick, randomFloats } from './common.mjs';

const N = Number(process.argv[2] ?? pick(100_000, 2_000));
const RUNS = Number(process.argv[3] ?? pick(7, 1));
/** `--binary`: only the binary tier's section. */
const BINARY_ONLY = process.argv.includes('--binary');



/** USearch's int8 input: each row of `flat` (D floats) scaled by its own largest |x| to -127..127. */
function toI8(flat, D) {
  const out = new Int8Array(flat.length);
  for (let at = 0; at < flat.length; at += D) {
    let max = 0;
    for (let d = 0; d < D; d++) max = Math.max(max, Math.abs(flat[at + d]));
    for (let d = 0; d < D; d++) out[at + d] = Math.round((flat[at + d] / max) * 127);
  }
  return out;
}

const mps = (s) => N / s / 1e6;
const col = (x, w = 8) => (Number.isFinite(x) ? x.toFixed(2) : '-').padStart(w);
const rat = (x, w = 8) => (Number.isFinite(x) ? `${x.toFixed(1)}x` : '-').padStart(w);

console.log(`simgate precision tiers: N = ${N.toLocaleString('en')} rows, median of ${RUNS} runs, SIMD128: ${simdEnabled()}`);
const rows = [];
if (!BINARY_ONLY) for (const D of [768, 384]) {
  const data = randomFloats(N * D, D + 1);
  const q = randomFloats(D, 7);
  const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'] });
  set.add(data);
  const out = new Float32Array(N);
  console.log(`\nD = ${D}: candidates/s (M) and ratios`);
  console.log(`${'p'.padStart(4)} | ${'f32'.padStart(8)} ${'i8'.padStart(8)} ${'b1'.padStart(8)} ${'b1->i8'.padStart(8)} ${'JS loop'.padStart(8)} | ${'i8/f32'.padStart(8)} ${'i8/JS'.padStart(8)} ${'b1/f32'.padStart(8)} ${'casc/f32'.padStart(8)}`);
  for (const p of [D, 256, 128]) {
    const f32 = mps(median(() => set.scores(q, p, { precision: 'f32' }), RUNS));
    const i8 = mps(median(() => set.scores(q, p, { precision: 'i8' }), RUNS));
    const b1 = mps(median(() => set.scores(q, p, { precision: 'b1' }), RUNS));
    const casc = mps(median(() => set.cascade(q, { coarseDims: p, coarseK: 200, coarsePrecision: 'b1', dims: p, precision: 'i8', k: 10 }), RUNS));
    const js = mps(median(() => jsLoopScores(data, D, q, p, out), 3));
    const r = { D, p, f32, i8, b1, casc, js };
    rows.push(r);
    console.log(`${String(p).padStart(4)} | ${col(f32)} ${col(i8)} ${col(b1)} ${col(casc)} ${col(js)} | ${rat(i8 / f32)} ${rat(i8 / js)} ${rat(b1 / f32)} ${rat(casc / f32)}`);
  }
  set.free();
}

// int8 top-10 against a native engine: USearch's exactSearch (SIMD kernels
// for the CPU it runs on, one thread, cosine over int8) on the same rows,
// each quantized to int8 by its own scale (what simgate's i8 tier stores).
if (!BINARY_ONLY) {
  const D = 768;
  const data = randomFloats(N * D, 11);
  const q = randomFloats(D, 12);
  const set = new VectorSet(D, { precisions: ['i8'] });
  set.add(data);
  const rowsI8 = toI8(data, D);
  const qI8 = toI8(q, D);
  // In turns, so a machine that speeds up or slows down moves both alike.
  const [ours, theirs] = interleavedMedians([
    () => set.topK(q, 10, { precision: 'i8' }),
    () => usearch.exactSearch(rowsI8, qI8, D, 10, 'cos', 1),
  ], RUNS).map(mps);
  const same = new Set(set.topK(q, 10, { precision: 'i8' }).map((m) => m.index));
  const found = Array.from(usearch.exactSearch(rowsI8, qI8, D, 10, 'cos', 1).keys, Number).filter((k) => same.has(k)).length;
  console.log(`\nint8 top-10, ${N.toLocaleString('en')} x ${D}, one thread: simgate topK ${ours.toFixed(2)} M rows/s, USearch exactSearch (native) ${theirs.toFixed(2)} M rows/s: simgate/USearch ${(ours / theirs).toFixed(2)}x; ${found} of 10 results shared`);
  set.free();
}

// fromBytes of the 100k x 768 i8 set against one plain copy of its bytes.
if (!BINARY_ONLY) {
  const D = 768;
  const set = new VectorSet(D, { precisions: ['i8'] });
  set.add(randomFloats(N * D, 3));
  const bytes = set.toBytes();
  const before = memoryBytes();
  const tLoad = median(() => VectorSet.fromBytes(bytes).free(), 5);
  const tCopy = median(() => bytes.slice(), 5);
  const loaded = VectorSet.fromBytes(bytes);
  console.log(`\nfromBytes of ${N.toLocaleString('en')} x ${D} i8 (${(bytes.length / 1e6).toFixed(1)} MB): ${(tLoad * 1e3).toFixed(1)} ms; `
    + `one plain copy of the same bytes (Uint8Array.slice): ${(tCopy * 1e3).toFixed(1)} ms; ratio ${(tLoad / tCopy).toFixed(2)}x. `
    + `byteLength ${(loaded.byteLength() / 1e6).toFixed(1)} MB, wasm memory ${(memoryBytes() / 1048576).toFixed(0)} MiB (was ${(before / 1048576).toFixed(0)} MiB before the loads)`);
  loaded.free();
  set.free();
}

// Accuracy on real embeddings: all 2,994 MiniLM sentences as candidates,
// side A as queries.
if (!BINARY_ONLY) {
  const dir = new URL('../data/stsb-dev-minilm/', import.meta.url);
  const sample = await loadSample((f) => readFileSync(new URL(f, dir)));
  const { dims: D, a, b } = sample.emb;
  const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'] });
  set.add(a);
  set.add(b);
  const nq = a.length / D;
  const recall = (search) => {
    let hits = 0;
    for (let i = 0; i < nq; i++) {
      const q = a.subarray(i * D, (i + 1) * D);
      const truth = new Set(search.truth(q).map((m) => m.index));
      hits += search.run(q).filter((m) => truth.has(m.index)).length;
    }
    return hits / (10 * nq);
  };
  console.log(`\nAccuracy on the bundled STS-B dev MiniLM embeddings (${2 * nq} candidates, ${nq} queries), recall@10 against exact f32:`);
  for (const p of [D, 256, 128]) {
    const truth = (q) => set.topK(q, 10, { dims: p, precision: 'f32' });
    const i8 = recall({ truth, run: (q) => set.topK(q, 10, { dims: p, precision: 'i8' }) });
    const b1 = recall({ truth, run: (q) => set.cascade(q, { coarseDims: p, coarseK: 100, coarsePrecision: 'b1', dims: p, precision: 'f32', k: 10 }) });
    let worst = 0;
    for (let i = 0; i < nq; i += 7) {
      const q = a.subarray(i * D, (i + 1) * D);
      const f = set.scores(q, p, { precision: 'f32' });
      const s = set.scores(q, p, { precision: 'i8' });
      for (let j = 0; j < f.length; j++) worst = Math.max(worst, Math.abs(f[j] - s[j]));
    }
    console.log(`  p = ${String(p).padStart(3)}: i8 ${i8.toFixed(4)}, b1 (coarseK 100) -> f32 ${b1.toFixed(4)}, largest |i8 - f32| ${worst.toFixed(5)}`);
  }
  // The pairs scored at i8: each pair's cosine is row A against row B of a set.
  const pairSet = new VectorSet(D, { precisions: ['f32', 'i8'] });
  pairSet.add(b);
  const atI8 = Float64Array.from({ length: nq }, (_, i) => pairSet.scores(a.subarray(i * D, (i + 1) * D), D, { precision: 'i8' })[i]);
  const atF32 = Float64Array.from({ length: nq }, (_, i) => cosine(a.subarray(i * D, (i + 1) * D), b.subarray(i * D, (i + 1) * D)));
  const [c32, c8] = [calibrate(atF32, sample.labels), calibrate(atI8, sample.labels)];
  console.log(`  F1-optimal threshold of the ${nq} bundled pairs: f32 ${c32.best().threshold.toFixed(4)} (F1 ${c32.best().f.toFixed(3)}), `
    + `i8 ${c8.best().threshold.toFixed(4)} (F1 ${c8.best().f.toFixed(3)}): moves ${(c8.best().threshold - c32.best().threshold).toFixed(4)}`);
  c32.free(); c8.free(); pairSet.free(); set.free();
}

// The binary tier at memory speed. Rows from real sentence embeddings: each
// a mix of two bundled MiniLM sentences plus noise, normalized (384 dims);
// at 768 dims, two such mixes side by side. Queries are mixes too (of other
// draws). recall@10 is against exact f32 top-10 on the same rows.
{
  const dir = new URL('../data/stsb-dev-minilm/', import.meta.url);
  const sample = await loadSample((f) => readFileSync(new URL(f, dir)));
  const { dims: M, a, b } = sample.emb;
  const pool = new Float32Array(a.length + b.length);
  pool.set(a);
  pool.set(b, a.length);
  const sentences = pool.length / M;
  let seed = 99;
  const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const mix = (out, at) => {
    const [i, j, w] = [Math.floor(rnd() * sentences), Math.floor(rnd() * sentences), 0.5 + 0.5 * rnd()];
    let norm = 0;
    for (let d = 0; d < M; d++) {
      const x = w * pool[i * M + d] + (1 - w) * pool[j * M + d] + 0.03 * gauss();
      out[at + d] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < M; d++) out[at + d] /= norm;
  };
  const made = (n, D) => {
    const out = new Float32Array(n * D);
    for (let r = 0; r < n; r++) for (let h = 0; h < D / M; h++) mix(out, r * D + h * M);
    return out;
  };
  const stream = nativeFigures(N, RUNS).get('stream');
  const NQ = pick(30, 3);
  // A round of these calls takes about a second, so medians over at least
  // 21 rounds cost little and steady the ratios on a noisy machine.
  const TURNS = Math.max(RUNS, pick(21, 1));
  console.log(`
The binary tier at memory speed: ${N.toLocaleString('en')} rows made from real sentence embeddings, ${NQ} queries, top 10; `
    + (stream ? `one native thread streams ${stream.toFixed(1)} GB/s from DRAM` : 'no native stream figure'));
  for (const D of [768, 384]) {
    const data = made(N, D);
    const queries = made(NQ, D);
    const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'] });
    set.add(data);
    const q = (i) => queries.subarray(i * D, (i + 1) * D);
    const truth = Array.from({ length: NQ }, (_, i) => new Set(set.topK(q(i), 10, { precision: 'f32' }).map((m) => m.index)));
    const recall = (ids) => ids.reduce((s, list, i) => s + list.filter((x) => truth[i].has(x)).length, 0) / (10 * NQ);
    // ms per query, the median over RUNS passes of all queries.
    const tuneStart = performance.now();
    const tuned = set.coarseKFor({ recall: 0.99, k: 10, coarseDims: D, coarsePrecision: 'b1', precision: 'i8', sample: 64 });
    const tuneSeconds = (performance.now() - tuneStart) / 1e3;
    const ks = [...new Set([100, 200, 400, tuned.coarseK])].sort((x, y) => x - y);
    const cascadeOpts = (coarseK) => ({ coarseDims: D, coarseK, coarsePrecision: 'b1', dims: D, precision: 'i8', k: 10 });
    // USearch on the same rows: exact int8 search, and an HNSW index,
    // built first so that their searches are timed in turns with simgate's.
    const rowsI8 = toI8(data, D);
    const queriesI8 = Array.from({ length: NQ }, (_, i) => toI8(q(i), D));
    const index = new usearch.Index({ dimensions: D, metric: 'cos', quantization: 'i8', connectivity: 16 });
    const t0 = performance.now();
    index.add(BigUint64Array.from({ length: N }, (_, i) => BigInt(i)), data);
    const build = (performance.now() - t0) / 1e3;
    // Every call timed in turns (all queries per call), so a machine that
    // speeds up or slows down moves them alike. The scan: topK(10) at b1
    // reads every row's bits and keeps 10 (no scores written out);
    // scores() also writes and copies out N floats; the cascade keeps
    // coarseK as the distances come and reranks them (what it adds to the
    // scan is its selection and rerank).
    const calls = {
      scan: (x) => set.topK(x, 10, { precision: 'b1' }),
      b1Scores: (x) => set.scores(x, D, { precision: 'b1' }),
      f32: (x) => set.scores(x, D, { precision: 'f32' }),
      i8: (x) => set.topK(x, 10, { precision: 'i8' }),
      ...Object.fromEntries(ks.map((k) => [`cascade${k}`, (x) => set.cascade(x, cascadeOpts(k))])),
      usExact: (x, i) => usearch.exactSearch(rowsI8, queriesI8[i], D, 10, 'cos', 1),
      hnsw: (x) => index.search(x, 10, 1),
    };
    const names = Object.keys(calls);
    const secs = interleavedMedians(names.map((n) => () => { for (let i = 0; i < NQ; i++) calls[n](q(i), i); }), TURNS);
    const ms = Object.fromEntries(names.map((n, i) => [n, (secs[i] * 1e3) / NQ]));
    const bytesB1 = N * (D / 8);
    const gbps = bytesB1 / (ms.scan / 1e3) / 1e9;
    const share = stream ? ` = ${(gbps / stream * 100).toFixed(0)}% of the memory stream` : '';
    console.log(`\n  D = ${D}: b1 scan (topK 10) ${ms.scan.toFixed(2)} ms (${gbps.toFixed(1)} GB/s of sign bits${share}); b1 scores ${ms.b1Scores.toFixed(2)} ms; f32 scores ${ms.f32.toFixed(2)} ms: b1 scores ${(ms.f32 / ms.b1Scores).toFixed(1)}x f32, b1 scan ${(ms.f32 / ms.scan).toFixed(1)}x`);
    console.log(`  i8 topK: ${ms.i8.toFixed(2)} ms, recall@10 ${recall(Array.from({ length: NQ }, (_, i) => set.topK(q(i), 10, { precision: 'i8' }).map((m) => m.index))).toFixed(3)}`);
    console.log(`  coarseKFor({ recall: 0.99, k: 10, sample: 64 }): coarseK ${tuned.coarseK} (recall ${tuned.recall.toFixed(3)} on the set's own rows against the i8 top 10), in ${tuneSeconds.toFixed(2)} s; `
      + `curve ${tuned.curve.map((c) => `${c.coarseK}:${c.recall.toFixed(3)}`).join(' ')}`);
    const cascades = {};
    for (const coarseK of ks) {
      const total = ms[`cascade${coarseK}`];
      const r = recall(Array.from({ length: NQ }, (_, i) => set.cascade(q(i), cascadeOpts(coarseK)).map((m) => m.index)));
      cascades[coarseK] = { total, r };
      console.log(`  cascade b1 -> i8, coarseK ${String(coarseK).padStart(3)}: ${total.toFixed(2)} ms, recall@10 ${r.toFixed(3)}; `
        + `split: the scan ${ms.scan.toFixed(2)} ms, keeping ${coarseK} and reranking them at i8 ${Math.max(0, total - ms.scan).toFixed(2)} ms`);
    }
    const { usExact, hnsw } = ms;
    const usExactRecall = recall(Array.from({ length: NQ }, (_, i) => Array.from(usearch.exactSearch(rowsI8, queriesI8[i], D, 10, 'cos', 1).keys, Number)));
    const hnswRecall = recall(Array.from({ length: NQ }, (_, i) => Array.from(index.search(q(i), 10, 1).keys, Number)));
    console.log(`  USearch exactSearch (i8, one thread): ${usExact.toFixed(2)} ms, recall@10 ${usExactRecall.toFixed(3)}; `
      + `HNSW index (i8, M = 16, default expansion): built in ${build.toFixed(1)} s, ${hnsw.toFixed(3)} ms per query (one thread), recall@10 ${hnswRecall.toFixed(3)}`);
    const best = Object.keys(cascades).map(Number).sort((x, y) => x - y).find((k) => cascades[k].r >= 0.99);
    if (best) {
      const c = cascades[best];
      console.log(`  at recall@10 >= 0.99 (coarseK ${best}): cascade ${c.total.toFixed(2)} ms = ${(c.total / hnsw).toFixed(1)}x the HNSW index's time, ${(usExact / c.total).toFixed(1)}x less than USearch's exact search`);
    } else {
      console.log(`  no coarseK tried (${Object.keys(cascades).join(', ')}) reached recall@10 0.99`);
    }
    set.free();
  }
}

const full = rows.filter((r) => r.p === r.D);
if (full.length > 0) {
console.log(`\nTargets: i8 >= 2.5x f32 and >= 50x JS at full dims: ${full.map((r) => `D=${r.D} ${(r.i8 / r.f32).toFixed(1)}x / ${(r.i8 / r.js).toFixed(0)}x`).join(', ')}; `
  + `b1 >= 10x f32: ${full.map((r) => `${(r.b1 / r.f32).toFixed(1)}x`).join(', ')}; cascade b1 -> i8 >= 6x f32: ${full.map((r) => `${(r.casc / r.f32).toFixed(1)}x`).join(', ')}`);
}
