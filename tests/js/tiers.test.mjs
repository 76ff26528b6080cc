// Precision tiers, set files, ids and namespaces through the package: the
// bundled MiniLM sentences (2,994 x 384) kept as f32, i8 and b1; results
// equal across a toBytes/fromBytes round trip; bad files; tenants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, VectorSetLoader, memoryBytes } from 'simgate';
import { D, embA, embB, row } from './support/data.mjs';

const all = new Float32Array([...embA, ...embB]);
const N = all.length / D;

test('i8 and b1 keep recall@10 of the exact f32 ranking', () => {
  const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'] });
  set.add(all);
  assert.deepEqual(set.precisions, ['f32', 'i8', 'b1']);
  let i8hits = 0, b1hits = 0, worst = 0;
  const queries = 300;
  for (let i = 0; i < queries; i++) {
    const q = row(embA, i);
    const exact = set.topK(q, 10, { precision: 'f32' }).map((m) => m.index);
    const i8 = set.topK(q, 10, { precision: 'i8' });
    i8hits += i8.filter((m) => exact.includes(m.index)).length;
    const cascade = set.cascade(q, { coarseDims: D, coarseK: 100, coarsePrecision: 'b1', precision: 'f32', k: 10 });
    b1hits += cascade.filter((m) => exact.includes(m.index)).length;
    const f = set.scores(q, undefined, { precision: 'f32' });
    const s = set.scores(q, undefined, { precision: 'i8' });
    for (let j = 0; j < f.length; j++) worst = Math.max(worst, Math.abs(f[j] - s[j]));
  }
  console.log(`recall@10 vs f32: i8 ${(i8hits / queries / 10).toFixed(4)}, b1 (coarseK 100) -> f32 ${(b1hits / queries / 10).toFixed(4)}; largest |i8 - f32| ${worst.toFixed(5)}`);
  assert.ok(i8hits / queries / 10 >= 0.99);
  assert.ok(b1hits / queries / 10 >= 0.98);
  assert.ok(worst < 0.01);
  set.free();
});

test('toBytes/fromBytes: bit-identical scores at every precision and prefix, same ids, namespaces and model', () => {
  const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'], model: 'all-MiniLM-L6-v2' });
  set.add(embA, Array.from({ length: N / 2 }, (_, i) => `a${i}`));
  set.add(embB, Array.from({ length: N / 2 }, (_, i) => `b${i}`), { namespace: 'side-b' });
  const bytes = set.toBytes();
  const before = memoryBytes();
  const back = VectorSet.fromBytes(bytes);
  const grown = memoryBytes() - before;
  console.log(`file ${bytes.length} bytes; byteLength ${back.byteLength()}; wasm memory grew ${grown} bytes on load`);
  assert.ok(grown <= 1.1 * back.byteLength(), `grew ${grown} for byteLength ${back.byteLength()}`);
  assert.equal(back.model, 'all-MiniLM-L6-v2');
  assert.deepEqual(back.precisions, ['f32', 'i8', 'b1']);
  assert.equal(back.length, N);
  assert.ok(back.has('b7') && !back.has('c7'));
  for (const precision of ['f32', 'i8', 'b1']) {
    for (const dims of [64, 100, 256, D]) {
      const q = row(embB, 3);
      assert.deepEqual(back.scores(q, dims, { precision }), set.scores(q, dims, { precision }), `${precision} at ${dims}`);
    }
    const q = row(embA, 5);
    assert.deepEqual(back.topK(q, 5, { precision, namespace: 'side-b' }), set.topK(q, 5, { precision, namespace: 'side-b' }));
  }
  assert.deepEqual(VectorSet.fromBytes(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).toBytes(), bytes);
  set.free();
  back.free();
});

test('fromStream: the same set from a ReadableStream, a Response, an R2-style body, an async iterable, and a VectorSetLoader', async () => {
  const set = new VectorSet(D, { precisions: ['i8', 'b1'], model: 'all-MiniLM-L6-v2' });
  set.add(embA, Array.from({ length: N / 2 }, (_, i) => `a${i}`));
  set.add(embB, undefined, { namespace: 'side-b' });
  const bytes = set.toBytes();
  const stream = (size) => new ReadableStream({
    start(c) {
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
      c.close();
    },
  });
  // One buffer refilled for every chunk (as a BYOB reader does): a loader
  // that kept a chunk instead of copying it would load garbage.
  async function* reused(size) {
    const buf = new Uint8Array(size);
    for (let i = 0; i < bytes.length; i += size) {
      const n = Math.min(size, bytes.length - i);
      buf.set(bytes.subarray(i, i + n));
      yield buf.subarray(0, n);
      buf.fill(0xee);
    }
  }
  const before = memoryBytes();
  const first = await VectorSet.fromStream(stream(65_536));
  const grown = memoryBytes() - before;
  assert.ok(grown <= 1.1 * first.byteLength(), `grew ${grown} for byteLength ${first.byteLength()}`);
  const sources = [
    ['ReadableStream, 997-byte chunks', stream(997)],
    ['Response with Content-Length', new Response(stream(4096), { headers: { 'content-length': String(bytes.length) } })],
    ['R2 object body', { body: stream(100_000), size: bytes.length }],
    ['async iterable reusing one buffer', reused(1000)],
  ];
  const q = row(embB, 3);
  for (const [what, source] of [['ReadableStream, 64 KiB chunks', null], ...sources]) {
    const back = source ? await VectorSet.fromStream(source) : first;
    assert.deepEqual(back.toBytes(), bytes, what);
    assert.deepEqual(back.topK(q, 5, { precision: 'i8', namespace: 'side-b' }), set.topK(q, 5, { precision: 'i8', namespace: 'side-b' }), what);
    back.free();
  }
  const loader = new VectorSetLoader();
  loader.push(bytes.subarray(0, 100));
  assert.equal(loader.expected, undefined, 'the header (ids, namespaces) is not in after 100 bytes');
  loader.push(bytes.subarray(100, 100_000));
  assert.equal(loader.expected, bytes.length, 'the header is in after 100,000 bytes');
  loader.push(bytes.buffer.slice(bytes.byteOffset + 100_000, bytes.byteOffset + bytes.length));
  assert.equal(loader.received, bytes.length);
  const pushed = loader.finish();
  assert.equal(pushed.model, 'all-MiniLM-L6-v2');
  assert.throws(() => loader.finish(), { message: /already finished/ });
  // Errors: cut short (with and without a told length), a wrong told length,
  // a damaged byte, bad sources; the module keeps working.
  await assert.rejects(VectorSet.fromStream(stream(4096), { length: bytes.length + 1 }),
    { message: `the set file has ${bytes.length + 1} bytes, but its header describes ${bytes.length} (${N} rows of ${D} dims, i8, b1)` });
  const cut = async function* () { yield bytes.subarray(0, bytes.length - 50); };
  await assert.rejects(VectorSet.fromStream(cut()), { message: `the set file is truncated: its header describes ${bytes.length} bytes (${N} rows of ${D} dims, i8, b1), but it ends at byte ${bytes.length - 50}` });
  const damaged = bytes.slice();
  damaged[bytes.length >> 1] ^= 1;
  await assert.rejects(VectorSet.fromStream(new Response(damaged)), { message: /checksum does not match/ });
  await assert.rejects(VectorSet.fromStream(42), { name: 'TypeError', message: 'source must be a ReadableStream, a Response, an R2 object body or an async iterable of Uint8Array chunks, got number' });
  await assert.rejects(VectorSet.fromStream((async function* () { yield 'text'; })()), { name: 'TypeError', message: 'chunk must be a Uint8Array or an ArrayBuffer, got string' });
  await assert.rejects(VectorSet.fromStream(stream(10), 5), { name: 'TypeError', message: 'options must be an object, got number' });
  await assert.rejects(VectorSet.fromStream(stream(10), { length: -1 }), { name: 'RangeError', message: /^length must be a non-negative integer, got -1/ });
  assert.deepEqual(pushed.topK(q, 3), set.topK(q, 3));
  pushed.free();
  set.free();
});

test('bad set files are named Errors, and no set is made', () => {
  const set = new VectorSet(4, { precisions: ['i8'] });
  set.add(new Float32Array([1, 2, 3, 4]), ['x']);
  const good = set.toBytes();
  const cases = [
    [new Uint8Array([1, 2, 3]), /^bytes: not a simgate set file/],
    [new TextEncoder().encode('definitely not a set file'), /^bytes: not a simgate set file: it does not start with "SIMGSET"/],
    [(() => { const b = good.slice(); b[8] = 4; return b; })(), /^bytes: the set file is format version 4; this build of simgate reads version 3/],
    [good.slice(0, good.length - 3), /^bytes: the set file is truncated: its header describes \d+ bytes \(1 rows of 4 dims, i8\), but it ends at byte/],
    [(() => { const b = good.slice(); b[b.length - 10] ^= 0xff; return b; })(), /^bytes: the set file's checksum does not match/],
    [(() => { const b = good.slice(); new DataView(b.buffer).setUint32(12, 5_000_000, true); return b; })(), /^bytes: the set file's dims must be an integer from 1 to 1048576, got 5000000/],
  ];
  for (const [bytes, message] of cases) assert.throws(() => VectorSet.fromBytes(bytes), { name: 'Error', message });
  assert.throws(() => VectorSet.fromBytes([1, 2]), { name: 'TypeError', message: 'bytes must be a Uint8Array or an ArrayBuffer, got Array' });
  assert.equal(VectorSet.fromBytes(good).length, 1);
  set.free();
});

test('ids: add refuses a present id, upsert replaces, remove keeps indices contiguous, has', () => {
  const set = new VectorSet(2, { precisions: ['i8', 'b1'] });
  set.add(new Float32Array([1, 0, 0, 1, -1, 0]), ['a', 'b', 'c']);
  assert.throws(() => set.add(new Float32Array([1, 1]), ['b']), { message: 'ids[0] "b" is already in the set; upsert() replaces a row by id' });
  assert.throws(() => set.upsert(new Float32Array([1, 1, 1, 1]), ['d', 'd']), { message: 'ids[1] repeats ids[0] ("d"); ids are unique within a set' });
  assert.deepEqual(set.upsert(new Float32Array([0, -1, 0.6, 0.8]), ['b', 'd']), { added: 1, replaced: 1 });
  assert.deepEqual(set.topK(new Float32Array([0, -1]), 1).map((m) => m.id), ['b']);
  assert.equal(set.remove(['a', 'nope']), 1);
  assert.equal(set.length, 3);
  const [top] = set.topK(new Float32Array([0.6, 0.8]), 1);
  assert.deepEqual([top.index, top.id], [0, 'd'], 'the last row moved into the hole');
  assert.ok(Math.abs(top.score - 1) < 1e-6);
  assert.equal(set.has('a'), false);
  assert.equal(set.remove([]), 0);
  set.free();
});

test('namespaces: two tenants with identical vectors never see each other', () => {
  const set = new VectorSet(3, { precisions: ['f32', 'i8', 'b1'] });
  const v = new Float32Array([0.2, 0.9, -0.4]);
  set.add(v, ['t1-doc'], { namespace: 'tenant-1' });
  set.add(v, ['t2-doc'], { namespace: 'tenant-2' });
  for (const precision of ['f32', 'i8', 'b1']) {
    for (const [ns, id] of [['tenant-1', 't1-doc'], ['tenant-2', 't2-doc']]) {
      assert.deepEqual(set.topK(v, 10, { namespace: ns, precision }).map((m) => m.id), [id]);
      assert.deepEqual(set.above(v, -1, { namespace: ns, precision }).map((m) => m.id), [id]);
      assert.deepEqual(set.cascade(v, { coarseDims: 3, coarseK: 10, coarsePrecision: 'b1', precision, namespace: ns }).map((m) => m.id), [id]);
    }
    assert.deepEqual(set.topK(v, 10, { namespace: 'tenant-3', precision }), []);
  }
  assert.equal(set.topK(v, 10).length, 2, 'without a namespace, every row');
  set.free();
});

test('a precision the set does not keep is an Error naming what it keeps; byteLength and bytesPerRow', () => {
  const set = new VectorSet(768, { precisions: ['i8'] });
  assert.throws(() => set.scores(new Float32Array(768).fill(1), undefined, { precision: 'f32' }),
    { message: 'precision "f32" is not kept by this set; it keeps i8 (choose with new VectorSet(dims, { precisions }))' });
  assert.equal(VectorSet.bytesPerRow(768, ['i8']), 2 + 768 + 12 * 5);
  assert.equal(VectorSet.bytesPerRow(768), 2 + 4 * 768 + 8 * 5);
  assert.equal(VectorSet.bytesPerRow(768, ['b1']), 2 + 96);
  set.add(new Float32Array(768 * 1000).map((_, i) => Math.sin(i)));
  const per = set.byteLength() / 1000;
  assert.ok(per >= 768 && per < 1.1 * VectorSet.bytesPerRow(768, ['i8']), `${per} bytes per row`);
  set.free();
});

test('coarseKFor: measured on the set\'s own rows, it predicts the recall of cascades on other queries', () => {
  // Side A is the set; side B (never in it) asks.
  const set = new VectorSet(D, { precisions: ['i8', 'b1'] });
  set.add(embA);
  const opts = { coarseDims: D, coarsePrecision: 'b1', precision: 'i8' };
  const tuned = set.coarseKFor({ recall: 0.99, k: 10, sample: 300, seed: 5, ...opts });
  assert.equal(tuned.queries, 300);
  assert.equal(tuned.reached, true);
  assert.ok(tuned.recall >= 0.99, JSON.stringify(tuned));
  assert.deepEqual(tuned.curve.map((c) => c.coarseK), [10, 20, 30, 50, 100, 200, 500, 1000, 1496]);
  // Recall never falls as the coarse set grows, and the choice is the first count that reaches the target.
  for (let i = 1; i < tuned.curve.length; i++) assert.ok(tuned.curve[i].recall >= tuned.curve[i - 1].recall);
  assert.equal(tuned.curve.find((c) => c.recall >= 0.99).coarseK, tuned.coarseK);
  assert.ok(tuned.coarseK >= 100 && tuned.coarseK <= 500, JSON.stringify(tuned));
  // On side B's questions, the cascade at that coarseK keeps >= 0.98 of the i8 top 10; at a tenth of it, clearly less.
  const recallAt = (coarseK) => {
    let hits = 0;
    for (let i = 0; i < 300; i++) {
      const q = row(embB, i);
      const exact = new Set(set.topK(q, 10, { precision: 'i8' }).map((m) => m.index));
      hits += set.cascade(q, { ...opts, coarseK, k: 10 }).filter((m) => exact.has(m.index)).length;
    }
    return hits / 3000;
  };
  const [at, tenth] = [recallAt(tuned.coarseK), recallAt(tuned.coarseK / 10)];
  assert.ok(at >= 0.98, `recall ${at} at coarseK ${tuned.coarseK}`);
  assert.ok(tenth < at - 0.05, `recall ${tenth} at coarseK ${tuned.coarseK / 10}`);
  console.log(`coarseKFor: ${tuned.coarseK} (recall ${tuned.recall.toFixed(3)} on the set's rows); cascades on side B: ${at.toFixed(3)} at it, ${tenth.toFixed(3)} at a tenth`);
  assert.throws(() => set.coarseKFor({ recall: 0.99, k: 10, coarseDims: D + 1 }), { name: 'RangeError', message: /options\.coarseDims must be an integer from 1 to 384, got 385/ });
  assert.throws(() => set.coarseKFor({ recall: 0.99, k: 10, coarseDims: D, precision: 'f32' }), /precision "f32" is not kept by this set/);
  assert.throws(() => set.coarseKFor({ recall: 0, k: 10, ...opts }), /options\.recall must be a number in \(0, 1\], got 0/);
  const bits = new VectorSet(D, { precisions: ['b1'] });
  assert.throws(() => bits.coarseKFor({ recall: 0.9, k: 1, coarseDims: D }), /the set needs at least 2 rows/);
  bits.add(embA.subarray(0, 4 * D));
  assert.throws(() => bits.coarseKFor({ recall: 0.9, k: 1, coarseDims: D }), /the set keeps only sign bits \(b1\): it cannot give its rows as queries/);
  bits.free();
  set.free();
});
