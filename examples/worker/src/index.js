// simgate in a Cloudflare Worker.
//
//   POST /match      { query: number[dims], type?, field?, spec?, dims?, namespace? }
//                    -> the decision, its explanation and the banded top candidates
//   POST /calibrate  { scores: number[], labels: (0|1)[], classes?: string[], target?: "f1" | { precision } }
//                    -> the calibrated ThresholdConfig and its metrics
//   GET  /stats      -> { memoryBytes, rows, byteLength, dims, precisions, source }
//   GET  /monitor    -> the Monitor of every /match so far (hit rate, mean score on hits,
//                       borderline hits, histogram, advice, borderline sample)
//
// Every route needs `Authorization: Bearer <token>` (../../shared/auth.js):
// the TOKENS secret grants namespaces, write and admin; /match without a
// namespace searches the token's first namespace, never every row; /stats
// and /monitor are admin only.
//
// The set: the R2 object SET_KEY in the SETS bucket when it exists (a set file
// written by `simgate pack` or VectorSet.toBytes(), read with fromStream: each
// chunk of the object's body goes straight into wasm memory, so the isolate
// never holds the file and the set at once; 100,000 x 768 rows as i8 are 84 MB,
// twice that would not fit), else the bundled STS-B sentence
// embeddings. It is loaded once per isolate, on the first request (the Workers
// runtime allows no I/O at module top level), and reused.
//
// Memory: an isolate has 128 MB for JS and wasm together, and wasm memory
// never shrinks, so no request may grow it unboundedly. Bodies above
// MAX_BODY (per route) are refused with 413 without being kept or parsed (parsing
// a large JSON body is itself the costliest thing a request can ask of an
// isolate holding a 100 MB set), and /calibrate takes at most MAX_PAIRS pairs
// (about 40 bytes of wasm memory per pair while it runs: 50,000 pairs stay
// under 2 MB; 50,000 pairs of JSON fit in 1 MB).
import { Matcher, Thresholds, VectorSet, calibrate, memoryBytes } from 'simgate';
import { HttpError, authorize } from '../../shared/auth.js';
import sentences from '../../../data/stsb-dev-minilm/emb_b.f32';

export { MatchMonitor } from './monitor.js';

/** Largest accepted body per route, in bytes: a 1,536-dim query is under 40 KB of JSON. */
const MAX_BODY = { '/match': 64 * 1024, '/calibrate': 1024 * 1024 };
/** Most pairs one /calibrate call takes. */
const MAX_PAIRS = 50_000;

let loaded;

async function load(env) {
  const key = env.SET_KEY ?? 'set.bin';
  const object = env.SETS ? await env.SETS.get(key) : null;
  let set, source;
  if (object) {
    set = await VectorSet.fromStream(object);
    source = `r2:${key}`;
  } else {
    const vectors = new Float32Array(sentences.buffer ?? sentences, sentences.byteOffset ?? 0, sentences.byteLength / 4);
    set = new VectorSet(384);
    set.add(vectors, Array.from({ length: vectors.length / 384 }, (_, i) => `sentence-${i}`));
    source = 'bundled';
  }
  // Sign bits when kept: a full-dims coarse pass, reranked at the most
  // precise encoding; otherwise a 128-dim coarse pass.
  const cascade = set.precisions.includes('b1')
    ? { coarseDims: set.dims, coarseK: 200, coarsePrecision: 'b1' }
    : { coarseDims: Math.min(128, set.dims), coarseK: 50 };
  // A set whose rows carry a `type` in their metadata (`simgate pack` with a
  // "metadata" field per line) gets typed lookups: ~>Industry sees only
  // Industry rows. Without one, the type picks the threshold only.
  const typed = set.count({ filter: { type: { $exists: true } } }) > 0;
  const matcher = new Matcher(set, Thresholds.preset('default'), { k: 5, cascade, typeKey: typed ? 'type' : null });
  return { set, matcher, source };
}

/** The set and its matcher, loaded by the first request of this isolate. */
function getLoaded(env) {
  loaded ??= load(env).catch((e) => {
    loaded = undefined; // the next request tries again
    throw e;
  });
  return loaded;
}

/**
 * The JSON body, refused with 413 above the route's limit before parsing.
 * The body is read chunk by chunk and kept only while under the limit; the
 * rest is read and dropped (answering before the client has sent its body
 * breaks some proxies' connections), so a huge body costs no memory.
 */
async function body(request, limit) {
  const chunks = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const { done, value } = reader ? await reader.read() : { done: true };
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
  }
  if (size > limit) throw new HttpError(413, `the body is ${size} bytes; this route takes at most ${limit}`);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
}

const monitorOf = (env) => env.MONITOR.get(env.MONITOR.idFromName('matches'));

async function match(request, env, ctx) {
  const who = await authorize(request, env);
  const { query, type, field, spec, dims, namespace } = await body(request, MAX_BODY['/match']);
  const { matcher, set } = await getLoaded(env);
  if (!Array.isArray(query)) throw new HttpError(400, `query must be an array of ${set.dims} numbers`);
  const result = matcher.match(new Float32Array(query), { type, field, spec, dims, namespace: who.namespace(namespace) });
  // Recorded after the answer is sent: the best candidate's score, and
  // whether the decision matched.
  const best = result.candidates[0];
  if (best && env.MONITOR) {
    const event = { hit: result.decision.outcome === 'match', ...(best.id ? { id: best.id } : {}), ...(typeof type === 'string' ? { type } : {}) };
    ctx.waitUntil(monitorOf(env).record(best.score, event));
  }
  return result;
}

async function calibrateRoute(request, env) {
  await authorize(request, env);
  const { scores, labels, classes, target } = await body(request, MAX_BODY['/calibrate']);
  if (Array.isArray(scores) && scores.length > MAX_PAIRS) {
    throw new HttpError(400, `scores has ${scores.length} pairs; /calibrate takes at most ${MAX_PAIRS}`);
  }
  const cal = calibrate(scores, labels, classes ? { classes } : undefined);
  try {
    const best = cal.best();
    return {
      config: cal.toConfig(target ? { target } : undefined),
      metrics: { auc: cal.auc(), best, ece: cal.reliability('platt').ece, brier: cal.reliability('platt').brier },
    };
  } finally {
    cal.free();
  }
}

async function stats(env) {
  const { set, source } = await getLoaded(env);
  return { memoryBytes: memoryBytes(), rows: set.length, byteLength: set.byteLength(), dims: set.dims, precisions: set.precisions, source };
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    try {
      if (request.method === 'GET' && pathname === '/stats') {
        await authorize(request, env, { admin: true });
        return Response.json(await stats(env));
      }
      if (request.method === 'GET' && pathname === '/monitor') {
        await authorize(request, env, { admin: true });
        return Response.json(await monitorOf(env).read());
      }
      if (request.method !== 'POST') return Response.json({ error: 'use POST /match, POST /calibrate, GET /stats or GET /monitor' }, { status: 405 });
      if (pathname === '/match') return Response.json(await match(request, env, ctx));
      if (pathname === '/calibrate') return Response.json(await calibrateRoute(request, env));
      return Response.json({ error: `no route ${pathname}` }, { status: 404 });
    } catch (e) {
      // simgate throws TypeError/RangeError/Error with a message naming the parameter.
      const status = e instanceof HttpError ? e.status
        : e instanceof TypeError || e instanceof RangeError || e.constructor === Error ? 400 : 500;
      return Response.json({ error: e instanceof HttpError ? e.message : `${e.name}: ${e.message}` }, { status, headers: e.headers });
    }
  },
};
