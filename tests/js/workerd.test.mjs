// The package and the example Worker inside a real workerd: drives the two
// vitest-pool-workers suites (tests/js/worker/*.spec.mjs with the root
// vitest.config.mjs, and examples/worker/test, whose capacity files load
// generated 100,000 x 768 set files) and reports each of their
// tests as one node:test test, so one runner counts every JS suite. Then
// the example Worker under `wrangler dev` (workerd, local R2 on disk) takes
// the full junk load: 3,000 requests, 8 at a time, a third junk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { asTests } from './support/checks.mjs';
import { junkLoad, poster } from '../../examples/worker/test/load.mjs';
import { startDev } from './support/wrangler.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';

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

// The example Worker under `wrangler dev`, its set file put into local R2 first.
{
  const MiB = 1024 * 1024;
  const persist = mkdtempSync(join(tmpdir(), 'simgate-wrangler-'));
  const wrangler = resolve('node_modules/.bin/wrangler');
  const config = ['-c', 'examples/worker/wrangler.jsonc'];
  const put = spawnSync(wrangler, ['r2', 'object', 'put', 'simgate-sets/set.bin', '--file', 'target/capacity/set-i8.bin', '--local', '--persist-to', persist, ...config], { encoding: 'utf8' });
  results.push(['wrangler dev: the set file is put into local R2', put.status === 0, put.stderr]);
  const port = 8800 + (process.pid % 1000);
  let dev = null;
  let thrown = null;
  const start = async () => {
    dev = null;
    try {
      dev = await startDev({ config: 'examples/worker/wrangler.jsonc', persist, port });
    } catch (e) {
      results.push(['wrangler dev: the example Worker starts', false, e.message]);
      return null;
    }
    return fetch(`${dev.base}/stats`, { headers: bearer(TOKEN.admin) }).then((r) => (r.ok ? r.json() : null), () => null);
  };
  const monitorCount = async (want) => {
    let m = null;
    for (let i = 0; i < 50; i++) {
      m = await fetch(`${dev.base}/monitor`, { headers: bearer(TOKEN.admin) }).then((r) => r.json()).catch(() => null);
      if (m?.count === want) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return m;
  };
  try {
    const first = await start();
    results.push(['wrangler dev: the Worker streams the 100,000 x 768 i8 set in from R2', first?.rows === 100_000 && first?.source === 'r2:set.bin', `stats ${JSON.stringify(first)}; log:\n${dev?.log().slice(-2000)}`]);
    if (first) {
      const data = JSON.parse(readFileSync('target/capacity/expected.json', 'utf8'));
      const { statuses, wrong, seconds } = await junkLoad({ post: poster(dev.base, TOKEN.admin), data, name: 'i8', requests: 3000 });
      const after = await fetch(`${dev.base}/stats`, { headers: bearer(TOKEN.admin) }).then((r) => r.json());
      console.log(`wrangler dev junk load: 3,000 requests in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(statuses)}, wrong answers ${wrong}, wasm memory ${(first.memoryBytes / MiB).toFixed(1)} -> ${(after.memoryBytes / MiB).toFixed(1)} MiB`);
      const fives = Object.keys(statuses).filter((c) => c >= 500);
      results.push(['wrangler dev: 3,000 requests with a third junk give no 5xx', fives.length === 0, `statuses ${JSON.stringify(statuses)}`]);
      results.push(['wrangler dev: every good request gets the answer Node gave (2,000 of them)', wrong === 0 && statuses[200] === 2000, `${wrong} wrong; statuses ${JSON.stringify(statuses)}`]);
      results.push(['wrangler dev: over-limit bodies get 413', statuses[413] > 0, `statuses ${JSON.stringify(statuses)}`]);
      results.push(['wrangler dev: wasm memory stays under 100 MiB after the load', after.memoryBytes < 100 * MiB && after.memoryBytes - first.memoryBytes <= MiB,
        `${first.memoryBytes} -> ${after.memoryBytes} bytes`]);
      // Every good /match was recorded in the Monitor's Durable Object (the
      // generated queries sit near their rows: every one a hit).
      const monitored = await monitorCount(2000);
      results.push(['wrangler dev: GET /monitor counts the 2,000 answered matches', monitored?.count === 2000 && monitored.hits === 2000 && monitored.hitRate === 1,
        JSON.stringify(monitored)?.slice(0, 400)]);
      await dev.stop();
      await start();
      const restored = dev && await monitorCount(2000);
      results.push(['wrangler dev: after a restart on the same persist dir the Monitor still holds them', restored?.count === 2000 && restored.meanScoreOnHits === monitored?.meanScoreOnHits
        && JSON.stringify(restored.sample) === JSON.stringify(monitored?.sample), JSON.stringify(restored)?.slice(0, 400)]);
    }
  } catch (e) {
    // Whatever went wrong is one failed check with its message, not a file
    // that dies before it reports any of its tests.
    thrown = `${e.stack}\nlog:\n${dev?.log().slice(-2000)}`;
  } finally {
    await dev?.stop().catch(() => {});
  }
  results.push(['wrangler dev: the load and the restart run to the end', thrown === null, thrown]);
}

for (const [name, fn] of asTests(results)) test(name, fn);
