// Loads the built package's `browser` entry in headless Chromium (through a
// page served on 127.0.0.1) and checks it is usable right after import.
// Prints `browser-pkg: N passed, N failed` last.
import { resultOf, serve } from './helpers/browser.mjs';

const root = new URL('..', import.meta.url).pathname;
const page = `<!doctype html><meta charset="utf-8"><title>simgate browser entry</title><link rel="icon" href="data:,">
<script type="module">
  import * as sg from '/pkg/browser.js';   // what the "browser" export condition resolves to
  import { runBattery } from '/tests/battery.mjs';
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
    // Junk in every argument position of every export: named Errors only, no trap.
    const junk = [undefined, null, 'x', -1, 1.5, NaN, Infinity, {}, [], [NaN], new Float32Array(0),
      new Float32Array(3).fill(NaN), new Float64Array(2), new Uint8Array([1, 2]), { dims: -1 }, 2 ** 40];
    const t = sg.Thresholds.preset('default');
    const m = new sg.Matcher(set, t);
    const cal = sg.calibrate([0.9, 0.2], [1, 0]);
    const fns = [sg.cosine, sg.band, sg.decide, sg.abstain, sg.cacheTier, sg.explain, sg.parseFieldSpec, sg.normalize,
      sg.rrf, sg.adjustFromFeedback, sg.calibrate, sg.calibratePairs, (...a) => new sg.VectorSet(...a),
      (...a) => new sg.Thresholds(...a), (...a) => t.resolve(...a), (...a) => set.add(...a), (...a) => set.topK(...a),
      (...a) => set.cascade(...a), (...a) => m.match(...a), (...a) => cal.best(...a), (...a) => cal.reliability(...a)];
    let calls = 0, traps = 0, other = 0;
    for (const f of fns) for (const j of junk) for (const args of [[j], [new Float32Array([1, 0, 0]), j], [j, 0.5, j]]) {
      calls++;
      try { f(...args); } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) traps++;
        else if (!(e instanceof Error) || !e.message) other++;
      }
    }
    check('junk battery: ' + calls + ' calls, no trap', traps === 0 && other === 0, traps + ' traps, ' + other + ' non-Errors');
    check('still right after the battery', set.topK(new Float32Array([1, 0.1, 0]), 1)[0].id === 'x');
    // The per-parameter battery, as in Node: a named Error per bad argument.
    const battery = runBattery(sg);
    check('bad-input battery: ' + battery.cases + ' cases over ' + battery.apis + ' functions and methods, each a named Error',
      battery.cases > 500 && battery.failures.length === 0, battery.failures.slice(0, 20).join('; '));
    m.free(); t.free(); cal.free();
    set.free();
  } catch (e) {
    check('no exception', false, e.stack);
  }
  window.result = results;
</script>`;

const server = await serve(root, { '/': page }, 0, ['pkg', 'tests']);
let results = [];
let errors = [];
try {
  ({ result: results, errors } = await resultOf(`${server.url}/`));
} finally {
  server.close();
}
results.push({ name: 'no console errors', ok: errors.length === 0, detail: errors.join('; ') });
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `: ${r.detail}`}`);
const battery = results.find((r) => r.name.startsWith('bad-input battery'));
if (battery) console.log(`bad-input battery (Chromium): ${/(\d+) cases/.exec(battery.name)[1]} cases`);
const failed = results.filter((r) => !r.ok).length;
console.log(`browser-pkg: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
