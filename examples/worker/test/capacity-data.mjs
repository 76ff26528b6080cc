// Writes the capacity test's data (run by tests/js/workerd.test.mjs before the
// example's suite): a generated 100,000 x 768 set as ["i8"] and as
// ["b1", "i8"] (set files, as `simgate pack` writes them), and what Node's
// Matcher answers for 20 queries on each, for the Worker's answers to equal.
// Usage: node examples/worker/test/capacity-data.mjs OUT_DIR [rows]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matcher, Thresholds, VectorSet } from 'simgate';

const [out, rowsArg] = process.argv.slice(2);
const N = Number(rowsArg ?? 100_000), D = 768;
mkdirSync(out, { recursive: true });

// Deterministic unit-scale floats (xorshift32).
const data = new Float32Array(N * D);
let x = 2026;
for (let i = 0; i < data.length; i++) {
  x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
  data[i] = x / 2 ** 32 - 0.5;
}
const ids = Array.from({ length: N }, (_, i) => `row-${i}`);
// Queries near rows 0, 5000, 10000, ...: each should find its row.
const queries = Array.from({ length: 20 }, (_, k) => Array.from(data.subarray(k * 5000 * D, (k * 5000 + 1) * D), (v, j) => v + ((j * 7 + k) % 11 - 5) * 0.002));

const expected = {};
for (const [name, precisions] of [['i8', ['i8']], ['b1-i8', ['b1', 'i8']]]) {
  const set = new VectorSet(D, { precisions, model: 'generated' });
  for (let first = 0; first < N; first += 10_000) {
    set.add(data.subarray(first * D, Math.min(N, first + 10_000) * D), ids.slice(first, first + 10_000));
  }
  writeFileSync(join(out, `set-${name}.bin`), set.toBytes());
  // The same matcher the Worker builds for this set.
  const cascade = precisions.includes('b1') ? { coarseDims: D, coarseK: 200, coarsePrecision: 'b1' } : { coarseDims: 128, coarseK: 50 };
  const m = new Matcher(set, Thresholds.preset('default'), { k: 5, cascade });
  expected[name] = queries.map((q) => m.match(new Float32Array(q), {}).candidates);
  m.free();
  set.free();
}
writeFileSync(join(out, 'expected.json'), JSON.stringify({ rows: N, dims: D, queries, expected }));
console.log(`wrote ${out}: set-i8.bin, set-b1-i8.bin and expected.json (${N} x ${D})`);
