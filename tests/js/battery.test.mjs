// The per-parameter bad-input battery (tests/battery.mjs) through the
// package's `node` entry; tests/browser-pkg.mjs runs it in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sg from 'simgate';
import { runBattery } from '../battery.mjs';

test('every parameter of every export: a named Error, never a trap, module unchanged', () => {
  const { cases, apis, failures } = runBattery(sg);
  console.log(`bad-input battery (Node): ${cases} cases over ${apis} functions and methods, ${failures.length} failures`);
  assert.ok(cases > 500, `only ${cases} cases`);
  assert.deepEqual(failures, []);
});
