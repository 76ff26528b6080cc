// The Worker that bench/worker-load.mjs runs in workerd: GET /load?via=stream
// reads the R2 object set.bin with VectorSet.fromStream, ?via=bytes with
// fromBytes(await object.arrayBuffer()); either answers the set's size and
// wasm memory. GET /snapshot?via=chunks then writes the loaded set back to
// R2 a chunk at a time (set.fileChunks() through a FixedLengthStream, what
// simgate/durable's compaction does), ?via=bytes as put(set.toBytes()),
// ?via=dropped reads the chunks and keeps none (no R2).
import { VectorSet, memoryBytes } from '../../pkg/workerd.js';

let set = null;

async function snapshot(env, via) {
  if (via === 'bytes') return env.SETS.put('copy.bin', set.toBytes());
  const chunks = set.fileChunks();
  if (via === 'dropped') {
    // The chunks alone: read and let go, no R2 (whose local simulation runs in the same process).
    for (let c; (c = chunks.next()) !== undefined;) await null;
    return { size: chunks.produced };
  }
  const { readable, writable } = new FixedLengthStream(chunks.length);
  const put = env.SETS.put('copy.bin', readable);
  const writer = writable.getWriter();
  for (let c; (c = chunks.next()) !== undefined;) await writer.write(c);
  await writer.close();
  return put;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const via = url.searchParams.get('via');
    if (!via) return Response.json({ memoryBytes: memoryBytes() });
    const t0 = Date.now();
    if (url.pathname === '/snapshot') {
      const put = await snapshot(env, via);
      return Response.json({ via, ms: Date.now() - t0, bytes: put.size, memoryBytes: memoryBytes() });
    }
    const object = await env.SETS.get('set.bin');
    set = via === 'bytes' ? VectorSet.fromBytes(await object.arrayBuffer()) : await VectorSet.fromStream(object);
    return Response.json({ via, ms: Date.now() - t0, rows: set.length, byteLength: set.byteLength(), memoryBytes: memoryBytes() });
  },
};
