// Loads the built package's `browser` entry in headless Chromium (through a
// page served on 127.0.0.1) and checks it is usable right after import.
// Prints `browser-pkg: N passed, N failed` last.
import { resultOf, serve } from './helpers/browser.mjs';

const root = new URL('..', import.meta.url).pathname;
const page = `<!doctype html><meta charset="utf-8"><title>simgate browser entry</title><link rel="icon" href="data:,">
<script type="module">
  import * as sg from '/pkg/browser.js';   // what the "browser" export condition resolves to
  const results = [];
  const check = (name, ok, detail = '') => results.push({ name, ok: !!ok, detail: String(detail) });
  try {
    check('simd', sg.simdEnabled() === true);
    const set = new sg.VectorSet(3);
    set.add(new Float32Array([1, 0, 0, 0, 1, 0, 1, 1, 0]), ['x', 'y', 'z']);
    const top = set.topK(new Float32Array([1, 0.1, 0]), 2);
    check('topK', top.map((m) => m.id).join() === 'x,z', JSON.stringify(top));
    check('cascade', set.cascade(new Float32Array([1, 0.1, 0]), { coarseDims: 2, coarseK: 3, threshold: 0.5 }).length === 2);
    let err;
    try { set.scores(new Float32Array([NaN, 0, 0])); } catch (e) { err = e; }
    check('error', err instanceof RangeError && err.message === 'query[0] is NaN; only finite numbers are allowed', err);
    check('recovers', set.scores(new Float32Array([0, 1, 0]))[1] === 1);
    set.free();
  } catch (e) {
    check('no exception', false, e.stack);
  }
  window.result = results;
</script>`;

const server = await serve(root, { '/': page });
let results = [];
let errors = [];
try {
  ({ result: results, errors } = await resultOf(`${server.url}/`));
} finally {
  server.close();
}
results.push({ name: 'no console errors', ok: errors.length === 0, detail: errors.join('; ') });
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `: ${r.detail}`}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`browser-pkg: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
