// Browser (and default) entry: fetches and instantiates the wasm with a
// top-level await, so the API is usable as soon as `import` resolves.
// Bundlers (Vite, webpack 5, esbuild) see the `new URL(..., import.meta.url)`
// and ship the .wasm as an asset.
import init from './simgate.js';

await init({ module_or_path: new URL('./simgate_bg.wasm', import.meta.url) });

export * from './simgate.js';
export { Matcher, noiseFloor } from './checked.js';
export { SemanticCache } from './cache.js';
export { decideCandidates } from './engines.js';
