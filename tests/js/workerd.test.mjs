// The package and the example Worker inside a real workerd: drives the two
// vitest-pool-workers suites (tests/js/worker/*.spec.mjs with the root
// vitest.config.mjs, and examples/worker/test, whose capacity files load
// generated 100,000 x 768 set files) and reports each of their
// tests as one node:test test, so one runner counts every JS suite.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { asTests } from './support/checks.mjs';

const vitest = resolve('node_modules/.bin/vitest');
const out = mkdtempSync(join(tmpdir(), 'simgate-workerd-'));
spawnSync(process.execPath, ['tests/js/worker/extract-readme.mjs'], { stdio: 'inherit' });
// The example's capacity test loads generated 100,000 x 768 set files from R2.
spawnSync(process.execPath, ['--max-old-space-size=4096', 'examples/worker/test/capacity-data.mjs', 'target/capacity'], { stdio: 'inherit' });

const results = [];
for (const [suite, args] of [
  ['package in workerd', []],
  ['example Worker in workerd', ['--config', 'examples/worker/vitest.config.mjs']],
]) {
  const json = join(out, `${results.length}.json`);
  const run = spawnSync(vitest, ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let parsed = null;
  try {
    parsed = JSON.parse(readFileSync(json, 'utf8'));
  } catch (e) {
    results.push([`${suite}: vitest reported its results`, false, `exit ${run.status}: ${e.message}`]);
    continue;
  }
  for (const file of parsed.testResults) {
    for (const t of file.assertionResults) {
      results.push([`${suite}: ${t.fullName}`, t.status === 'passed', t.failureMessages?.join('\n')]);
    }
  }
  results.push([`${suite}: vitest exits 0`, run.status === 0, `exit ${run.status}`]);
}
for (const [name, fn] of asTests(results)) test(name, fn);
