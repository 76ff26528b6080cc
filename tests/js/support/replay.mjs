// What a replay of the bundled pairs as cache traffic needs in both the
// error-bound bench and its test: a seeded order of the questions, and
// whether two texts are the same question (the exact tier's rule).

/** A seeded order of 0..n-1 (Fisher-Yates over xorshift32). */
export function seededOrder(n, seed) {
  const out = Array.from({ length: n }, (_, i) => i);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Text as the exact tier keys it: NFC, lowercased, whitespace collapsed. */
export const normText = (t) => t.normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean).join(' ');
