// Helpers shared by the benchmark scripts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { TOKEN, TOKENS } from '../tests/js/support/tokens.mjs';

/** The examples refuse requests without a token: benches run them with the test TOKENS and send its admin token. */
export { TOKENS };
export const AUTH = { authorization: `Bearer ${TOKEN.admin}` };

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

/**
 * Median seconds of each of `fns` over `runs` rounds, after one warm-up call
 * each. Every round calls each function once, starting at a different one,
 * so a machine that speeds up or slows down mid-run moves all of them alike:
 * ratios between them are the figures to trust.
 */
export function interleavedMedians(fns, runs) {
  for (const fn of fns) fn();
  const t = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (r + k) % fns.length;
      const t0 = performance.now();
      fns[i]();
      t[i].push(performance.now() - t0);
    }
  }
  return t.map((x) => x.sort((a, b) => a - b)[x.length >> 1] / 1000);
}

/** Median seconds of `runs` timed calls of `fn`, after one warm-up call. */
export function median(fn, runs) {
  fn();
  const t = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1] / 1000;
}

/** What a JS user would write: cosine of `q` with each row over `p` dims, into `out`. */
export function jsLoopScores(data, D, q, p, out) {
  for (let i = 0, off = 0; i < out.length; i++, off += D) {
    let dot = 0, nq = 0, nr = 0;
    for (let j = 0; j < p; j++) {
      const x = q[j], y = data[off + j];
      dot += x * y; nq += x * x; nr += y * y;
    }
    out[i] = dot / (Math.sqrt(nq) * Math.sqrt(nr));
  }
}

/** Set by `make bench-smoke`: every bench runs at tiny sizes, to prove it still runs (its figures mean nothing). */
export const smoke = process.env.BENCH_SMOKE === '1';

/** `full`, or `small` in smoke mode. */
export const pick = (full, small) => (smoke ? small : full);

/**
 * Every module `entry` (an absolute path) reaches through static relative
 * imports and re-exports, in Miniflare's `modules` form: what a bench hands
 * workerd, derived from the files, so a new module in the package is never
 * missing from a hand-kept list.
 */
export function moduleGraph(entry) {
  const seen = new Map();
  const stack = [entry];
  const edge = /(?:^|[\s;])(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;
  while (stack.length) {
    const path = stack.pop();
    if (seen.has(path)) continue;
    const type = path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule';
    seen.set(path, type);
    if (type !== 'ESModule') continue;
    for (const m of readFileSync(path, 'utf8').matchAll(edge)) stack.push(resolvePath(dirname(path), m[1]));
  }
  return [...seen].map(([path, type]) => ({ type, path }));
}

/**
 * The native benchmark's figures (`cargo bench --bench native`): M/s by
 * `${d}/${p}/${op}`, and `stream`, the GB/s one native thread streams
 * from DRAM. An empty map when it cannot run (an Error in smoke runs).
 */
export function nativeFigures(n, runs) {
  try {
    const text = execFileSync('cargo', ['bench', '--quiet', '--bench', 'native', '--', String(n), String(runs)], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    });
    const rows = text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    return new Map(rows.map((r) => (r.op === 'stream' ? ['stream', r.gbps] : [`${r.d}/${r.p}/${r.op}`, r.mps])));
  } catch (e) {
    if (smoke) throw e;
    console.error(`native benchmark failed: ${e.message}`);
    return new Map();
  }
}
