// Prints one line per test suite from the logs `make test` wrote, then the
// total, as `name: N passed, N failed`.
import { existsSync, readFileSync } from 'node:fs';

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
const suites = [
  ['native (cargo test)', 'target/test-native.log', 'cargo'],
  ['wasm SIMD128 in Node + Chromium (wasm-bindgen-test)', 'target/test-wasm.log', 'cargo'],
  ['wasm scalar fallback in Node (wasm-bindgen-test)', 'target/test-wasm-scalar.log', 'cargo'],
  ['package in Node (node --test)', 'target/test-js.log', 'node'],
  ['TypeScript types (tsc --strict)', 'target/test-types.log', 'line'],
  ['package in headless Chromium (playwright)', 'target/test-browser-pkg.log', 'line'],
  ['www match-preview page in headless Chromium', 'target/test-www.log', 'line'],
  ['npm pack + install + Node ESM', 'target/test-pack.log', 'line'],
  ['package in workerd (vitest-pool-workers)', 'target/test-workerd.log', 'vitest'],
  ['example Worker in workerd (vitest-pool-workers)', 'target/test-example.log', 'vitest'],
];

let total = { passed: 0, failed: 0 };
console.log('\nTest summary');
for (const [name, file, kind] of suites) {
  if (!existsSync(file)) {
    console.log(`${name}: no log (${file})`);
    total.failed++;
    continue;
  }
  const text = strip(readFileSync(file, 'utf8'));
  let passed = 0, failed = 0;
  if (kind === 'cargo') {
    for (const m of text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
  } else if (kind === 'node') {
    passed = Number(/ℹ pass (\d+)/.exec(text)?.[1] ?? 0);
    failed = Number(/ℹ fail (\d+)/.exec(text)?.[1] ?? 1);
  } else if (kind === 'vitest') {
    const line = /Tests\s+(.*)/.exec(text)?.[1] ?? '';
    passed = Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
    failed = Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
  } else {
    const m = /: (\d+) passed, (\d+) failed/.exec(text);
    [passed, failed] = m ? [Number(m[1]), Number(m[2])] : [0, 1];
  }
  total.passed += passed;
  total.failed += failed;
  console.log(`${name}: ${passed} passed, ${failed} failed`);
}
console.log(`all suites: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);
