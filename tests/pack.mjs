// Packs pkg/ with `npm pack`, installs the tarball into a fresh project, and
// uses it from Node ESM the way a user would: import, score, calibrate, and
// run the `simgate` bin. Prints `pack: N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
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
check('the simgate bin runs from node_modules/.bin', () => {
  const out = execFileSync(join(app, 'node_modules/.bin/simgate'), ['--help'], { encoding: 'utf8' });
  if (!out.includes('simgate calibrate FILE')) throw new Error(out);
});
check('the tarball holds only what the package needs', () => {
  const list = execFileSync('tar', ['tzf', join(work, tarball)], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  const want = ['README.md', 'browser.js', 'cli.js', 'index.d.ts', 'node.js', 'package.json', 'report.js', 'simgate.d.ts', 'simgate.js', 'simgate_bg.wasm', 'simgate_bg.wasm.d.ts', 'workerd.js'];
  if (JSON.stringify(list) !== JSON.stringify(want)) throw new Error(`tarball: ${list.join(', ')}`);
});

for (const [name, ok, detail] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n${detail}`}`);
const failed = results.filter((r) => !r[1]).length;
console.log(`pack: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
