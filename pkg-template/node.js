// Node entry: the wasm is read from disk and instantiated synchronously, so
// the API is usable as soon as `import` returns.
import { readFileSync } from 'node:fs';
import { initSync } from './simgate.js';

initSync({ module: readFileSync(new URL('./simgate_bg.wasm', import.meta.url)) });

export * from './simgate.js';
export { Matcher, noiseFloor } from './checked.js';
export { SemanticCache } from './cache.js';
export { decideCandidates } from './engines.js';
