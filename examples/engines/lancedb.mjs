// LanceDB to a calibrated, explained decision: the bundled MiniLM sentences
// in a LanceDB table (on disk, in a temp dir), searched with the cosine
// metric (`_distance` = 1 - cos) and with l2 (`_distance` = the squared L2
// distance, 2 - 2 cos for unit vectors); simgate brings both to cosine and
// decides with thresholds calibrated on the bundled labeled pairs.
// Usage: node examples/engines/lancedb.mjs [row]
import * as lancedb from '@lancedb/lancedb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideCandidates } from 'simgate';
import { a, b, dims, row, show, thresholds } from './sample.mjs';

/** Unit length: LanceDB's l2 and dot read as cosines only for unit vectors. */
const unit = (m, i) => {
  const v = row(m, i);
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
};

const conn = await lancedb.connect(mkdtempSync(join(tmpdir(), 'simgate-lancedb-')));
const table = await conn.createTable('sentences', Array.from({ length: b.length / dims }, (_, i) => ({ id: `sentence-${i}`, vector: unit(b, i) })));

const q = Number(process.argv[2] ?? 1);
for (const [metric, scale] of [['cosine', 'distance'], ['l2', 'l2-squared']]) {
  const near = await table.search(unit(a, q)).distanceType(metric).limit(5).toArray();
  const result = decideCandidates(near.map((r) => ({ id: r.id, value: r._distance })), { scale, thresholds });
  show(result, `pair ${q}, side A asks; LanceDB's 5 nearest by ${metric} (${scale}), as cosines:`, metric);
}
conn.close();
