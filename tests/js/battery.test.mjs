// The bad-input battery (support/battery.mjs) through the package's `node`
// entry; browser.test.mjs runs the same battery in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sg from 'simgate';
import { runBattery, runJunk, runNamedCases } from './support/battery.mjs';

test('every parameter of every export: a named Error, never a trap, module unchanged', () => {
  const { cases, apis, failures } = runBattery(sg);
  console.log(`bad-input battery (Node): ${cases} cases over ${apis} functions and methods, ${failures.length} failures`);
  assert.ok(cases > 500, `only ${cases} cases`);
  assert.deepEqual(failures, []);
});

test('pinned bad input: the exact error class and message, the set still healthy', () => {
  const { cases, failures } = runNamedCases(sg);
  assert.ok(cases >= 36, `only ${cases} cases`);
  assert.deepEqual(failures, []);
});

test('junk in every argument position never traps', () => {
  const { cases, errors, failures } = runJunk(sg);
  console.log(`junk calls: ${cases} (${errors} threw a named Error, ${cases - errors} returned)`);
  assert.ok(cases > 3500, `only ${cases} calls`);
  assert.deepEqual(failures, []);
});
