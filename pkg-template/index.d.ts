// Every entry point (node, browser, workerd) exports the same, already
// initialized API; the declarations are generated from the Rust bindings.
export * from './simgate.js';
