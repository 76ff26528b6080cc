// pgvector to a calibrated, explained decision. The bundled MiniLM
// sentences go into a pgvector table with an HNSW cosine index (PGlite: a
// real Postgres with pgvector, compiled to wasm, in this process); a
// question's nearest rows come back as cosine distances (`<=>`), and
// simgate decides on them with thresholds calibrated on the bundled
// labeled pairs.
//
// The same SQL runs on a Postgres server with the vector extension through
// `pg` (npm): replace the PGlite lines with
//   import pg from 'pg';
//   const db = new pg.Client(process.env.DATABASE_URL); await db.connect();
// and keep every db.query(...) as it is (db.exec(sql) becomes db.query(sql)).
// Usage: node examples/engines/pgvector.mjs [row]
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { readFileSync } from 'node:fs';
import { Thresholds, calibrate, decideCandidates } from 'simgate';

const dir = new URL('../../data/stsb-dev-minilm/', import.meta.url);
/** A little-endian float32 file of the sample. */
const floats = (name) => {
  const bytes = readFileSync(new URL(name, dir));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};
const dims = 384;
const a = floats('emb_a.f32'), b = floats('emb_b.f32');
const labels = new Uint8Array(readFileSync(new URL('label.u8', dir)));
const rows = b.length / dims;
const literal = (m, i) => `[${Array.from(m.subarray(i * dims, (i + 1) * dims)).join(',')}]`;

// Thresholds calibrated on the labeled pairs' cosines.
const cal = calibrate(floats('cos_full.f32'), labels, { model: 'all-MiniLM-L6-v2' });
const thresholds = new Thresholds(cal.toConfig());
cal.free();

const db = await PGlite.create({ extensions: { vector } });
await db.exec(`CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE sentences (id text PRIMARY KEY, embedding vector(${dims}));`);
for (let i = 0; i < rows; i += 250) {
  const n = Math.min(250, rows - i);
  const values = Array.from({ length: n }, (_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(', ');
  await db.query(`INSERT INTO sentences VALUES ${values}`, Array.from({ length: n }, (_, j) => [`sentence-${i + j}`, literal(b, i + j)]).flat());
}
await db.exec('CREATE INDEX ON sentences USING hnsw (embedding vector_cosine_ops)');

// Side A of a pair asks; its own side B should be among the nearest.
const q = Number(process.argv[2] ?? 1);
const { rows: near } = await db.query('SELECT id, embedding <=> $1 AS distance FROM sentences ORDER BY embedding <=> $1 LIMIT 5', [literal(a, q)]);
const result = decideCandidates(near.map((r) => ({ id: r.id, value: r.distance })), { scale: 'distance', thresholds });
console.log(`pair ${q}, side A asks; pgvector's 5 nearest by <=> (cosine distance), as cosines:`);
for (const c of result.candidates) console.log(`  ${c.id.padEnd(14)} distance ${c.value.toFixed(4)}  cosine ${c.score.toFixed(4)}  ${c.band}`);
console.log(`decision: ${result.decision.outcome}`);
console.log(result.explanation.text);
await db.close();
