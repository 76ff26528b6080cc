// Beyond one set: shardOf, mergeTopK and toCosine through the package.
// - the bundled MiniLM sentences split into 4 sets by shardOf: for 100
//   queries, mergeTopK of the shards' topK equals one set's topK (scores in
//   order, ids wherever scores differ), at f32 and i8;
// - toCosine on response shapes of other engines, transcribed from their
//   documentation (no live engine runs here): Vectorize's Workers binding
//   `query()` result ({ count, matches: [{ id, score }] }, cosine metric:
//   the score is the cosine) and a node-postgres result of a pgvector
//   `embedding <=> $1 AS distance` query (cosine distance 1 - cos), both fed
//   into decide, explain and a calibrated Thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Thresholds, VectorSet, calibrate, decide, explain, mergeTopK, shardOf, toCosine } from 'simgate';
import { D, embA, embB, row, sample } from './support/data.mjs';

const N = embA.length / D;

test('shardOf: 32-bit FNV-1a of the UTF-8 id, modulo the shard count', () => {
  // FNV-1a 32 of "a" is 0xe40c292c and of "foobar" 0xbf9cf968.
  assert.equal(shardOf('a', 1000), 0xe40c292c % 1000);
  assert.equal(shardOf('foobar', 7), 0xbf9cf968 % 7);
  assert.equal(shardOf('é', 65536), shardOf('\u00e9', 65536));
  assert.equal(shardOf('anything', 1), 0);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 2 * N; i++) counts[shardOf(`s-${i}`, 4)]++;
  assert.ok(counts.every((c) => c > 0.2 * N), `spread over 4 shards: ${counts}`);
  assert.throws(() => shardOf('a', 0), { name: 'RangeError', message: 'shards must be an integer from 1 to 65536, got 0' });
  assert.throws(() => shardOf(7, 4), { name: 'TypeError', message: 'id must be a string, got number' });
});

test('mergeTopK of 4 shards equals one set holding every row', () => {
  const all = new Float32Array([...embA, ...embB]);
  const ids = Array.from({ length: 2 * N }, (_, i) => `s-${i}`);
  const union = new VectorSet(D, { precisions: ['f32', 'i8'] });
  union.add(all, ids);
  const shards = [0, 1, 2, 3].map(() => new VectorSet(D, { precisions: ['f32', 'i8'] }));
  ids.forEach((id, i) => shards[shardOf(id, 4)].add(all.subarray(i * D, (i + 1) * D), [id]));
  let ties = 0;
  for (const precision of ['f32', 'i8']) {
    for (let q = 0; q < 100; q++) {
      const query = row(embA, q * 13);
      const merged = mergeTopK(shards.map((s) => s.topK(query, 10, { precision })), 10);
      const expected = union.topK(query, 10, { precision });
      assert.deepEqual(merged.map((m) => m.score), expected.map((m) => m.score), `${precision} query ${q}`);
      const scores = union.scores(query, D, { precision });
      for (const m of merged) {
        assert.equal(scores[Number(m.id.slice(2))], m.score, 'each id carries its own score');
        assert.equal(m.shard, shardOf(m.id, 4));
      }
      if (new Set(expected.map((m) => m.score)).size < 10) ties++;
      else assert.deepEqual(merged.map((m) => m.id), expected.map((m) => m.id));
    }
  }
  console.log(`${200 - ties} of 200 merged lists without tied scores matched id for id; ${ties} with ties (repeated sentences) matched score for score`);
  union.free();
  shards.forEach((s) => s.free());
});

test('mergeTopK: ties go to the lower shard, then the lower index; bad lists are named', () => {
  const out = mergeTopK([[{ index: 4, score: 0.9, id: 'x' }], [{ index: 0, score: 0.9 }, { index: 2, score: 0.95, extra: true }], []], 5);
  assert.deepEqual(out, [{ index: 2, score: 0.949999988079071, shard: 1 }, { index: 4, id: 'x', score: 0.8999999761581421, shard: 0 }, { index: 0, score: 0.8999999761581421, shard: 1 }]);
  assert.deepEqual(mergeTopK([], 3), []);
  assert.throws(() => mergeTopK([[{ index: 0, score: 1.5 }]], 1), { name: 'RangeError', message: 'lists[0][0].score must be a number in [-1, 1], got 1.5' });
  assert.throws(() => mergeTopK([[{ index: 0, score: 0.5 }], 'x'], 1), { name: 'TypeError', message: 'lists[1] must be an array of matches, got string' });
  assert.throws(() => mergeTopK([[{ score: 0.5 }]], 1), { name: 'TypeError', message: 'lists[0][0].index must be a number, got undefined' });
  assert.throws(() => mergeTopK([[{ index: 1, score: 0.5, id: 3 }]], 1), { name: 'TypeError', message: 'lists[0][0].id must be a string, got number' });
  assert.throws(() => mergeTopK([[]], -1), { name: 'RangeError', message: /^k must be a non-negative integer/ });
});

test('toCosine: Vectorize and pgvector results into decide, explain and calibrated thresholds', () => {
  // The Workers binding's env.INDEX.query(vector, { topK: 3 }) on a cosine index.
  const vectorize = { count: 3, matches: [{ id: 'doc-17', score: 0.912 }, { id: 'doc-4', score: 0.874 }, { id: 'doc-9', score: 0.61 }] };
  // node-postgres: SELECT id, embedding <=> $1 AS distance FROM docs ORDER BY distance LIMIT 3
  const pg = { command: 'SELECT', rowCount: 3, rows: [{ id: 'doc-17', distance: 0.088 }, { id: 'doc-4', distance: 0.126 }, { id: 'doc-9', distance: 0.39 }] };
  const fromVectorize = toCosine(vectorize.matches.map((m) => m.score), 'cosine');
  const fromPg = toCosine(pg.rows.map((r) => r.distance), 'distance');
  assert.ok(fromPg instanceof Float32Array);
  assert.deepEqual(Array.from(fromPg), Array.from(fromVectorize), 'the same neighbours on two scales give the same cosines');
  assert.equal(toCosine(0.75, 'unit'), 0.5);
  assert.equal(toCosine(-1e-7, 'distance'), 1, 'rounding past the bound is clamped');

  // A threshold calibrated on the bundled STS-B pairs, applied to both.
  const cal = calibrate(Float32Array.from(sample.scores), sample.labels);
  const thresholds = new Thresholds(cal.toConfig());
  const threshold = thresholds.resolve({ candidateCount: vectorize.count });
  assert.ok(threshold.value > 0.7 && threshold.value < 0.9, `calibrated ${threshold.value}`);
  const d = decide(fromPg, { threshold });
  assert.deepEqual([d.outcome, d.passing, pg.rows[d.best.index].id], ['match', 2, 'doc-17']);
  assert.equal(decide(fromPg, { threshold, minGap: 0.05 }).outcome, 'ambiguous', 'the top two are 0.038 apart');
  const e = explain(threshold, fromVectorize);
  assert.equal(e.matched, 2);
  assert.match(e.text, /2 of 3 candidates match/);
  thresholds.free();
  cal.free();

  assert.throws(() => toCosine(1.2, 'unit'), { name: 'RangeError', message: 'scores must be a unit similarity (1 + cos) / 2 in [0, 1], got 1.2' });
  assert.throws(() => toCosine([0.1, 2.5], 'distance'), { name: 'RangeError', message: 'scores[1] must be a cosine distance 1 - cos in [0, 2], got 2.5' });
  assert.throws(() => toCosine([0.1], 'dot'), { message: 'scale must be "cosine", "unit", "distance", "negative-inner-product", "l2" or "l2-squared", got "dot"' });
  assert.throws(() => toCosine('0.5', 'cosine'), { name: 'TypeError' });
});
