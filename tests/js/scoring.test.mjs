// The package's scoring API, imported through its `node` export, on the
// bundled real embeddings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, cosine, features, simdEnabled } from 'simgate';
import { D, N, embA, embB, cos, row } from './support/data.mjs';

test('the wasm was built with SIMD128', () => {
  assert.equal(simdEnabled(), true);
  assert.deepEqual(features(), { simd128: true, relaxedSimd: false });
});

test('scores() reproduces the published cosines at every prefix', () => {
  const set = new VectorSet(D);
  set.add(embB);
  assert.equal(set.length, N);
  assert.equal(set.dims, D);
  for (const p of [384, 256, 128, 64]) {
    let worst = 0;
    for (let i = 0; i < N; i += 3) {
      const s = set.scores(row(embA, i), p);
      assert.equal(s.length, N);
      worst = Math.max(worst, Math.abs(s[i] - cos[p][i]));
    }
    assert.ok(worst <= 1e-6, `p=${p}: worst difference ${worst}`);
  }
  set.free();
});

test('cosine() agrees with the published cosines and re-normalizes prefixes', () => {
  for (const i of [0, 1, 500, 1496]) {
    assert.ok(Math.abs(cosine(row(embA, i), row(embB, i)) - cos[384][i]) <= 1e-7);
    assert.ok(Math.abs(cosine(row(embA, i), row(embB, i), 64) - cos[64][i]) <= 1e-7);
  }
  assert.ok(Math.abs(cosine(new Float32Array([3, 4]), new Float32Array([4, 3])) - 0.96) < 1e-12);
});

test('topK equals a full sort of scores, ties to the lower index', () => {
  const set = new VectorSet(D);
  const ids = Array.from({ length: N }, (_, i) => `b${i}`);
  set.add(embB, ids);
  for (const [i, p] of [[0, 384], [17, 128], [900, 64]]) {
    const q = row(embA, i);
    const s = set.scores(q, p);
    const order = [...s.keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, 10);
    const top = set.topK(q, 10, { dims: p });
    assert.deepEqual(top.map((m) => m.index), order);
    assert.deepEqual(top.map((m) => m.score), order.map((j) => s[j]));
    assert.deepEqual(top.map((m) => m.id), order.map((j) => `b${j}`));
    const floor = s[order[4]];
    assert.deepEqual(set.topK(q, 10, { dims: p, minScore: floor }).map((m) => m.index), order.slice(0, 5).filter((j) => s[j] >= floor));
  }
  assert.deepEqual(set.topK(row(embA, 0), 0), []);
  // Duplicate rows score the same; the lower index comes first.
  const dup = new VectorSet(2);
  dup.add(new Float32Array([1, 1, 2, 0, 1, 1, 5, 5]));
  assert.deepEqual(dup.topK(new Float32Array([1, 1]), 4).map((m) => m.index), [0, 2, 3, 1]);
  set.free();
  dup.free();
});

test('above() returns exactly the rows with score >= threshold, best first', () => {
  const set = new VectorSet(D);
  set.add(embB);
  const q = row(embA, 3);
  const s = set.scores(q);
  const t = s[3]; // the true partner's score: it must be included (s >= t)
  const got = set.above(q, t);
  const want = [...s.keys()].filter((j) => s[j] >= t).sort((a, b) => s[b] - s[a] || a - b);
  assert.deepEqual(got.map((m) => m.index), want);
  assert.ok(got.some((m) => m.index === 3));
  assert.deepEqual(set.above(q, 1), []);
  set.free();
});

test('cascade() reranks the coarse survivors on full dims', () => {
  const set = new VectorSet(D);
  set.add(embB);
  const q = row(embA, 10);
  const coarse = set.topK(q, 50, { dims: 64, minScore: 0.3 });
  const full = set.scores(q);
  const want = coarse
    .map((m) => ({ index: m.index, score: full[m.index] }))
    .filter((m) => m.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 5);
  const got = set.cascade(q, { coarseDims: 64, coarseK: 50, coarseThreshold: 0.3, threshold: 0.5, k: 5 });
  assert.deepEqual(got, want);
  // With the coarse pass on all dims and no cuts, cascade is above().
  assert.deepEqual(set.cascade(q, { coarseDims: D, coarseK: N }), set.above(q, -1));
  set.free();
});

test('recall of the true partner is high on the real data (sanity)', () => {
  const set = new VectorSet(D);
  set.add(embB);
  let hits = 0;
  for (let i = 0; i < N; i++) if (set.topK(row(embA, i), 10).some((m) => m.index === i)) hits++;
  // STS-B pairs include unrelated sentences, so recall@10 is well below 1.
  assert.ok(hits / N > 0.5 && hits / N < 1, `recall@10 = ${hits / N}`);
  set.free();
});
