// Loads the bundled STS-B dev set (MiniLM, 384 dims) for the package tests.
import { readFileSync } from 'node:fs';

const dir = new URL('../../data/stsb-dev-minilm/', import.meta.url);

function f32(name) {
  const b = readFileSync(new URL(name, dir));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
}

export const D = 384;
export const embA = f32('emb_a.f32');
export const embB = f32('emb_b.f32');
export const N = embA.length / D;
export const cos = { 384: f32('cos_full.f32'), 256: f32('cos_p256.f32'), 128: f32('cos_p128.f32'), 64: f32('cos_p64.f32') };
export const row = (m, i) => m.subarray(i * D, (i + 1) * D);
