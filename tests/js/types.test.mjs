// Type-checks tests/js/types/consumer.ts against the built package (tsc --strict),
// and fails if the package's public declarations contain `any`.
// Each check is one node:test test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { asTests } from './support/checks.mjs';

const results = [];
for (const [config, name] of [
  ['tests/js/types/tsconfig.json', 'consumer compiles under tsc --strict (lib esnext.disposable, bundler resolution)'],
  ['tests/js/types/tsconfig.es2022.json', 'consumer compiles under tsc --strict --module nodenext with lib ["es2022"] only'],
]) {
  try {
    execFileSync('node_modules/.bin/tsc', ['-p', config], { stdio: 'pipe', encoding: 'utf8' });
    results.push([name, true, '']);
  } catch (e) {
    results.push([name, false, `${e.stdout}${e.stderr}`]);
  }
}
const dts = readFileSync('pkg/index.d.ts', 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
const anys = dts.match(/\bany\b/g) ?? [];
results.push(['no `any` in the public index.d.ts', anys.length === 0, `${anys.length} found`]);
for (const [name, fn] of asTests(results)) test(name, fn);
