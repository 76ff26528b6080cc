// Monitor costs in wasm: recordMany per event (amortized over 1,000,000
// scores; target under 100 ns), record one event at a time (with and
// without event fields), merge of two 20-bin monitors, and a toJSON /
// fromJSON round trip. Medians of 7 runs.
import { Monitor } from '../pkg/node.js';
import { median, pick, randomFloats } from './common.mjs';

const N = pick(1_000_000, 10_000);
const ONE = pick(100_000, 1_000);
const RUNS = pick(7, 1);
const scores = Float64Array.from(randomFloats(N, 9), (x) => 0.5 + x / 2);
const opts = { threshold: 0.9, tiers: { confident: 0.95, tentative: 0.85 }, sample: 100, seed: 1 };
const ns = (s, n) => ((s / n) * 1e9).toFixed(1);

const many = median(() => { const m = new Monitor(opts); m.recordMany(scores); m.free(); }, RUNS);
const one = median(() => { const m = new Monitor(opts); for (let i = 0; i < ONE; i++) m.record(scores[i]); m.free(); }, RUNS);
const event = { id: 'q-1', query: 'how do I reset my password', type: 'FAQ' };
const withFields = median(() => { const m = new Monitor(opts); for (let i = 0; i < ONE; i++) m.record(scores[i], event); m.free(); }, RUNS);
const a = new Monitor(opts), b = new Monitor({ ...opts, seed: 2 });
a.recordMany(scores.subarray(0, N / 2));
b.recordMany(scores.subarray(N / 2));
// merge alone: each run merges into a fresh copy made outside the timing.
const copies = Array.from({ length: 8 }, () => Monitor.fromJSON(a.toJSON()));
let next = 0;
const merge = median(() => copies[next++].merge(b), RUNS);
copies.forEach((c) => c.free());
const roundTrip = median(() => Monitor.fromJSON(JSON.parse(JSON.stringify(a))).free(), RUNS);
console.log(`Monitor (20 bins, tiers, a sample of 100):
  recordMany: ${ns(many, N)} ns per event (1,000,000 scores in one call)
  record: ${ns(one, ONE)} ns per event without fields, ${ns(withFields, ONE)} ns with id, query and type
  merge of two 20-bin monitors (500,000 events each, samples of 100): ${(merge * 1e6).toFixed(1)} us
  toJSON -> JSON text -> fromJSON: ${(roundTrip * 1e6).toFixed(1)} us`);
a.free(); b.free();
