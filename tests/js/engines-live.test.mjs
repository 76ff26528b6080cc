// Real engines, offline: pgvector 0.8 inside PGlite (with an HNSW cosine
// index) and LanceDB, holding the bundled MiniLM sentences (side B, unit
// length), queried with side A's sentences through every operator and
// metric. Each engine's numbers, through toCosine at their scale, equal
// simgate's own cosines of the same rows within 1e-5; decideCandidates on
// the engine's candidates gives the decision and explanation simgate makes
// from its own scores of the same rows; the HNSW index's recall@10 against
// simgate's exact top-10 is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { vector as pgvector } from '@electric-sql/pglite-pgvector';
import * as lancedb from '@lancedb/lancedb';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Thresholds, VectorSet, cosine, decide, decideCandidates, explain } from 'simgate';
import { D, N, embA, embB, row, sample } from './support/data.mjs';

const QUERIES = 25;
const K = 10;

/** Unit length in f64, as engines that assume it need. */
function unit(v) {
  let sq = 0;
  for (const x of v) sq += x * x;
  const s = 1 / Math.sqrt(sq);
  return Array.from(v, (x) => x * s);
}

const stored = Array.from({ length: N }, (_, i) => unit(row(embB, i)));
const queries = Array.from({ length: QUERIES }, (_, q) => unit(row(embA, (q * 97) % N)));
const idOf = (i) => `s-${i}`;
const rowOf = (id) => Number(id.slice(2));
const thresholds = Thresholds.preset('default');
const set = new VectorSet(D);
set.add(Float32Array.from(stored.flat()), stored.map((_, i) => idOf(i)));

/**
 * For one query and one engine listing: every value through `scale` equals
 * simgate's cosine within 1e-5, and decideCandidates decides and explains
 * as simgate does from its own scores of the same rows.
 */
function sameAsSimgate(query, listing, scale, what) {
  const q = Float32Array.from(query);
  const own = listing.map((c) => cosine(q, Float32Array.from(stored[rowOf(c.id)])));
  const out = decideCandidates(listing, { scale, thresholds, lookup: { type: 'Industry' } });
  for (const c of out.candidates) {
    const want = own[c.index];
    assert.ok(Math.abs(c.score - want) <= 1e-5, `${what}: ${c.id} ${scale} ${c.value} -> ${c.score}, simgate ${want}`);
  }
  const ranked = Float32Array.from(out.candidates, (c) => own[c.index]);
  const threshold = thresholds.resolve({ type: 'Industry', candidateCount: listing.length });
  assert.equal(out.decision.outcome, decide(ranked, { threshold }).outcome, what);
  assert.equal(out.explanation.text, explain(threshold, ranked).text, what);
  return out;
}

test('pgvector (PGlite, HNSW cosine index): <=>, <#> and <-> through toCosine equal simgate\'s cosines; decisions and explanations agree', async () => {
  const db = await PGlite.create({ extensions: { vector: pgvector } });
  await db.exec(`CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE items (id text PRIMARY KEY, embedding vector(${D}));`);
  for (let i = 0; i < N; i += 200) {
    const chunk = stored.slice(i, i + 200);
    const params = chunk.flatMap((v, j) => [idOf(i + j), `[${v.join(',')}]`]);
    await db.query(`INSERT INTO items VALUES ${chunk.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ')}`, params);
  }
  await db.exec('CREATE INDEX ON items USING hnsw (embedding vector_cosine_ops)');
  // 1,497 rows are few enough for the planner to prefer a full scan: make it use the index.
  await db.exec('SET enable_seqscan = off');
  const version = (await db.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0].extversion;
  let found = 0, decided = { match: 0, create: 0, other: 0 };
  for (const [qi, query] of queries.entries()) {
    const literal = `[${query.join(',')}]`;
    for (const [op, scale] of [['<=>', 'distance'], ['<#>', 'negative-inner-product'], ['<->', 'l2']]) {
      const { rows } = await db.query(`SELECT id, embedding ${op} $1 AS value FROM items ORDER BY embedding ${op} $1 LIMIT ${K}`, [literal]);
      assert.equal(rows.length, K);
      const out = sameAsSimgate(query, rows.map((r) => ({ id: r.id, value: Number(r.value) })), scale, `pgvector ${op}, query ${qi}`);
      if (op === '<=>') {
        // Through the HNSW index: recall against simgate's exact top-10.
        const exact = new Set(set.topK(Float32Array.from(query), K).map((m) => m.id));
        found += rows.filter((r) => exact.has(r.id)).length;
        decided[out.decision.outcome in decided ? out.decision.outcome : 'other'] += 1;
      }
    }
  }
  const plan = (await db.query(`EXPLAIN SELECT id FROM items ORDER BY embedding <=> '[${queries[0].join(',')}]' LIMIT ${K}`)).rows.map((r) => r['QUERY PLAN']).join(' ');
  assert.match(plan, /Index Scan using items_embedding_idx/, `the <=> query uses the HNSW index: ${plan.slice(0, 200)}`);
  const recall = found / (QUERIES * K);
  console.log(`# pgvector ${version} in PGlite, HNSW (vector_cosine_ops), ${N} rows: recall@${K} ${recall.toFixed(3)} against simgate's exact top-${K} over ${QUERIES} queries; decisions ${JSON.stringify(decided)}`);
  assert.ok(recall > 0.8, `recall@${K} ${recall}`);
  await db.close();
});

test('LanceDB: cosine, l2 and dot through toCosine equal simgate\'s cosines; decisions and explanations agree', async () => {
  const conn = await lancedb.connect(mkdtempSync(join(tmpdir(), 'simgate-lance-')));
  const table = await conn.createTable('items', stored.map((v, i) => ({ id: idOf(i), vector: v })));
  for (const [qi, query] of queries.entries()) {
    for (const [metric, scale] of [['cosine', 'distance'], ['l2', 'l2-squared'], ['dot', 'distance']]) {
      const rows = await table.search(query).distanceType(metric).limit(K).toArray();
      assert.equal(rows.length, K);
      sameAsSimgate(query, rows.map((r) => ({ id: r.id, value: r._distance })), scale, `LanceDB ${metric}, query ${qi}`);
      // A flat search is exact: the same top-10 scores as simgate's.
      const exact = set.topK(Float32Array.from(query), K).map((m) => m.score);
      const converted = decideCandidates(rows.map((r) => ({ id: r.id, value: r._distance })), { scale, threshold: 0.8 }).candidates.map((c) => c.score);
      converted.forEach((s, j) => assert.ok(Math.abs(s - exact[j]) <= 1e-5, `LanceDB ${metric} query ${qi} rank ${j}: ${s} vs ${exact[j]}`));
    }
  }
  conn.close();
});

test('values no pair of unit vectors can give are Errors naming the candidate', () => {
  assert.throws(() => decideCandidates([{ id: 'a', value: 0.1 }, { id: 'b', value: 2.5 }], { scale: 'l2', threshold: 0.8 }),
    { message: 'candidates[1].value must be an L2 distance of unit vectors, sqrt(2 - 2 cos), in [0, 2], got 2.5' });
  assert.throws(() => decideCandidates([{ id: 'a', value: -1.5 }], { scale: 'negative-inner-product', threshold: 0.8 }), /candidates\[0\]\.value must be a negative inner product of unit vectors in \[-1, 1\], got -1.5/);
  assert.throws(() => decideCandidates([{ id: 'a', value: 0.2 }], { scale: 'l2', threshold: 0.8, thresholds }), /exactly one of threshold and thresholds/);
  assert.throws(() => decideCandidates([{ id: 'a', value: '0.2' }], { scale: 'l2', threshold: 0.8 }), { name: 'TypeError', message: 'candidates[0].value must be a number, got string' });
  assert.throws(() => decideCandidates([{ value: 0.2 }], { scale: 'manhattan', threshold: 0.8 }), /scale/);
  const empty = decideCandidates([], { scale: 'distance', threshold: 0.8 });
  assert.equal(empty.decision.outcome, 'create');
});

test('examples/engines run as written and end in a calibrated, explained decision', () => {
  for (const script of ['examples/engines/pgvector.mjs', 'examples/engines/lancedb.mjs']) {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(run.status, 0, `${script}:\n${run.stderr.slice(-2000)}`);
    // Pair 1's side B is its nearest sentence (cosine 0.954): a match above the calibrated threshold.
    assert.match(run.stdout, /^ {2}sentence-1 .* cosine 0\.95\d+ +high$/m, run.stdout);
    assert.match(run.stdout, /^decision: match$/m, run.stdout);
    assert.match(run.stdout, /^Threshold 0\.8059 \(default threshold 0\.8059\)/m, run.stdout);
  }
});

test('simgate calibrate --scale reads an engine\'s numbers: the same thresholds as from cosines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simgate-scale-'));
  const cosines = sample.scores, labels = sample.labels;
  const csv = (f) => `distance,label\n${Array.from(cosines, (c, i) => `${f(c)},${labels[i]}`).join('\n')}\n`;
  writeFileSync(join(dir, 'cos.csv'), `score,label\n${Array.from(cosines, (c, i) => `${c},${labels[i]}`).join('\n')}\n`);
  writeFileSync(join(dir, 'dist.csv'), csv((c) => 1 - c));
  writeFileSync(join(dir, 'l2.csv'), csv((c) => Math.sqrt(Math.max(0, 2 - 2 * c))));
  const config = (file, ...args) => {
    const out = join(dir, `${file}.json`);
    const run = spawnSync(process.execPath, ['pkg/cli.js', 'calibrate', join(dir, file), '--bootstrap', '0', '--out', out, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  const want = config('cos.csv').default;
  assert.ok(Math.abs(config('dist.csv', '--score', 'distance', '--scale', 'distance').default - want) < 1e-4);
  assert.ok(Math.abs(config('l2.csv', '--score', 'distance', '--scale', 'l2').default - want) < 1e-4);
  writeFileSync(join(dir, 'bad.csv'), 'distance,label\n0.3,1\n2.5,0\n');
  const bad = spawnSync(process.execPath, ['pkg/cli.js', 'calibrate', join(dir, 'bad.csv'), '--score', 'distance', '--scale', 'l2'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad\.csv:3: column distance: the value must be an L2 distance of unit vectors, sqrt\(2 - 2 cos\), in \[0, 2\], got 2\.5/);
  const unknown = spawnSync(process.execPath, ['pkg/cli.js', 'calibrate', join(dir, 'cos.csv'), '--scale', 'manhattan'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--scale/);
});
