// Matching across every shard: each shard's top-k, merged exactly
// (mergeTopK), the threshold resolved over the rows of every shard that
// answered, then decided and explained. Used by the front Worker (/match,
// /resolve) and by the namespace coordinators.
import { Thresholds, band, decide, explain, mergeTopK } from 'simgate';

/** The thresholds, made once per isolate (THRESHOLDS var or the default preset). */
let thresholds = null;
const thresholdsOf = (env) => (thresholds ??= env.THRESHOLDS ? new Thresholds(JSON.parse(env.THRESHOLDS)) : Thresholds.preset('default'));

/** `promise`, or a rejection once `ms` have passed. */
function withDeadline(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function shardsOf(env) {
  const n = Number(env.SHARD_COUNT);
  return Array.from({ length: n }, (_, i) => env.SHARDS.get(env.SHARDS.idFromName(`shard-${i}`)));
}

/**
 * Every shard's top-k for `q`, merged, decided and explained (Matcher.match's
 * shape plus `partial` and `shards`), or `{ error, missing }` when no shard
 * answered. Shared by /match, /resolve and the namespace coordinators.
 */
export async function matchAll(env, q) {
  const { vector, namespace, k } = q;
  const deadline = Number(env.DEADLINE_MS);
  const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => withDeadline(stub.search(i, vector, { k, namespace, precision: q.precision }), deadline)));
  const answered = [], missing = [];
  let rows = 0;
  const lists = settled.map((s, i) => {
    if (s.status === 'fulfilled') {
      answered.push(i);
      rows += s.value.rows;
      return s.value.matches;
    }
    missing.push({ shard: i, error: String(s.reason?.message ?? s.reason) });
    return [];
  });
  if (!answered.length) return { error: 'no shard answered', missing };
  const merged = mergeTopK(lists, k);

  const threshold = thresholdsOf(env).resolve({ type: q.type, field: q.field, spec: q.spec, candidateCount: rows });
  const scores = Float32Array.from(merged, (m) => m.score);
  const decision = decide(scores, { threshold, mode: q.mode });
  const explanation = explain(threshold, scores);
  const partial = missing.length > 0;
  if (partial) {
    const names = missing.map((m) => m.shard).join(', ');
    if (decision.outcome === 'create') {
      decision.outcome = 'none';
      explanation.text += ` Shard ${names} did not answer, so nothing is created: the entity may live there; retry.`;
    } else {
      explanation.text += ` Shard ${names} did not answer: a better match may live there.`;
    }
  }
  const candidates = merged.map((m) => ({ ...m, band: band(m.score, threshold) }));
  return { threshold, decision, explanation, candidates, partial, shards: { answered, missing } };
}

