// Every exported function and method, called with junk in every argument
// position: each call either works or throws a named Error; none may trap
// (a WebAssembly.RuntimeError would mean a panic inside wasm), and the
// module keeps giving right answers afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sg from 'simgate';

const junk = [
  undefined, null, true, 'x', '', 0, -1, 1.5, 2 ** 40, -(2 ** 53), NaN, Infinity, {}, [], [NaN], ['a'], [[]],
  { dims: -1 }, { k: 1e12 }, { threshold: 'a' }, { coarseDims: 0, coarseK: 0 }, new Float32Array(0),
  new Float32Array(3).fill(NaN), new Float32Array([1, 2, 3]), new Float64Array(2), new Uint8Array([1, 0, 2]),
  () => 1, Symbol('s'), 10n, new Map(), { value: 2 }, { types: { A: 'b' } },
];

function healthy() {
  const s = new sg.VectorSet(2);
  s.add(new Float32Array([1, 0, 0, 1]));
  assert.deepEqual(s.topK(new Float32Array([1, 0]), 1), [{ index: 0, score: 1 }]);
  s.free();
  assert.equal(sg.calibrate([0.9, 0.1], [1, 0]).best().threshold, 0.9);
}

function attempt(what, fn, counts) {
  try {
    fn();
    counts.ok++;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error)) {
      assert.fail(`${what}: trapped or threw a non-Error: ${e}`);
    }
    assert.ok(e.message.length > 0, `${what}: empty message`);
    counts.errors++;
  }
}

test('junk arguments never trap', () => {
  const counts = { ok: 0, errors: 0 };
  const set = new sg.VectorSet(3);
  set.add(new Float32Array([1, 0, 0, 0, 1, 0, 1, 1, 0]));
  const thresholds = sg.Thresholds.preset('default');
  const matcher = new sg.Matcher(set, thresholds);
  const cal = sg.calibrate([0.9, 0.8, 0.3, 0.2], [1, 0, 1, 0], { classes: ['a', 'a', 'b', 'b'] });
  const targets = {
    cosine: (...a) => sg.cosine(...a), band: (...a) => sg.band(...a), decide: (...a) => sg.decide(...a),
    abstain: (...a) => sg.abstain(...a), cacheTier: (...a) => sg.cacheTier(...a), explain: (...a) => sg.explain(...a),
    parseFieldSpec: (...a) => sg.parseFieldSpec(...a), normalize: (...a) => sg.normalize(...a), rrf: (...a) => sg.rrf(...a),
    adjustFromFeedback: (...a) => sg.adjustFromFeedback(...a), calibrate: (...a) => sg.calibrate(...a)?.free?.(),
    calibratePairs: (...a) => sg.calibratePairs(...a), VectorSet: (...a) => new sg.VectorSet(...a).free(),
    Thresholds: (...a) => new sg.Thresholds(...a).free(), preset: (...a) => sg.Thresholds.preset(...a).free(),
    fromSchema: (...a) => sg.Thresholds.fromSchema(...a).free(), resolve: (...a) => thresholds.resolve(...a),
    add: (...a) => set.add(...a), scores: (...a) => set.scores(...a), topK: (...a) => set.topK(...a),
    above: (...a) => set.above(...a), cascade: (...a) => set.cascade(...a), match: (...a) => matcher.match(...a),
    Matcher: (...a) => new sg.Matcher(...a).free(), best: (...a) => cal.best(...a), atPrecision: (...a) => cal.atPrecision(...a),
    probability: (...a) => cal.probability(...a), reliability: (...a) => cal.reliability(...a), histogram: (...a) => cal.histogram(...a),
    bootstrap: (...a) => cal.bootstrap(...a), toConfig: (...a) => cal.toConfig(...a),
  };
  const valid = new Float32Array([1, 0, 0]);
  for (const [name, fn] of Object.entries(targets)) {
    for (const j of junk) {
      attempt(`${name}(junk)`, () => fn(j), counts);
      attempt(`${name}(valid, junk)`, () => fn(valid, j), counts);
      attempt(`${name}(valid, valid, junk)`, () => fn(valid, valid, j), counts);
      attempt(`${name}(junk, 0.5, junk)`, () => fn(j, 0.5, j), counts);
    }
  }
  healthy();
  assert.equal(set.length >= 3, true);
  console.log(`junk calls: ${counts.ok + counts.errors} (${counts.errors} threw a named Error, ${counts.ok} returned)`);
  matcher.free(); cal.free(); set.free(); thresholds.free();
});
