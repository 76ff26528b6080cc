// Memory stability: 100,000 mixed calls after warm-up leave wasm memory flat,
// and objects a user forgets to free() are reclaimed by the
// FinalizationRegistry once garbage-collected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sg from 'simgate';

const set = new sg.VectorSet(64);
set.add(new Float32Array(500 * 64).map((_, i) => Math.sin(i * 0.37) + 0.05), Array.from({ length: 500 }, (_, i) => `r${i}`));
const thresholds = sg.Thresholds.preset('default');
const matcher = new sg.Matcher(set, thresholds, { k: 5, typeKey: null });
const q = new Float32Array(64).map((_, i) => Math.cos(i));
const scores = new Float32Array(100).map((_, i) => i / 100);
const labels = new Uint8Array(100).map((_, i) => (i > 60 ? 1 : 0));

const calls = [
  () => set.topK(q, 10),
  () => set.cascade(q, { coarseDims: 16, coarseK: 50, k: 5 }),
  () => set.scores(q, 32),
  () => matcher.match(q, { spec: '~>Industry' }),
  () => thresholds.resolve({ type: 'ICP', dims: 256, fullDims: 768 }),
  () => sg.decide(scores, { threshold: 0.7 }),
  () => sg.explain(0.7, scores),
  () => { const c = sg.calibrate(scores, labels); c.best(); c.platt(); c.free(); },
  () => sg.rrf([['a', 'b'], ['b', 'c']]),
  () => { try { set.topK(new Float32Array(3), 1); } catch { /* a named error, on purpose */ } },
];

test('100,000 mixed calls leave wasm memory flat after warm-up', () => {
  for (let i = 0; i < 2000; i++) calls[i % calls.length]();
  const warm = sg.memoryBytes();
  for (let i = 0; i < 100_000; i++) calls[i % calls.length]();
  console.log(`wasm memory after warm-up ${warm} bytes, after 100,000 mixed calls ${sg.memoryBytes()} bytes`);
  assert.equal(sg.memoryBytes(), warm);
});

test('forgotten objects are freed by the FinalizationRegistry', { skip: typeof globalThis.gc !== 'function' && 'needs --expose-gc' }, async () => {
  const churn = () => {
    for (let i = 0; i < 200; i++) {
      const s = new sg.VectorSet(256);
      s.add(new Float32Array(200 * 256).fill(0.5)); // ~200 KB each, never freed by hand
    }
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  churn();
  await settle();
  const after = sg.memoryBytes();
  for (let round = 0; round < 5; round++) {
    churn();
    await settle();
  }
  // 5 more rounds of ~40 MB each: without finalization memory would grow ~200 MB.
  console.log(`wasm memory after one round ${after} bytes, after five more ${sg.memoryBytes()} bytes`);
  assert.ok(sg.memoryBytes() <= after + 50e6, `grew from ${after} to ${sg.memoryBytes()}`);
});
