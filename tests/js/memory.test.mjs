// add() reads the caller's Float32Array in chunks: adding a set grows wasm
// memory by about the set's stored size, not twice it (what matters inside a
// Worker's 128 MB). Runs in its own process, so memory starts fresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, memoryBytes } from 'simgate';

test('adding 30 MB of vectors grows wasm memory by about 30 MB', () => {
  const rows = 20_000, dims = 384;
  const data = new Float32Array(rows * dims).map((_, i) => Math.sin(i) + 0.01);
  const before = memoryBytes();
  const set = new VectorSet(dims);
  set.add(data);
  const grown = memoryBytes() - before;
  const stored = data.byteLength;
  console.log(`memory growth for ${(stored / 1e6).toFixed(1)} MB of vectors: ${(grown / 1e6).toFixed(1)} MB`);
  assert.ok(grown < 1.3 * stored, `grew ${grown} bytes for ${stored} bytes of vectors`);
  assert.equal(set.length, rows);
  set.free();
});
