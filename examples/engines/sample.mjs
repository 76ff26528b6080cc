// What both engine examples share: the bundled MiniLM sentences (side A
// asks, side B is stored), thresholds calibrated on the bundled labeled
// pairs, and how a decision is printed.
import { readFileSync } from 'node:fs';
import { Thresholds, calibrate } from 'simgate';

const dir = new URL('../../data/stsb-dev-minilm/', import.meta.url);
/** A little-endian float32 file of the sample. */
const floats = (name) => {
  const bytes = readFileSync(new URL(name, dir));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

export const dims = 384;
export const a = floats('emb_a.f32');
export const b = floats('emb_b.f32');
export const rows = b.length / dims;
/** Row `i` of side `m` as a plain array. */
export const row = (m, i) => Array.from(m.subarray(i * dims, (i + 1) * dims));

const cal = calibrate(floats('cos_full.f32'), new Uint8Array(readFileSync(new URL('label.u8', dir))), { model: 'all-MiniLM-L6-v2' });
/** Thresholds calibrated on the labeled pairs' cosines. */
export const thresholds = new Thresholds(cal.toConfig());
cal.free();

/** Prints decideCandidates' answer: each candidate's engine number, cosine and band, then the decision and why. */
export function show(result, heading, what) {
  console.log(heading);
  for (const c of result.candidates) console.log(`  ${c.id.padEnd(14)} ${what} ${c.value.toFixed(4)}  cosine ${c.score.toFixed(4)}  ${c.band}`);
  console.log(`decision: ${result.decision.outcome}`);
  console.log(result.explanation.text);
}
