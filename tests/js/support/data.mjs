// The bundled STS-B dev set (MiniLM, 384 dims) for the package tests, read
// by the same loader the page and the demo use.
import { readFileSync } from 'node:fs';
import { f32 as fromBytes, loadSample } from '../../../pkg/dataset.js';

const dir = new URL('../../../data/stsb-dev-minilm/', import.meta.url);
export const sample = await loadSample((f) => readFileSync(new URL(f, dir)));
const f32 = (name) => fromBytes(readFileSync(new URL(name, dir)));

export const D = sample.emb.dims;
export const embA = sample.emb.a;
export const embB = sample.emb.b;
export const N = embA.length / D;
export const cos = { 384: f32('cos_full.f32'), 256: f32('cos_p256.f32'), 128: f32('cos_p128.f32'), 64: f32('cos_p64.f32') };
export const row = (m, i) => m.subarray(i * D, (i + 1) * D);
