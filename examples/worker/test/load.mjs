// The junk load on the example Worker, shared by the vitest capacity tests
// (through SELF.fetch) and by a run against any URL (`wrangler dev`, or your
// deployment): `requests` requests, 8 at a time, a third of them junk (bad
// JSON, a wrong length, a 200,000-number query, a 300,000-pair /calibrate, a
// 60,000-pair one, a query that is not an array); the rest are /match
// queries whose answers must equal what Node's Matcher answered.
// A junk request whose connection the server closes before the client has
// sent the whole body (an over-limit body refused early) counts as
// "closed"; a good request that fails throws.
// As a command: node examples/worker/test/load.mjs URL DATA_DIR [i8|b1-i8] [requests]
// (DATA_DIR from examples/worker/test/capacity-data.mjs; the Worker must
// serve that set).

/** Runs the load with `post(path, body)` (a string or a JSON value) -> Response. */
export async function junkLoad({ post, data, name, requests, log = () => {} }) {
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
  for (let i = 0; i < requests; i += 8) {
    const batch = [];
    for (let j = i; j < Math.min(requests, i + 8); j++) {
      if (j % 3 === 2) {
        batch.push(junk[j % junk.length]().then(async (r) => { await r.arrayBuffer(); return r.status; }, () => 'closed'));
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
    if (i % 400 === 0) log(`${i} requests: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { statuses, wrong, seconds: (Date.now() - t0) / 1000 };
}

/** A `post` for junkLoad against a base URL with fetch, sending `token`. */
export const poster = (base, token) => (path, body) => fetch(new URL(path, base), {
  method: 'POST', headers: { authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body),
});

if (typeof process !== 'undefined' && process.argv?.[1] && import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const [url, dir, name = 'i8', n = '3000'] = process.argv.slice(2);
  const data = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  // The token (SIMGATE_TOKEN) needs admin for the /stats read at the end.
  const token = process.env.SIMGATE_TOKEN;
  const out = await junkLoad({ post: poster(url, token), data, name, requests: Number(n), log: console.log });
  const stats = await (await fetch(new URL('/stats', url), { headers: { authorization: `Bearer ${token}` } })).json();
  console.log(JSON.stringify({ ...out, stats }));
}
