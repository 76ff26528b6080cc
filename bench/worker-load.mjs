// Peak memory of a Worker loading a 100,000 x 768 i8 set file from R2, in
// workerd (Miniflare), two ways: VectorSet.fromStream(object) and
// VectorSet.fromBytes(await object.arrayBuffer()); then of writing the
// loaded set back to R2 (a snapshot), two ways: set.fileChunks() streamed
// and put(set.toBytes()). Each way runs in a fresh workerd process; the
// figure is that process's peak resident memory (VmHWM) minus its resident
// memory before the step, beside the set's byteLength. workerd's own
// baseline is not the isolate's, and local Miniflare is not the edge; what
// matters is the difference between the two ways (the file held whole in
// JS next to the set, or not).
// Usage: node bench/worker-load.mjs [rows] [dims]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { VectorSet } from '../pkg/node.js';
import { moduleGraph, pick, randomFloats } from './common.mjs';

const N = Number(process.argv[2] ?? pick(100_000, 2_000));
const D = Number(process.argv[3] ?? 768);
const MiB = 1024 * 1024;

const set = new VectorSet(D, { precisions: ['i8'] });
set.add(randomFloats(N * D, 5), Array.from({ length: N }, (_, i) => `row-${i}`));
const file = set.toBytes();
set.free();

const root = new URL('..', import.meta.url).pathname;
/** The workerd processes this Node started. */
function workerdPids() {
  const pids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return pids.filter((pid) => {
    try { return /^Name:\s*workerd/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')); } catch { return false; }
  });
}

/** Starts the peak resident memory (VmHWM) of workerd afresh (Linux: 5 into clear_refs). */
function resetPeak() {
  for (const pid of workerdPids()) {
    try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch { /* not ours to reset: the figure then includes the load */ }
  }
}

/** Resident and peak resident memory (bytes) of the workerd processes this Node started. */
function workerdMemory() {
  const pids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean);
  let rss = 0, hwm = 0;
  for (const pid of pids) {
    let status;
    try { status = readFileSync(`/proc/${pid}/status`, 'utf8'); } catch { continue; }
    if (!/^Name:\s*workerd/m.test(status)) continue;
    rss += Number(/^VmRSS:\s*(\d+)/m.exec(status)[1]) * 1024;
    hwm += Number(/^VmHWM:\s*(\d+)/m.exec(status)[1]) * 1024;
  }
  return { rss, hwm };
}

/** A fresh workerd running bench/worker-load/worker.mjs, with the set file in its R2 bucket. */
async function workerWithSet() {
  const mf = new Miniflare({
    modulesRoot: root,
    modules: moduleGraph(`${root}bench/worker-load/worker.mjs`),
    compatibilityDate: '2026-07-01',
    r2Buckets: ['SETS'],
  });
  await mf.ready;
  await (await mf.getR2Bucket('SETS')).put('set.bin', file);
  return mf;
}

console.log(`Loading a ${N.toLocaleString('en')} x ${D} i8 set file (${(file.length / 1e6).toFixed(1)} MB) from R2 in workerd (Miniflare ${JSON.parse(readFileSync(new URL('../node_modules/miniflare/package.json', import.meta.url))).version}):`);
for (const via of ['stream', 'bytes']) {
  const mf = await workerWithSet();
  // Warm the isolate (module load, wasm instantiation) before measuring.
  await mf.dispatchFetch('http://localhost/warm').then((r) => r.text()).catch(() => {});
  const before = workerdMemory();
  const res = await mf.dispatchFetch(`http://localhost/load?via=${via}`);
  const out = await res.json();
  const after = workerdMemory();
  const label = via === 'stream' ? 'fromStream(object)' : 'fromBytes(await object.arrayBuffer())';
  console.log(`  ${label.padEnd(40)} ${String(out.ms).padStart(5)} ms; set byteLength ${(out.byteLength / MiB).toFixed(1)} MiB, wasm memory ${(out.memoryBytes / MiB).toFixed(1)} MiB; `
    + `workerd peak resident memory rose ${((after.hwm - before.rss) / MiB).toFixed(1)} MiB above its ${(before.rss / MiB).toFixed(1)} MiB before the load`);
  await mf.dispose();
}

console.log(`Then writing the loaded set back to R2 (a snapshot), in a fresh workerd each way:`);
for (const via of ['chunks', 'bytes', 'dropped']) {
  const mf = await workerWithSet();
  await (await mf.dispatchFetch('http://localhost/load?via=stream')).json();
  resetPeak();
  const before = workerdMemory();
  const out = await (await mf.dispatchFetch(`http://localhost/snapshot?via=${via}`)).json();
  const after = workerdMemory();
  const label = { chunks: 'set.fileChunks() streamed to R2', bytes: 'put(set.toBytes())', dropped: 'set.fileChunks() read, no R2' }[via];
  console.log(`  ${label.padEnd(40)} ${String(out.ms).padStart(5)} ms; ${(out.bytes / 1e6).toFixed(1)} MB written; `
    + `workerd peak resident memory rose ${((after.hwm - before.rss) / MiB).toFixed(1)} MiB above its ${(before.rss / MiB).toFixed(1)} MiB before the snapshot`);
  await mf.dispose();
}
