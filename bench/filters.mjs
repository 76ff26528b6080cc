// Filtered top-10 at N rows x 768 dims (default 100,000), in one run:
// simgate at f32 and i8 with a filter on a dictionary column (`cat`, 1,000
// values) and on a numeric range (`year`), each passing 100% / 10% / 1% /
// 0.1% of the rows; the same rows and filters in pgvector (PGlite, HNSW
// cosine index, with and without hnsw.iterative_scan); a plain JS loop that
// filters metadata objects and scores the rows that pass. Then what a
// three-clause filter costs to evaluate, and what metadata costs per row.
//
// Rows are made from the bundled MiniLM sentence embeddings: each is two
// 384-dim mixtures of random sentence pairs side by side, plus noise, so
// neighbours are as clumped as real text (uniform random vectors are not).
// Recall@10 is against the exact top 10 of the passing rows at f32 (what an
// exact filtered search must return); simgate's own filtered result is also
// checked against brute force over the passing rows at its precision.
//
// Usage: node bench/filters.mjs [rows] [queries] [--no-pg]
import { VectorSet, simdEnabled } from 'simgate';
import { PGlite } from '@electric-sql/pglite';
import { vector as pgvector } from '@electric-sql/pglite-pgvector';
import { embA, embB } from '../tests/js/support/data.mjs';
import { interleavedMedians, pick } from './common.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(args[0] ?? pick(100_000, 2_000));
const QUERIES = Number(args[1] ?? pick(20, 3));
const WITH_PG = !process.argv.includes('--no-pg');
const D = 768;
const K = 10;

// ---------------------------------------------------------------- rows and metadata
let seed = 12345;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 2 ** 32;
};
const SENTENCES = embA.length / 384;
const sentence = (k) => (k < SENTENCES ? embA.subarray(k * 384, (k + 1) * 384) : embB.subarray((k - SENTENCES) * 384, (k - SENTENCES + 1) * 384));
function makeRow(out, at) {
  for (let half = 0; half < 2; half++) {
    const a = sentence(Math.floor(rand() * 2 * SENTENCES));
    const b = sentence(Math.floor(rand() * 2 * SENTENCES));
    const w = 0.5 + 0.5 * rand();
    for (let j = 0; j < 384; j++) out[at + half * 384 + j] = w * a[j] + (1 - w) * b[j] + 0.01 * (rand() - 0.5);
  }
}
const data = new Float32Array(N * D);
for (let i = 0; i < N; i++) makeRow(data, i * D);
const queries = Array.from({ length: QUERIES }, () => {
  const q = new Float32Array(D);
  makeRow(q, 0);
  return q;
});
// year: a permutation of 0..N-1 (ranges pick any share); cat: 1,000 values.
const perm = Uint32Array.from({ length: N }, (_, i) => i);
for (let i = N - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [perm[i], perm[j]] = [perm[j], perm[i]];
}
const TAGS = ['saas', 'b2b', 'fintech', 'retail', 'health', 'ai', 'infra', 'media'];
const metadata = Array.from({ length: N }, (_, i) => ({
  type: i % 5 ? 'Industry' : 'Persona',
  locale: ['en', 'de', 'fr', 'ja'][i % 4],
  year: perm[i],
  cat: `c${(perm[i] * 7919) % 1000}`,
  tags: [TAGS[i % 8], TAGS[(i >> 3) % 8], TAGS[(i >> 6) % 8]],
}));
const cats = (n) => Array.from({ length: n }, (_, i) => `c${i}`);
const FILTERS = [
  ['dictionary', '100%', { cat: { $nin: ['none'] } }, (m) => m.cat !== 'none'],
  ['dictionary', '100%*', { cat: { $in: cats(1000) } }, (m) => true],
  ['dictionary', '10%', { cat: { $in: cats(100) } }, (m) => Number(m.cat.slice(1)) < 100],
  ['dictionary', '1%', { cat: { $in: cats(10) } }, (m) => Number(m.cat.slice(1)) < 10],
  ['dictionary', '0.1%', { cat: 'c0' }, (m) => m.cat === 'c0'],
  ['range', '100%', { year: { $lt: N } }, (m) => true],
  ['range', '10%', { year: { $lt: N / 10 } }, (m) => m.year < N / 10],
  ['range', '1%', { year: { $lt: N / 100 } }, (m) => m.year < N / 100],
  ['range', '0.1%', { year: { $lt: N / 1000 } }, (m) => m.year < N / 1000],
];

console.log(`simgate filtered top-${K}: ${N.toLocaleString('en')} x ${D} rows (mixtures of the bundled MiniLM sentence embeddings), ${QUERIES} queries, SIMD128: ${simdEnabled()}`);
const set = new VectorSet(D, { precisions: ['f32', 'i8'] });
const t0 = performance.now();
set.add(data, undefined, { metadata });
console.log(`add with metadata: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---------------------------------------------------------------- exact answers
const ranked = (xs) => xs.sort((a, b) => b.score - a.score || a.index - b.index);
const exactTop = (q, pass, precision) => {
  const all = set.scores(q, undefined, { precision });
  const out = [];
  for (let i = 0; i < N; i++) if (pass[i]) out.push({ index: i, score: all[i] });
  return ranked(out).slice(0, K);
};
const recallOf = (got, want) => {
  if (want.length === 0) return got.length === 0 ? 1 : 0;
  const w = new Set(want.map((m) => m.index));
  return got.filter((i) => w.has(i)).length / want.length;
};

// ---------------------------------------------------------------- simgate and the JS loop
/** What a JS user would write: filter the metadata objects, score the rows that pass, keep the best 10. */
function jsFilterThenScore(q, pred) {
  let nq = 0;
  for (let j = 0; j < D; j++) nq += q[j] * q[j];
  const best = [];
  for (let i = 0, off = 0; i < N; i++, off += D) {
    if (!pred(metadata[i])) continue;
    let dot = 0, nr = 0;
    for (let j = 0; j < D; j++) {
      const y = data[off + j];
      dot += q[j] * y; nr += y * y;
    }
    const score = dot / Math.sqrt(nq * nr);
    if (best.length < K || score > best[best.length - 1].score) {
      best.push({ index: i, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > K) best.pop();
    }
  }
  return best;
}

const results = [];
const passOf = FILTERS.map(([, , , pred]) => Uint8Array.from(metadata, (m) => (pred(m) ? 1 : 0)));
const exactF32 = FILTERS.map((_, f) => queries.map((q) => exactTop(q, passOf[f], 'f32')));
for (const precision of ['f32', 'i8']) {
  const plain = () => { for (const q of queries) set.topK(q, K, { precision }); };
  for (const [f, [column, share, filter]] of FILTERS.entries()) {
    // The filtered search and the unfiltered one timed in turns: their ratio holds if the machine drifts.
    const [tFiltered, tPlain] = interleavedMedians([() => { for (const q of queries) set.topK(q, K, { precision, filter }); }, plain], pick(7, 1));
    let recall = 0, recallSame = 0, exactSame = true;
    for (const [qi, q] of queries.entries()) {
      const got = set.topK(q, K, { precision, filter });
      recall += recallOf(got.map((m) => m.index), exactF32[f][qi]);
      const brute = exactTop(q, passOf[f], precision);
      recallSame += recallOf(got.map((m) => m.index), brute);
      exactSame &&= JSON.stringify(got.map(({ index, score }) => ({ index, score }))) === JSON.stringify(brute);
    }
    results.push({ engine: `simgate ${precision}`, column, share, ms: (tFiltered * 1000) / QUERIES, vsPlain: tPlain / tFiltered, recall: recall / QUERIES, recallSame: recallSame / QUERIES, exactSame, passing: set.count({ filter }) });
  }
}
for (const [f, [column, share, , pred]] of FILTERS.entries()) {
  if (share !== '100%' && share !== '1%' && !(column === 'dictionary' && share === '10%')) continue;
  const runs = pick(3, 1);
  const times = [];
  let recall = 0;
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    for (const [qi, q] of queries.entries()) {
      const got = jsFilterThenScore(q, pred);
      if (r === 0) recall += recallOf(got.map((m) => m.index), exactF32[f][qi]);
    }
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  results.push({ engine: 'plain JS loop', column, share, ms: times[times.length >> 1] / QUERIES, recall: recall / QUERIES });
}

// ---------------------------------------------------------------- pgvector (PGlite)
if (WITH_PG) {
  const db = await PGlite.create({ extensions: { vector: pgvector } });
  await db.exec(`CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE items (id int PRIMARY KEY, embedding vector(${D}), cat text, year int);
    SET maintenance_work_mem = '1GB';`);
  const tLoad = performance.now();
  const BATCH = 250;
  for (let i = 0; i < N; i += BATCH) {
    const n = Math.min(BATCH, N - i);
    const params = [];
    const values = [];
    for (let j = 0; j < n; j++) {
      const r = i + j;
      const v = data.subarray(r * D, (r + 1) * D);
      params.push(r, `[${Array.prototype.join.call(v, ',')}]`, metadata[r].cat, metadata[r].year);
      values.push(`($${4 * j + 1}, $${4 * j + 2}, $${4 * j + 3}, $${4 * j + 4})`);
    }
    await db.query(`INSERT INTO items VALUES ${values.join(', ')}`, params);
  }
  const loadS = (performance.now() - tLoad) / 1000;
  const tIndex = performance.now();
  // Only the vector index, as a vector store is usually set up: the planner
  // then filters what the HNSW scan returns (pgvector's documented behaviour
  // and its recall loss), or scans the table when it expects few rows to pass.
  await db.exec('CREATE INDEX ON items USING hnsw (embedding vector_cosine_ops); ANALYZE items;');
  const indexS = (performance.now() - tIndex) / 1000;
  const version = (await db.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0].extversion;
  console.log(`pgvector ${version} in PGlite: ${N.toLocaleString('en')} rows inserted in ${loadS.toFixed(1)} s, HNSW index (m 16, ef_construction 64) built in ${indexS.toFixed(1)} s`);
  const sqlOf = (filter) => {
    if (filter.cat?.$nin) return ['cat <> ALL($2::text[])', filter.cat.$nin];
    if (filter.cat?.$in) return ['cat = ANY($2::text[])', filter.cat.$in];
    if (typeof filter.cat === 'string') return ['cat = $2', filter.cat];
    return ['year < $2', filter.year.$lt];
  };
  for (const iterative of ['off', 'relaxed_order']) {
    await db.exec(`SET hnsw.iterative_scan = ${iterative}`);
    for (const [f, [column, share, filter]] of FILTERS.entries()) {
      const [where, value] = sqlOf(filter);
      const sql = `SELECT id FROM items WHERE ${where} ORDER BY embedding <=> $1 LIMIT ${K}`;
      const literals = queries.map((q) => `[${Array.prototype.join.call(q, ',')}]`);
      let recall = 0;
      const times = [];
      for (let r = 0; r < pick(3, 1); r++) {
        const s = performance.now();
        for (const [qi, lit] of literals.entries()) {
          const { rows } = await db.query(sql, [lit, value]);
          if (r === 0) recall += recallOf(rows.map((x) => x.id), exactF32[f][qi]);
        }
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const plan = (await db.query(`EXPLAIN ${sql.replace('$1', `'${literals[0]}'`).replace('$2::text[]', `'{${[].concat(value).join(',')}}'::text[]`).replace('$2', `'${value}'`)}`)).rows.map((x) => x['QUERY PLAN']).join(' ');
      // (100%* is the same rows as 100% through a 1,000-value list: pgvector plans it alike.)
      const uses = /items_embedding_idx/.test(plan) ? 'HNSW, then the filter' : /Seq Scan/.test(plan) ? 'seq scan, then sort' : plan.slice(0, 60);
      results.push({ engine: `pgvector HNSW, iterative_scan ${iterative}`, column, share, ms: times[times.length >> 1] / QUERIES, recall: recall / QUERIES, plan: uses });
    }
  }
  await db.close();
}

// ---------------------------------------------------------------- the table
console.log('\nrecall@10: against the exact top 10 of the passing rows at f32; at its precision: against brute force over the passing rows at the precision searched');
console.log('dictionary 100%: { cat: { $nin: ["none"] } }; 100%*: { cat: { $in: [all 1,000 values] } } (the list is read and looked up per query)');
console.log(`${'engine'.padEnd(44)} ${'filter'.padEnd(11)} ${'passes'.padStart(6)} ${'ms/query'.padStart(9)} ${'unfiltered / filtered'.padStart(22)} ${'recall@10'.padStart(10)} ${'at its precision'.padStart(17)}  notes`);
for (const r of results) {
  const vs = r.vsPlain === undefined ? '' : `${r.vsPlain.toFixed(2)}x`;
  const same = r.recallSame === undefined ? '' : r.recallSame.toFixed(3);
  const notes = [r.exactSame === undefined ? '' : r.exactSame ? 'ids and scores equal brute force' : 'DIFFERS from brute force', r.plan ? `plan: ${r.plan}` : ''].filter(Boolean).join('; ');
  console.log(`${r.engine.padEnd(44)} ${r.column.padEnd(11)} ${r.share.padStart(6)} ${r.ms.toFixed(3).padStart(9)} ${vs.padStart(22)} ${r.recall.toFixed(3).padStart(10)} ${same.padStart(17)}  ${notes}`);
}

// ---------------------------------------------------------------- filter evaluation and memory
{
  const three = { cat: { $in: cats(100) }, year: { $gte: N / 2 }, tags: 'saas' };
  const [t] = interleavedMedians([() => set.count({ filter: three })], pick(21, 3));
  console.log(`\nthree-clause filter ${JSON.stringify({ ...three, cat: { $in: '[100 values]' } })} over ${N.toLocaleString('en')} rows: ${(t * 1000).toFixed(3)} ms to evaluate (count: ${set.count({ filter: three })} rows pass)`);
  const typical = { type: 'Industry', locale: 'en', year: 2024, tags: ['saas', 'b2b', 'fintech'] };
  const estimate = VectorSet.bytesPerRow(D, ['i8'], { metadata: typical }) - VectorSet.bytesPerRow(D, ['i8']);
  const small = (meta) => {
    const s = new VectorSet(8);
    s.add(Float32Array.from({ length: 8 * N }, (_, i) => 1 + (i % 7)), undefined, meta ? { metadata: Array.from({ length: N }, (_, i) => ({ ...typical, year: 2000 + (i % 25) })) } : undefined);
    const b = s.byteLength();
    s.free();
    return b;
  };
  const measured = (small(true) - small(false)) / N;
  console.log(`metadata per row for ${JSON.stringify(typical)}: ${estimate} bytes estimated by bytesPerRow, ${measured.toFixed(1)} measured by byteLength over ${N.toLocaleString('en')} rows (${(JSON.stringify(typical).length)} bytes as JSON); an i8 row of ${D} dims is ${VectorSet.bytesPerRow(D, ['i8'])} bytes`);
}
set.free();
