// The capacity checks, shared by capacity-i8.test.mjs and
// capacity-b1-i8.test.mjs (each its own isolate): a 100,000 x 768 set file
// is written to R2, the Worker streams it in with fromStream on its first request
// and reuses it, answers exactly what Node's Matcher answered, keeps wasm
// memory under 100 MiB, and survives a junk load.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { junkLoad } from './load.mjs';

const MiB = 1024 * 1024;
// The load: 600 requests, 8 at a time, a third of them junk. (3,000 slow
// down superlinearly inside vitest-pool-workers, even with no junk at all;
// tests/js/workerd.test.mjs runs the full 3,000 under `wrangler dev`.)
const REQUESTS = 600;
const post = (path, body) => SELF.fetch(`http://example.com${path}`, { method: 'POST', headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const stats = async () => (await SELF.fetch('http://example.com/stats', { headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` } })).json();

export function capacity(name, setBytes, data) {
  describe(`examples/worker with a ${data.rows.toLocaleString('en')} x ${data.dims} ${name} set from R2`, () => {
    it('streams it in once with fromStream, answers as Node does, and stays under 100 MiB', async () => {
      await env.SETS.put('set.bin', setBytes);
      const first = await stats();
      expect(first).toMatchObject({ rows: data.rows, dims: data.dims, source: 'r2:set.bin' });
      console.log(`workerd (${name}): set file ${(setBytes.byteLength / 1e6).toFixed(1)} MB, byteLength ${(first.byteLength / 1e6).toFixed(1)} MB, wasm memory ${(first.memoryBytes / MiB).toFixed(1)} MiB`);
      expect(first.memoryBytes).toBeLessThan(100 * MiB);
      for (const [k, query] of data.queries.entries()) {
        const res = await post('/match', { query });
        expect(res.status).toBe(200);
        const out = await res.json();
        expect(out.candidates).toEqual(data.expected[name][k]);
        expect(out.candidates[0].id).toBe(`row-${k * 5000}`);
      }
      const again = await stats();
      // Reused, not reloaded: only query buffers grew (scores of 100,000 rows).
      expect(again.memoryBytes - first.memoryBytes).toBeLessThan(2 * MiB);
    }, 120_000);

    it(`a junk load (${REQUESTS} requests, 8 at a time, a third junk) gives no 5xx, the same answers, and memory under 100 MiB`, async () => {
      await env.SETS.put('set.bin', setBytes);
      const { statuses, wrong, seconds } = await junkLoad({ post, data, name, requests: REQUESTS, log: console.log });
      const after = await stats();
      console.log(`workerd (${name}) junk load: ${REQUESTS} requests in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(statuses)}, wrong answers ${wrong}, wasm memory ${(after.memoryBytes / MiB).toFixed(1)} MiB`);
      expect(Object.keys(statuses).filter((s) => s >= 500)).toEqual([]);
      expect(statuses[413]).toBeGreaterThan(0);
      expect(wrong).toBe(0);
      expect(after.memoryBytes).toBeLessThan(100 * MiB);
    }, 600_000);
  });
}
