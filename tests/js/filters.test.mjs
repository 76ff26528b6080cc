// Rows with metadata and searches with filters: the wasm filter against a
// reference evaluator written here from the documented rules (random
// metadata and filter trees, tens of thousands of cases), filtered topK /
// above / cascade against brute force over the passing rows on real
// embeddings at several selectivities, typed lookups, and metadata through
// writes, removes, set files and change records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, Matcher, Thresholds } from 'simgate';
import { embA, embB, D, N, row } from './support/data.mjs';
import { rng } from './support/rng.mjs';

// ---------------------------------------------------------------- reference
const MISSING = Symbol('missing');

/** The value at a dotted path, or MISSING. */
function at(meta, path) {
  let v = meta;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return MISSING;
    v = v[k];
  }
  return v;
}

const utf8 = (s) => Buffer.from(s, 'utf8');
/** Strings compare by their UTF-8 bytes (not JS's UTF-16 order). */
const cmpStr = (a, b) => Buffer.compare(utf8(a), utf8(b));

function equals(v, x) {
  if (v === MISSING) return false;
  if (Array.isArray(x)) return Array.isArray(v) && v.length === x.length && v.every((s, i) => s === x[i]);
  if (Array.isArray(v)) return typeof x === 'string' && v.includes(x);
  if (x === null) return v === null;
  if (v === null || typeof v === 'object') return false;
  return typeof v === typeof x && v === x;
}

function inRange(v, op, b) {
  const ok = (c) => ({ $lt: c < 0, $lte: c <= 0, $gt: c > 0, $gte: c >= 0 })[op];
  if (typeof b === 'number') return typeof v === 'number' && ok(v < b ? -1 : v > b ? 1 : 0);
  if (typeof v === 'string') return ok(cmpStr(v, b));
  if (Array.isArray(v)) return v.some((s) => ok(cmpStr(s, b)));
  return false;
}

/** Whether `meta` passes `filter`, by the rules in the README's table. */
export function passes(meta, filter) {
  return Object.entries(filter).every(([key, cond]) => {
    if (key === '$and') return cond.every((f) => passes(meta, f));
    if (key === '$or') return cond.some((f) => passes(meta, f));
    if (key === '$not') return !passes(meta, cond);
    const v = at(meta, key);
    const isOps = cond !== null && typeof cond === 'object' && !Array.isArray(cond);
    if (!isOps) return equals(v, cond);
    return Object.entries(cond).every(([op, x]) => {
      switch (op) {
        case '$eq': return equals(v, x);
        case '$ne': return !equals(v, x);
        case '$in': return x.some((y) => equals(v, y));
        case '$nin': return !x.some((y) => equals(v, y));
        case '$exists': return (v !== MISSING) === x;
        default: return inRange(v, op, x);
      }
    });
  });
}

// ---------------------------------------------------------------- random cases
// Strings whose UTF-8 order differs from UTF-16 order ('😀' > 'ｱ' in bytes).
const WORDS = ['a', 'b', 'Industry', 'Persona', 'é', 'ｱ', '😀', 'en', 'de', '', 'Z'];
const KEYS = ['type', 'year', 'tags', 'flag', 'author.id', 'author.name', 'locale', 'nope', 'author'];

function randomMeta(r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const value = () => {
    const t = r();
    if (t < 0.35) return pick(WORDS);
    if (t < 0.6) return pick([2019, 2020, 2021.5, 2024, -1, 0]);
    if (t < 0.7) return pick([true, false]);
    if (t < 0.78) return null;
    return Array.from({ length: Math.floor(r() * 4) }, () => pick(WORDS));
  };
  const m = {};
  for (const k of ['type', 'year', 'tags', 'flag', 'locale']) if (r() < 0.75) m[k] = value();
  const a = r();
  if (a < 0.4) m.author = { id: value(), ...(r() < 0.5 ? { name: pick(WORDS) } : {}) };
  else if (a < 0.5) m.author = {};
  else if (a < 0.6) m.author = pick(WORDS);
  return m;
}

function randomFilter(r, depth = 0) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const scalar = () => pick([...WORDS, 2019, 2020, 2021.5, 2024, 0, true, false, null]);
  const t = r();
  if (depth < 3 && t < 0.12) return { $and: Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomFilter(r, depth + 1)) };
  if (depth < 3 && t < 0.24) return { $or: Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomFilter(r, depth + 1)) };
  if (depth < 3 && t < 0.32) return { $not: randomFilter(r, depth + 1) };
  const out = {};
  for (let i = 0, n = 1 + Math.floor(r() * 2); i < n; i++) {
    const key = pick(KEYS);
    const o = r();
    if (o < 0.25) out[key] = r() < 0.15 ? [pick(WORDS), pick(WORDS)] : scalar();
    else {
      const ops = {};
      for (let j = 0, m = 1 + Math.floor(r() * 2); j < m; j++) {
        const op = pick(['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$exists']);
        if (op === '$in' || op === '$nin') ops[op] = Array.from({ length: Math.floor(r() * 4) }, scalar);
        else if (op === '$exists') ops[op] = r() < 0.5;
        else if (op.startsWith('$l') || op.startsWith('$g')) ops[op] = r() < 0.5 ? pick([2019, 2020.5, 2024, 0]) : pick(WORDS);
        else ops[op] = r() < 0.1 ? [pick(WORDS)] : scalar();
      }
      out[key] = ops;
    }
  }
  return out;
}

test('the wasm filter agrees with the reference evaluator on random metadata and filter trees', () => {
  const r = rng(31);
  const rows = 64;
  let cases = 0;
  let passing = 0;
  for (let round = 0; round < 40; round++) {
    const set = new VectorSet(4, { precisions: round % 2 ? ['i8'] : ['f32'] });
    const metas = Array.from({ length: rows }, () => randomMeta(r));
    const vectors = Float32Array.from({ length: rows * 4 }, () => r() - 0.4);
    const ids = metas.map((_, i) => `r${i}`);
    set.add(vectors, ids, { metadata: metas });
    for (let i = 0; i < rows; i++) assert.deepEqual(set.metadata(ids[i]), metas[i], `round ${round}, row ${i}`);
    const q = new Float32Array([1, 0.5, -0.25, 0.1]);
    for (let f = 0; f < 300; f++) {
      const filter = randomFilter(r);
      const got = set.above(q, -1, { filter }).map((m) => m.index).sort((a, b) => a - b);
      const want = metas.flatMap((m, i) => (passes(m, filter) ? [i] : []));
      assert.deepEqual(got, want, `round ${round}: ${JSON.stringify(filter)}`);
      cases += rows;
      passing += want.length;
    }
    set.free();
  }
  assert.ok(cases >= 10_000);
  // The cases must exercise both outcomes, not mostly one.
  const share = passing / cases;
  assert.ok(share > 0.1 && share < 0.9, `share passing ${share}`);
  console.log(`# filter vs reference: ${cases} (row, filter) cases over 12,000 filters, ${(100 * share).toFixed(1)}% passing`);
});

// ---------------------------------------------------------------- exactness on real rows
/** Best first, ties to the lower index: the order every result list uses. */
const ranked = (xs) => xs.sort((a, b) => b.score - a.score || a.index - b.index);

function realSet() {
  const set = new VectorSet(D, { precisions: ['f32', 'i8', 'b1'] });
  // cat: a dictionary column (c0..c999: one in a thousand per value);
  // n: the row number (ranges pick any share).
  const metadata = Array.from({ length: N }, (_, i) => ({ cat: `c${(i * 7919) % 1000}`, n: i, tags: i % 3 ? ['x'] : ['x', 'y'] }));
  set.add(embB, metadata.map((_, i) => `b${i}`), { metadata });
  return { set, metadata };
}

const SELECTIVITY = [
  ['100%', { n: { $gte: 0 } }],
  ['~50% (array tag)', { tags: { $nin: ['y'] } }],
  ['10% (dictionary)', { cat: { $in: Array.from({ length: 100 }, (_, i) => `c${i * 10}`) } }],
  ['10% (range)', { n: { $lt: Math.round(N / 10) } }],
  ['1% (dictionary)', { cat: { $in: Array.from({ length: 10 }, (_, i) => `c${i * 100}`) } }],
  ['1% (range, $and)', { $and: [{ n: { $gte: 500 } }, { n: { $lt: 515 } }] }],
  ['0.1%', { cat: 'c7' }],
  ['none', { cat: 'nobody' }],
];

test('filtered topK, above and cascade equal brute force over the passing rows (f32, i8, b1 -> i8)', () => {
  const { set, metadata } = realSet();
  for (const [label, filter] of SELECTIVITY) {
    const pass = new Set(metadata.flatMap((m, i) => (passes(m, filter) ? [i] : [])));
    for (let qi = 0; qi < 12; qi++) {
      const q = row(embA, qi * 101);
      for (const precision of ['f32', 'i8', 'b1']) {
        const all = set.scores(q, undefined, { precision });
        const brute = ranked([...pass].map((index) => ({ index, score: all[index] })));
        const strip = (ms) => ms.map(({ index, score }) => ({ index, score }));
        for (const k of [1, 10, 100]) {
          assert.deepEqual(strip(set.topK(q, k, { filter, precision })), brute.slice(0, k), `${label} ${precision} k=${k} q${qi}`);
        }
        assert.deepEqual(strip(set.above(q, 0.3, { filter, precision })), brute.filter((m) => m.score >= 0.3), `${label} ${precision} above`);
      }
      // Cascade: b1 over 128 dims picks 50 of the passing rows (many ties: lower rows win), i8 reranks.
      const coarse = set.scores(q, 128, { precision: 'b1' });
      const fine = set.scores(q, undefined, { precision: 'i8' });
      const survivors = ranked([...pass].map((index) => ({ index, score: coarse[index] }))).slice(0, 50);
      const want = ranked(survivors.map(({ index }) => ({ index, score: fine[index] }))).slice(0, 10);
      const got = set.cascade(q, { coarseDims: 128, coarseK: 50, coarsePrecision: 'b1', precision: 'i8', k: 10, filter });
      assert.deepEqual(got.map(({ index, score }) => ({ index, score })), want, `${label} cascade q${qi}`);
      assert.ok(got.every((m) => pass.has(m.index)));
    }
  }
  set.free();
});

test('a namespace and a filter together: only rows in both', () => {
  const set = new VectorSet(3);
  set.add(new Float32Array([1, 0, 0, 0.9, 0.1, 0, 0.8, 0.2, 0]), ['a', 'b', 'c'], { namespace: 't1', metadata: [{ k: 1 }, { k: 2 }, { k: 1 }] });
  set.add(new Float32Array([1, 0, 0]), ['d'], { namespace: 't2', metadata: [{ k: 1 }] });
  const q = new Float32Array([1, 0, 0]);
  assert.deepEqual(set.topK(q, 5, { namespace: 't1', filter: { k: 1 } }).map((m) => m.id), ['a', 'c']);
  assert.deepEqual(set.topK(q, 5, { namespace: 't2', filter: { k: 2 } }), []);
  assert.deepEqual(set.topK(q, 5, { namespace: 'none', filter: { k: 1 } }), []);
  set.free();
});

// ---------------------------------------------------------------- typed lookups
test('a typed lookup never returns a better-scoring row of another type, and counts its own pool', () => {
  const set = new VectorSet(D);
  // Rows 0..9: Persona rows that are the queries themselves (score 1.0);
  // 10..: Industry rows from the other side of the pairs.
  const personas = embA.subarray(0, 10 * D);
  const industries = embB.subarray(0, 300 * D);
  set.add(personas, Array.from({ length: 10 }, (_, i) => `p${i}`), { namespace: 'acme', metadata: Array(10).fill({ type: 'Persona' }) });
  set.add(industries, Array.from({ length: 300 }, (_, i) => `i${i}`), { namespace: 'acme', metadata: Array(300).fill({ type: 'Industry' }) });
  const th = new Thresholds({ types: { Industry: 0.78, Persona: 0.85 }, adaptive: { enabled: true, few: 10, loosen: 0.1, many: 200, tighten: 0.05 } });
  const m = new Matcher(set, th, { k: 5 });
  for (let i = 0; i < 10; i++) {
    const r = m.match(row(embA, i), { spec: '~>Industry', namespace: 'acme' });
    assert.ok(r.candidates.every((c) => c.id.startsWith('i')), JSON.stringify(r.candidates));
    assert.ok(r.candidates[0].score < 1);
    // The pool is the 300 Industry rows: past `many` (200), so tightened.
    assert.deepEqual(r.threshold.adjustments.find((a) => a.kind === 'adaptive'), { kind: 'adaptive', delta: 0.05 });
    assert.equal(r.explanation.candidates, '300 Industry rows in namespace acme');
    // Untyped, the Persona (the query itself) wins.
    const loose = new Matcher(set, th, { k: 1, typeKey: null });
    assert.equal(loose.match(row(embA, i), { spec: '~>Industry', namespace: 'acme' }).candidates[0].id, `p${i}`);
    loose.free();
  }
  // A filter narrows the typed pool further: 10 rows, so the threshold loosens.
  const r = m.match(row(embA, 0), { type: 'Persona', filter: { $not: { type: 'Industry' } }, namespace: 'acme' });
  assert.equal(r.explanation.candidates, '10 Persona rows in namespace acme that pass the filter');
  assert.equal(r.candidates[0].id, 'p0');
  m.free();
  th.free();
  set.free();
});

// ---------------------------------------------------------------- metadata through writes and files
test('metadata follows rows through upsert, setMetadata, remove, set files and change records', () => {
  const live = new VectorSet(4, { precisions: ['i8', 'b1'] });
  const log = [];
  const v = (...x) => new Float32Array(x);
  log.push(live.add(v(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0), ['a', 'b', 'c'], { metadata: [{ t: 'x', n: 1 }, null, { t: 'y', tags: ['p', 'q'] }], record: true }).change);
  log.push(live.upsert(v(0, 0, 0, 1), ['b'], { metadata: [{ t: 'x', nested: { deep: { k: true } } }], record: true }).change);
  const snapshot = live.toBytes();
  const version = live.version;
  log.push(live.setMetadata(['a', 'c'], [{ t: 'z' }, {}], { record: true }).change);
  log.push(live.remove(['a'], { record: true }).change);
  log.push(live.upsert(v(1, 1, 0, 0), ['d'], { metadata: [{ t: 'x' }], record: true }).change);
  assert.deepEqual(live.metadata('b'), { t: 'x', nested: { deep: { k: true } } });
  assert.deepEqual(live.metadata('c'), {});
  assert.equal(live.metadata('a'), null);
  assert.deepEqual(live.topK(v(0, 0, 0, 1), 5, { filter: { t: 'x' } }).map((m) => m.id), ['b', 'd']);
  // A metadata record costs its ids and metadata, not rows.
  assert.ok(log[2].byteLength < 200, `${log[2].byteLength} bytes`);
  // Replaying every record, or the snapshot and the records after it, gives the live set bit for bit.
  const replay = new VectorSet(4, { precisions: ['i8', 'b1'] });
  for (const c of log) assert.equal(replay.apply(c).applied, true);
  assert.deepEqual(replay.toBytes(), live.toBytes());
  const resumed = VectorSet.fromBytes(snapshot);
  assert.equal(resumed.version, version);
  for (const c of log) resumed.apply(c);
  assert.deepEqual(resumed.toBytes(), live.toBytes());
  assert.deepEqual(resumed.metadata('b'), live.metadata('b'));
  // A failed setMetadata changes nothing.
  const before = live.toBytes();
  assert.throws(() => live.setMetadata(['b', 'nope'], [{ t: 'w' }, {}]), /ids\[1\] "nope" is not in the set/);
  assert.deepEqual(live.toBytes(), before);
  for (const s of [live, replay, resumed]) s.free();
});

test('bytesPerRow and byteLength count metadata', () => {
  const typical = { type: 'Industry', locale: 'en-US', year: 2024, tags: ['saas', 'b2b', 'fintech'] };
  const per = VectorSet.bytesPerRow(768, ['i8'], { metadata: typical }) - VectorSet.bytesPerRow(768, ['i8']);
  // A kind byte per key, a 4-byte code per string, 8 per number, 8 + 4 per tag.
  assert.equal(per, (1 + 4) + (1 + 4) + (1 + 8) + (1 + 8 + 12));
  const set = new VectorSet(8);
  const vectors = Float32Array.from({ length: 8 * 10_000 }, (_, i) => ((i * 2654435761) % 1000) / 1000 + 0.01);
  set.add(vectors);
  const bare = set.byteLength();
  set.free();
  const withMeta = new VectorSet(8);
  withMeta.add(vectors, undefined, { metadata: Array.from({ length: 10_000 }, (_, i) => ({ ...typical, year: 2000 + (i % 25) })) });
  const extra = (withMeta.byteLength() - bare) / 10_000;
  // Within the estimate and its vectors' slack.
  assert.ok(extra >= per && extra < per * 1.6, `${extra} bytes per row`);
  withMeta.free();
});

test('count: the rows a search with a namespace and filter considers', () => {
  const { set, metadata } = realSet();
  for (const [label, filter] of SELECTIVITY) {
    const want = metadata.filter((m) => passes(m, filter)).length;
    assert.equal(set.count({ filter }), want, label);
  }
  assert.equal(set.count(), N);
  assert.equal(set.count({ namespace: 'none' }), 0);
  set.free();
});

test('the semantic cache: answers scoped by metadata, looked up with a filter, through records and files', async () => {
  const { SemanticCache } = await import('simgate');
  const cache = new SemanticCache({ dims: D, confident: 0.9, tentative: 0.8, now: () => 0 });
  const replica = new SemanticCache({ dims: D, confident: 0.9, tentative: 0.8, now: () => 0 });
  const q = row(embA, 3);
  for (const [value, metadata] of [['en answer', { model: 'm1', locale: 'en' }], ['de answer', { model: 'm1', locale: 'de' }]]) {
    const { change } = cache.store(q, value, { text: 'same question', metadata, record: true });
    replica.apply(change);
  }
  for (const c of [cache, replica, SemanticCache.fromBytes(cache.toBytes(), { now: () => 0 })]) {
    assert.equal(c.lookup(q, { filter: { locale: 'de' } }).value, 'de answer');
    assert.equal(c.lookup(q, { text: 'same question', filter: { locale: 'en' } }).value, 'en answer');
    // An exact text hit outside the filter is not served.
    const other = c.lookup(q, { text: 'same question', filter: { model: 'm2' } });
    assert.equal(other.tier, 'miss');
    assert.throws(() => c.lookup(q, { filter: { locale: { $gt: null } } }), /options\.filter\.locale\.\$gt must be a number or a string/);
  }
  assert.throws(() => cache.store(q, 'x', { metadata: { 'bad.key': 1 } }), /options\.metadata has a key "bad\.key"/);
  cache.free();
  replica.free();
});
