// The example Worker, run in workerd by vitest-pool-workers: both routes, the
// error path, and a timing of /match-sized work on 10,000 x 768 candidates
// (printed, not asserted).
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Matcher, Thresholds, VectorSet } from 'simgate';
import sentences from '../../../data/stsb-dev-minilm/emb_b.f32';

const post = (path, body) => SELF.fetch(`http://example.com${path}`, { method: 'POST', headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` }, body: JSON.stringify(body) });
const row = (i) => Array.from(new Float32Array(sentences, i * 384 * 4, 384));

describe('examples/worker', () => {
  it('POST /match finds a sentence among the bundled embeddings and explains the decision', async () => {
    const res = await post('/match', { query: row(42), spec: '~>Topic' });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.candidates[0]).toMatchObject({ index: 42, id: 'sentence-42', band: 'high' });
    expect(out.candidates[0].score).toBeCloseTo(1, 5);
    expect(out.decision.outcome).toBe('match');
    expect(out.threshold).toMatchObject({ value: 0.75, source: 'type' });
    expect(out.explanation.text).toMatch(/^Threshold 0.75 for Topic \(type threshold 0.75\)/);
  });

  it('GET /monitor counts every /match: hits, borderline hits and the sample', async () => {
    const before = await (await SELF.fetch('http://example.com/monitor', { headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` } })).json();
    // 10 exact hits (score 1) and 5 queries blended from two sentences.
    for (let i = 0; i < 10; i++) await (await post('/match', { query: row(100 + i) })).json();
    for (let i = 0; i < 5; i++) {
      const a = row(200 + i), b = row(300 + i);
      await (await post('/match', { query: a.map((x, j) => x + b[j]) })).json();
    }
    let after;
    for (let tries = 0; tries < 50; tries++) {
      after = await (await SELF.fetch('http://example.com/monitor', { headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` } })).json();
      if (after.count === before.count + 15) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(after.count).toBe(before.count + 15);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(10);
    expect(after.histogram.counts.reduce((s, c) => s + c, 0)).toBe(after.count);
    expect(after.sample.length).toBe(Math.min(50, after.borderline.count));
    expect(Array.isArray(after.advice)).toBe(true);
  });

  it('POST /calibrate returns a config Thresholds accepts, with metrics', async () => {
    const res = await post('/calibrate', {
      scores: [0.95, 0.9, 0.85, 0.6, 0.5, 0.88, 0.7, 0.92],
      labels: [1, 1, 0, 0, 0, 1, 0, 1],
      target: { precision: 1 },
    });
    expect(res.status).toBe(200);
    const { config, metrics } = await res.json();
    expect(config.default).toBe(0.88);
    expect(new Thresholds(config).resolve().value).toBe(0.88);
    expect(metrics.auc).toBe(1);
    expect(metrics.best.threshold).toBe(0.88);
  });

  it('bad requests are 400 with the error message', async () => {
    let res = await post('/match', { query: [1, 2, 3] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('RangeError: query has 3 floats but the set has 384 dims');
    // JSON has no NaN: it arrives as null, which is not a number.
    res = await post('/calibrate', { scores: [0.5, NaN], labels: [1, 0] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('TypeError: scores[1] must be a number, got null');
    res = await post('/calibrate', { scores: [0.5, 0.4], labels: [1, 2] });
    expect((await res.json()).error).toBe('RangeError: labels[1] must be 0 or 1, got 2');
    res = await SELF.fetch('http://example.com/match', { headers: { authorization: `Bearer ${env.TEST_ADMIN_TOKEN}` } });
    expect(res.status).toBe(405);
  });

  it('times Matcher.match on 10,000 x 768 candidates inside workerd', async () => {
    const n = 10_000, d = 768;
    const data = new Float32Array(n * d);
    let x = 7;
    for (let i = 0; i < data.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; data[i] = (x >>> 0) / 2 ** 32 - 0.5; }
    const set = new VectorSet(d);
    set.add(data);
    const query = data.slice(0, d);
    for (const [name, options] of [['full dims', { k: 5 }], ['cascade 128 -> 768', { k: 5, cascade: { coarseDims: 128, coarseK: 50 } }]]) {
      const m = new Matcher(set, Thresholds.preset('default'), { ...options, typeKey: null });
      m.match(query, { spec: '~>Industry' }); // warm-up
      // workerd's clock only moves at I/O, so wait on a timer around the work.
      await new Promise((r) => setTimeout(r, 0));
      const t0 = Date.now();
      const rounds = 50;
      for (let i = 0; i < rounds; i++) expect(m.match(query, { spec: '~>Industry' }).candidates[0].index).toBe(0);
      await new Promise((r) => setTimeout(r, 0));
      console.log(`workerd: Matcher.match over ${n} x ${d} (${name}): ${((Date.now() - t0) / rounds).toFixed(2)} ms per lookup`);
      m.free();
    }
    set.free();
  });
});
