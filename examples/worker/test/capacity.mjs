// The capacity checks, shared by capacity-i8.test.mjs and
// capacity-b1-i8.test.mjs (each its own isolate): a 100,000 x 768 set file
// is written to R2, the Worker streams it in with fromStream on its first request
// and reuses it, answers exactly what Node's Matcher answered, keeps wasm
// memory under 100 MiB, and survives a junk load.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
// The load: 600 requests, 8 at a time, a third of them junk. (3,000 slow
// down superlinearly inside vitest-pool-workers, even with no junk at all;
// under `wrangler dev` 3,000 take about 17 s and wasm memory stays at 88.1 MiB.)
const REQUESTS = 600;
const post = (path, body) => SELF.fetch(`http://example.com${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
const stats = async () => (await SELF.fetch('http://example.com/stats')).json();

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
      const huge = JSON.stringify({ query: Array.from({ length: 200_000 }, (_, i) => i % 7) });
      const pairs = JSON.stringify({ scores: Array.from({ length: 300_000 }, (_, i) => (i % 100) / 100), labels: Array.from({ length: 300_000 }, (_, i) => i % 2) });
      // Under the body limit but over the pair cap: parsed, then refused with 400.
      const many = JSON.stringify({ scores: Array.from({ length: 60_000 }, (_, i) => (i % 10) / 10), labels: Array.from({ length: 60_000 }, (_, i) => i % 2) });
      const junk = [
        () => post('/match', '{"query": [1, 2,'),
        () => post('/match', { query: [0.1, 0.2, 0.3] }),
        () => post('/match', huge),
        () => post('/calibrate', pairs),
        () => post('/calibrate', many),
        () => post('/match', { query: 'not an array' }),
      ];
      const statuses = {};
      let wrong = 0;
      const t0 = Date.now();
      for (let i = 0; i < REQUESTS; i += 8) {
        const batch = [];
        for (let j = i; j < Math.min(REQUESTS, i + 8); j++) {
          if (j % 3 === 2) {
            batch.push(junk[j % junk.length]().then(async (r) => { await r.arrayBuffer(); return r.status; }));
          } else {
            const k = j % data.queries.length;
            batch.push(post('/match', { query: data.queries[k] }).then(async (r) => {
              const out = await r.json();
              if (JSON.stringify(out.candidates) !== JSON.stringify(data.expected[name][k])) wrong++;
              return r.status;
            }));
          }
        }
        for (const s of await Promise.all(batch)) statuses[s] = (statuses[s] ?? 0) + 1;
        if (i % 400 === 0) console.log(`${i} requests: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      const after = await stats();
      console.log(`workerd (${name}) junk load: ${REQUESTS} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s, statuses ${JSON.stringify(statuses)}, wrong answers ${wrong}, wasm memory ${(after.memoryBytes / MiB).toFixed(1)} MiB`);
      expect(Object.keys(statuses).filter((s) => s >= 500)).toEqual([]);
      expect(statuses[413]).toBeGreaterThan(0);
      expect(wrong).toBe(0);
      expect(after.memoryBytes).toBeLessThan(100 * MiB);
    }, 600_000);
  });
}
