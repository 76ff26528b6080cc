// Packs pkg/ with `npm pack`, installs the tarball into a fresh project, and
// uses it from Node ESM the way a user would: import, score, calibrate, and
// run the `simgate` bin; then bundles a page with Vite and with webpack 5 and
// runs each in headless Chromium. Each check is one node:test test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { resultOf, serve } from './support/browser.mjs';
import { test } from 'node:test';
import { asTests } from './support/checks.mjs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const pkgDir = resolve('pkg');
const work = mkdtempSync(join(tmpdir(), 'simgate-pack-'));
const results = [];
const check = (name, fn) => {
  try {
    fn();
    results.push([name, true, '']);
  } catch (e) {
    results.push([name, false, `${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`]);
  }
};

let tarball;
check('npm pack', () => {
  execFileSync('npm', ['pack', pkgDir, '--pack-destination', work, '--silent'], { stdio: 'pipe' });
  tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('no tarball');
});
const app = join(work, 'app');
check('npm install of the tarball into a fresh project', () => {
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, tarball)], { cwd: app, stdio: 'pipe' });
});
check('import from Node ESM and use it right away', () => {
  writeFileSync(join(app, 'main.js'), `
import { VectorSet, calibrate, Thresholds, simdEnabled } from 'simgate';
const set = new VectorSet(3);
set.add(new Float32Array([1, 0, 0, 0, 1, 0]), ['x', 'y']);
const top = set.topK(new Float32Array([1, 0.1, 0]), 1);
const cal = calibrate([0.9, 0.8, 0.3], [1, 1, 0]);
console.log(JSON.stringify({ simd: simdEnabled(), id: top[0].id, t: new Thresholds(cal.toConfig()).resolve().value }));
`);
  const out = JSON.parse(execFileSync('node', ['main.js'], { cwd: app, encoding: 'utf8' }));
  if (out.simd !== true || out.id !== 'x' || out.t !== 0.8) throw new Error(`unexpected ${JSON.stringify(out)}`);
});
check('npm install <path>/pkg (the README\'s other install path) in a project outside the repository', () => {
  const other = join(work, 'other');
  execFileSync('mkdir', ['-p', other]);
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'other', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', pkgDir], { cwd: other, stdio: 'pipe' });
  writeFileSync(join(other, 'main.js'), "import { cosine } from 'simgate';\nconsole.log(cosine(new Float32Array([3, 4]), new Float32Array([4, 3])));\n");
  const out = execFileSync('node', ['main.js'], { cwd: other, encoding: 'utf8' }).trim();
  if (Math.abs(Number(out) - 0.96) > 1e-12) throw new Error(`printed ${out}`);
});
check('the simgate bin runs from node_modules/.bin', () => {
  const out = execFileSync(join(app, 'node_modules/.bin/simgate'), ['--help'], { encoding: 'utf8' });
  if (!out.includes('simgate calibrate FILE')) throw new Error(out);
});
check('the tarball holds only what the package needs', () => {
  const list = execFileSync('tar', ['tzf', join(work, tarball)], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  const want = ['README.md', 'browser.js', 'cache.js', 'checked.js', 'cli-args.js', 'cli-monitor.js', 'cli.js', 'dataset.js', 'durable.d.ts', 'durable.js', 'engines.js', 'events.js', 'index.d.ts', 'monitor-report.js', 'node.js',
    'package.json', 'report.js', 'simgate.d.ts', 'simgate.js', 'simgate_bg.wasm', 'simgate_bg.wasm.d.ts', 'table.js', 'workerd.js'];
  if (JSON.stringify(list) !== JSON.stringify(want)) throw new Error(`tarball: ${list.join(', ')}`);
});

// The package README's examples, run as written: the Node block's console
// output must match the comments next to each console.log.
const readme = readFileSync(resolve('pkg/README.md'), 'utf8');
const block = (heading) => {
  const section = readme.split(/^## /m).find((s) => s.startsWith(heading));
  const m = /```js\n([\s\S]*?)```/.exec(section ?? '');
  if (!m) throw new Error(`README: no js block under "## ${heading}"`);
  return m[1];
};
check('the README\'s Node example prints what its comments say', () => {
  const code = block('Node');
  writeFileSync(join(app, 'readme-node.js'), code);
  const lines = execFileSync('node', ['readme-node.js'], { cwd: app, encoding: 'utf8' }).trim().split('\n');
  const expected = code.split('\n').filter((l) => /console\.log\(.*\/\/ /.test(l)).map((l) => l.split('// ')[1].trim());
  if (lines.length !== expected.length) throw new Error(`printed ${lines.length} lines, comments promise ${expected.length}`);
  expected.forEach((want, i) => {
    const w = want.replace(/^"|"$/g, '').replace(/"$/, '');
    const ok = w.endsWith('...') ? lines[i].startsWith(w.slice(0, -3).trimEnd()) : lines[i] === w;
    if (!ok) throw new Error(`line ${i + 1}: printed ${JSON.stringify(lines[i])}, README says ${JSON.stringify(want)}`);
  });
});

// A Vite build of a page that imports the installed package by name (its
// `browser` export: top-level await, the .wasm shipped as an asset), run in
// headless Chromium.
const dist = join(app, 'dist');
check('vite build of a page importing the installed package', () => {
  writeFileSync(join(app, 'index.html'), readFileSync(new URL('./support/vite/index.html', import.meta.url)));
  // The README's browser example, plus a line for the test to read the result.
  writeFileSync(join(app, 'main.js'), `${block('Browsers')}\nwindow.result = { text: document.body.textContent, simd: (await import('simgate')).simdEnabled() };\n`);
  execFileSync(resolve('node_modules/.bin/vite'), ['build', app, '--outDir', dist, '--logLevel', 'warn'], { stdio: 'pipe' });
  if (!readdirSync(join(dist, 'assets')).some((f) => f.endsWith('.wasm'))) throw new Error('no .wasm asset in the build');
});
const server = await serve(dist, { '/': readFileSync(join(dist, 'index.html'), 'utf8') }, 0, ['assets']);
try {
  const { result, errors } = await resultOf(`${server.url}/`);
  check('the built page runs in headless Chromium', () => {
    if (result.simd !== true) throw new Error('SIMD128 is off');
    if (!result.text.startsWith('Threshold 0.80 (given): 1 of 2 candidates match')) throw new Error(result.text);
    if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);
  });
} catch (e) {
  results.push(['the built page runs in headless Chromium', false, e.message]);
} finally {
  server.close();
}

// The same page bundled by webpack 5 (the .wasm found through `new URL(...,
// import.meta.url)` and shipped as an asset; asyncWebAssembly on, as a user's
// config for wasm packages would have it), run in headless Chromium: a topK
// and a decide.
const packed = join(app, 'dist-webpack');
check('webpack 5 build of a page importing the installed package', () => {
  writeFileSync(join(app, 'webpack-main.js'), `import { VectorSet, decide } from 'simgate';
const set = new VectorSet(3);
set.add(new Float32Array([1, 0, 0, 0, 1, 0, 0.6, 0.8, 0]), ['a', 'b', 'c']);
const top = set.topK(new Float32Array([1, 0.1, 0]), 2);
window.result = { top: top.map((m) => m.id), outcome: decide(top.map((m) => m.score), { threshold: 0.8 }).outcome };
`);
  writeFileSync(join(app, 'webpack-build.mjs'), `import webpack from ${JSON.stringify(resolve('node_modules/webpack/lib/index.js'))};
webpack({
  mode: 'production', context: ${JSON.stringify(app)}, entry: './webpack-main.js', target: 'web',
  output: { path: ${JSON.stringify(join(packed, 'assets'))}, filename: 'main.js' },
  experiments: { asyncWebAssembly: true, topLevelAwait: true },
}, (err, stats) => {
  if (err || stats.hasErrors()) { console.error(err ?? stats.toString('errors-only')); process.exit(1); }
});
`);
  execFileSync(process.execPath, [join(app, 'webpack-build.mjs')], { stdio: 'pipe' });
  writeFileSync(join(packed, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>simgate in a webpack build</title><link rel="icon" href="data:,"></head><body><script src="assets/main.js"></script></body></html>');
  const built = readdirSync(join(packed, 'assets'));
  if (!built.some((f) => f.endsWith('.wasm'))) throw new Error(`no .wasm asset in the build: ${built.join(', ')}`);
});
const webpackServer = await serve(packed, { '/': readFileSync(join(packed, 'index.html'), 'utf8') }, 0, ['assets']);
try {
  const { result, errors } = await resultOf(`${webpackServer.url}/`);
  check('the webpack page runs in headless Chromium: topK and decide', () => {
    if (JSON.stringify(result) !== JSON.stringify({ top: ['a', 'c'], outcome: 'match' })) throw new Error(JSON.stringify(result));
    if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);
  });
} catch (e) {
  results.push(['the webpack page runs in headless Chromium: topK and decide', false, e.message]);
} finally {
  webpackServer.close();
}

for (const [name, fn] of asTests(results)) test(name, fn);
