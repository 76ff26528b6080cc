// Loads the built package's `browser` entry in headless Chromium (through a
// page served on 127.0.0.1) and checks it is usable right after import; the
// bad-input battery runs there too. Each check is one node:test test.
import { resultOf, serve } from './support/browser.mjs';
import { test } from 'node:test';
import { asTests } from './support/checks.mjs';

const root = new URL('../..', import.meta.url).pathname;
const page = `<!doctype html><meta charset="utf-8"><title>simgate browser entry</title><link rel="icon" href="data:,">
<script type="module">
  import * as sg from '/pkg/browser.js';   // what the "browser" export condition resolves to
  import { runBattery, runJunk, runNamedCases } from '/tests/js/support/battery.mjs';
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
    // The battery, as in Node: pinned messages, junk everywhere, a named Error per bad argument.
    const t = sg.Thresholds.preset('default');
    const m = new sg.Matcher(set, t);
    const cal = sg.calibrate([0.9, 0.2], [1, 0]);
    const named = runNamedCases(sg);
    check('pinned bad input: ' + named.cases + ' cases, exact class and message', named.failures.length === 0, named.failures.join('; '));
    const junk = runJunk(sg);
    check('junk battery: ' + junk.cases + ' calls, no trap', junk.cases > 3500 && junk.failures.length === 0, junk.failures.slice(0, 20).join('; '));
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
} catch (e) {
  results = [{ name: 'the page reports its results', ok: false, detail: e.stack }];
} finally {
  server.close();
}
results.push({ name: 'no console errors', ok: errors.length === 0, detail: errors.join('; ') });
const battery = results.find((r) => r.name.startsWith('bad-input battery'));
if (battery) console.log(`bad-input battery (Chromium): ${/(\d+) cases/.exec(battery.name)[1]} cases`);
for (const [name, fn] of asTests(results)) test(name, fn);
