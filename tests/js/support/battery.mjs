// The bad-input battery, shared by Node (tests/js/battery.test.mjs) and
// headless Chromium (tests/js/browser.test.mjs); it takes the loaded module,
// so it runs unchanged against either entry. Three parts, each returning
// { cases, failures }:
// - runBattery: every parameter of every export, one bad value at a time;
// - runNamedCases: bad input whose exact error class and message are pinned;
// - runJunk: junk in every argument position of every export (no trap).
//
// For every exported function and method, each parameter in turn gets every
// bad value of its kind (wrong JS types, plain arrays where typed arrays are
// required, objects with unknown keys or wrong field types, wrong lengths,
// NaN/Infinity, huge, negative and fractional sizes) while the other
// arguments stay valid. Each call must throw an Error that is not a
// WebAssembly.RuntimeError and whose message names the parameter; then the
// same objects must still give the answer they gave before the battery.

const f32 = (...x) => new Float32Array(x);

/** Values that are not numbers at all. */
const NOT_NUMBERS = [['null', null], ['a string', '0.5'], ['an object', {}], ['an array', [0.5]], ['a boolean', true], ['a BigInt', 1n], ['a function', () => 1]];
const NOT_OBJECTS = [['null', null], ['a string', 'x'], ['a number', 7], ['a boolean', true], ['a function', () => 1]];
const NOT_STRINGS = [['null', null], ['a number', 7], ['an object', {}], ['an array', ['a']], ['a boolean', false]];

/** Bad values for each kind of parameter: [label, value] pairs. */
const kinds = {
  vec: (len) => [
    ...NOT_NUMBERS, ['a plain array', Array(len).fill(0.5)], ['a Float64Array', new Float64Array(len).fill(0.5)],
    ['a Uint8Array', new Uint8Array(len).fill(1)], ['NaN inside', new Float32Array(len).fill(0.5).fill(NaN, 1, 2)],
    ['Infinity inside', new Float32Array(len).fill(0.5).fill(Infinity, 0, 1)], ['one float too many', new Float32Array(len + 1).fill(0.5)],
    ['empty', new Float32Array(0)], ['all zeros', new Float32Array(len)],
  ],
  vectors: (dims) => [
    ...NOT_NUMBERS, ['a plain array', Array(dims).fill(0.5)], ['a Float64Array', new Float64Array(dims).fill(0.5)],
    ['not a multiple of dims', new Float32Array(dims + 1).fill(0.5)], ['NaN inside', new Float32Array(dims).fill(0.5).fill(NaN, 1, 2)],
    ['-Infinity inside', new Float32Array(dims).fill(-Infinity)], ['a zero row', new Float32Array(dims * 2).fill(0.5, 0, dims)],
  ],
  // A count like k may be huge (it means "all"); sizes may not.
  int: ({ min = 0, max = Infinity, hugeOk = false } = {}) => [
    ...NOT_NUMBERS, ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['fractional', min + 0.5], ...(hugeOk ? [] : [['2^40', 2 ** 40]]),
    ...(min > -1 ? [['negative', -1]] : []), ...(min >= 1 ? [['0', 0]] : []), ...(max < 2 ** 40 ? [['above the maximum', max + 1]] : []),
  ],
  unit: () => [...NOT_NUMBERS, ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['1.5', 1.5], ['-2', -2]],
  finite: () => [...NOT_NUMBERS, ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]],
  positive: () => [...NOT_NUMBERS, ['NaN', NaN], ['Infinity', Infinity], ['0', 0], ['negative', -1]],
  nonNegative: () => [...NOT_NUMBERS, ['NaN', NaN], ['Infinity', Infinity], ['negative', -0.01]],
  precision: () => [...NOT_NUMBERS, ['NaN', NaN], ['0', 0], ['1.5', 1.5], ['negative', -0.5]],
  scores: () => [['null', null], ['a string', 'x'], ['an object', {}], ['NaN inside', [0.5, NaN]], ['Infinity inside', new Float32Array([Infinity, 0.5])],
    ['strings inside', ['0.5', '0.1']], ['a Uint8Array', new Uint8Array([1, 0])], ['nested arrays', [[0.5], [0.1]]]],
  labels: (n) => [['null', null], ['a string', 'ab'], ['an object', {}], ['a 2 inside', Array(n).fill(1).fill(2, 0, 1)],
    ['a fraction inside', Array(n).fill(0).fill(0.5, 0, 1)], ['strings inside', Array(n).fill('1')], ['one too few', Array(n - 1).fill(1)],
    ['a Float32Array', new Float32Array(n)]],
  str: () => NOT_STRINGS,
  enumOf: () => [...NOT_STRINGS, ['an unknown name', 'nope'], ['empty', '']],
  spec: () => [...NOT_STRINGS, ['empty', ''], ['no type', '~>'], ['a bad operator', '=>A'], ['an unclosed threshold', '~>A(0.8'],
    ['a threshold out of range', '~>A(2)'], ['an array of two', ['~>A', '~>B']], ['trailing text', '~>A(0.8)x']],
  config: () => [['a string', 'strict'], ['a number', 7], ['an array', [0.8]], ['an unknown key', { defualt: 0.8 }], ['default out of range', { default: 2 }],
    ['default a string', { default: '0.8' }], ['a type threshold a string', { types: { A: 'b' } }], ['types a Map', { types: new Map() }],
    ['bands negative', { bands: { low: -1 } }], ['adaptive a number', { adaptive: 3 }], ['a dimension table key not a number', { dimensionAdjustment: { table: { x: 0.1 } } }]],
  schema: () => [['a string', 'x'], ['a number', 7], ['a type that is not an object', { A: 7 }], ['a malformed spec', { A: { x: '~>B(' } }],
    ['$threshold out of range', { A: { $threshold: 3 } }], ['$config not an object', { A: { $config: 3 } }]],
  lists: () => [...NOT_OBJECTS, ['strings, not lists', ['a', 'b']], ['a number id', [['a', 7]]], ['a null list', [null]], ['an object id', [[{}]]]],
  feedback: () => [...NOT_OBJECTS, ['an item without correct', [{}]], ['correct a string', [{ correct: 'yes' }]], ['suggestedMatch a number', [{ correct: false, suggestedMatch: 3 }]],
    ['an item that is a number', [1]], ['an unknown key', [{ correct: true, right: 1 }]]],
  strings: (n) => [...NOT_OBJECTS, ['numbers inside', Array(n).fill(1)], ['one too few', Array(n - 1).fill('a')], ['an object', {}]],
  precisionName: () => [...NOT_STRINGS, ['an unknown name', 'f16'], ['empty', '']],
  precisionList: () => [...NOT_OBJECTS, ['empty', []], ['a repeat', ['i8', 'i8']], ['an unknown name', ['f16']], ['a number inside', [1]]],
  bytes: () => [...NOT_OBJECTS, ['a Float32Array', new Float32Array(4)], ['an empty Uint8Array', new Uint8Array(0)],
    ['not a set file', new Uint8Array(64).fill(7)], ['a plain array', [83, 73, 77]]],
  // Filters: each wrong shape Vectorize's syntax (and $and/$or/$not/$exists) rules out.
  filter: () => [...NOT_OBJECTS.filter(([, v]) => v !== null), ['an empty object', {}], ['an unknown operator', { year: { $regex: 'x' } }],
    ['a range on a boolean', { year: { $gte: true } }], ['a range on null', { year: { $lt: null } }], ['$in not an array', { type: { $in: 'Industry' } }],
    ['NaN', { year: NaN }], ['Infinity in $in', { year: { $in: [1, Infinity] } }], ['$exists a string', { tags: { $exists: 'yes' } }],
    ['$or empty', { $or: [] }], ['$and not an array', { $and: { type: 'a' } }], ['$not an array', { $not: [{ type: 'a' }] }],
    ['an unknown top-level operator', { $nor: [{ type: 'a' }] }], ['a nested object without operators', { author: { id: 7 } }],
    ['an empty operator object', { year: {} }], ['an empty key', { 'a..b': 1 }], ['an object in $in', { type: { $in: [{}] } }],
    ['a number in an array value', { tags: ['a', 1] }], ['a Map', new Map([['type', 'a']])], ['a function inside', { type: () => 1 }]],
  // Metadata lists (one object per row): wrong shapes, limits, lengths.
  metadata: (n) => [...NOT_OBJECTS, ['one too many', Array(n + 1).fill({ type: 'a' })], ['a string inside', Array(n).fill('a')],
    ['an array inside', Array(n).fill([1])], ['a dotted key', Array(n).fill({ 'a.b': 1 })], ['a $ key', Array(n).fill({ $type: 'a' })],
    ['an empty key', Array(n).fill({ '': 1 })], ['a quote in a key', Array(n).fill({ 'a"b': 1 })], ['a 513-byte key', Array(n).fill({ ['k'.repeat(513)]: 1 })],
    ['NaN', Array(n).fill({ year: NaN })], ['Infinity', Array(n).fill({ year: -Infinity })], ['a number in an array', Array(n).fill({ tags: ['a', 2] })],
    ['a Date', Array(n).fill({ at: new Date(0) })], ['a function', Array(n).fill({ f: () => 1 })], ['nested 9 deep', Array(n).fill(deep(9))],
    ['over 10 KiB', Array(n).fill({ text: 'x'.repeat(10 * 1024) })]],
};

/** An object nested `depth` levels deep. */
function deep(depth) {
  let v = 1;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}

const moreKinds = {
  ints: () => [...NOT_OBJECTS, ['a fraction inside', [64.5]], ['a negative inside', [-64]], ['NaN inside', [NaN]], ['0 inside', [0]], ['too large inside', [4096]]],
};
Object.assign(kinds, moreKinds);

/** Marks an options value to be merged into the valid options, so only `key` is wrong. */
const MERGE = Symbol('merge');

/** An options object: not an object, an unknown key, then each key with each bad value of its kind. */
function options(keys) {
  const out = [...NOT_OBJECTS.filter(([, v]) => v !== null), ['an unknown key', { [MERGE]: true, nope: 1 }, 'nope']];
  for (const [key, kind] of Object.entries(keys)) {
    for (const [label, value] of kind) {
      if (value === undefined || value === null) continue;
      out.push([`${key} ${label}`, { [MERGE]: true, [key]: value }, key]);
    }
  }
  return out;
}

const snapshot = (x) => JSON.stringify(x, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : typeof v === 'bigint' ? String(v) : v));

export function runBattery(sg) {
  const dims = 3;
  const q = f32(1, 0, 0);
  const set = new sg.VectorSet(dims);
  set.add(f32(1, 0, 0, 0, 1, 0, 1, 1, 0), ['x', 'y', 'z'], { metadata: [{ type: 'T' }, { type: 'T' }, { type: 'U' }] });
  // A second set kept as int8 and sign bits, in two namespaces, with metadata.
  const tiers = new sg.VectorSet(dims, { precisions: ['b1', 'i8'], model: 'm' });
  tiers.add(f32(1, 0, 0, 0, 1, 0), ['p', 'q'], { namespace: 'a', metadata: [{ type: 'a', year: 2020, tags: ['x'] }, { type: 'b' }] });
  tiers.add(f32(1, 1, 0), ['r'], { namespace: 'b', metadata: [{ type: 'a', year: 2024 }] });
  const filter = { type: 'a', year: { $gte: 2000 } };
  const file = tiers.toBytes();
  const th = new sg.Thresholds({ types: { T: 0.7 } });
  const matcher = new sg.Matcher(set, th, { k: 2 });
  const monitor = new sg.Monitor({ threshold: 0.9, seed: 1 });
  monitor.recordMany([0.95, 0.92, 0.5]);
  const monitorState = JSON.parse(JSON.stringify(monitor));
  const cal = sg.calibrate([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0], { classes: ['a', 'a', 'b', 'b'] });
  const pairA = f32(1, 0, 0, 0, 1, 0, 1, 1, 0, 0.5, 0.5, 0.5);
  const pairB = f32(1, 0.1, 0, 0, 1, 0.2, 0, 1, 1, 0.5, 0.4, 0.6);

  // Each API: the parameter list ([name, valid value, bad values, optional?]) and the call.
  const apis = [
    ['cosine', (a, b, d) => sg.cosine(a, b, d), [['a', f32(1, 2, 3), kinds.vec(3)], ['b', f32(3, 2, 1), kinds.vec(3)], ['dims', 2, kinds.int({ min: 1, max: 3 }), true]]],
    ['new VectorSet', (d, o) => new sg.VectorSet(d, o).free(), [['dims', 3, kinds.int({ min: 1, max: 1048576 })],
      ['options', { precisions: ['i8'], model: 'm' }, options({ precisions: kinds.precisionList(), model: kinds.str() }), true]]],
    ['VectorSet.add', (v, ids, o) => set.add(v, ids, o), [['vectors', f32(0.5, 0.5, 0.5), kinds.vectors(dims)], ['ids', ['w'], [...kinds.strings(1), ['an id already in the set', ['x']]], true],
      ['options', { namespace: 'n', metadata: [{ type: 'T' }] }, options({ namespace: kinds.str(), metadata: kinds.metadata(1) }), true]], 'mutates'],
    ['VectorSet.upsert', (v, ids, o) => tiers.upsert(v, ids, o), [['vectors', f32(0.5, 0.5, 0.5), kinds.vectors(dims)],
      ['ids', ['s'], [...kinds.strings(1), ['undefined', undefined], ['a repeat', ['s', 's']]]],
      ['options', { namespace: 'a', metadata: [{ type: 'a' }] }, options({ namespace: kinds.str(), metadata: kinds.metadata(1) }), true]], 'mutates'],
    ['VectorSet.setMetadata', (ids, m, o) => tiers.setMetadata(ids, m, o), [['ids', ['q'], [...kinds.strings(1), ['undefined', undefined], ['an id not in the set', ['nope']], ['a repeat', ['q', 'q']]]],
      ['metadata', [{ type: 'b' }], [...kinds.metadata(1), ['undefined', undefined]]], ['options', { record: true }, options({ record: [['a string', 'yes'], ['a number', 1]] }), true]], 'mutates'],
    ['VectorSet.metadata', (id) => tiers.metadata(id), [['id', 'p', [...NOT_STRINGS, ['undefined', undefined]]]]],
    ['VectorSet.count', (o) => tiers.count(o), [['options', { namespace: 'a', filter }, options({ namespace: kinds.str(), filter: kinds.filter() }), true]]],
    ['VectorSet.remove', (ids) => tiers.remove(ids), [['ids', ['nope'], [...NOT_OBJECTS, ['undefined', undefined], ['numbers inside', [1]]]]]],
    ['VectorSet.has', (id) => tiers.has(id), [['id', 'p', [...NOT_STRINGS, ['undefined', undefined]]]]],
    ['VectorSet.bytesPerRow', (d, p, o) => sg.VectorSet.bytesPerRow(d, p, o), [['dims', 768, kinds.int({ min: 1, max: 1048576 })], ['precisions', ['i8'], kinds.precisionList(), true],
      ['options', { metadata: { type: 'a', tags: ['x'] } }, options({ metadata: kinds.metadata(1).filter(([l]) => !['one too many', 'a string inside'].includes(l)).map(([l, v]) => [l, Array.isArray(v) ? v[0] : v]) }), true]]],
    ['VectorSet.fromBytes', (b) => sg.VectorSet.fromBytes(b).free(), [['bytes', file, [...kinds.bytes(), ['undefined', undefined], ['truncated', file.slice(0, file.length - 9)]]]]],
    ['new VectorSetLoader', (l) => new sg.VectorSetLoader(l).free(), [['length', file.length, kinds.int({ hugeOk: true }), true]]],
    ['VectorSetLoader.push', (c) => { const l = new sg.VectorSetLoader(); try { l.push(c); } finally { l.free(); } },
      [['chunk', file, [...NOT_OBJECTS, ['undefined', undefined], ['a Float32Array', new Float32Array(4)], ['a plain array', [83, 73, 77]]]]]],
    ['VectorSet.scores', (qq, d, o) => tiers.scores(qq, d, o), [['query', q, kinds.vec(dims)], ['dims', 2, kinds.int({ min: 1, max: 3 }), true],
      ['options', { precision: 'i8' }, options({ precision: [...kinds.precisionName(), ['a precision the set does not keep', 'f32']] }), true]]],
    ['VectorSet.topK', (qq, k, o) => tiers.topK(qq, k, o), [['query', q, kinds.vec(dims)], ['k', 2, kinds.int({ hugeOk: true })],
      ['options', { dims: 2, precision: 'b1', namespace: 'a', filter }, options({ dims: kinds.int({ min: 1, max: 3 }), minScore: kinds.unit(),
        precision: [...kinds.precisionName(), ['a precision the set does not keep', 'f32']], namespace: kinds.str(), filter: kinds.filter() }), true]]],
    ['VectorSet.above', (qq, t, o) => tiers.above(qq, t, o), [['query', q, kinds.vec(dims)], ['threshold', 0.5, kinds.unit()],
      ['options', { dims: 2, namespace: 'b', filter }, options({ dims: kinds.int({ min: 1, max: 3 }), precision: kinds.precisionName(), namespace: kinds.str(), filter: kinds.filter() }), true]]],
    ['VectorSet.cascade', (qq, o) => tiers.cascade(qq, o), [['query', q, kinds.vec(dims)], ['options', { coarseDims: 2, coarseK: 3, coarsePrecision: 'b1', precision: 'i8' }, [...options({
      coarseDims: kinds.int({ min: 1, max: 3 }), coarseK: kinds.int({ hugeOk: true }), coarseThreshold: kinds.unit(), dims: kinds.int({ min: 1, max: 3 }), threshold: kinds.unit(), k: kinds.int({ hugeOk: true }),
      coarsePrecision: [...kinds.precisionName(), ['a precision the set does not keep', 'f32']], precision: kinds.precisionName(), namespace: kinds.str(), filter: kinds.filter(),
    }), ['undefined', undefined]]]]],
    ['VectorSet.coarseKFor', (o) => tiers.coarseKFor(o), [['options', { recall: 0.9, k: 1, coarseDims: 2, coarsePrecision: 'b1', precision: 'i8', sample: 3, seed: 1 }, [...options({
      recall: [...kinds.unit(), ['0', 0]], k: kinds.int({ min: 1, hugeOk: true }), sample: kinds.int({ min: 1, max: 100_000 }), seed: kinds.int({ hugeOk: true }),
      coarseDims: kinds.int({ min: 1, max: 3 }), dims: kinds.int({ min: 1, max: 3 }),
      coarsePrecision: [...kinds.precisionName(), ['a precision the set does not keep', 'f32']], precision: kinds.precisionName(),
    }), ['undefined', undefined]]]]],
    ['new Thresholds', (c) => new sg.Thresholds(c).free(), [['config', { default: 0.8 }, kinds.config(), true]]],
    ['Thresholds.preset', (n) => sg.Thresholds.preset(n).free(), [['name', 'strict', [...kinds.enumOf(), ['undefined', undefined]]]]],
    ['Thresholds.fromSchema', (s) => sg.Thresholds.fromSchema(s).free(), [['schema', { A: { $threshold: 0.8 } }, [...kinds.schema(), ['undefined', undefined]]]]],
    ['Thresholds.resolve', (qq) => th.resolve(qq), [['query', { type: 'T', dims: 2, fullDims: 3 }, options({
      type: kinds.str(), field: kinds.str(), spec: kinds.spec(), dims: kinds.int({ min: 1, max: 3 }), fullDims: kinds.int({ min: 1, max: 1048576 }), candidateCount: kinds.int({ hugeOk: true }),
    }), true]]],
    ['parseFieldSpec', (s) => sg.parseFieldSpec(s), [['spec', '~>A(0.8)', [...kinds.spec(), ['undefined', undefined]]]]],
    ['band', (s, t, m) => sg.band(s, t, m), [['score', 0.8, kinds.finite()], ['threshold', 0.7, [...kinds.unit(), ['undefined', undefined]]],
      ['margins', { high: 0.1 }, options({ high: kinds.finite(), low: kinds.finite() }), true]]],
    ['decide', (s, o) => sg.decide(s, o), [['scores', [0.9, 0.5], kinds.scores()], ['options', { threshold: 0.8, minGap: 0.05 }, [...options({
      threshold: kinds.unit(), mode: kinds.enumOf(), minGap: kinds.finite(),
    }), ['undefined', undefined]]]]],
    ['abstain', (s, o) => sg.abstain(s, o), [['score', 0.8, kinds.finite()], ['options', { act: 0.85, reject: 0.6 }, [...options({ act: kinds.unit(), reject: kinds.unit() }), ['undefined', undefined]]]]],
    ['cacheTier', (s, o) => sg.cacheTier(s, o), [['score', 0.8, kinds.finite()], ['options', { confident: 0.95, tentative: 0.85 }, [...options({ confident: kinds.unit(), tentative: kinds.unit() }), ['undefined', undefined]]]]],
    ['explain', (t, s) => sg.explain(t, s), [['threshold', 0.8, [...kinds.unit(), ['undefined', undefined]]], ['scores', [0.9, 0.5], [...kinds.scores(), ['undefined', undefined]]]]],
    ['new Matcher', (s, t, o) => new sg.Matcher(s, t, o).free(), [['set', set, [...NOT_OBJECTS, ['undefined', undefined], ['a Thresholds', th]]],
      ['thresholds', th, [...NOT_OBJECTS, ['undefined', undefined], ['a VectorSet', set]]],
      ['options', { k: 2 }, options({ k: kinds.int({ hugeOk: true }), minGap: kinds.finite(), cascade: [['a number', 3], ['missing coarseK', { coarseDims: 2 }], ['coarseDims 0', { coarseDims: 0, coarseK: 2 }],
        ['coarsePrecision unknown', { coarseDims: 2, coarseK: 2, coarsePrecision: 'f16' }]],
      typeKey: [...NOT_STRINGS.filter(([, v]) => v !== null), ['empty', ''], ['a dotted key with an empty part', 'a..b'], ['a $ key', '$type']] }), true]]],
    ['Matcher.match', (qq, l) => matcher.match(qq, l), [['query', q, kinds.vec(dims)], ['lookup', { type: 'T' }, options({
      type: kinds.str(), field: kinds.str(), spec: kinds.spec(), dims: kinds.int({ min: 1, max: 3 }), mode: kinds.enumOf(),
      precision: [...kinds.precisionName(), ['a precision the set does not keep', 'i8']], namespace: kinds.str(), filter: kinds.filter(),
    }), true]]],
    ['adjustFromFeedback', (t, f, o) => sg.adjustFromFeedback(t, f, o), [['threshold', 0.8, kinds.unit()], ['feedback', [{ correct: true }, { correct: false }], [...kinds.feedback(), ['undefined', undefined]]],
      ['options', { step: 0.01 }, options({ step: kinds.nonNegative(), rate: kinds.nonNegative(), min: kinds.unit(), max: kinds.unit() }), true]]],
    ['calibrate', (s, l, o) => sg.calibrate(s, l, o).free(), [['scores', [0.9, 0.2], [...kinds.scores(), ['empty', []], ['undefined', undefined]]], ['labels', [1, 0], [...kinds.labels(2), ['undefined', undefined]]],
      ['options', { seed: 1 }, options({ classes: kinds.strings(2), seed: kinds.int({ hugeOk: true }) }), true]]],
    ['Calibration.best', (b) => cal.best(b), [['beta', 2, kinds.positive(), true]]],
    ['Calibration.atPrecision', (p) => cal.atPrecision(p), [['target', 0.9, [...kinds.precision(), ['undefined', undefined]]]]],
    ['Calibration.at', (t) => cal.at(t), [['threshold', 0.5, [...kinds.finite(), ['undefined', undefined]]]]],
    ['Calibration.probability', (s, m) => cal.probability(s, m), [['score', 0.5, [...kinds.finite(), ['undefined', undefined]]], ['method', 'platt', [...kinds.enumOf(), ['undefined', undefined]]]]],
    ['Calibration.reliability', (m, b) => cal.reliability(m, b), [['method', 'isotonic', [...kinds.enumOf(), ['undefined', undefined]]], ['bins', 5, kinds.int({ min: 1 }), true]]],
    ['Calibration.histogram', (b) => cal.histogram(b), [['bins', 4, kinds.int({ min: 1 }), true]]],
    ['Calibration.bootstrap', (r, s) => cal.bootstrap(r, s), [['rounds', 20, kinds.int({ min: 1 }), true], ['seed', 3, kinds.int({ hugeOk: true }), true]]],
    ['Calibration.toConfig', (o) => cal.toConfig(o), [['options', { target: 'f1' }, options({ target: [['a number', 0.9], ['an unknown name', 'f2'], ['precision 2', { precision: 2 }], ['precision a string', { precision: '0.9' }]] }), true]]],
    ['calibratePairs', (a, b, d, l, o) => sg.calibratePairs(a, b, d, l, o), [['a', pairA, kinds.vec(12).filter(([l]) => l !== 'all zeros')], ['b', pairB, kinds.vec(12).filter(([l]) => l !== 'all zeros')],
      ['dims', 3, [...kinds.int({ min: 1, max: 12 }), ['not a divisor', 5]]], ['labels', [1, 1, 0, 0], [...kinds.labels(4), ['undefined', undefined]]],
      ['options', { prefixes: [2] }, options({ prefixes: kinds.ints() }), true]]],
    ['mergeTopK', (l, k) => sg.mergeTopK(l, k), [['lists', [[{ index: 0, score: 0.5 }], [{ index: 3, score: 0.7, id: 'x' }]], [...NOT_OBJECTS, ['undefined', undefined],
      ['a list that is not an array', ['x']], ['a match that is not an object', [[7]]], ['a score above 1', [[{ index: 0, score: 1.5 }]]], ['a NaN score', [[{ index: 0, score: NaN }]]],
      ['a negative index', [[{ index: -1, score: 0.5 }]]], ['an index that is a string', [[{ index: '0', score: 0.5 }]]], ['an id that is a number', [[{ index: 0, score: 0.5, id: 4 }]]]]],
      ['k', 3, kinds.int({ hugeOk: true })]]],
    ['toCosine', (x, sc) => sg.toCosine(x, sc), [['scores', [0.5, 0.2], [['null', null], ['a string', 'x'], ['an object', {}], ['NaN inside', [0.5, NaN]], ['out of range inside', [0.5, 3]],
      ['strings inside', ['0.5']], ['undefined', undefined]]], ['scale', 'distance', [...kinds.enumOf(), ['undefined', undefined]]]]],
    ['shardOf', (id, n) => sg.shardOf(id, n), [['id', 'a', [...NOT_STRINGS, ['undefined', undefined]]], ['shards', 4, kinds.int({ min: 1, max: 65536 })]]],
    ['new Monitor', (o) => new sg.Monitor(o).free(), [['options', { threshold: 0.9, seed: 1 }, [...options({
      threshold: kinds.unit(), borderline: [...kinds.positive(), ['above 1', 1.5]], bins: kinds.int({ min: 1, max: 10000 }), sample: kinds.int({ min: 0, max: 100000 }), seed: kinds.int({ hugeOk: true }),
      tiers: [['a number', 0.9], ['tentative above confident', { confident: 0.8, tentative: 0.9 }], ['missing tentative', { confident: 0.9 }]],
      reference: [['a number', 3], ['one count too many', { edges: [0, 1], counts: [1, 2] }], ['a negative count', { edges: [0, 1], counts: [-1] }], ['edges not increasing', { edges: [1, 0], counts: [1] }]],
    }), ['undefined', undefined]]]]],
    ['Monitor.record', (x, e) => monitor.record(x, e), [['score', 0.95, kinds.unit()], ['event', { id: 'e', hit: true }, options({ hit: [['a string', 'yes'], ['a number', 1]], id: kinds.str(), query: kinds.str(), time: kinds.finite() }), true]], 'mutates'],
    ['Monitor.recordMany', (x) => monitor.recordMany(x), [['scores', [0.95, 0.5], [...kinds.scores(), ['out of range inside', [0.5, 2]], ['undefined', undefined]]]], 'mutates'],
    ['Monitor.fromJSON', (x) => sg.Monitor.fromJSON(x).free(), [['state', monitorState, [...NOT_OBJECTS, ['undefined', undefined], ['an empty object', {}], ['count off by one', { ...monitorState, count: monitorState.count + 1 }]]]]],
    ['noiseFloor', (x, o) => sg.noiseFloor(x, o), [['set', set, [...NOT_OBJECTS, ['undefined', undefined], ['a Thresholds', th]]],
      ['options', { pairs: 20, seed: 1 }, options({ pairs: kinds.int({ min: 1, max: 10000000 }), seed: kinds.int({ hugeOk: true }), dims: kinds.int({ min: 1, max: 3 }) }), true]]],
    ['normalize', (s, m) => sg.normalize(s, m), [['scores', [0.9, 0.5], [...kinds.scores(), ['undefined', undefined]]], ['method', 'minmax', [...kinds.enumOf(), ['undefined', undefined]]]]],
    ['rrf', (l, k) => sg.rrf(l, k), [['lists', [['a', 'b'], ['b']], [...kinds.lists(), ['undefined', undefined]]], ['k', 60, kinds.positive(), true]]],
  ];

  // What every object answers before the battery; compared after each case.
  const health = () => snapshot([
    set.length, set.scores(q), set.topK(q, 2), th.resolve({ type: 'T' }).value, matcher.match(q, { type: 'T' }).decision,
    cal.best(), cal.at(0.5), sg.cosine(f32(1, 2, 3), f32(3, 2, 1)), sg.band(0.8, 0.7),
    monitor.stats().count, monitor.borderline(),
    tiers.length, tiers.scores(q, 3, { precision: 'i8' }), tiers.topK(q, 3, { precision: 'b1', namespace: 'a' }), tiers.has('p'), tiers.byteLength(),
    tiers.topK(q, 3, { filter }), tiers.metadata('p'), set.metadata('z'),
  ]);
  const before = health();
  const failures = [];
  let cases = 0;
  for (const [api, call, params, mutates] of apis) {
    const valid = params.map((p) => p[1]);
    // The valid call works (so a throw below is the bad value's doing).
    try {
      if (!mutates) call(...valid);
    } catch (e) {
      failures.push(`${api}: the valid call threw ${e.message}`);
      continue;
    }
    params.forEach(([name, , bad, optional], i) => {
      for (const [label, value, key] of bad) {
        // An optional parameter given as undefined or null is simply not given.
        if (optional && (value === undefined || value === null)) continue;
        cases++;
        const args = valid.slice();
        args[i] = value?.[MERGE] ? { ...valid[i], ...value } : value;
        const what = `${api}(${name} = ${label})`;
        let thrown = null;
        try {
          call(...args);
        } catch (e) {
          thrown = e;
        }
        const named = key ?? name;
        if (!thrown) failures.push(`${what}: no error`);
        else if (thrown instanceof WebAssembly.RuntimeError) failures.push(`${what}: wasm trap: ${thrown.message}`);
        else if (!(thrown instanceof Error)) failures.push(`${what}: threw a non-Error ${String(thrown)}`);
        else if (!thrown.message.includes(named)) failures.push(`${what}: the message does not name "${named}": ${thrown.message}`);
        const after = health();
        if (after !== before) failures.push(`${what}: the module answers differently afterwards`);
      }
    });
  }
  matcher.free();
  th.free();
  cal.free();
  set.free();
  tiers.free();
  return { cases, apis: apis.length, failures };
}

/** Bad input whose exact error class and message are pinned, on one set that must stay healthy. */
export function runNamedCases(sg) {
  const { VectorSet, cosine } = sg;
  const q = f32(1, 0, 0);
  const s = new VectorSet(3);
  s.add(f32(1, 0, 0, 0, 1, 0, 1, 1, 0), ['x', 'y', 'z']);
  const healthy = () => s.length === 3 && JSON.stringify(Array.from(s.scores(q))) === JSON.stringify([1, 0, Math.fround(Math.SQRT1_2)])
    && JSON.stringify(s.topK(q, 1)) === JSON.stringify([{ index: 0, id: 'x', score: 1 }]);
  const cases = [
    // [description, call(set), error class, message]
    ['dims 0', () => new VectorSet(0), RangeError, 'dims must be a positive integer (at most 1048576), got 0'],
    ['dims negative', () => new VectorSet(-3), RangeError, 'dims must be a positive integer (at most 1048576), got -3'],
    ['dims not a number', () => new VectorSet('3'), TypeError, 'dims must be a number, got string'],
    ['vectors not a multiple of dims', (s) => s.add(new Float32Array(4)), RangeError, 'vectors has 4 floats, which is not a multiple of dims (3)'],
    ['vectors a plain array', (s) => s.add([1, 2, 3]), TypeError, 'vectors must be a Float32Array, got Array'],
    ['vectors Float64Array', (s) => s.add(new Float64Array(3)), TypeError, 'vectors must be a Float32Array, got Float64Array'],
    ['ids count', (s) => s.add(f32(1, 2, 3), ['a', 'b']), RangeError, 'ids has 2 entries but vectors has 1 rows'],
    ['ids not strings', (s) => s.add(f32(1, 2, 3), [7]), TypeError, 'ids[0] must be a string, got number'],
    ['NaN in vectors', (s) => s.add(f32(1, 2, 3, 4, NaN, 6)), RangeError, 'vectors row 1, dim 1 is NaN; only finite numbers are allowed'],
    ['Infinity in vectors', (s) => s.add(f32(1, -Infinity, 3)), RangeError, 'vectors row 0, dim 1 is -Infinity; only finite numbers are allowed'],
    ['zero vector', (s) => s.add(f32(1, 2, 3, 0, 0, 0)), Error, 'vectors row 1 is a zero vector; its cosine with anything is undefined'],
    ['NaN in query', (s) => s.scores(f32(1, NaN, 0)), RangeError, 'query[1] is NaN; only finite numbers are allowed'],
    ['Infinity in query', (s) => s.topK(f32(Infinity, 0, 0), 2), RangeError, 'query[0] is Infinity; only finite numbers are allowed'],
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
    ['unknown option', (s) => s.topK(q, 2, { minscore: 0.5 }), TypeError, 'options has an unknown key "minscore"; expected one of: dims, minScore, precision, namespace, filter'],
    ['a range on a boolean', (s) => s.topK(q, 2, { filter: { year: { $gte: true } } }), TypeError,
      'options.filter.year.$gte must be a number or a string (ranges compare numbers with numbers and strings with strings), got true'],
    ['$in not an array', (s) => s.above(q, 0.5, { filter: { $or: [{ a: 1 }, { type: { $in: 'x' } }] } }), TypeError,
      'options.filter.$or[1].type.$in must be an array of strings, numbers, booleans or null, got "x"'],
    ['an unknown operator', (s) => s.topK(q, 2, { filter: { type: { $like: 'x' } } }), Error,
      'options.filter.type has an unknown operator "$like"; expected one of: $eq, $ne, $in, $nin, $lt, $lte, $gt, $gte, $exists'],
    ['an empty filter', (s) => s.topK(q, 2, { filter: {} }), Error, 'options.filter is an empty object; leave the filter out to search every row'],
    ['a dotted metadata key', (s) => s.add(f32(1, 1, 1), ['w'], { metadata: [{ 'a.b': 1 }] }), Error,
      'options.metadata[0] has a key "a.b" that contains "." (nest an object instead; filters address it as "a.b"); keys are non-empty, at most 512 bytes, without "." or \'"\', and do not start with "$"'],
    ['metadata over 10 KiB', (s) => s.add(f32(1, 1, 1), ['w'], { metadata: [{ t: 'x'.repeat(10240) }] }), RangeError,
      'options.metadata[0] is 10248 bytes as JSON; metadata is at most 10240 bytes per row'],
    ['metadata for fewer rows', (s) => s.add(f32(1, 1, 1, 1, 0, 1), ['v', 'w'], { metadata: [{ t: 'a' }] }), RangeError,
      'metadata has 1 entries but vectors has 2 rows; give one object per row'],
    ['setMetadata of an id not held', (s) => s.setMetadata(['x', 'nope'], [{}, {}]), Error,
      'ids[1] "nope" is not in the set; setMetadata changes rows that exist (add or upsert them first)'],
    ['a typed lookup without type metadata', (s) => new sg.Matcher(s, sg.Thresholds.preset('default')).match(q, { spec: '~>Industry' }), Error,
      'this lookup is for type "Industry", but no row of the set has metadata "type": give rows { "type": "Industry" } in their metadata, or build the Matcher with { typeKey: null } to let types pick thresholds only'],
    ['option of the wrong type', (s) => s.topK(q, 2, { dims: '2' }), TypeError, 'options.dims must be a number, got string'],
    ['options not an object', (s) => s.above(q, 0.5, 3), TypeError, 'options must be an object, got number'],
    ['cosine length mismatch', () => cosine(new Float32Array(2), new Float32Array(3)), RangeError, 'a and b must have the same length, got 2 and 3'],
    ['cosine of a zero vector', () => cosine(f32(0, 0), f32(1, 0)), Error, 'a is all zeros over its first 2 dims; cosine is undefined for a zero vector'],
    ['Matcher with a set that is not a VectorSet', () => new sg.Matcher({}, sg.Thresholds.preset('default')), TypeError, 'set must be a VectorSet, got Object'],
    ['Matcher with thresholds that are not Thresholds', (s) => new sg.Matcher(s, { default: 0.8 }), TypeError, 'thresholds must be a Thresholds, got Object'],
  ];
  const failures = [];
  for (const [what, call, cls, message] of cases) {
    let thrown = null;
    try {
      call(s);
    } catch (e) {
      thrown = e;
    }
    if (!thrown) failures.push(`${what}: no error thrown`);
    else if (thrown instanceof WebAssembly.RuntimeError) failures.push(`${what}: wasm trap ${thrown}`);
    else if (thrown.constructor !== cls) failures.push(`${what}: ${thrown.constructor.name}: ${thrown.message}`);
    else if (thrown.message !== message) failures.push(`${what}: message "${thrown.message}"`);
    if (!healthy()) failures.push(`${what}: the set answers differently afterwards`);
  }
  s.free();
  return { cases: cases.length, failures };
}

/** Values of every JS kind, for runJunk. */
const JUNK = [
  undefined, null, true, 'x', '', 0, -1, 1.5, 2 ** 40, -(2 ** 53), NaN, Infinity, {}, [], [NaN], ['a'], [[]],
  { dims: -1 }, { k: 1e12 }, { threshold: 'a' }, { coarseDims: 0, coarseK: 0 }, new Float32Array(0),
  new Float32Array(3).fill(NaN), f32(1, 2, 3), new Float64Array(2), new Uint8Array([1, 0, 2]),
  () => 1, Symbol('s'), 10n, new Map(), { value: 2 }, { types: { A: 'b' } },
];

/**
 * Junk in every argument position of every export: each call either works
 * or throws an Error with a message; none may trap, and the module keeps
 * giving right answers afterwards.
 */
export function runJunk(sg) {
  const set = new sg.VectorSet(3);
  set.add(f32(1, 0, 0, 0, 1, 0, 1, 1, 0));
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
    bootstrap: (...a) => cal.bootstrap(...a), toConfig: (...a) => cal.toConfig(...a), bands: (...a) => cal.bands(...a),
  };
  const valid = f32(1, 0, 0);
  const failures = [];
  let cases = 0, errors = 0;
  const attempt = (what, fn) => {
    cases++;
    try {
      fn();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error)) failures.push(`${what}: trapped or threw a non-Error: ${e}`);
      else if (!e.message) failures.push(`${what}: empty message`);
      errors++;
    }
  };
  for (const [name, fn] of Object.entries(targets)) {
    for (const j of JUNK) {
      attempt(`${name}(junk)`, () => fn(j));
      attempt(`${name}(valid, junk)`, () => fn(valid, j));
      attempt(`${name}(valid, valid, junk)`, () => fn(valid, valid, j));
      attempt(`${name}(junk, 0.5, junk)`, () => fn(j, 0.5, j));
    }
  }
  const check = new sg.VectorSet(2);
  check.add(f32(1, 0, 0, 1));
  if (JSON.stringify(check.topK(f32(1, 0), 1)) !== JSON.stringify([{ index: 0, score: 1 }])) failures.push('a new set answers wrongly after the junk');
  check.free();
  if (sg.calibrate([0.9, 0.1], [1, 0]).best().threshold !== 0.9) failures.push('calibrate answers wrongly after the junk');
  if (set.length < 3) failures.push('the set lost rows');
  matcher.free(); cal.free(); set.free(); thresholds.free();
  return { cases, errors, failures };
}
