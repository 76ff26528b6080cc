// Type-checks tests/types/consumer.ts against the built package (tsc --strict),
// and fails if the package's public declarations contain `any`.
// Prints `types: N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const results = [];
for (const [config, name] of [
  ['tests/types/tsconfig.json', 'consumer compiles under tsc --strict (lib esnext.disposable, bundler resolution)'],
  ['tests/types/tsconfig.es2022.json', 'consumer compiles under tsc --strict --module nodenext with lib ["es2022"] only'],
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
for (const [name, ok, detail] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n${detail}`}`);
const failed = results.filter((r) => !r[1]).length;
console.log(`types: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
