// examples/shards under `wrangler dev` (local workerd, R2 and Durable Objects
// on disk): p50 and p95 latency of POST /match (k 10) for 1 shard x 100,000
// rows against 4 shards x 25,000 (768 dims, i8), after a first request that
// loads the shards; then the cost of mergeTopK itself (4 lists of 100) in
// Node. Local Miniflare is not the edge: there, every shard is its own
// isolate, possibly on another machine, and RPC costs network time.
// Usage: node bench/shards.mjs [rows] [queries]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VectorSet, mergeTopK, shardOf } from '../pkg/node.js';
import { AUTH, TOKENS, pick, randomFloats } from './common.mjs';

const N = Number(process.argv[2] ?? pick(100_000, 2_000));
const Q = Number(process.argv[3] ?? pick(200, 4));
const D = 768;
const dir = mkdtempSync(join(tmpdir(), 'simgate-shards-bench-'));
const wrangler = resolve('node_modules/.bin/wrangler');
const config = ['-c', 'examples/shards/wrangler.jsonc'];
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

const data = randomFloats(N * D, 11);
const ids = Array.from({ length: N }, (_, i) => `row-${i}`);
const queries = Array.from({ length: Q }, (_, q) => Array.from(data.subarray(q * 397 * D, (q * 397 + 1) * D), (v, j) => v + ((j % 7) - 3) * 0.01));

function files(shards) {
  const sets = Array.from({ length: shards }, () => new VectorSet(D, { precisions: ['i8'] }));
  const owner = ids.map((id) => shardOf(id, shards));
  for (let s = 0; s < shards; s++) {
    const rows = [];
    owner.forEach((o, i) => { if (o === s) rows.push(i); });
    for (let first = 0; first < rows.length; first += 10_000) {
      const part = rows.slice(first, first + 10_000);
      const flat = new Float32Array(part.length * D);
      part.forEach((r, j) => flat.set(data.subarray(r * D, (r + 1) * D), j * D));
      sets[s].add(flat, part.map((r) => ids[r]));
    }
    const file = join(dir, `set-${s}-of-${shards}.bin`);
    writeFileSync(file, sets[s].toBytes());
    const put = spawnSync(wrangler, ['r2', 'object', 'put', `simgate-shards/set-${s}-of-${shards}.bin`, '--file', file, '--local', '--persist-to', join(dir, `state-${shards}`), ...config], { env, encoding: 'utf8' });
    if (put.status !== 0) throw new Error(put.stderr);
    sets[s].free();
  }
}

async function run(shards, port) {
  const dev = spawn(wrangler, ['dev', ...config, '--var', `TOKENS:${TOKENS}`, '--var', `SHARD_COUNT:${shards}`, '--var', `DIMS:${D}`, '--var', 'DEADLINE_MS:30000',
    '--ip', '127.0.0.1', '--port', String(port), '--persist-to', join(dir, `state-${shards}`), '--show-interactive-dev-session=false'],
  { env, stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (await fetch(`${base}/ready`).then(() => true, () => false)) break;
    }
    const post = (vector) => fetch(`${base}/match`, { method: 'POST', headers: AUTH, body: JSON.stringify({ vector, k: 10 }) }).then((r) => r.json());
    let t0 = performance.now();
    const first = await post(queries[0]);
    const cold = performance.now() - t0;
    if (first.partial !== false) throw new Error(JSON.stringify(first).slice(0, 500));
    const times = [];
    let found = 0;
    for (const [q, vector] of queries.entries()) {
      t0 = performance.now();
      const out = await post(vector);
      times.push(performance.now() - t0);
      if (out.candidates[0].id === `row-${q * 397}`) found++;
    }
    times.sort((a, b) => a - b);
    const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return { cold, p50: at(0.5), p95: at(0.95), found };
  } finally {
    try { process.kill(-dev.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
}

console.log(`examples/shards under wrangler dev: ${N.toLocaleString('en')} x ${D} rows at i8, POST /match with k 10, ${Q} queries one at a time`);
for (const shards of [1, 4]) {
  files(shards);
  const r = await run(shards, 9700 + shards);
  console.log(`  ${shards} shard${shards > 1 ? 's' : ' '} x ${(N / shards).toLocaleString('en').padStart(7)} rows: first request (loads) ${r.cold.toFixed(0)} ms; p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms; the source row ranked first for ${r.found}/${Q}`);
}

// mergeTopK itself: 4 lists of 100.
const lists = Array.from({ length: 4 }, (_, s) => Array.from({ length: 100 }, (_, i) => ({ index: i, id: `s${s}-${i}`, score: 0.99 - ((i * 4 + s) % 397) / 1000 })));
for (let i = 0; i < 200; i++) mergeTopK(lists, 100);
const runs = 2000;
const t0 = performance.now();
for (let i = 0; i < runs; i++) mergeTopK(lists, 100);
console.log(`mergeTopK of 4 x 100 matches (k 100), in Node: ${((performance.now() - t0) / runs * 1000).toFixed(1)} us per call`);
console.log('Local Miniflare is not the edge: there each shard runs in its own isolate and RPC crosses the network.');
