// Decisions, explanations, the field-spec DSL and fusion, through the
// package's `node` export, pinned to the source documents' examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abstain, band, cacheTier, decide, explain, normalize, parseFieldSpec, rrf } from 'simgate';

// Seed 002: 14 queries against the cached "What is semantic caching?".
const rephrasings = [1.0, 0.965, 0.952, 0.941, 0.937, 0.928, 0.924]; // same intent (1-7)
const others = [0.844, 0.812, 0.534, 0.321, 0.108, 0.612, 0.587]; // different (8-14)

test("seed 002's decision table, counted from its own scores", () => {
  const table = [
    // [threshold, hits of 7 rephrasings, false hits of 7 others]
    [0.98, 1, 0], [0.95, 3, 0], [0.93, 5, 0], [0.90, 7, 0], [0.85, 7, 0], [0.80, 7, 2], [0.75, 7, 2],
    // The seed's table says 4 false hits at 0.60, but its own scores give 3:
    // only 0.844, 0.812 and 0.612 are >= 0.60 ("How do embeddings work?" scored
    // 0.587). The scores win.
    [0.60, 7, 3],
  ];
  for (const [t, hits, falseHits] of table) {
    assert.equal(decide(rephrasings, { threshold: t }).passing, hits, `hits at ${t}`);
    assert.equal(decide(others, { threshold: t }).passing, falseHits, `false hits at ${t}`);
    assert.equal(explain(t, [...rephrasings, ...others]).matched, hits + falseHits);
  }
});

test("seed 002's tiers: confident >= 0.95, tentative 0.88-0.94, miss below", () => {
  const tiers = [...rephrasings, ...others].map((s) => cacheTier(s, { confident: 0.95, tentative: 0.88 }));
  assert.deepEqual(tiers, [
    'confident', 'confident', 'confident', 'tentative', 'tentative', 'tentative', 'tentative',
    'miss', 'miss', 'miss', 'miss', 'miss', 'miss', 'miss',
  ]);
});

test("seed 000's bands at threshold 0.80", () => {
  assert.equal(band(0.9, 0.8), 'high');
  assert.equal(band(0.8, 0.8), 'medium');
  assert.equal(band(0.65, 0.8), 'low');
  assert.equal(band(0.6499, 0.8), 'none');
  assert.equal(band(0.85, 0.8, { high: 0.05 }), 'high');
  assert.equal(band(0.0, 0), 'medium'); // 0 is a real threshold
});

test('decide: match, create, none, ambiguous', () => {
  assert.deepEqual(decide([0.5, 0.91, 0.7], { threshold: 0.8 }), {
  // Margins are snapped like every boundary derived from a threshold (0.91 - 0.8 is 0.10999999999999999 in binary).
    outcome: 'match', threshold: 0.8, passing: 1,
    best: { index: 1, score: 0.91, margin: 0.11 },
    second: { index: 2, score: 0.7, margin: -0.1 },
  });
  assert.equal(decide([0.5], { threshold: 0.8 }).outcome, 'create');
  assert.equal(decide([0.5], { threshold: 0.8, mode: 'backward' }).outcome, 'none');
  assert.equal(decide(new Float32Array([0.86, 0.85]), { threshold: 0.8, minGap: 0.02 }).outcome, 'ambiguous');
  assert.equal(decide([0.9], { threshold: { value: 0.95, source: 'type' } }).outcome, 'create');
  assert.equal(abstain(0.8, { act: 0.85, reject: 0.7 }), 'escalate');
});

test('explain gives data and one sentence', () => {
  const e = explain(0.8, [0.91, 0.78, 0.76, 0.5, 0.86]);
  assert.equal(e.text, 'Threshold 0.80 (given): 2 of 5 candidates match; the best scores 0.910, 0.110 above it; 2 more are within 0.05 below. A threshold of 0.75 would accept 4 candidates; 0.85 would accept 2 candidates.');
  assert.deepEqual(e.alternatives.map((a) => [a.threshold, a.wouldMatch]), [[0.75, 4], [0.85, 2]]);
  assert.equal(e.nearThreshold, 2);
  assert.equal(e.applied, 'given');
});

test('parseFieldSpec: the DSL and its error messages', () => {
  assert.deepEqual(parseFieldSpec('~>ICP(0.82)'), { direction: 'forward', target: 'ICP', threshold: 0.82, many: false });
  assert.deepEqual(parseFieldSpec('<~Industry'), { direction: 'backward', target: 'Industry', threshold: null, many: false });
  assert.deepEqual(parseFieldSpec(['~>Company(0.85)']), { direction: 'forward', target: 'Company', threshold: 0.85, many: true });
  const errors = {
    '': 'field spec is empty: expected \'~>\' or \'<~\' followed by a type name, e.g. "~>Industry(0.78)"',
    '~>': 'field spec "~>": expected a type name at position 2, found end of input',
    '~>ICP(': 'field spec "~>ICP(": expected a threshold number such as 0.85 at position 6, found end of input',
    '~>ICP(1.5)': 'field spec "~>ICP(1.5)": threshold 1.5 at position 6 is out of range; expected a number in [-1, 1]',
    '=>ICP': 'field spec "=>ICP": expected \'~>\' or \'<~\' at position 0, found \'=\'',
    '~>ICP(0.8)x': 'field spec "~>ICP(0.8)x": expected the end of the spec at position 10, found \'x\'',
  };
  for (const [spec, message] of Object.entries(errors)) assert.throws(() => parseFieldSpec(spec), { name: 'RangeError', message });
  assert.throws(() => parseFieldSpec(42), { name: 'TypeError', message: 'spec must be a string such as "~>Industry(0.78)", got number' });
});

test('fusion: normalize and rrf with pinned edge cases', () => {
  assert.deepEqual(Array.from(normalize(new Float32Array([1, 3, 2]), 'minmax')), [0, 1, 0.5]);
  assert.deepEqual(Array.from(normalize([0.7, 0.7], 'minmax')), [1, 1]);
  assert.deepEqual(Array.from(normalize([0.7, 0.7], 'zscore')), [0, 0]);
  assert.deepEqual(Array.from(normalize([], 'zscore')), []);
  const z = normalize([1, 2, 3], 'zscore');
  assert.ok(Math.abs(z[2] - 1 / Math.sqrt(2 / 3)) < 1e-6);
  const fused = rrf([['a', 'b', 'c'], ['b', 'a', 'b'], ['d']]);
  assert.deepEqual(fused.map((f) => f.id), ['a', 'b', 'd', 'c']);
  assert.equal(fused[0].score, 1 / 61 + 1 / 62);
  assert.equal(rrf([['x']], 1)[0].score, 0.5);
  assert.deepEqual(rrf([]), []);
  assert.throws(() => rrf([['a']], 0), { name: 'RangeError', message: 'k must be a finite number > 0, got 0' });
  assert.throws(() => normalize([1, NaN], 'minmax'), { name: 'RangeError', message: 'scores[1] must be a finite number, got NaN' });
  assert.throws(() => normalize([1], 'l2'), { name: 'TypeError', message: 'method must be "minmax" or "zscore", got "l2"' });
});

test('bad input to decisions is a named Error', () => {
  assert.throws(() => decide([0.5, NaN], { threshold: 0.8 }), { name: 'RangeError', message: 'scores[1] must be a finite number, got NaN' });
  assert.throws(() => decide([0.5], { threshold: 1.5 }), { name: 'RangeError', message: 'options.threshold must be a number in [-1, 1], got 1.5' });
  assert.throws(() => decide([0.5], { threshold: 0.8, mode: 'sideways' }), { name: 'TypeError', message: 'options.mode must be "forward" or "backward", got "sideways"' });
  assert.throws(() => decide([0.5], { threshold: 0.8, gap: 1 }), { name: 'TypeError', message: 'options has an unknown key "gap"; expected one of: threshold, mode, minGap' });
  assert.throws(() => decide(['0.5'], { threshold: 0.8 }), { name: 'TypeError', message: 'scores[0] must be a number, got string' });
  assert.throws(() => band(0.9, 0.8, { high: -0.1 }), { name: 'RangeError', message: 'margins.high must be a finite number >= 0, got -0.1' });
  assert.throws(() => cacheTier(0.9, { confident: 0.8, tentative: 0.9 }), { name: 'RangeError', message: 'tentative (0.9) must not exceed confident (0.8)' });
  assert.throws(() => abstain(0.9, { act: 0.8 }), { name: 'TypeError', message: 'options.reject is required' });
  assert.equal(band(0.9, 0.8), 'high'); // still working
});

test("seed 000's feedback rule through adjustFromFeedback", async () => {
  const { adjustFromFeedback } = await import('simgate');
  const fb = (ok, fp, fn) => [
    ...Array(ok).fill({ correct: true }),
    ...Array(fp).fill({ correct: false }),
    ...Array(fn).fill({ correct: false, suggestedMatch: 'the right one' }),
  ];
  assert.deepEqual(adjustFromFeedback(0.8, fb(8, 2, 0)), { threshold: 0.82, falsePositiveRate: 0.2, falseNegativeRate: 0 });
  assert.equal(adjustFromFeedback(0.8, fb(9, 1, 0)).threshold, 0.8);
  assert.equal(adjustFromFeedback(0.8, fb(7, 0, 3)).threshold, 0.78);
  assert.equal(adjustFromFeedback(0.94, fb(0, 5, 0)).threshold, 0.95);
  assert.equal(adjustFromFeedback(0.94, fb(0, 5, 0), { max: 1 }).threshold, 0.96);
  assert.throws(() => adjustFromFeedback(0.8, []), { name: 'RangeError', message: 'feedback is empty: there is nothing to learn from' });
  assert.throws(() => adjustFromFeedback(0.8, [{ correct: 'yes' }]), { name: 'TypeError', message: 'feedback[0].correct must be a boolean, got string' });
});
