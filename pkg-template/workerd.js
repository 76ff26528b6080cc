// Cloudflare Workers (workerd) entry: wrangler and workerd import a .wasm
// file as a compiled WebAssembly.Module, which is instantiated synchronously
// at module load (no network, no top-level await needed).
import wasmModule from './simgate_bg.wasm';
import { initSync } from './simgate.js';

initSync({ module: wasmModule });

export * from './simgate.js';
export { Matcher, noiseFloor } from './checked.js';
export { SemanticCache } from './cache.js';
export { decideCandidates } from './engines.js';
