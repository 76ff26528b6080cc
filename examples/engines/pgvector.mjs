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
import { decideCandidates } from 'simgate';
import { a, b, dims, row, rows, show, thresholds } from './sample.mjs';

const literal = (m, i) => `[${row(m, i).join(',')}]`;

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
show(result, `pair ${q}, side A asks; pgvector's 5 nearest by <=> (cosine distance), as cosines:`, 'distance');
await db.close();
