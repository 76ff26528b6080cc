// Prints one line per test suite after `make test`, then the total. The
// cargo suites' counts are cargo's own result lines in their logs; the JS
// suites' counts come from the node:test runner (its summary reporter wrote
// target/test-js.json, one entry per test file).
import { existsSync, readFileSync } from 'node:fs';

const cargo = [
  ['native (cargo test)', 'target/test-native.log'],
  ['wasm SIMD128 in Node + Chromium (wasm-bindgen-test)', 'target/test-wasm.log'],
  ['wasm scalar fallback in Node (wasm-bindgen-test)', 'target/test-wasm-scalar.log'],
];
const js = {
  'tests/js/browser.test.mjs': 'package in headless Chromium',
  'tests/js/www.test.mjs': 'www match-preview page in headless Chromium',
  'tests/js/pack.test.mjs': 'npm pack + install + Node ESM + Vite + webpack 5',
  'tests/js/types.test.mjs': 'TypeScript types (tsc --strict)',
  'tests/js/workerd.test.mjs': 'package and example Worker in workerd',
  'tests/js/readme.test.mjs': 'README code blocks',
};

const total = { passed: 0, failed: 0 };
/** Every suite's wall time, for the slowest five. */
const times = [];
const secs = (ms) => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`);
const line = (name, passed, failed, extra = '', ms = undefined) => {
  total.passed += passed;
  total.failed += failed;
  if (ms !== undefined) times.push([name, ms]);
  console.log(`${name}: ${passed} passed, ${failed} failed${extra}${secs(ms)}`);
};
/** A cargo suite's wall time as its Makefile recipe recorded it. */
const msOf = (log) => {
  const f = log.replace(/\.log$/, '.ms');
  return existsSync(f) ? Number(readFileSync(f, 'utf8')) : undefined;
};
console.log('\nTest summary');
for (const [name, file] of cargo) {
  if (!existsSync(file)) {
    line(`${name} (no log ${file})`, 0, 1);
    continue;
  }
  let passed = 0, failed = 0;
  for (const m of readFileSync(file, 'utf8').matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  line(name, passed, failed, '', msOf(file));
}
if (!existsSync('target/test-js.json')) {
  line('JS suites (no target/test-js.json)', 0, 1);
} else {
  const { files } = JSON.parse(readFileSync('target/test-js.json', 'utf8'));
  const unit = { pass: 0, fail: 0, skip: 0, ms: 0 };
  for (const [file, c] of Object.entries(files)) {
    if (js[file]) line(js[file], c.pass, c.fail, c.skip ? ` (${c.skip} skipped)` : '', c.ms);
    else {
      for (const k of Object.keys(unit)) unit[k] += c[k] ?? 0;
      times.push([file, c.ms ?? 0]);
    }
  }
  console.log(`package in Node (node --test, unit files): ${unit.pass} passed, ${unit.fail} failed${unit.skip ? ` (${unit.skip} skipped)` : ''}${secs(unit.ms)}`);
  total.passed += unit.pass;
  total.failed += unit.fail;
}
if (existsSync('target/test-compat.json')) {
  // The package's Node suites and the CLI on the other Node builds (make test-compat).
  for (const r of JSON.parse(readFileSync('target/test-compat.json', 'utf8'))) {
    const again = r.retried?.length ? ` (run again after a hang: ${r.retried.join(', ')})` : '';
    line(`compatibility: the package and CLI on Node ${r.node}`, r.pass, r.fail, again, r.ms);
  }
}
const slowest = times.sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(`slowest: ${slowest.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
console.log(`all suites: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
