// The README's size line says what `make pkg` prints for the built .wasm
// (raw and gzipped, in KB of 1,024 bytes), within 10%: a size that grows
// shows up here, not in a reader's surprise.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the README states the .wasm size make pkg prints, within 10%', () => {
  const readme = readFileSync('README.md', 'utf8');
  const m = /The `\.wasm` is ([\d.]+) KB, ([\d.]+) KB gzipped/.exec(readme);
  assert.ok(m, 'the README has no "The `.wasm` is N KB, M KB gzipped" line');
  const wasm = readFileSync('pkg/simgate_bg.wasm');
  const raw = wasm.length / 1024, gz = gzipSync(wasm, { level: 9 }).length / 1024;
  for (const [said, is, what] of [[Number(m[1]), raw, 'raw'], [Number(m[2]), gz, 'gzipped']]) {
    assert.ok(Math.abs(said - is) / is <= 0.1, `README says ${said} KB ${what}; make pkg builds ${is.toFixed(1)} KB`);
  }
});
