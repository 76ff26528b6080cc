// Demo on the bundled STS-B dev set (all-MiniLM-L6-v2, 384 dims): side B of
// every pair goes into a VectorSet, every side-A sentence is a query, and we
// measure how often its own partner comes back first / in the top 10, at full
// dims, at Matryoshka-style prefixes, and through the two-phase cascade.
import { readFileSync } from 'node:fs';
import { VectorSet, simdEnabled, version } from 'simgate';
import { loadSample } from '../pkg/dataset.js';

const dir = new URL('../data/stsb-dev-minilm/', import.meta.url);
const sample = await loadSample((f) => readFileSync(new URL(f, dir)));
const { meta, labels: label } = sample;
const { dims: D, a, b } = sample.emb;
const N = a.length / D;

const set = new VectorSet(D);
set.add(b, Array.from({ length: N }, (_, i) => `pair-${i}`));

const runs = [
  ...[D, 256, 128, 64].map((p) => ({ name: p === D ? `full (${D})` : `prefix ${p}`, search: (q) => set.topK(q, 10, { dims: p }) })),
  { name: 'cascade 64 -> 384', search: (q) => set.cascade(q, { coarseDims: 64, coarseK: 50, k: 10 }) },
  { name: 'cascade 128 -> 384', search: (q) => set.cascade(q, { coarseDims: 128, coarseK: 30, k: 10 }) },
];

const pct = (x) => `${(100 * x).toFixed(1)}%`.padStart(7);
console.log(`simgate ${version()} (SIMD128: ${simdEnabled()}), ${meta.model.name}, ${N} pairs x ${D} dims`);
console.log(`Each side-A sentence queries all ${N} side-B sentences; a hit is its own partner.`);
console.log(`"same meaning" = the ${label.reduce((s, x) => s + x, 0)} pairs rated >= 4/5 by annotators; the rest include unrelated sentences.\n`);
console.log(`${'search'.padEnd(20)} ${'R@1 all'.padStart(8)} ${'R@10 all'.padStart(8)} ${'R@1 same'.padStart(8)} ${'R@10 same'.padStart(9)} ${'queries/s'.padStart(10)} ${'candidates/s'.padStart(13)}`);
for (const { name, search } of runs) {
  const hits = { r1: 0, r10: 0, s1: 0, s10: 0 };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const found = search(a.subarray(i * D, (i + 1) * D));
    const rank = found.findIndex((m) => m.index === i);
    if (rank === 0) { hits.r1++; if (label[i]) hits.s1++; }
    if (rank >= 0) { hits.r10++; if (label[i]) hits.s10++; }
  }
  const secs = (performance.now() - t0) / 1000;
  const pos = label.reduce((s, x) => s + x, 0);
  console.log(`${name.padEnd(20)} ${pct(hits.r1 / N)}  ${pct(hits.r10 / N)}  ${pct(hits.s1 / pos)}   ${pct(hits.s10 / pos)} ${(N / secs).toFixed(0).padStart(10)} ${((N * N) / secs / 1e6).toFixed(1).padStart(10)} M`);
}
set.free();
console.log(`\nThroughput here includes building each JS result list; 'make bench' measures the kernel on 100,000 rows.`);
