// The write path of examples/shards under `wrangler dev` (one shard, 768
// dims, i8; local workerd with R2 and Durable Objects on disk): a one-row
// POST /upsert on an empty shard against shards of 25,000 and 100,000 rows
// (p50, p95), the bytes each upsert stores (its change record), sustained
// sequential upserts per second, and a compaction's time and snapshot size.
// Local wrangler dev enforces neither R2's one write per second per key nor
// the 128 MB isolate limit; see the README.
// Then the semantic-cache example: a miss's latency at 500 entries against
// 10,000.
// Usage: node bench/writes.mjs [upserts] [sizes, comma-separated] [shards|cache: one part only]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VectorSet } from '../pkg/node.js';
import { AUTH, TOKENS, pick, randomFloats } from './common.mjs';

const U = Number(process.argv[2] ?? pick(300, 20));
const SIZES = (process.argv[3] ?? pick('0,25000,100000', '0,500')).split(',').map(Number);
/** The semantic-cache part: a small cache, and a large one. */
const [SMALL, LARGE] = pick([500, 10_000], [60, 200]);
const D = 768;
const dir = mkdtempSync(join(tmpdir(), 'simgate-writes-bench-'));
const wrangler = resolve('node_modules/.bin/wrangler');
const config = ['-c', 'examples/shards/wrangler.jsonc'];
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

/** A shard file of `n` random rows, put into local R2 as shard 0 of 1. */
function seed(n, state) {
  if (n === 0) return;
  const set = new VectorSet(D, { precisions: ['i8'] });
  for (let first = 0; first < n; first += 10_000) {
    const rows = Math.min(10_000, n - first);
    set.add(randomFloats(rows * D, first + 1), Array.from({ length: rows }, (_, i) => `row-${first + i}`));
  }
  const file = join(dir, `seed-${n}.bin`);
  writeFileSync(file, set.toBytes());
  set.free();
  const put = spawnSync(wrangler, ['r2', 'object', 'put', 'simgate-shards/set-0-of-1.bin', '--file', file, '--local', '--persist-to', state, ...config], { env, encoding: 'utf8' });
  if (put.status !== 0) throw new Error(put.stderr);
}

async function run(n, port) {
  const state = join(dir, `state-${n}`);
  seed(n, state);
  // No automatic compaction during the timed upserts: records only.
  const dev = spawn(wrangler, ['dev', ...config, '--var', `TOKENS:${TOKENS}`, '--var', 'SHARD_COUNT:1', '--var', `DIMS:${D}`, '--var', 'PRECISIONS:i8', '--var', 'COMPACT_RECORDS:1000000',
    '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--show-interactive-dev-session=false'],
  { env, stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (await fetch(`${base}/ready`).then(() => true, () => false)) break;
    }
    const stats = async () => (await (await fetch(`${base}/stats`, { headers: AUTH })).json()).shards[0];
    let t0 = performance.now();
    await stats(); // loads the shard
    const load = performance.now() - t0;
    const vectors = randomFloats(U * D, 999 + n);
    const upsert = (i) => fetch(`${base}/upsert`, { method: 'POST', headers: AUTH, body: JSON.stringify({ id: `new-${i}`, vector: Array.from(vectors.subarray(i * D, (i + 1) * D)) }) })
      .then(async (r) => { if (r.status !== 200) throw new Error(await r.text()); });
    for (let i = 0; i < 10; i++) await upsert(U - 1 - i); // warm
    const before = await stats();
    const times = [];
    const all0 = performance.now();
    for (let i = 0; i < U - 10; i++) {
      t0 = performance.now();
      await upsert(i);
      times.push(performance.now() - t0);
    }
    const perSecond = (U - 10) / ((performance.now() - all0) / 1000);
    const after = await stats();
    times.sort((a, b) => a - b);
    const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    t0 = performance.now();
    const compact = await (await fetch(`${base}/compact`, { method: 'POST', headers: AUTH })).json();
    const compactMs = performance.now() - t0;
    // The floor: the same route through wrangler dev's proxy and the shard, reading only.
    const has0 = performance.now();
    for (let i = 0; i < U - 10; i++) await fetch(`${base}/has`, { method: 'POST', headers: AUTH, body: JSON.stringify({ ids: [`new-${i}`] }) }).then((r) => r.json());
    const hasPerSecond = (U - 10) / ((performance.now() - has0) / 1000);
    const bytesPerUpsert = (after.recordBytes - before.recordBytes) / (after.records - before.records);
    return { load, p50: at(0.5), p95: at(0.95), perSecond, hasPerSecond, bytesPerUpsert, compactMs, snapshot: compact.shards[0].snapshotBytes, rows: compact.shards[0].rows };
  } finally {
    try { process.kill(-dev.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const ONLY = process.argv[4];
const results = [];
if (ONLY !== 'cache') console.log(`examples/shards under wrangler dev, one shard, ${D} dims at i8: ${U - 10} one-row POST /upsert one after another (after 10 to warm up), then POST /compact`);
for (const [i, n] of (ONLY === 'cache' ? [] : SIZES).entries()) {
  const r = await run(n, 9950 + i);
  results.push([n, r]);
  console.log(`  ${n.toLocaleString('en').padStart(7)} rows: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, ${r.perSecond.toFixed(0)} upserts/s (POST /has, reading only: ${r.hasPerSecond.toFixed(0)}/s); ${r.bytesPerUpsert.toFixed(0)} bytes stored per upsert; `
    + `compaction ${r.compactMs.toFixed(0)} ms for a ${(r.snapshot / 1e6).toFixed(1)} MB snapshot of ${r.rows.toLocaleString('en')} rows (first load ${r.load.toFixed(0)} ms)`);
}
const empty = results.find(([n]) => n === 0)?.[1];
if (empty) {
  for (const [n, r] of results) if (n > 0) console.log(`  p50 at ${n.toLocaleString('en')} rows / empty: ${(r.p50 / empty.p50).toFixed(2)}x`);
}

// The semantic-cache example (384 dims, i8): one miss (the lookup, the
// stand-in call with no delay, the store and its record) at 300-500 entries
// against 10,000-10,200 in the same namespace.
async function cacheMisses(port) {
  const state = join(dir, 'cache-state');
  const cfg = ['-c', 'examples/semantic-cache/wrangler.jsonc'];
  const dev = spawn(wrangler, ['dev', ...cfg, '--var', `TOKENS:${TOKENS}`, '--var', 'EXPENSIVE_MS:0', '--var', 'MAX_ENTRIES:100000', '--var', 'ERROR_BOUND:',
    '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--show-interactive-dev-session=false'],
  { env, stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  const dims = 384;
  try {
    for (let i = 0; i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      if (await fetch(`${base}/ready`).then(() => true, () => false)) break;
    }
    const vectors = randomFloats((LARGE + 400) * dims, 4242);
    const ask = (i) => fetch(`${base}/ask`, { method: 'POST', headers: AUTH, body: JSON.stringify({ text: `question ${i}`, embedding: Array.from(vectors.subarray(i * dims, (i + 1) * dims)) }) })
      .then(async (r) => { const b = await r.json(); if (b.tier !== 'miss') throw new Error(JSON.stringify(b).slice(0, 200)); });
    const fill = async (from, to) => {
      for (let i = from; i < to; i += 16) await Promise.all(Array.from({ length: Math.min(16, to - i) }, (_, j) => ask(i + j)));
    };
    const timed = async (from, count) => {
      const times = [];
      for (let i = from; i < from + count; i++) {
        const t0 = performance.now();
        await ask(i);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
    };
    const count = Math.min(200, SMALL / 2);
    await fill(0, SMALL - count);
    const small = await timed(SMALL - count, count);
    await fill(SMALL, LARGE);
    const large = await timed(LARGE, count);
    const stats = await (await fetch(`${base}/stats`, { headers: AUTH })).json();
    return { small, large, size: stats.size, durable: stats.durable };
  } finally {
    try { process.kill(-dev.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
}

if (ONLY !== 'shards') {
  const c = await cacheMisses(9990);
  console.log(`examples/semantic-cache under wrangler dev, one namespace, 384 dims at i8, the stand-in call without delay: misses one after another`);
  console.log(`  up to ${SMALL.toLocaleString('en')} entries: p50 ${c.small.p50.toFixed(2)} ms, p95 ${c.small.p95.toFixed(2)} ms; past ${LARGE.toLocaleString('en')}: p50 ${c.large.p50.toFixed(2)} ms, p95 ${c.large.p95.toFixed(2)} ms (${(c.large.p50 / c.small.p50).toFixed(2)}x); `
    + `${c.size.toLocaleString('en')} entries, ${c.durable.records} records (${(c.durable.recordBytes / c.durable.records).toFixed(0)} bytes each) after ${c.durable.snapshotVersion ? `a snapshot at version ${c.durable.snapshotVersion}` : 'no snapshot'}`);
}
