// Matching across every shard: each shard's top-k, merged exactly
// (mergeTopK), the threshold resolved over the rows of every shard that
// answered, then decided and explained. Used by the front Worker (/match,
// /resolve) and by the namespace coordinators.
import { Thresholds, band, decide, explain, mergeTopK, parseFieldSpec } from 'simgate';

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

/**
 * The metadata key that holds a row's type (TYPE_KEY var, default "type";
 * empty: types only pick thresholds), as the Matcher's `typeKey`.
 */
export const typeKeyOf = (env) => (env.TYPE_KEY === undefined ? 'type' : env.TYPE_KEY || null);

/** The type a lookup is for: `type`, or the target of its `~>T` / `<~T` spec. */
export const typeOf = (q) => q.type ?? (q.spec ? parseFieldSpec(q.spec).target : undefined);

/** The request's filter, with "metadata[type key] is the type" added for a typed lookup. */
function filterOf(env, q) {
  const key = typeKeyOf(env);
  const type = typeOf(q);
  const typed = key && type !== undefined ? { [key]: type } : null;
  if (typed && q.filter) return { $and: [typed, q.filter] };
  return typed ?? q.filter;
}

/** Who the candidates were: "412 Industry rows in namespace acme that pass the filter". */
function poolText(rows, type, namespace, filtered) {
  return `${rows}${type ? ` ${type}` : ''} ${rows === 1 ? 'row' : 'rows'} in namespace ${namespace || '""'}${filtered ? ' that pass the filter' : ''}`;
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
  const filter = filterOf(env, q);
  const type = typeKeyOf(env) ? typeOf(q) : undefined;
  const search = { k, namespace, precision: q.precision, filter, typeKey: type === undefined ? undefined : typeKeyOf(env) };
  const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => withDeadline(stub.search(i, vector, search), deadline)));
  const answered = [], missing = [];
  let rows = 0, typed = 0;
  const lists = settled.map((s, i) => {
    if (s.status === 'fulfilled') {
      answered.push(i);
      rows += s.value.rows;
      typed += s.value.typed ?? 0;
      return s.value.matches;
    }
    missing.push({ shard: i, error: String(s.reason?.message ?? s.reason) });
    return [];
  });
  if (!answered.length) return { error: 'no shard answered', missing };
  if (type !== undefined && typed === 0 && !missing.length) {
    // Never a silent empty pool: it would decide `create` and duplicate every entity.
    return { error: `this lookup is for type "${type}", but no row has metadata "${typeKeyOf(env)}": upsert rows with { "metadata": { "${typeKeyOf(env)}": "${type}" } }, or set TYPE_KEY to "" to let types pick thresholds only`, status: 400 };
  }
  // Each shard's filtered top-k, merged: exactly the filtered top-k of all rows.
  const merged = mergeTopK(lists, k);

  const threshold = thresholdsOf(env).resolve({ type: q.type, field: q.field, spec: q.spec, candidateCount: rows });
  const scores = Float32Array.from(merged, (m) => m.score);
  const decision = decide(scores, { threshold, mode: q.mode });
  const explanation = explain(threshold, scores);
  if (filter) {
    explanation.candidates = poolText(rows, type, namespace, q.filter !== undefined);
    explanation.text += ` Candidates: ${explanation.candidates}.`;
  }
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

