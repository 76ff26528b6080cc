// SemanticCache: lookup on 10,000 and 100,000 entries (384 and 768 dims, f32
// and i8) in microseconds, store throughput, and the same lookup done by
// hand in plain JS (a loop over stored vectors, as a user would write it)
// in the same run. Usage: node bench/cache.mjs [runs]
import { SemanticCache } from '../pkg/node.js';
import { median, pick, randomFloats } from './common.mjs';

const RUNS = Number(process.argv[2] ?? pick(21, 1));

/** What a user writes without a library: cosine against every stored vector, keep the best. */
function jsLookup(stored, norms, q) {
  let qn = 0;
  for (let j = 0; j < q.length; j++) qn += q[j] * q[j];
  qn = Math.sqrt(qn);
  let best = -2, at = -1;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i];
    let dot = 0;
    for (let j = 0; j < q.length; j++) dot += q[j] * v[j];
    const s = dot / (qn * norms[i]);
    if (s > best) { best = s; at = i; }
  }
  return at;
}

console.log('SemanticCache lookup and store, medians');
console.log(`${'entries'.padStart(8)} ${'dims'.padStart(5)} ${'prec'.padStart(5)} | ${'lookup us'.padStart(10)} ${'JS loop us'.padStart(11)} ${'ratio'.padStart(6)} | ${'store/s'.padStart(9)}`);
for (const n of pick([10_000, 100_000], [300, 1_000])) {
  for (const dims of [384, 768]) {
    const data = randomFloats(n * dims, dims + n);
    const stored = Array.from({ length: n }, (_, i) => data.subarray(i * dims, (i + 1) * dims));
    const norms = stored.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
    const q = randomFloats(dims, 5);
    const js = median(() => jsLookup(stored, norms, q), 3);
    for (const precision of ['f32', 'i8']) {
      const cache = new SemanticCache({ dims, confident: 0.95, tentative: 0.85, precisions: [precision], seed: 1, now: () => 0 });
      const t0 = performance.now();
      for (let i = 0; i < n; i++) cache.store(stored[i], i);
      const storeRate = n / ((performance.now() - t0) / 1000);
      const look = median(() => cache.lookup(q), RUNS);
      console.log(`${n.toLocaleString('en').padStart(8)} ${String(dims).padStart(5)} ${precision.padStart(5)} | ${(look * 1e6).toFixed(0).padStart(10)} ${(js * 1e6).toFixed(0).padStart(11)} ${(js / look).toFixed(1).padStart(5)}x | ${storeRate.toFixed(0).padStart(9)}`);
      cache.free();
    }
  }
}
