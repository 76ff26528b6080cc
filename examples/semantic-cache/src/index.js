// A Worker in front of an expensive call, with simgate's SemanticCache.
//
//   POST /ask      { text, embedding, namespace?, scope? } -> { answer, tier, id, score?, note?, audit?, cachedWasRight?, explanation }
//                  (a read-only token's misses are answered, not stored: stored: false)
//                  scope: what an answer depends on besides the question, e.g.
//                  { "model": "llama-3.1-8b", "locale": "de" }: an answer is stored
//                  with its scope as metadata and served only to questions asked
//                  with the same scope (a lookup filter), never across models or
//                  locales; up to 8 keys, string values
//   POST /feedback { id, correct, score?, namespace? } -> { thresholds }
//   GET  /stats?namespace=                         -> that namespace's Monitor stats, size, counts
//                                                     and durable { version, records, ... }
//
// exact / confident: the cached answer. tentative (fixed thresholds): the
// cached answer with a note that it answers a similar question. verify
// (ERROR_BOUND set): the expensive call's answer, and the judge's verdict on
// the cached one goes back to the cache; an audited confident lookup
// (audit: true) gets the cached answer, and the same check runs after the
// response. miss: the expensive call, whose answer is stored. Each
// namespace has its own Durable Object (CacheObject) holding a
// DurableSemanticCache: a store is one change record in the object's
// storage before the answer leaves, so a restart loses no
// acknowledged entry, and a miss costs its own size, not the cache's.
//
// Every route needs `Authorization: Bearer <token>` (../../shared/auth.js):
// the TOKENS secret grants namespaces, write and admin; a request without
// `namespace` uses the token's first; /stats is admin only.
//
// Where the embedding comes from: with Workers AI,
//   const { data } = await env.AI.run('@cf/baai/bge-small-en-v1.5', { text: [text] });
//   const embedding = data[0];
// and compute it here instead of taking it from the request.
import { HttpError, authorize, errorResponse } from '../../shared/auth.js';

export { CacheObject } from './cache-object.js';

const MAX_BODY = 64 * 1024;

class BadRequest extends Error {}

async function body(request) {
  const text = await request.text();
  if (text.length > MAX_BODY) throw Object.assign(new BadRequest(`the body is over ${MAX_BODY} bytes`), { status: 413 });
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`the body is not JSON: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequest('the body must be a JSON object');
  return value;
}

/** A scope: an object of up to 8 string values (what the cached answer was made for). */
function scopeOf(scope) {
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) throw new BadRequest(`scope must be an object of strings such as { "model": "m", "locale": "en" }, got ${JSON.stringify(scope)}`);
  const entries = Object.entries(scope);
  if (entries.length > 8) throw new BadRequest(`scope has ${entries.length} keys; at most 8`);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new BadRequest(`scope.${k} must be a string, got ${JSON.stringify(v)}`);
  }
  return scope;
}

function ask(b, dims, oracle) {
  if (typeof b.text !== 'string' || !b.text.trim()) throw new BadRequest('text must be a non-empty string');
  if (!Array.isArray(b.embedding) || b.embedding.length !== dims || !b.embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new BadRequest(`embedding must be an array of ${dims} finite numbers, got ${Array.isArray(b.embedding) ? `${b.embedding.length} values` : typeof b.embedding}`);
  }
  if (b.embedding.every((x) => x === 0)) throw new BadRequest('embedding is all zeros');
  if (b.namespace !== undefined && typeof b.namespace !== 'string') throw new BadRequest(`namespace must be a string, got ${typeof b.namespace}`);
  const q = { text: b.text, embedding: b.embedding, namespace: b.namespace };
  if (b.scope !== undefined) q.scope = scopeOf(b.scope);
  // Tests only: what the question is about, so the stand-in call answers alike.
  if (oracle && b.topic !== undefined) q.topic = String(b.topic);
  return q;
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const objectOf = (namespace) => env.CACHE.get(env.CACHE.idFromName(`namespace:${namespace}`));
    const now = env.TEST_CLOCK === '1' && request.headers.has('x-now') ? Number(request.headers.get('x-now')) : undefined;
    try {
      if (request.method === 'GET' && pathname === '/stats') {
        const who = await authorize(request, env, { admin: true });
        return Response.json(await objectOf(who.namespace(new URL(request.url).searchParams.get('namespace') ?? undefined)).stats());
      }
      if (request.method === 'POST' && pathname === '/ask') {
        const who = await authorize(request, env);
        const q = ask(await body(request), Number(env.DIMS), env.TEST_ORACLE === '1');
        q.namespace = who.namespace(q.namespace);
        // A read-only token is answered on a miss too, but its answer is not stored.
        return Response.json(await objectOf(q.namespace).ask(q, now, who.grant.write));
      }
      if (request.method === 'POST' && pathname === '/feedback') {
        const who = await authorize(request, env, { write: true });
        const b = await body(request);
        if (typeof b.id !== 'string' || typeof b.correct !== 'boolean') throw new BadRequest('feedback needs { id: string, correct: boolean, score?: number }');
        if (b.score !== undefined && typeof b.score !== 'number') throw new BadRequest(`score must be a number, got ${typeof b.score}`);
        if (b.namespace !== undefined && typeof b.namespace !== 'string') throw new BadRequest(`namespace must be a string, got ${typeof b.namespace}`);
        return Response.json(await objectOf(who.namespace(b.namespace)).feedback(b.id, b.correct, b.score));
      }
      return Response.json({ error: `no route ${request.method} ${pathname}` }, { status: 404 });
    } catch (e) {
      if (e instanceof HttpError) return errorResponse(e);
      const status = e.status ?? (e instanceof BadRequest || e?.name === 'TypeError' || e?.name === 'RangeError' || /is not in the cache|has not been looked up since/.test(e?.message) ? 400 : 500);
      return Response.json({ error: e.message }, { status });
    }
  },
};
