// Every kind of bad input throws a JS Error naming the parameter, never a
// WebAssembly.RuntimeError; the same instance then keeps answering correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, cosine, memoryBytes } from 'simgate';

const q = new Float32Array([1, 0, 0]);
const fresh = () => {
  const s = new VectorSet(3);
  s.add(new Float32Array([1, 0, 0, 0, 1, 0, 1, 1, 0]), ['x', 'y', 'z']);
  return s;
};
const healthy = (s) => {
  assert.equal(s.length, 3);
  assert.deepEqual(Array.from(s.scores(q)), [1, 0, Math.fround(Math.SQRT1_2)]);
  assert.deepEqual(s.topK(q, 1), [{ index: 0, id: 'x', score: 1 }]);
};

const cases = [
  // [description, call(set), error class, message]
  ['dims 0', () => new VectorSet(0), RangeError, 'dims must be a positive integer (at most 1048576), got 0'],
  ['dims negative', () => new VectorSet(-3), RangeError, 'dims must be a positive integer (at most 1048576), got -3'],
  ['dims not a number', () => new VectorSet('3'), TypeError, 'dims must be a number, got string'],
  ['vectors not a multiple of dims', (s) => s.add(new Float32Array(4)), RangeError, 'vectors has 4 floats, which is not a multiple of dims (3)'],
  ['vectors a plain array', (s) => s.add([1, 2, 3]), TypeError, 'vectors must be a Float32Array, got Array'],
  ['vectors Float64Array', (s) => s.add(new Float64Array(3)), TypeError, 'vectors must be a Float32Array, got Float64Array'],
  ['ids count', (s) => s.add(new Float32Array([1, 2, 3]), ['a', 'b']), RangeError, 'ids has 2 entries but vectors has 1 rows'],
  ['ids not strings', (s) => s.add(new Float32Array([1, 2, 3]), [7]), TypeError, 'ids[0] must be a string, got number'],
  ['NaN in vectors', (s) => s.add(new Float32Array([1, 2, 3, 4, NaN, 6])), RangeError, 'vectors row 1, dim 1 is NaN; only finite numbers are allowed'],
  ['Infinity in vectors', (s) => s.add(new Float32Array([1, -Infinity, 3])), RangeError, 'vectors row 0, dim 1 is -Infinity; only finite numbers are allowed'],
  ['zero vector', (s) => s.add(new Float32Array([1, 2, 3, 0, 0, 0])), Error, 'vectors row 1 is a zero vector; its cosine with anything is undefined'],
  ['NaN in query', (s) => s.scores(new Float32Array([1, NaN, 0])), RangeError, 'query[1] is NaN; only finite numbers are allowed'],
  ['Infinity in query', (s) => s.topK(new Float32Array([Infinity, 0, 0]), 2), RangeError, 'query[0] is Infinity; only finite numbers are allowed'],
  ['zero query', (s) => s.above(new Float32Array(3), 0.5), Error, 'query is all zeros over its first 3 dims; cosine is undefined for a zero vector'],
  ['query too short', (s) => s.scores(new Float32Array(2)), RangeError, 'query has 2 floats but the set has 3 dims'],
  ['query missing', (s) => s.scores(), TypeError, 'query must be a Float32Array, got undefined'],
  ['dims larger than the set', (s) => s.scores(q, 4), RangeError, 'dims must be an integer from 1 to 3, got 4'],
  ['options.dims larger than the set', (s) => s.topK(q, 2, { dims: 9 }), RangeError, 'options.dims must be an integer from 1 to 3, got 9'],
  ['coarseDims larger than the set', (s) => s.cascade(q, { coarseDims: 4, coarseK: 2 }), RangeError, 'options.coarseDims must be an integer from 1 to 3, got 4'],
  ['coarseDims above rerank dims', (s) => s.cascade(q, { coarseDims: 3, coarseK: 2, dims: 2 }), RangeError, 'coarseDims (3) must not exceed the rerank dims (2)'],
  ['cascade without options', (s) => s.cascade(q), TypeError, 'options is required: { coarseDims, coarseK, ... }'],
  ['cascade without coarseK', (s) => s.cascade(q, { coarseDims: 2 }), TypeError, 'options.coarseK is required'],
  ['NaN threshold', (s) => s.above(q, NaN), RangeError, 'threshold must be a number in [-1, 1], got NaN'],
  ['threshold above 1', (s) => s.above(q, 1.5), RangeError, 'threshold must be a number in [-1, 1], got 1.5'],
  ['threshold below -1', (s) => s.cascade(q, { coarseDims: 2, coarseK: 2, threshold: -2 }), RangeError, 'options.threshold must be a number in [-1, 1], got -2'],
  ['NaN minScore', (s) => s.topK(q, 2, { minScore: NaN }), RangeError, 'options.minScore must be a number in [-1, 1], got NaN'],
  ['threshold a string', (s) => s.above(q, '0.5'), TypeError, 'threshold must be a number, got string'],
  ['negative k', (s) => s.topK(q, -1), RangeError, 'k must be a non-negative integer, got -1'],
  ['fractional k', (s) => s.topK(q, 1.5), RangeError, 'k must be a non-negative integer, got 1.5'],
  ['unknown option', (s) => s.topK(q, 2, { minscore: 0.5 }), TypeError, 'options has an unknown key "minscore"; expected one of: dims, minScore'],
  ['option of the wrong type', (s) => s.topK(q, 2, { dims: '2' }), TypeError, 'options.dims must be a number, got string'],
  ['options not an object', (s) => s.above(q, 0.5, 3), TypeError, 'options must be an object, got number'],
  ['cosine length mismatch', () => cosine(new Float32Array(2), new Float32Array(3)), RangeError, 'a and b must have the same length, got 2 and 3'],
  ['cosine of a zero vector', () => cosine(new Float32Array([0, 0]), new Float32Array([1, 0])), Error, 'a is all zeros over its first 2 dims; cosine is undefined for a zero vector'],
];

test(`bad input: ${cases.length} cases, each a clear Error, instance still healthy`, () => {
  const s = fresh();
  for (const [what, call, cls, message] of cases) {
    let thrown;
    try {
      call(s);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, `${what}: no error thrown`);
    assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `${what}: wasm trap ${thrown}`);
    assert.equal(thrown.constructor, cls, `${what}: ${thrown.constructor.name}: ${thrown.message}`);
    assert.equal(thrown.message, message, what);
    healthy(s);
  }
  s.free();
});

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
