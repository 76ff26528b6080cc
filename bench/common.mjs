// Helpers shared by the benchmark scripts.

/** Deterministic uniform floats in [-1, 1) (xorshift32): runs compare. */
export function randomFloats(n, seed) {
  const out = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = (x / 2 ** 32) * 2 - 1;
  }
  return out;
}
