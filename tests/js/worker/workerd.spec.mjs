// Runs inside workerd (vitest-pool-workers): the package is imported by name
// and must resolve to its `workerd` export, which instantiates the wasm
// synchronously from the bundled WebAssembly.Module.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Matcher, Thresholds, VectorSet, calibrate, cosine, explain, simdEnabled, memoryBytes } from 'simgate';

describe('simgate inside workerd', () => {
  it('runs with SIMD128', () => {
    expect(simdEnabled()).toBe(true);
  });

  it('scores, ranks and cascades', () => {
    const set = new VectorSet(4);
    set.add(new Float32Array([1, 0, 0, 0, 0.6, 0.8, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0]), ['a', 'b', 'c', 'd']);
    const q = new Float32Array([1, 0, 0, 0]);
    expect(Array.from(set.scores(q))).toEqual([1, Math.fround(0.6), 0, -1]);
    expect(set.topK(q, 2)).toEqual([
      { index: 0, id: 'a', score: 1 },
      { index: 1, id: 'b', score: Math.fround(0.6) },
    ]);
    expect(set.above(q, 0).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(set.cascade(q, { coarseDims: 2, coarseK: 3, threshold: 0.5 }).map((m) => m.id)).toEqual(['a', 'b']);
    expect(cosine(new Float32Array([3, 4]), new Float32Array([4, 3]))).toBeCloseTo(0.96, 12);
    set.free();
  });

  it('resolves thresholds and matches with explanations', () => {
    const set = new VectorSet(2);
    set.add(new Float32Array([1, 0, 0.6, 0.8]), ['tech', 'finance'], { metadata: [{ type: 'Industry' }, { type: 'Industry' }] });
    const t = Thresholds.preset('default');
    const r = t.resolve({ type: 'Industry' });
    expect([r.value, r.source]).toEqual([0.78, 'type']);
    const m = new Matcher(set, t, { k: 2 });
    const out = m.match(new Float32Array([1, 0.05]), { spec: '~>Industry' });
    expect(out.decision.outcome).toBe('match');
    expect(out.candidates.map((c) => [c.id, c.band])).toEqual([['tech', 'high'], ['finance', 'low']]);
    expect(explain(r, [0.9, 0.5]).text).toMatch(/^Threshold 0.78 for Industry \(type threshold 0.78\): 1 of 2 candidates match/);
    m.free();
    set.free();
  });

  it('calibrates, including an unseeded bootstrap (Web Crypto inside a handler)', () => {
    const cal = calibrate(new Float32Array([0.95, 0.9, 0.85, 0.6, 0.5, 0.88]), new Uint8Array([1, 1, 0, 0, 0, 1]));
    expect(cal.best().threshold).toBeCloseTo(0.88, 6);
    expect(cal.auc()).toBe(1); // separable: every positive outscores every negative
    expect(new Thresholds(cal.toConfig()).resolve().value).toBeCloseTo(0.88, 6);
    expect(cal.bootstrap(20).rounds).toBeGreaterThan(0);
    cal.free();
  });

  it('throws named errors and keeps working', () => {
    const set = new VectorSet(2);
    expect(() => set.add(new Float32Array([0, 0]))).toThrow('vectors row 0 is a zero vector');
    expect(() => set.topK(new Float32Array([1, NaN]), 1)).toThrow(RangeError);
    set.add(new Float32Array([1, 0]));
    expect(set.topK(new Float32Array([1, 0]), 1)).toEqual([{ index: 0, score: 1 }]);
    set.free();
  });

  it('keeps memory flat over 1,000 create/score/free cycles', () => {
    const data = new Float32Array(100 * 64).map((_, i) => Math.cos(i));
    const cycle = () => {
      const s = new VectorSet(64);
      s.add(data);
      s.topK(data.subarray(0, 64), 5);
      s.free();
    };
    for (let i = 0; i < 5; i++) cycle();
    const warm = memoryBytes();
    for (let i = 0; i < 1000; i++) cycle();
    expect(memoryBytes()).toBe(warm);
  });

  it("runs the package README's Workers example as published", async () => {
    const res = await SELF.fetch('http://x/readme', { method: 'POST', body: JSON.stringify({ query: [1, 0.1, 0] }) });
    expect(res.status).toBe(200);
    const out = await res.json();
    // Tag's preset threshold; 'a' scores 0.995 (high band), 'b' 0.0995.
    expect(out.threshold.value).toBe(Thresholds.preset('default').resolve({ type: 'Tag' }).value);
    expect(out.decision.outcome).toBe('match');
    expect(out.candidates.map((c) => [c.id, c.band])).toEqual([['a', 'high'], ['b', 'none']]);
    expect(out.explanation.text).toMatch(/^Threshold 0\.\d+ for Tag \(type threshold/);
    const again = await SELF.fetch('http://x/readme', { method: 'POST', body: JSON.stringify({ query: [0, 1, 0] }) });
    expect((await again.json()).candidates[0].id).toBe('b'); // the matcher built on the first request is reused
  });

  it('serves requests through a Worker that imports the package', async () => {
    const ok = await SELF.fetch('http://x/topk', {
      method: 'POST',
      body: JSON.stringify({ dims: 2, vectors: [1, 0, 0, 1, 1, 1], query: [1, 0.2], k: 2 }),
    });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.simd).toBe(true);
    expect(body.matches.map((m) => m.index)).toEqual([0, 2]);
    const bad = await SELF.fetch('http://x/topk', {
      method: 'POST',
      body: JSON.stringify({ dims: 2, vectors: [1, 0, 0], query: [1, 0], k: 1 }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('RangeError: vectors has 3 floats, which is not a multiple of dims (2)');
  });
});
