// The floor a scan is measured against: a plain SIMD128 dot-product loop
// over contiguous float32 rows, in a wasm module assembled here (no
// dependency): four f32x4 accumulators, 16 floats a step, one horizontal
// sum per row, written to an output array. No norms, no ids, no checks,
// so it is what "the same contiguous floats" cost at most.

const uleb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const vec = (items) => [...uleb(items.length), ...items.flat()];

const I32 = 0x7f, V128 = 0x7b;
const get = (i) => [0x20, i], set = (i) => [0x21, i];
const sleb = (n) => { const out = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b]; out.push(b | 0x80); } };
const i32 = (v) => [0x41, ...sleb(v)];
const SIMD = (op) => [0xfd, ...uleb(op)];
const load = (offset) => [...SIMD(0x00), 0, ...uleb(offset)];
const [ROWS, Q, OUT, N, D, J, DBYTES, A0] = [0, 1, 2, 3, 4, 5, 6, 7];
const F32X4_ADD = 0xe4, F32X4_MUL = 0xe6, EXTRACT = 0x1f;

const step = (k) => [
  ...get(A0 + k),
  ...get(ROWS), ...get(J), 0x6a, ...load(16 * k),
  ...get(Q), ...get(J), 0x6a, ...load(16 * k),
  ...SIMD(F32X4_MUL), ...SIMD(F32X4_ADD), ...set(A0 + k),
];
const zero = [...SIMD(0x0c), ...new Array(16).fill(0)];
const body = [
  ...vec([[...uleb(2), I32], [...uleb(4), V128]]),
  ...get(D), ...i32(4), 0x6c, ...set(DBYTES),
  0x02, 0x40, 0x03, 0x40, // block, loop over rows
  ...get(N), 0x45, 0x0d, 1, // n == 0: done
  ...[0, 1, 2, 3].flatMap((k) => [...zero, ...set(A0 + k)]),
  ...i32(0), ...set(J),
  0x03, 0x40, // loop over 16-float steps
  ...step(0), ...step(1), ...step(2), ...step(3),
  ...get(J), ...i32(64), 0x6a, 0x22, J, ...get(DBYTES), 0x49, 0x0d, 0, 0x0b,
  ...get(OUT),
  ...get(A0), ...get(A0 + 1), ...SIMD(F32X4_ADD), ...get(A0 + 2), ...get(A0 + 3), ...SIMD(F32X4_ADD), ...SIMD(F32X4_ADD),
  0x22, A0, ...SIMD(EXTRACT), 0, ...get(A0), ...SIMD(EXTRACT), 1, 0x92,
  ...get(A0), ...SIMD(EXTRACT), 2, ...get(A0), ...SIMD(EXTRACT), 3, 0x92, 0x92,
  0x38, 2, 0, // f32.store
  ...get(OUT), ...i32(4), 0x6a, ...set(OUT),
  ...get(ROWS), ...get(DBYTES), 0x6a, ...set(ROWS),
  ...get(N), ...i32(1), 0x6b, ...set(N),
  0x0c, 0, 0x0b, 0x0b, // br rows; end loop; end block
  0x0b,
];
const bytes = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  ...section(1, vec([[0x60, ...vec([I32, I32, I32, I32, I32].map((t) => [t])), 0]])),
  ...section(3, vec([[0]])),
  ...section(5, vec([[0, 1]])),
  ...section(7, vec([[...vec([...'dots'].map((c) => [c.charCodeAt(0)])), 0, 0], [...vec([...'memory'].map((c) => [c.charCodeAt(0)])), 2, 0]])),
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

/**
 * A scorer of `n` contiguous `d`-dim float32 rows (`d` a multiple of 16)
 * against one query: `run()` writes the n dot products, `out()` reads them.
 */
export function plainDot(rows, q, d) {
  if (d % 16) throw new Error(`plainDot: d must be a multiple of 16, got ${d}`);
  const n = rows.length / d;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const need = (rows.length + q.length + n) * 4;
  exports.memory.grow(Math.ceil(need / 65536));
  const mem = new Float32Array(exports.memory.buffer);
  mem.set(rows, 0);
  mem.set(q, rows.length);
  const outAt = rows.length + q.length;
  return {
    run: () => exports.dots(0, rows.length * 4, outAt * 4, n, d),
    out: () => new Float32Array(exports.memory.buffer, outAt * 4, n),
  };
}
