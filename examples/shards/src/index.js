// simgate across Durable Objects. The front Worker routes by shardOf(id, N)
// and asks every shard in parallel for /match, merges their top-k lists
// exactly (mergeTopK), resolves the threshold over the rows of every shard
// that answered, and decides and explains over the merged scores.
//
//   POST /match  { vector, type?, field?, spec?, mode?, namespace?, k?, precision? }
//                -> Matcher.match's shape { threshold, decision, explanation,
//                   candidates } plus { partial, shards: { answered, missing } }
//   POST /upsert { id, vector, namespace? } -> { shard, added, replaced }
//   POST /remove { ids }                    -> { removed }
//   POST /has    { ids }                    -> { present: boolean[] }
//   GET  /stats                             -> per shard { rows, byteLength, ... } or { error }
//
// A shard that throws or misses DEADLINE_MS makes the answer partial: the
// missing shards are named, and a partial answer never decides `create`
// (the entity may live in a shard that did not answer).
import { Thresholds, band, decide, explain, mergeTopK, shardOf } from 'simgate';

export { Shard } from './shard.js';

/** Request bodies above this are refused (413) unread: a 768-dim vector in JSON is about 16 KB. */
const MAX_BODY = 64 * 1024;
const MAX_K = 100;
const PRECISIONS = ['f32', 'i8', 'b1'];

class BadRequest extends Error {}

/** The thresholds, made once per isolate (THRESHOLDS var or the default preset). */
let thresholds = null;
const thresholdsOf = (env) => (thresholds ??= env.THRESHOLDS ? new Thresholds(JSON.parse(env.THRESHOLDS)) : Thresholds.preset('default'));

const json = (value, status = 200) => Response.json(value, { status });

async function body(request) {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY) return null;
  const text = await request.text();
  if (text.length > MAX_BODY) return null;
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequest('the body must be a JSON object');
    return value;
  } catch (e) {
    throw e instanceof BadRequest ? e : new BadRequest(`the body is not JSON: ${e.message}`);
  }
}

function vectorOf(value, dims) {
  if (!Array.isArray(value) || value.length !== dims || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const got = Array.isArray(value) ? `${value.length} values` : typeof value;
    throw new BadRequest(`vector must be an array of ${dims} finite numbers, got ${got}`);
  }
  if (value.every((x) => x === 0)) throw new BadRequest('vector is all zeros; its cosine with anything is undefined');
  return value;
}

function optionalString(name, value) {
  if (value !== undefined && typeof value !== 'string') throw new BadRequest(`${name} must be a string, got ${typeof value}`);
  return value;
}

function idsOf(value) {
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && id)) throw new BadRequest('ids must be an array of non-empty strings');
  return value;
}

/** `promise`, or a rejection once `ms` have passed. */
function withDeadline(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function shardsOf(env) {
  const n = Number(env.SHARD_COUNT);
  return Array.from({ length: n }, (_, i) => env.SHARDS.get(env.SHARDS.idFromName(`shard-${i}`)));
}

async function match(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = optionalString('namespace', b.namespace);
  for (const key of ['type', 'field', 'spec']) optionalString(key, b[key]);
  const k = b.k ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new BadRequest(`k must be an integer from 1 to ${MAX_K}, got ${JSON.stringify(k)}`);
  if (b.precision !== undefined && !PRECISIONS.includes(b.precision)) throw new BadRequest(`precision must be one of ${PRECISIONS.join(', ')}, got ${JSON.stringify(b.precision)}`);
  if (b.mode !== undefined && b.mode !== 'forward' && b.mode !== 'backward') throw new BadRequest(`mode must be "forward" or "backward", got ${JSON.stringify(b.mode)}`);

  const deadline = Number(env.DEADLINE_MS);
  const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => withDeadline(stub.search(i, vector, { k, namespace, precision: b.precision }), deadline)));
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
  if (!answered.length) return json({ error: 'no shard answered', missing }, 503);
  const merged = mergeTopK(lists, k);

  const threshold = thresholdsOf(env).resolve({ type: b.type, field: b.field, spec: b.spec, candidateCount: rows });
  const scores = Float32Array.from(merged, (m) => m.score);
  const decision = decide(scores, { threshold, mode: b.mode });
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
  return json({ threshold, decision, explanation, candidates, partial, shards: { answered, missing } });
}

async function upsert(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  if (typeof b.id !== 'string' || !b.id) throw new BadRequest('id must be a non-empty string');
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = optionalString('namespace', b.namespace);
  const shard = shardOf(b.id, Number(env.SHARD_COUNT));
  const out = await shardsOf(env)[shard].upsert(shard, b.id, vector, namespace);
  return json({ shard, ...out });
}

/** `ids` grouped by owning shard, each group sent to its shard. */
async function byShard(env, ids, call) {
  const n = Number(env.SHARD_COUNT);
  const groups = new Map();
  ids.forEach((id, at) => {
    const s = shardOf(id, n);
    if (!groups.has(s)) groups.set(s, []);
    groups.get(s).push([id, at]);
  });
  const stubs = shardsOf(env);
  return Promise.all([...groups].map(async ([s, group]) => [group, await call(stubs[s], s, group.map(([id]) => id))]));
}

async function remove(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const results = await byShard(env, idsOf(b.ids), (stub, s, ids) => stub.remove(s, ids));
  return json({ removed: results.reduce((sum, [, n]) => sum + n, 0) });
}

async function has(request, env) {
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const ids = idsOf(b.ids);
  const present = new Array(ids.length).fill(false);
  for (const [group, found] of await byShard(env, ids, (stub, s, list) => stub.has(s, list))) {
    group.forEach(([, at], j) => { present[at] = found[j]; });
  }
  return json({ present });
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const route = `${request.method} ${pathname}`;
    try {
      if (route === 'POST /match') return await match(request, env);
      if (route === 'POST /upsert') return await upsert(request, env);
      if (route === 'POST /remove') return await remove(request, env);
      if (route === 'POST /has') return await has(request, env);
      if (route === 'GET /stats') {
        const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => stub.stats(i)));
        const shards = settled.map((s) => (s.status === 'fulfilled' ? s.value : { error: String(s.reason?.message ?? s.reason) }));
        return json({ shards, rows: shards.reduce((n, s) => n + (s.rows ?? 0), 0) });
      }
      return json({ error: `no route ${route}` }, 404);
    } catch (e) {
      // simgate's argument errors (TypeError/RangeError) are the request's fault too.
      const status = e instanceof BadRequest || e?.name === 'TypeError' || e?.name === 'RangeError' ? 400 : 500;
      return json({ error: e.message }, status);
    }
  },
};
