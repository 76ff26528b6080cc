// POST /topk { dims, vectors: number[], query: number[], k } -> { simd, matches }
// Errors from simgate come back as 400 with the error's class and message.
// /readme/* goes to the package README's Workers example, extracted as
// published (tests/js/worker/extract-readme.mjs).
import { VectorSet, simdEnabled } from 'simgate';
import readmeWorker from './readme-worker.mjs';

export default {
  async fetch(request) {
    if (new URL(request.url).pathname.startsWith('/readme')) return readmeWorker.fetch(request);
    try {
      const { dims, vectors, query, k } = await request.json();
      const set = new VectorSet(dims);
      try {
        set.add(new Float32Array(vectors));
        const matches = set.topK(new Float32Array(query), k);
        return Response.json({ simd: simdEnabled(), matches });
      } finally {
        set.free();
      }
    } catch (e) {
      return Response.json({ error: `${e.name}: ${e.message}` }, { status: 400 });
    }
  },
};
