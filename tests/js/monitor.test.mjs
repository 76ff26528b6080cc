// The Monitor, noiseFloor and model stamps through the package: counts
// against hand-computed values, PSI on a small reference, four merged
// monitors equal one, the JSON round trip (a restored monitor goes on
// exactly as the original would), tampered states refused, bad input named
// with the monitor unchanged, a Matcher refusing a set of another model,
// and the noise floor of the bundled sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matcher, Monitor, Thresholds, VectorSet, calibrate, noiseFloor } from 'simgate';
import { D, embA, embB, sample } from './support/data.mjs';

test('counts, tiers, histogram and advice against hand-computed values', () => {
  const m = new Monitor({ threshold: 0.9, tiers: { confident: 0.95, tentative: 0.88 }, bins: 10, seed: 1 });
  m.recordMany([0.97, 0.92, 0.91, 0.89, 0.5, 0.93]);
  let s = m.stats();
  // Hits 0.97, 0.92, 0.91, 0.93: mean 0.9325; borderline [0.90, 0.95): 3.
  assert.equal(s.count, 6);
  assert.equal(s.hits, 4);
  assert.equal(s.hitRate, 4 / 6);
  assert.ok(Math.abs(s.meanScoreOnHits - 0.9325) < 1e-12);
  assert.deepEqual(s.borderline, { count: 3, share: 0.75 });
  assert.deepEqual(s.tiers, { confident: 1, tentative: 4, miss: 1 });
  assert.deepEqual(Array.from(s.histogram.counts), [0, 0, 0, 0, 0, 1, 0, 0, 1, 4]);
  assert.equal(s.histogram.edges.length, 11);
  assert.equal(s.psi, null);
  assert.deepEqual(s.advice, ['3 borderline hits (scores from 0.90 to below 0.95) are sampled for review, of 3 in all: label them and calibrate again.']);
  m.record(0.9, { id: 'q-7', query: 'how do I reset my password', match: 'password reset steps', type: 'FAQ', time: 1_700_000_000_000 });
  s = m.stats();
  assert.ok(Math.abs(s.meanScoreOnHits - 0.926) < 1e-12);
  assert.match(s.advice[0], /^Mean score on hits is 0\.926, within 0\.03 of the threshold 0\.90: many hits are borderline; review them\.$/);
  const sampled = m.borderline().find((e) => e.id === 'q-7');
  assert.deepEqual(sampled, { score: 0.9, id: 'q-7', query: 'how do I reset my password', match: 'password reset steps', type: 'FAQ', time: 1_700_000_000_000 });
  // The event decides: a cached exact-text answer at 0.2 is a hit, a rejected 0.99 is not.
  m.record(0.2, { hit: true });
  m.record(0.99, { hit: false });
  assert.deepEqual([m.stats().count, m.stats().hits], [9, 6]);
  m.free();
});

test('low hit rate advice, and PSI with drift against a reference', () => {
  const m = new Monitor({ threshold: 0.8, reference: { edges: [0, 0.5, 1], counts: [12, 8] }, seed: 2 });
  m.recordMany(Array.from({ length: 40 }, (_, i) => (i < 30 ? 0.3 : 0.85)));
  const s = m.stats();
  // Shares now 0.75 / 0.25 against 0.6 / 0.4: PSI 0.104.
  const psi = (0.75 - 0.6) * Math.log(0.75 / 0.6) + (0.25 - 0.4) * Math.log(0.25 / 0.4);
  assert.ok(Math.abs(s.psi - psi) < 1e-12, `${s.psi} vs ${psi}`);
  assert.equal(s.drift, 'moderate');
  assert.deepEqual(Array.from(s.histogram.edges), [0, 0.5, 1]);
  assert.equal(s.advice[0], 'Hit rate is 25% (10 of 40), below 30%: the threshold 0.80 may be too high for this traffic, or the traffic is too unique to match; look at a sample of misses.');
  assert.match(s.advice[1], /^Scores have drifted from the reference \(PSI 0\.104, moderate\): re-calibrate the threshold on fresh labeled pairs\.$/);
  m.free();
});

test('four merged monitors equal one; the JSON round trip goes on exactly as the original', () => {
  const scores = Float64Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 4000) / 4000);
  const options = { threshold: 0.8, tiers: { confident: 0.95, tentative: 0.85 }, sample: 25 };
  const one = new Monitor({ ...options, seed: 1 });
  one.recordMany(scores);
  const parts = [0, 1, 2, 3].map((i) => new Monitor({ ...options, seed: 10 + i }));
  parts.forEach((p, i) => p.recordMany(scores.subarray(i * 1000, (i + 1) * 1000)));
  for (const p of parts.slice(1)) parts[0].merge(p);
  const strip = (s) => ({ ...s, histogram: { edges: Array.from(s.histogram.edges), counts: Array.from(s.histogram.counts) } });
  assert.deepEqual(strip(parts[0].stats()), strip(one.stats()));
  assert.equal(parts[0].borderline().length, 25);

  const state = JSON.parse(JSON.stringify(parts[0]));
  const back = Monitor.fromJSON(state);
  assert.deepEqual(strip(back.stats()), strip(parts[0].stats()));
  assert.deepEqual(back.borderline(), parts[0].borderline());
  const more = Float64Array.from({ length: 500 }, (_, i) => 0.8 + (i % 50) / 1000);
  back.recordMany(more);
  parts[0].recordMany(more);
  assert.deepEqual(back.borderline(), parts[0].borderline(), 'the sampler state travels with the JSON');

  // Tampered states are refused, naming what disagrees.
  const tamper = (f) => { const t = structuredClone(state); f(t); return t; };
  assert.throws(() => Monitor.fromJSON(tamper((t) => { t.count += 1; })), { message: /^state: counts do not add up: the histogram holds 4000 events, count is 4001$/ });
  assert.throws(() => Monitor.fromJSON(tamper((t) => { t.hits = t.count + 1; })), { message: /^state: counts do not add up: hits/ });
  assert.throws(() => Monitor.fromJSON(tamper((t) => { t.samples.pop(); })), { message: /^state: counts do not add up: 24 sampled events, expected 25$/ });
  assert.throws(() => Monitor.fromJSON(tamper((t) => { t.histogram[0] = -1; })), { message: /^state\.histogram\[0\] must be a non-negative integer, got -1/ });
  assert.throws(() => Monitor.fromJSON(tamper((t) => { t.version = 2; })), { message: /^state\.version is 2; this build reads Monitor state version 1$/ });
  assert.throws(() => parts[0].merge(new Monitor({ threshold: 0.7 })), { message: /^other: other must be a Monitor with the same options to merge \(threshold 0\.8 vs 0\.7\)$/ });
  assert.throws(() => parts[0].merge({}), { name: 'TypeError', message: 'other must be a Monitor, got Object' });
  assert.throws(() => parts[0].merge(parts[0]), { name: 'TypeError', message: 'other must be a different Monitor than the one merged into' });
  [one, back, ...parts].forEach((m) => m.free());
});

test('bad input is named and leaves the monitor unchanged', () => {
  const m = new Monitor({ threshold: 0.9, seed: 3 });
  m.recordMany([0.95, 0.5]);
  const before = JSON.stringify(m);
  const cases = [
    [() => m.record(NaN), { name: 'RangeError', message: 'score must be a finite number in [-1, 1], got NaN' }],
    [() => m.record(Infinity), { name: 'RangeError', message: 'score must be a finite number in [-1, 1], got Infinity' }],
    [() => m.record('0.9'), { name: 'TypeError', message: 'score must be a number, got string' }],
    [() => m.record(0.9, { hit: 'yes' }), { name: 'TypeError', message: 'event.hit must be a boolean, got string' }],
    [() => m.record(0.9, { score: 0.9 }), { name: 'TypeError', message: /^event has an unknown key "score"/ }],
    [() => m.recordMany([0.9, NaN]), { name: 'RangeError', message: 'scores[1] must be a finite number in [-1, 1], got NaN' }],
  ];
  for (const [call, error] of cases) {
    assert.throws(call, error);
    assert.equal(JSON.stringify(m), before, 'unchanged after a rejected call');
  }
  const bad = [
    [{}, { name: 'TypeError', message: 'options.threshold is required' }],
    [{ threshold: 1.5 }, { name: 'RangeError', message: 'options.threshold must be a number in [-1, 1], got 1.5' }],
    [{ threshold: 0.9, borderline: 0 }, { name: 'RangeError', message: 'options: borderline must be a number in (0, 1], got 0' }],
    [{ threshold: 0.9, reference: { edges: [0, 0.5, 1], counts: [1] } }, { message: 'options: reference.edges must hold one more value than reference.counts (bins + 1 edges), got 3 edges and 1 counts' }],
    [{ threshold: 0.9, reference: { edges: [0, 1], counts: [-2] } }, { message: 'options: reference.counts[0] must be a non-negative number, got -2' }],
    [{ threshold: 0.9, reference: { edges: [0.5, 0.5], counts: [1] } }, { message: 'options: reference.edges must increase, but edges[1] = 0.5 follows 0.5' }],
    [{ threshold: 0.9, tiers: { confident: 0.8, tentative: 0.9 } }, { message: 'options: tiers.tentative (0.9) must not exceed tiers.confident (0.8)' }],
    [{ threshold: 0.9, bins: 0 }, { message: 'options.bins must be an integer from 1 to 10000, got 0' }],
    [{ threshold: 0.9, sampel: 3 }, { name: 'TypeError', message: /^options has an unknown key "sampel"/ }],
  ];
  for (const [options, error] of bad) assert.throws(() => new Monitor(options), error);
  assert.equal(m.stats().count, 2);
  m.free();
});

test('model stamps: calibrate({ model }) -> toConfig -> Thresholds.model; a Matcher refuses another model', () => {
  const cal = calibrate(Float32Array.from(sample.scores), sample.labels, { model: 'all-MiniLM-L6-v2' });
  const config = cal.toConfig();
  assert.equal(config.model, 'all-MiniLM-L6-v2');
  const thresholds = new Thresholds(config);
  assert.equal(thresholds.model, 'all-MiniLM-L6-v2');
  assert.equal(Thresholds.preset('default').model, null);
  const other = new VectorSet(D, { model: 'text-embedding-3-small' });
  other.add(embA.subarray(0, D));
  assert.throws(() => new Matcher(other, thresholds), { message: 'thresholds were calibrated on all-MiniLM-L6-v2; the set holds text-embedding-3-small embeddings (recalibrate on text-embedding-3-small\'s scores, or use the set the thresholds were measured on)' });
  const same = new VectorSet(D, { model: 'all-MiniLM-L6-v2' });
  same.add(embA.subarray(0, D));
  const unstamped = new VectorSet(D);
  unstamped.add(embA.subarray(0, D));
  new Matcher(same, thresholds).free();
  new Matcher(unstamped, thresholds).free();
  new Matcher(other, Thresholds.preset('default')).free();
  assert.throws(() => new Thresholds({ model: 7 }), { name: 'TypeError', message: 'config.model must be a non-empty string (the embedding model), got 7' });
  assert.throws(() => calibrate([0.9, 0.1], [1, 0], { model: '' }), { message: /^options\.model must be a non-empty string/ });
  [cal, thresholds, other, same, unstamped].forEach((x) => x.free());
});

test('noiseFloor of the bundled sentences: what unrelated items score', () => {
  const set = new VectorSet(D, { precisions: ['i8'] });
  set.add(embA);
  set.add(embB);
  const floor = noiseFloor(set, { pairs: 20_000, seed: 5 });
  console.log(`noise floor, 2,994 MiniLM sentences, 20,000 random pairs at i8: mean ${floor.mean.toFixed(4)}, p50 ${floor.p50.toFixed(4)}, p95 ${floor.p95.toFixed(4)}, p99 ${floor.p99.toFixed(4)}, max ${floor.max.toFixed(4)}`);
  assert.equal(floor.pairs, 20_000);
  assert.ok(floor.mean > 0 && floor.mean < 0.2, `${floor.mean}`);
  assert.ok(floor.p50 < floor.p95 && floor.p95 < floor.p99 && floor.p99 <= floor.max);
  assert.deepEqual(noiseFloor(set, { pairs: 1000, seed: 5 }), noiseFloor(set, { pairs: 1000, seed: 5 }));
  const p128 = noiseFloor(set, { pairs: 20_000, seed: 5, dims: 128 });
  assert.ok(p128.p99 > floor.p99 - 0.05, 'a 128-dim prefix does not lower the floor much');
  assert.throws(() => noiseFloor({}, {}), { name: 'TypeError', message: 'set must be a VectorSet, got Object' });
  assert.throws(() => noiseFloor(set, { pairs: 0 }), { message: 'options.pairs must be an integer from 1 to 10000000, got 0' });
  assert.throws(() => noiseFloor(set, { dims: 1000 }), { name: 'RangeError' });
  const bits = new VectorSet(D, { precisions: ['b1'] });
  bits.add(embA.subarray(0, 4 * D));
  assert.throws(() => noiseFloor(bits), { message: /keeps only sign bits/ });
  set.free();
  bits.free();
});
