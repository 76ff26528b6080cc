// Edges that are not errors (k = 0, an empty set), lifecycles that must not
// leak, and disposal. Bad input itself is the battery's (battery.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, memoryBytes } from 'simgate';

const q = new Float32Array([1, 0, 0]);
const fresh = () => {
  const s = new VectorSet(3);
  s.add(new Float32Array([1, 0, 0, 0, 1, 0, 1, 1, 0]), ['x', 'y', 'z']);
  return s;
};

test('k = 0 and an empty set give empty results, not errors', () => {
  const s = fresh();
  assert.deepEqual(s.topK(q, 0), []);
  assert.deepEqual(s.cascade(q, { coarseDims: 2, coarseK: 0 }), []);
  assert.deepEqual(s.cascade(q, { coarseDims: 2, coarseK: 3, k: 0 }), []);
  const empty = new VectorSet(3);
  assert.equal(empty.scores(q).length, 0);
  assert.deepEqual(empty.topK(q, 5), []);
  s.free();
  empty.free();
});

test('1,000 create/score/free cycles leave wasm memory flat', () => {
  const data = new Float32Array(200 * 384).map((_, i) => Math.sin(i));
  const query = data.slice(0, 384);
  const cycle = () => {
    const s = new VectorSet(384);
    s.add(data);
    s.topK(query, 10);
    s.cascade(query, { coarseDims: 64, coarseK: 20 });
    s.free();
  };
  for (let i = 0; i < 5; i++) cycle();
  const warm = memoryBytes();
  for (let i = 0; i < 1000; i++) cycle();
  assert.equal(memoryBytes(), warm);
});

test('Symbol.dispose frees where the runtime has it', () => {
  const s = fresh();
  if (Symbol.dispose) {
    s[Symbol.dispose]();
    assert.throws(() => s.scores(q), /null pointer|destroyed|moved/i);
  } else {
    s.free();
  }
});
