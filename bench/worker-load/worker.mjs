// The Worker that bench/worker-load.mjs runs in workerd: GET /load?via=stream
// reads the R2 object set.bin with VectorSet.fromStream, ?via=bytes with
// fromBytes(await object.arrayBuffer()); either answers the set's size and
// wasm memory.
import { VectorSet, memoryBytes } from '../../pkg/workerd.js';

let set = null;

export default {
  async fetch(request, env) {
    const via = new URL(request.url).searchParams.get('via');
    if (!via) return Response.json({ memoryBytes: memoryBytes() });
    const t0 = Date.now();
    const object = await env.SETS.get('set.bin');
    set = via === 'bytes' ? VectorSet.fromBytes(await object.arrayBuffer()) : await VectorSet.fromStream(object);
    return Response.json({ via, ms: Date.now() - t0, rows: set.length, byteLength: set.byteLength(), memoryBytes: memoryBytes() });
  },
};
