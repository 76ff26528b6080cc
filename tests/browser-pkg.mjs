// Loads the built package's `browser` entry in headless Chromium (through a
// page served on 127.0.0.1) and checks it is usable right after import.
// Prints `browser-pkg: N passed, N failed` last.
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
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
  window.results = results;
</script>`;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  const file = normalize(join(root, url.pathname));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const ctx = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'simgate-chromium-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
let results = [];
try {
  const tab = await ctx.newPage();
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.results, null, { timeout: 15000 });
  results = await tab.evaluate(() => window.results);
} finally {
  await ctx.close();
  server.close();
}
results.push({ name: 'no console errors', ok: errors.length === 0, detail: errors.join('; ') });
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `: ${r.detail}`}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`browser-pkg: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
