// The compatibility check (make test-compat): the package's Node suites and
// the CLI (tests/js, the files that need neither Chromium nor workerd) on
// each Node build given, one `node --test` run each. Writes
// target/test-compat.json ([{ node, pass, fail, ms }]) for the summary and
// exits 1 when any test failed on any of them.
//   node scripts/compat.mjs /path/to/node22 /path/to/node20
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export const SUITES = [
  'battery', 'cache', 'cache-bound', 'cache-records', 'calibration', 'cli', 'decisions', 'engines', 'filters',
  'lifecycle', 'memory', 'monitor', 'scoring', 'sizes', 'stability', 'thresholds', 'tiers',
].map((s) => `tests/js/${s}.test.mjs`);

const results = [];
for (const node of process.argv.slice(2)) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const t0 = performance.now();
  const r = { node: version, pass: 0, fail: 0, ms: 0 };
  // One file per run, one after another (the oldest builds lack --test-concurrency).
  for (const file of SUITES) {
    const run = spawnSync(node, ['--expose-gc', '--test', '--test-reporter=tap', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? 0);
    const failed = count('fail') || (run.status === 0 ? 0 : 1);
    r.pass += count('pass');
    r.fail += failed;
    if (failed) {
      console.log(`Node ${version}, ${file}: ${failed} failed`);
      for (const l of run.stdout.split('\n').filter((x) => /^\s*not ok|^\s+(error|expected|actual):/.test(x)).slice(0, 40)) console.log(`  ${l}`);
      if (run.stderr.trim()) console.log(run.stderr.split('\n').slice(-20).join('\n'));
    }
  }
  r.ms = performance.now() - t0;
  results.push(r);
  console.log(`Node ${version}: ${r.pass} passed, ${r.fail} failed (${(r.ms / 1000).toFixed(1)} s)`);
}
writeFileSync('target/test-compat.json', `${JSON.stringify(results, null, 2)}\n`);
process.exit(results.some((r) => r.fail) ? 1 : 0);
