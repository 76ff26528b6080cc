// simgate across Durable Objects. The front Worker routes by shardOf(id, N)
// and asks every shard in parallel for /match, merges their top-k lists
// exactly (mergeTopK), resolves the threshold over the rows of every shard
// that answered, and decides and explains over the merged scores.
//
//   POST /match  { vector, type?, field?, spec?, mode?, namespace?, k?, precision?, filter? }
//                -> Matcher.match's shape { threshold, decision, explanation,
//                   candidates } plus { partial, shards: { answered, missing } };
//                   a lookup for a type (`type`, or a `~>T` spec) sees only rows
//                   whose metadata[TYPE_KEY] is that type; `filter` (Vectorize's
//                   syntax) limits candidates further; both merge exactly
//   POST /resolve { vector, namespace?, id?, type?, metadata?, ... } -> /match's
//                answer plus `created` (the new row's id, or null when it matched)
//                and `shard`; a created row carries `metadata` and its type
//   POST /upsert { id, vector, namespace?, metadata? } -> { shard, added, replaced }
//   POST /remove { ids, namespace? }        -> { removed }
//   POST /has    { ids, namespace? }        -> { present: boolean[] }
//   GET  /stats                             -> per shard { rows, version, records, recordBytes,
//                                              snapshotVersion, byteLength, ... } or { error }
//   POST /compact                           -> per shard stats after a snapshot
//
// Every route needs `Authorization: Bearer <token>` (../../shared/auth.js):
// the TOKENS secret grants each token namespaces, write and admin; a request
// without `namespace` uses the token's first; /stats and /compact are admin
// only; ids are per namespace (./ids.js), so one tenant's ids never name
// another's rows.
//
// A shard that throws or misses DEADLINE_MS makes the answer partial: the
// missing shards are named, and a partial answer never decides `create`
// (the entity may live in a shard that did not answer).
import { VectorSet, parseFieldSpec, shardOf } from 'simgate';
import { matchAll, shardsOf } from './match.js';
import { HttpError, authorize, errorResponse } from '../../shared/auth.js';
import { shownId, storedId } from './ids.js';

export { Shard } from './shard.js';
export { Coordinator } from './coordinator.js';

/** Request bodies above this are refused (413) unread: a 768-dim vector in JSON is about 16 KB. */
const MAX_BODY = 64 * 1024;
const MAX_K = 100;
const PRECISIONS = ['f32', 'i8', 'b1'];

class BadRequest extends Error {}

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

/** A throwaway set that checks filters and metadata with the library's own rules (one per isolate). */
let probe = null;
function checked(name, value, check) {
  probe ??= new VectorSet(1);
  try {
    check(probe);
  } catch (e) {
    throw new BadRequest(e.message.replace(/^options\.(filter|metadata\[0\])/, name));
  }
  return value;
}
const filterOf = (value) => (value === undefined ? undefined : checked('filter', value, (p) => p.count({ filter: value })));
function metadataOf(value) {
  if (value === undefined) return undefined;
  // A probe row is added and removed: the probe stays empty.
  return checked('metadata', value, (p) => {
    p.add(new Float32Array([1]), ['probe'], { metadata: [value] });
    p.remove(['probe']);
  });
}

/** The checked fields of a /match or /resolve body, in the namespace the token resolves it to. */
function matchRequest(b, env, who) {
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = who.namespace(optionalString('namespace', b.namespace));
  for (const key of ['type', 'field', 'spec']) optionalString(key, b[key]);
  const k = b.k ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new BadRequest(`k must be an integer from 1 to ${MAX_K}, got ${JSON.stringify(k)}`);
  if (b.precision !== undefined && !PRECISIONS.includes(b.precision)) throw new BadRequest(`precision must be one of ${PRECISIONS.join(', ')}, got ${JSON.stringify(b.precision)}`);
  if (b.mode !== undefined && b.mode !== 'forward' && b.mode !== 'backward') throw new BadRequest(`mode must be "forward" or "backward", got ${JSON.stringify(b.mode)}`);
  if (b.spec !== undefined) {
    try {
      parseFieldSpec(b.spec);
    } catch (e) {
      throw new BadRequest(`spec: ${e.message}`);
    }
  }
  return { vector, namespace, k, type: b.type, field: b.field, spec: b.spec, precision: b.precision, mode: b.mode, filter: filterOf(b.filter) };
}

/** An answer's candidates (and created id) with ids as the tenant wrote them. */
function shown(out, namespace) {
  if (out.candidates) out.candidates = out.candidates.map((c) => ({ ...c, id: c.id === undefined ? c.id : shownId(namespace, c.id) }));
  if (typeof out.created === 'string') out.created = shownId(namespace, out.created);
  return out;
}

async function match(request, env) {
  const who = await authorize(request, env);
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const q = matchRequest(b, env, who);
  const out = await matchAll(env, q);
  return json(shown(out, q.namespace), out.error ? out.status ?? 503 : 200);
}

/**
 * Match or create: the Matcher's answer, and when it is `create`, the create
 * goes through this namespace's coordinator, which matches again (seeing
 * every row created since this first match) before it writes. Concurrent
 * resolves of one new entity create it once.
 */
async function resolveRequest(request, env) {
  const who = await authorize(request, env, { write: true });
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const q = matchRequest(b, env, who);
  const given = optionalString('id', b.id);
  if (given === '') throw new BadRequest('id must be a non-empty string');
  const id = storedId(q.namespace, given ?? crypto.randomUUID());
  q.metadata = metadataOf(b.metadata);
  const first = await matchAll(env, q);
  if (first.error) return json(first, first.status ?? 503);
  if (first.decision.outcome !== 'create') return json(shown({ ...first, created: null }, q.namespace));
  const coordinator = env.COORDINATORS.get(env.COORDINATORS.idFromName(`namespace:${q.namespace}`));
  const out = await coordinator.resolve({ ...q, id });
  return json(shown(out, q.namespace), out.error ? out.status ?? 503 : 200);
}

async function upsert(request, env) {
  const who = await authorize(request, env, { write: true });
  const b = await body(request);
  if (b === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  if (typeof b.id !== 'string' || !b.id) throw new BadRequest('id must be a non-empty string');
  const vector = vectorOf(b.vector, Number(env.DIMS));
  const namespace = who.namespace(optionalString('namespace', b.namespace));
  const id = storedId(namespace, b.id);
  const metadata = metadataOf(b.metadata);
  const shard = shardOf(id, Number(env.SHARD_COUNT));
  const out = await shardsOf(env)[shard].upsert(shard, id, vector, namespace, metadata);
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

/** The request's ids as stored in its namespace (a tenant's ids never name another tenant's rows). */
async function scopedIds(request, env, who) {
  const b = await body(request);
  if (b === null) return null;
  const namespace = who.namespace(optionalString('namespace', b.namespace));
  return idsOf(b.ids).map((id) => storedId(namespace, id));
}

async function remove(request, env) {
  const who = await authorize(request, env, { write: true });
  const ids = await scopedIds(request, env, who);
  if (ids === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
  const results = await byShard(env, ids, (stub, s, list) => stub.remove(s, list));
  return json({ removed: results.reduce((sum, [, n]) => sum + n, 0) });
}

async function has(request, env) {
  const who = await authorize(request, env);
  const ids = await scopedIds(request, env, who);
  if (ids === null) return json({ error: `the body is over ${MAX_BODY} bytes` }, 413);
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
      if (route === 'POST /resolve') return await resolveRequest(request, env);
      if (route === 'POST /upsert') return await upsert(request, env);
      if (route === 'POST /remove') return await remove(request, env);
      if (route === 'POST /has') return await has(request, env);
      if (route === 'POST /compact') {
        await authorize(request, env, { admin: true });
        const shards = await Promise.all(shardsOf(env).map((stub, i) => stub.compact(i)));
        return json({ shards });
      }
      if (route === 'GET /stats') {
        await authorize(request, env, { admin: true });
        const settled = await Promise.allSettled(shardsOf(env).map((stub, i) => stub.stats(i)));
        const shards = settled.map((s) => (s.status === 'fulfilled' ? s.value : { error: String(s.reason?.message ?? s.reason) }));
        return json({ shards, rows: shards.reduce((n, s) => n + (s.rows ?? 0), 0) });
      }
      return json({ error: `no route ${route}` }, 404);
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e);
      // simgate's argument errors (TypeError/RangeError) are the request's fault too.
      const status = e instanceof BadRequest || e?.name === 'TypeError' || e?.name === 'RangeError' ? 400 : 500;
      return json({ error: e.message }, status);
    }
  },
};
