// Another engine's candidates to a calibrated, explained decision: its
// numbers brought to cosine (toCosine), ranked, then decided and explained
// as Matcher.match does with simgate's own scores.
import { Thresholds, band, decide, explain, toCosine } from './simgate.js';

function typeName(v) {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return v.constructor?.name ?? 'object';
}

const KEYS = ['scale', 'threshold', 'thresholds', 'lookup', 'mode', 'minGap'];

/** See index.d.ts: `decideCandidates(candidates, { scale, threshold | thresholds + lookup, mode?, minGap? })`. */
export function decideCandidates(candidates, options) {
  if (!Array.isArray(candidates)) throw new TypeError(`candidates must be an array of { id, value }, got ${typeName(candidates)}`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`options must be an object with scale and threshold (or thresholds), got ${typeName(options)}`);
  for (const k of Object.keys(options)) {
    if (!KEYS.includes(k)) throw new TypeError(`options has an unknown key "${k}"; expected one of: ${KEYS.join(', ')}`);
  }
  const { scale, threshold, thresholds, lookup, mode, minGap } = options;
  if ((threshold === undefined) === (thresholds === undefined)) throw new TypeError('options needs exactly one of threshold and thresholds');
  if (thresholds !== undefined && !(thresholds instanceof Thresholds)) throw new TypeError(`options.thresholds must be a Thresholds, got ${typeName(thresholds)}`);
  if (lookup !== undefined && thresholds === undefined) throw new TypeError('options.lookup needs options.thresholds');
  const values = candidates.map((c, i) => {
    if (c === null || typeof c !== 'object') throw new TypeError(`candidates[${i}] must be { id?, value }, got ${typeName(c)}`);
    if (typeof c.value !== 'number') throw new TypeError(`candidates[${i}].value must be a number, got ${typeName(c.value)}`);
    if (c.id !== undefined && typeof c.id !== 'string') throw new TypeError(`candidates[${i}].id must be a string, got ${typeName(c.id)}`);
    return c.value;
  });
  let cosines;
  try {
    cosines = toCosine(values, scale);
  } catch (e) {
    // toCosine names the list "scores": here it is the candidates' values.
    e.message = e.message.replace(/^scores\[(\d+)\]/, 'candidates[$1].value');
    throw e;
  }
  const order = candidates.map((_, i) => i).sort((a, b) => cosines[b] - cosines[a] || a - b);
  const scores = Float32Array.from(order, (i) => cosines[i]);
  const resolved = thresholds ? thresholds.resolve({ ...(lookup ?? {}), candidateCount: candidates.length }) : threshold;
  const decision = decide(scores, { threshold: resolved, ...(mode === undefined ? {} : { mode }), ...(minGap === undefined ? {} : { minGap }) });
  return {
    threshold: resolved,
    decision,
    explanation: explain(resolved, scores),
    candidates: order.map((i, rank) => ({
      index: i,
      ...(candidates[i].id === undefined ? {} : { id: candidates[i].id }),
      score: scores[rank],
      value: candidates[i].value,
      band: band(scores[rank], resolved),
    })),
  };
}
