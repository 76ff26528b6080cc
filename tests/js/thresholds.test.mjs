// Thresholds (presets, resolution, configs, schemas) and the Matcher, through
// the package's `node` export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matcher, Thresholds, VectorSet, band, decide, explain } from 'simgate';
import { D, N, embA, embB, row } from './support/data.mjs';

test("presets carry seed 000's tables", () => {
  const d = Thresholds.preset('default').toJSON();
  assert.equal(d.default, 0.8);
  assert.deepEqual(
    ['Occupation', 'Skill', 'Industry', 'ICP', 'Product', 'Tag', 'Company', 'Person', 'Location', 'Topic'].map((t) => d.types[t]),
    [0.75, 0.72, 0.78, 0.82, 0.8, 0.85, 0.85, 0.88, 0.9, 0.75],
  );
  const s = Thresholds.preset('strict').toJSON();
  const l = Thresholds.preset('loose').toJSON();
  assert.deepEqual([s.default, s.types.Person, s.types.Skill, l.default, l.types.Skill, l.types.Location], [0.85, 0.92, 0.78, 0.75, 0.65, 0.85]);
  assert.throws(() => Thresholds.preset('lenient'), { name: 'RangeError', message: 'preset name must be "default", "strict" or "loose", got "lenient"' });
});

test('resolution: spec > field > type > default, with sources', () => {
  const t = new Thresholds({ default: 0.8, types: { Industry: 0.78, Startup: 0.9 }, fields: { 'Startup.industry': 0.7 } });
  const r = (q) => { const x = t.resolve(q); return [x.value, x.source]; };
  assert.deepEqual(r(), [0.8, 'default']);
  assert.deepEqual(r({ type: 'Industry' }), [0.78, 'type']);
  assert.deepEqual(r({ type: 'Startup', field: 'industry' }), [0.7, 'field']);
  assert.deepEqual(r({ field: 'Startup.industry' }), [0.7, 'field']);
  assert.deepEqual(r({ type: 'Startup', field: 'industry', spec: '~>Industry(0.95)' }), [0.95, 'spec']);
  assert.deepEqual(r({ spec: '~>Industry' }), [0.78, 'type']);
  assert.deepEqual(new Thresholds({ types: { Any: 0 } }).resolve({ type: 'Any' }).value, 0);
});

test("seed 000's dimension formula and adaptive rule, and a measured table", () => {
  const t = new Thresholds({ dimensionAdjustment: true, adaptive: true });
  const r = t.resolve({ dims: 256 });
  assert.ok(Math.abs(r.value - (0.8 - (1 - 256 / 768) * 0.05)) < 1e-12);
  assert.equal(r.adjustments[0].kind, 'dimensions');
  assert.equal(t.resolve({ candidateCount: 5 }).value, 0.7);
  assert.equal(t.resolve({ candidateCount: 500 }).value, 0.8);
  assert.equal(t.resolve({ candidateCount: 5000 }).value, 0.85);
  const low = new Thresholds({ default: 0.7, adaptive: true }).resolve({ candidateCount: 3 });
  assert.deepEqual([low.value, low.adjustments], [0.65, [{ kind: 'adaptive', delta: -0.1 }, { kind: 'clamp', delta: 0.05 }]]);
  const measured = new Thresholds({ types: { Industry: 0.78 }, dimensionAdjustment: { table: { 256: -0.02 } } });
  const m = measured.resolve({ type: 'Industry', dims: 256 });
  assert.equal(m.value, 0.76);
  const e = explain(m, [0.8, 0.75, 0.5]);
  assert.equal(e.applied, 'type');
  assert.ok(e.text.startsWith('Threshold 0.76 for Industry (type threshold 0.78, lowered 0.02 for 256 of 768 dims): 1 of 3 candidates match'), e.text);
});

test('toJSON round-trips and fromSchema reads the seed style', () => {
  const cfg = { default: 0.7, types: { ICP: 0.82 }, fields: { 'A.b': 0.9 }, adaptive: { few: 5 }, bands: { high: 0.05 }, bounds: { min: 0.5, max: 0.99 } };
  const t = new Thresholds(cfg);
  assert.deepEqual(new Thresholds(t.toJSON()).toJSON(), t.toJSON());
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t.toJSON());
  const s = Thresholds.fromSchema({
    ICP: { $threshold: 0.82, name: 'string' },
    Industry: { $threshold: 0.78 },
    Startup: { customer: '~>ICP(0.85)', industry: '~>Industry', competitors: ['~>Company(0.85)'], name: 'string' },
  }).toJSON();
  assert.deepEqual(s.types, { ICP: 0.82, Industry: 0.78 });
  assert.deepEqual(s.fields, { 'Startup.competitors': 0.85, 'Startup.customer': 0.85, 'Startup.industry': 0.78 });
});

test('bad configs and queries name the field; the instance keeps working', () => {
  const cases = [
    [() => new Thresholds({ defualt: 0.8 }), TypeError, 'config has an unknown key "defualt"; expected one of: default, types, fields, adaptive, dimensionAdjustment, bands, bounds, model'],
    [() => new Thresholds({ types: { ICP: 1.5 } }), RangeError, 'config.types.ICP must be a threshold in [-1, 1], got 1.5'],
    [() => new Thresholds({ default: NaN }), RangeError, 'config.default must be a threshold in [-1, 1], got NaN'],
    [() => new Thresholds({ types: { ICP: '0.8' } }), TypeError, 'config.types.ICP must be a number, got "0.8"'],
    [() => new Thresholds({ bands: { low: -1 } }), RangeError, 'config.bands.low must be a finite number >= 0, got -1'],
    [() => new Thresholds({ types: new Map() }), TypeError, 'config.types must be an object mapping type names to thresholds, got Map'],
    [() => new Thresholds('strict'), TypeError, 'config must be an object, got "strict"'],
    [() => Thresholds.fromSchema({ A: { x: '~>B(' } }), RangeError, 'schema.A.x: field spec "~>B(": expected a threshold number such as 0.85 at position 4, found end of input'],
  ];
  const ok = new Thresholds({ types: { T: 0.7 } });
  for (const [call, cls, message] of cases) {
    assert.throws(call, (e) => e.constructor === cls && e.message === message, message);
    assert.equal(ok.resolve({ type: 'T' }).value, 0.7);
  }
  assert.throws(() => ok.resolve({ typ: 'T' }), { name: 'TypeError', message: 'query has an unknown key "typ"; expected one of: type, field, spec, dims, fullDims, candidateCount' });
  assert.throws(() => ok.resolve({ type: 7 }), { name: 'TypeError', message: 'query.type must be a string, got number' });
  assert.throws(() => ok.resolve({ spec: '=>T' }), { name: 'RangeError' });
});

test('Matcher: the ~> / <~ operator on the real embeddings', () => {
  const set = new VectorSet(D);
  set.add(embB, Array.from({ length: N }, (_, i) => `b${i}`));
  const thresholds = Thresholds.preset('default');
  // No type metadata: types pick thresholds only.
  const m = new Matcher(set, thresholds, { k: 5, typeKey: null });
  for (const i of [0, 1, 100, 1000]) {
    const q = row(embA, i);
    const r = m.match(q, { spec: '~>Topic' });
    assert.equal(r.threshold.value, 0.75);
    const scores = set.scores(q);
    const want = decide(scores, { threshold: 0.75 });
    assert.deepEqual(r.decision, want);
    assert.equal(r.explanation.matched, want.passing);
    assert.equal(r.candidates.length, 5);
    for (const c of r.candidates) {
      assert.equal(c.score, scores[c.index]);
      assert.equal(c.band, band(c.score, 0.75));
      assert.equal(c.id, `b${c.index}`);
    }
    const back = m.match(q, { spec: '<~Location(0.999)' });
    assert.equal(back.decision.outcome, 'none');
  }
  const cascaded = new Matcher(set, thresholds, { k: 3, cascade: { coarseDims: 64, coarseK: 50 }, typeKey: null });
  const r = cascaded.match(row(embA, 0), { type: 'Topic' });
  const want = set.cascade(row(embA, 0), { coarseDims: 64, coarseK: 50, k: 3 });
  assert.deepEqual(r.candidates.map((c) => c.index), want.map((w) => w.index));
  assert.equal(r.decision.best.index, want[0].index);
  assert.throws(() => m.match(row(embA, 0), { dims: 999 }), { name: 'RangeError', message: 'lookup.dims must be an integer from 1 to 384, got 999' });
  set.free(); // the matcher still holds the set
  assert.equal(m.match(row(embA, 0), {}).candidates.length, 5);
  m.free();
  cascaded.free();
});
