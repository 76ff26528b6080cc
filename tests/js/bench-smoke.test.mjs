// Every benchmark of `make bench`, run at tiny sizes (BENCH_SMOKE=1): a
// bench that no longer runs fails here, not on the day someone wants its
// figures. Nothing about the figures is asserted (at these sizes they mean
// nothing); each must exit 0 and print its report.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';

// The benches `make bench` runs, read from the Makefile so the two lists cannot drift.
const makefile = readFileSync('Makefile', 'utf8');
const recipe = makefile.slice(makefile.indexOf('\nbench: '), makefile.indexOf('\n\n', makefile.indexOf('\nbench: ')));
const benches = [...recipe.matchAll(/node (?:--\S+ )*(bench\/[\w-]+\.mjs)/g)].map((m) => m[1]);

test(`make bench lists the benches (${benches.length})`, () => assert.ok(benches.length >= 9, benches.join(', ')));

for (const bench of benches) {
  test(`${bench} runs in smoke mode`, () => {
    const run = spawnSync(process.execPath, [bench], { encoding: 'utf8', env: { ...process.env, BENCH_SMOKE: '1' }, timeout: 600_000 });
    assert.equal(run.status, 0, `${bench} exited ${run.status} (${run.signal ?? 'no signal'}):\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-1000)}`);
    assert.ok(run.stdout.trim().split('\n').length >= 2, `${bench} printed too little:\n${run.stdout}`);
  });
}
