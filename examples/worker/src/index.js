// simgate in a Cloudflare Worker.
//
//   POST /match      { query: number[384], type?, field?, spec?, dims?, k? }
//                    -> the decision, its explanation and the banded top candidates,
//                       against the bundled STS-B side-B sentence embeddings
//   POST /calibrate  { scores: number[], labels: (0|1)[], classes?: string[], target?: "f1" | { precision } }
//                    -> the calibrated ThresholdConfig and its metrics
//
// The vector set is built once per isolate, on the first request (not at module
// top level: the Workers runtime allows no I/O or randomness there).
import { Matcher, Thresholds, VectorSet, calibrate } from 'simgate';
import sentences from '../../../data/stsb-dev-minilm/emb_b.f32';

const DIMS = 384;
let matcher;

function getMatcher() {
  if (!matcher) {
    const vectors = new Float32Array(sentences.buffer ?? sentences, sentences.byteOffset ?? 0, (sentences.byteLength) / 4);
    const set = new VectorSet(DIMS);
    set.add(vectors, Array.from({ length: vectors.length / DIMS }, (_, i) => `sentence-${i}`));
    matcher = new Matcher(set, Thresholds.preset('default'), { k: 5, cascade: { coarseDims: 128, coarseK: 50 } });
    set.free(); // the matcher keeps its own handle on the vectors
  }
  return matcher;
}

class BadRequest extends Error {}

async function body(request) {
  try {
    return await request.json();
  } catch {
    throw new BadRequest('the body must be JSON');
  }
}

async function match(request) {
  const { query, type, field, spec, dims } = await body(request);
  if (!Array.isArray(query)) throw new BadRequest(`query must be an array of ${DIMS} numbers`);
  return getMatcher().match(new Float32Array(query), { type, field, spec, dims });
}

async function calibrateRoute(request) {
  const { scores, labels, classes, target } = await body(request);
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

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    try {
      if (request.method !== 'POST') return Response.json({ error: 'use POST /match or POST /calibrate' }, { status: 405 });
      if (pathname === '/match') return Response.json(await match(request));
      if (pathname === '/calibrate') return Response.json(await calibrateRoute(request));
      return Response.json({ error: `no route ${pathname}` }, { status: 404 });
    } catch (e) {
      // simgate throws TypeError/RangeError/Error with a message naming the parameter.
      const status = e instanceof BadRequest || e instanceof TypeError || e instanceof RangeError || e.constructor === Error ? 400 : 500;
      return Response.json({ error: `${e.name}: ${e.message}` }, { status });
    }
  },
};
