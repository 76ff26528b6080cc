// The calibration API through the package's `node` export, checked against
// the scikit-learn fixture (tests/fixtures/calibration.json) on the bundled data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Thresholds, calibrate, calibratePairs, cosine } from 'simgate';
import { D, embA, embB } from './support/data.mjs';
import { readF32 } from './support/files.mjs';

const dir = new URL('../../data/stsb-dev-minilm/', import.meta.url);
const bytes = (f) => readFileSync(new URL(f, dir));
const scores = readF32(new URL('cos_full.f32', dir));
const labels = new Uint8Array(bytes('label.u8'));
const names = JSON.parse(bytes('meta.json')).classes;
const classes = Array.from(bytes('class.u8'), (c) => names[c]);
const fixture = JSON.parse(readFileSync(new URL('../fixtures/calibration.json', import.meta.url)));
const want = fixture.cases.find((c) => c.name === 'stsb-dev-minilm/full');
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('at(t) is the confusion matrix counted by hand at every distinct score', () => {
  const cal = calibrate(scores, labels);
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  const probes = [-1, 2, ...distinct, ...distinct.map((s) => s + 1e-9)];
  for (const t of probes) {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    scores.forEach((s, i) => {
      if (s >= t) labels[i] ? tp++ : fp++;
      else labels[i] ? fn++ : tn++;
    });
    const m = cal.at(t);
    assert.deepEqual([m.tp, m.fp, m.fn, m.tn], [tp, fp, fn, tn], `at(${t})`);
    assert.equal(m.precision, tp + fp ? tp / (tp + fp) : null);
    assert.equal(m.recall, tp / (tp + fn));
    close(m.f1, tp ? (2 * tp) / (2 * tp + fp + fn) : 0, 1e-15, `f1 at ${t}`);
  }
  const best = cal.best();
  assert.equal(cal.at(best.threshold).f1, best.f);
  assert.throws(() => cal.at(Number.NaN), { name: 'RangeError', message: 'threshold must be a finite number, got NaN' });
  assert.throws(() => cal.at('0.8'), { name: 'TypeError', message: 'threshold must be a number, got string' });
  assert.equal(cal.at(0.8).threshold, 0.8); // still usable after the errors
  cal.free();
});

test('agrees with scikit-learn on the MiniLM dev set', () => {
  const cal = calibrate(scores, labels, { classes, seed: 1 });
  assert.equal(cal.length, 1497);
  close(cal.auc(), want.auc, 1e-12, 'auc');
  const pr = cal.prCurve();
  assert.deepEqual(Array.from(pr.thresholds), want.pr_curve.thresholds);
  pr.precision.forEach((p, i) => close(p, want.pr_curve.precision[i], 1e-12, `precision[${i}]`));
  const best = cal.best();
  assert.equal(best.threshold, want.best_f1.threshold);
  close(best.f, want.best_f1.f, 1e-12, 'f1');
  assert.equal(cal.best(2).threshold, want.best_f2.threshold);
  assert.equal(cal.atPrecision(0.9).threshold, want.at_precision['0.9'].threshold);
  assert.equal(cal.atPrecision(1)?.threshold ?? null, want.at_precision['1.0']?.threshold ?? null);
  const p = cal.platt();
  close(p.a, want.platt.a, 1e-4 * Math.abs(want.platt.a), 'platt a');
  close(p.b, want.platt.b, 1e-4 * Math.abs(want.platt.b), 'platt b');
  const iso = cal.isotonic();
  assert.deepEqual(Array.from(iso.x), want.isotonic.x);
  want.isotonic.grid.forEach((s, i) => close(cal.probability(s, 'isotonic'), want.isotonic.predict[i], 1e-9, `isotonic(${s})`));
  const rel = cal.reliability('isotonic');
  close(rel.ece, want.isotonic_reliability.ece, 1e-12, 'isotonic ece');
  close(rel.brier, want.isotonic_reliability.brier, 1e-12, 'isotonic brier');
  assert.deepEqual(rel.bins.map((b) => b.count), want.isotonic_reliability.counts);
  const h = cal.histogram();
  assert.deepEqual(Array.from(h.positive), want.histogram.positive);
  assert.deepEqual(Array.from(h.negative), want.histogram.negative);
  const per = cal.perClass();
  for (const [k, w] of Object.entries(want.per_class)) assert.equal(per[k].threshold, w.threshold, k);
  assert.deepEqual(cal.gap(), { maxNegative: want.gap.max_negative, minPositive: want.gap.min_positive, midpoint: null });
  cal.free();
});

test('bootstrap is reproducible from a seed and brackets the estimate', () => {
  const cal = calibrate(scores, labels, { seed: 42 });
  const a = cal.bootstrap(200);
  assert.deepEqual(a, cal.bootstrap(200, 42));
  assert.notDeepEqual(a, cal.bootstrap(200, 43));
  const best = cal.best();
  assert.ok(a.threshold.low <= best.threshold && best.threshold <= a.threshold.high, JSON.stringify(a));
  const unseeded = calibrate(scores, labels).bootstrap(50);
  assert.equal(unseeded.rounds, 50);
  cal.free();
});

test('toConfig and calibratePairs feed Thresholds', () => {
  const cal = calibrate(scores, labels, { classes });
  const cfg = cal.toConfig();
  assert.equal(cfg.default, want.best_f1.threshold);
  // forum has 15 same pairs, fewer than the 30 a class needs for its own
  // threshold: it keeps the default. captions and news have their own.
  assert.equal(want.per_class.forum.positives ?? 15, 15);
  assert.equal(cfg.types.forum, undefined);
  assert.equal(cfg.types.captions, want.per_class.captions.threshold);
  assert.ok(cfg.bounds.min <= cfg.default - 0.05 && cfg.bounds.max >= cfg.default + 0.05);
  const t = new Thresholds(cfg);
  assert.equal(t.resolve({ type: 'news' }).value, want.per_class.news.threshold);
  assert.equal(cal.toConfig({ target: { precision: 0.9 } }).default, want.at_precision['0.9'].threshold);
  const pairs = calibratePairs(embA, embB, D, labels, { prefixes: [64, 128, 256] });
  assert.deepEqual(pairs.prefixes.map((r) => r.dims), [64, 128, 256, 384]);
  assert.deepEqual(Object.keys(pairs.table), ['64', '128', '256']);
  // toConfig with the same pairs' prefix scores writes the same table.
  const pairScores = (p) => Float64Array.from(labels, (_, i) => cosine(embA.subarray(i * D, (i + 1) * D), embB.subarray(i * D, (i + 1) * D), p));
  const withPrefixes = cal.toConfig({ prefixes: [64, 128, 256].map((dims) => ({ dims, scores: pairScores(dims) })), fullDims: D });
  assert.equal(withPrefixes.dimensionAdjustment.baseDimensions, D);
  // Equal up to the full-dims reference: cal holds float32 scores, calibratePairs f64 cosines.
  for (const p of ['64', '128', '256']) close(withPrefixes.dimensionAdjustment.table[p], pairs.table[p], 1e-6, `shift at ${p}`);
  for (const shift of Object.values(withPrefixes.dimensionAdjustment.table)) {
    assert.ok(withPrefixes.bounds.min <= withPrefixes.default + shift - 0.05 + 1e-12, 'bounds hold the shifted threshold');
  }
  assert.throws(() => cal.toConfig({ prefixes: [{ dims: 64, scores: pairScores(64) }] }), { name: 'TypeError', message: 'options.fullDims (with options.prefixes) is required' });
  assert.throws(() => cal.toConfig({ prefixes: [{ dims: 64, scores: [0.5] }], fullDims: D }), { name: 'RangeError', message: `options.prefixes[0].scores has 1 entries but the calibration has ${labels.length} pairs` });
  const measured = new Thresholds({ dimensionAdjustment: { baseDimensions: 384, table: pairs.table } });
  const r = measured.resolve({ dims: 64 });
  close(r.value, 0.8 + pairs.table['64'], 1e-12, 'measured shift');
  assert.ok(pairs.table['64'] > 0, 'the F1-optimal threshold rises at 64 dims here');
  cal.free();
});

test('bad input: named errors, and the instance keeps working', () => {
  const cal = calibrate([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0]);
  const cases = [
    [() => calibrate([0.1, 0.2], [1]), RangeError, 'scores and labels must have the same length, got 2 and 1'],
    [() => calibrate([], []), RangeError, 'scores is empty: calibration needs at least one labeled pair'],
    [() => calibrate([0.1, NaN], [1, 0]), RangeError, 'scores[1] must be a finite number, got NaN'],
    [() => calibrate(new Float32Array([0.1, Infinity]), [1, 0]), RangeError, 'scores[1] must be a finite number, got Infinity'],
    [() => calibrate([0.1, 0.2], [1, 2]), RangeError, 'labels[1] must be 0 or 1, got 2'],
    [() => calibrate([0.1, 0.2], new Uint8Array([1, 7])), RangeError, 'labels[1] must be 0 or 1, got 7'],
    [() => calibrate([0.1, 0.2], 'ab'), TypeError, 'labels must be a Uint8Array (or an array) of 0/1 labels, got string'],
    [() => calibrate([0.1, 0.2], [1, 1]).platt(), Error, 'platt() needs both classes, but there is no negative (label 0) pair'],
    [() => calibrate([0.1, 0.2], [0, 0]).auc(), Error, 'auc() needs both classes, but there is no positive (label 1) pair'],
    [() => cal.atPrecision(0), RangeError, 'target precision must be a number in (0, 1], got 0'],
    [() => cal.atPrecision(1.5), RangeError, 'target precision must be a number in (0, 1], got 1.5'],
    [() => cal.reliability('platt', 0), RangeError, 'bins must be an integer >= 1, got 0'],
    [() => cal.histogram(0), RangeError, 'bins must be an integer >= 1, got 0'],
    [() => cal.reliability('beta'), TypeError, 'method must be "platt" or "isotonic", got "beta"'],
    [() => calibrate([0.1, 0.2], [1, 0], { classes: ['a'] }), RangeError, 'classes must have one entry per pair: got 1 for 2 pairs'],
    [() => cal.bootstrap(0), RangeError, 'bins must be an integer >= 1, got 0'.replace('bins', 'rounds')],
    [() => cal.perClass(), Error, 'perClass() needs classes: pass { classes } to calibrate()'],
    [() => cal.best(0), RangeError, 'beta must be a finite number > 0, got 0'],
    [() => calibrate([0.1, 0.2], [1, 0], { clases: [] }), TypeError, 'options has an unknown key "clases"; expected one of: classes, seed, model'],
    [() => cal.toConfig({ target: { precision: 2 } }), RangeError, 'target precision must be a number in (0, 1], got 2'],
  ];
  for (const [call, cls, message] of cases) {
    assert.throws(call, (e) => e.constructor === cls && e.message === message && !(e instanceof WebAssembly.RuntimeError), message);
    assert.equal(cal.best().threshold, 0.8);
  }
  console.log(`calibration bad-input cases: ${cases.length}`);
});
