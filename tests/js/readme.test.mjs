// Every ```js block of the repository README runs as written (each as its
// own module, where `import ... from 'simgate'` resolves to pkg/): a prelude
// defines the names a block uses without defining them (embeddings, ids,
// query, scores, labels, classes, a, b, scores128, set), from the bundled
// STS-B sample; a name the block declares itself is left to the block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = resolve('target/readme-blocks');
mkdirSync(dir, { recursive: true });

const context = {
  sample: "const __data = await import('../../tests/js/support/data.mjs');",
  embeddings: 'const embeddings = __data.embB;',
  ids: 'const ids = Array.from({ length: __data.N }, (_, i) => `pair-${i}`);',
  query: 'const query = __data.row(__data.embA, 0);',
  // One vector for cosine(a, b); every pair's for calibratePairs(a, b, ...).
  a: (block) => (/calibratePairs/.test(block) ? 'const a = __data.embA;' : 'const a = __data.row(__data.embA, 0);'),
  b: (block) => (/calibratePairs/.test(block) ? 'const b = __data.embB;' : 'const b = __data.row(__data.embB, 0);'),
  scores: 'const scores = Float32Array.from(__data.sample.scores);',
  labels: 'const labels = __data.sample.labels;',
  classes: 'const classes = __data.sample.classes;',
  scores128: 'const scores128 = __data.cos[128];',
  set: "const set = new (await import('simgate')).VectorSet(__data.D); set.add(__data.embB);",
};

test(`the README has code blocks to run (${blocks.length})`, () => assert.ok(blocks.length >= 4));

blocks.forEach((block, i) => {
  const first = block.split('\n').find((l) => l.trim() && !l.startsWith('import')) ?? '';
  test(`README block ${i + 1} runs as written: ${first.slice(0, 60)}`, () => {
    const declared = new Set([...block.matchAll(/\b(?:const|let|var)\s+(\w+)/g)].map((m) => m[1]));
    const used = Object.keys(context).filter((name) => name !== 'sample' && !declared.has(name) && new RegExp(`\\b${name}\\b`).test(block));
    // Imports stay first; the prelude follows them.
    const lines = block.split('\n');
    const imports = lines.filter((l) => l.startsWith('import '));
    const body = lines.filter((l) => !l.startsWith('import '));
    const prelude = used.map((n) => (typeof context[n] === 'function' ? context[n](block) : context[n]));
    const source = [...imports, context.sample, ...prelude, ...body].join('\n');
    const file = join(dir, `block-${i + 1}.mjs`);
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${file}:\n${run.stderr}`);
  });
});
