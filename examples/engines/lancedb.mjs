// LanceDB to a calibrated, explained decision: the bundled MiniLM sentences
// in a LanceDB table (on disk, in a temp dir), searched with the cosine
// metric (`_distance` = 1 - cos) and with l2 (`_distance` = the squared L2
// distance, 2 - 2 cos for unit vectors); simgate brings both to cosine and
// decides with thresholds calibrated on the bundled labeled pairs.
// Usage: node examples/engines/lancedb.mjs [row]
import * as lancedb from '@lancedb/lancedb';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
/** Unit length: LanceDB's l2 and dot read as cosines only for unit vectors. */
const unit = (m, i) => {
  const v = Array.from(m.subarray(i * dims, (i + 1) * dims));
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
};

const cal = calibrate(floats('cos_full.f32'), labels, { model: 'all-MiniLM-L6-v2' });
const thresholds = new Thresholds(cal.toConfig());
cal.free();

const conn = await lancedb.connect(mkdtempSync(join(tmpdir(), 'simgate-lancedb-')));
const table = await conn.createTable('sentences', Array.from({ length: b.length / dims }, (_, i) => ({ id: `sentence-${i}`, vector: unit(b, i) })));

const q = Number(process.argv[2] ?? 1);
for (const [metric, scale] of [['cosine', 'distance'], ['l2', 'l2-squared']]) {
  const near = await table.search(unit(a, q)).distanceType(metric).limit(5).toArray();
  const result = decideCandidates(near.map((r) => ({ id: r.id, value: r._distance })), { scale, thresholds });
  console.log(`pair ${q}, side A asks; LanceDB's 5 nearest by ${metric} (${scale}), as cosines:`);
  for (const c of result.candidates) console.log(`  ${c.id.padEnd(14)} ${metric} ${c.value.toFixed(4)}  cosine ${c.score.toFixed(4)}  ${c.band}`);
  console.log(`decision: ${result.decision.outcome}`);
  console.log(result.explanation.text);
}
conn.close();
