// Compiled with `tsc --strict --noEmit` against the built package: every
// public API is used with its documented types, so a missing or `any`-typed
// declaration shows up as an error (see tests/js/types.test.mjs).
import {
  VectorSet, VectorSetLoader, Thresholds, Monitor, SemanticCache, type CacheLookup, noiseFloor, mergeTopK, toCosine, shardOf, type MonitorStats, type MonitorState, type NoiseFloor, type ShardMatch, Matcher, calibrate, calibratePairs, cosine, band, decide, explain, abstain,
  cacheTier, parseFieldSpec, normalize, rrf, adjustFromFeedback, simdEnabled, features, memoryBytes, version,
  type Match, type ResolvedThreshold, type Decision, type Explanation, type ThresholdConfig, type MatchResult,
  type Band, type FieldSpec, type PrefixThreshold, type Confusion, type Precision, type Filter, type Metadata,
} from 'simgate';
import { DurableSemanticCache, DurableVectorSet, type DurableObjectStateLike, type DurableVectorSetStats, type R2BucketLike } from 'simgate/durable';

const q = new Float32Array(4);
const set = new VectorSet(4);
set.add(new Float32Array(8), ['a', 'b']);
const n: number = set.length + set.dims;
const s: Float32Array = set.scores(q, 2);
const top: Match[] = set.topK(q, 2, { dims: 2, minScore: 0.5 });
const above: Match[] = set.above(q, 0.8, { dims: 4 });
const casc: Match[] = set.cascade(q, { coarseDims: 2, coarseK: 10, coarseThreshold: 0.5, threshold: 0.8, k: 1 });
const firstId: string | undefined = top[0]?.id;
// Metadata and filters.
const meta: Metadata = { type: 'Industry', year: 2024, tags: ['saas'], author: { id: 7, verified: true }, note: null };
set.add(new Float32Array(4), ['m'], { namespace: 'x', metadata: [meta] });
set.upsert(new Float32Array(4), ['m'], { metadata: [null] });
const changed: number = set.setMetadata(['m'], [meta]);
const recorded: Uint8Array = set.setMetadata(['m'], [meta], { record: true }).change;
const back: Metadata | null = set.metadata('m');
const filter: Filter = { $and: [{ $or: [{ type: 'Industry', year: { $gte: 2020, $lt: 2030 } }, { tags: { $in: ['saas', 'b2b'] } }] }, { $not: { 'author.id': { $exists: false } } }] };
const passing: number = set.count({ namespace: 'x', filter });
const filtered: Match[] = set.topK(q, 2, { filter }).concat(set.above(q, 0.5, { filter }), set.cascade(q, { coarseDims: 2, coarseK: 10, filter }));
const perRow: number = VectorSet.bytesPerRow(768, ['i8'], { metadata: meta });
void [changed, recorded, back, passing, filtered, perRow];
// @ts-expect-error: a metadata value is a string, number, boolean, null, string array or object
set.add(new Float32Array(4), ['z'], { metadata: [{ at: new Date() }] });
// @ts-expect-error: $exists takes a boolean
set.count({ filter: { type: { $exists: 'yes' } } });
const c: number = cosine(q, q, 2);

const t = Thresholds.preset('strict');
const custom = new Thresholds({ default: 0.8, types: { ICP: 0.82 }, adaptive: true, dimensionAdjustment: { table: { '256': 0.02 } } });
const fromSchema = Thresholds.fromSchema({ ICP: { $threshold: 0.82 }, Startup: { customer: '~>ICP' } });
const r: ResolvedThreshold = custom.resolve({ type: 'ICP', dims: 256, fullDims: 768, candidateCount: 5 });
const source: 'spec' | 'field' | 'type' | 'default' = r.source;
const json: ThresholdConfig = t.toJSON();
const def: number = t.toJSON().default;
const spec: FieldSpec = parseFieldSpec(['~>Company(0.85)']);
const specThreshold: number | null = spec.threshold;

const b: Band = band(0.9, r, { high: 0.1 });
const d: Decision = decide([0.9, 0.8], { threshold: r, mode: 'backward', minGap: 0.01 });
const outcome: 'match' | 'create' | 'none' | 'ambiguous' = d.outcome;
const e: Explanation = explain(0.8, new Float64Array([0.9]));
const text: string = e.text;
const a: 'act' | 'escalate' | 'not_found' = abstain(0.9, { act: 0.85, reject: 0.7 });
const tier: 'confident' | 'tentative' | 'miss' = cacheTier(0.9, { confident: 0.95, tentative: 0.88 });

const matcher = new Matcher(set, t, { k: 5, cascade: { coarseDims: 2, coarseK: 10 } });
const m: MatchResult = matcher.match(q, { spec: '~>Industry', dims: 4, filter: { year: 2024 } });
const pool: string | undefined = m.explanation.candidates;
const untyped = new Matcher(set, t, { typeKey: null });
void [pool, untyped];
const candidateBand: Band | undefined = m.candidates[0]?.band;

const cal = calibrate(new Float32Array([0.9, 0.1]), new Uint8Array([1, 0]), { classes: ['x', 'y'], seed: 1 });
const auc: number = cal.auc();
const curve: Float64Array = cal.prCurve().precision;
const best: number = cal.best(2).f;
const atP: number | undefined = cal.atPrecision(0.9)?.recall;
const cm: Confusion = cal.at(0.8);
const cmPrecision: number | null = cm.precision;
const cmCounts: number = cm.tp + cm.fp + cm.fn + cm.tn;
const mid: number | null = cal.gap().midpoint;
const platt: number = cal.platt().a + cal.probability(0.5, 'platt');
const iso: Float64Array = cal.isotonic().x;
const ece: number = cal.reliability('isotonic', 10).ece;
const hist: Uint32Array = cal.histogram(20).positive;
const perClass: number | undefined = cal.perClass()['x']?.threshold;
const boot: number = cal.bootstrap(100, 7).threshold.low;
const config: ThresholdConfig = cal.toConfig({ target: { precision: 0.9 } });
const pairs: PrefixThreshold[] = calibratePairs(q, q, 4, [1], { prefixes: [2] }).prefixes;

const norm: Float32Array = normalize([1, 2], 'zscore');
const fused: { id: string; score: number }[] = rrf([['a'], ['b']], 60);
const fb: number = adjustFromFeedback(0.8, [{ correct: false, suggestedMatch: 'x' }], { step: 0.02 }).threshold;
const runtime: [boolean, number, string] = [simdEnabled(), memoryBytes(), version()];
const build: { simd128: boolean; relaxedSimd: boolean } = features();

// Precision tiers, ids, namespaces and set files.
const tiers = new VectorSet(4, { precisions: ['b1', 'i8'], model: 'all-MiniLM-L6-v2' });
tiers.add(new Float32Array([1, 0, 0, 0]), ['a'], { namespace: 'tenant' });
const up: { added: number; replaced: number } = tiers.upsert(new Float32Array([0, 1, 0, 0]), ['a'], { namespace: 'tenant' });
const kept: Precision[] = tiers.precisions;
const model: string | null = tiers.model;
const tierTop: Match[] = tiers.topK(q, 1, { precision: 'i8', namespace: 'tenant', dims: 2, minScore: 0.1 });
const tierCasc: Match[] = tiers.cascade(q, { coarseDims: 4, coarseK: 10, coarsePrecision: 'b1', precision: 'i8', namespace: 'tenant' });
const tierScores: Float32Array = tiers.scores(q, 4, { precision: 'b1' });
const bytes: Uint8Array = tiers.toBytes();
const loaded: VectorSet = VectorSet.fromBytes(bytes.buffer);
const streamed: Promise<VectorSet>[] = [
  VectorSet.fromStream(new Response(bytes.slice())),
  VectorSet.fromStream(new Blob([bytes.slice()]).stream(), { length: bytes.length }),
  VectorSet.fromStream({ body: new Blob([bytes.slice()]).stream(), size: bytes.length }),
];
const loader = new VectorSetLoader(bytes.length);
loader.push(bytes.subarray(0, 10));
loader.push(bytes.buffer.slice(10));
const progress: [number, number | undefined] = [loader.received, loader.expected];
const pushed: VectorSet = loader.finish();
const monitor = new Monitor({ threshold: Thresholds.preset('default').resolve(), tiers: { confident: 0.95, tentative: 0.85 }, reference: { edges: [0, 0.5, 1], counts: [3, 7] }, sample: 10, seed: 1 });
monitor.record(0.91, { id: 'q', query: 'a', match: 'b', type: 'T', time: 0, hit: true });
monitor.recordMany(new Float32Array([0.5, 0.99]));
const mstats: MonitorStats = monitor.stats();
const drift: 'stable' | 'moderate' | 'major' | null = mstats.drift;
const state: MonitorState = monitor.toJSON();
const restored: Monitor = Monitor.fromJSON(state);
restored.merge(monitor);
const sampled: { score: number; query?: string }[] = restored.borderline();
const floor: NoiseFloor = noiseFloor(tiers, { pairs: 10, seed: 1, dims: 2 });
const row: Float32Array = tiers.row(0);
const merged: ShardMatch[] = mergeTopK([tiers.topK(q, 2), tiers.topK(q, 2)], 2);
const shard: number = shardOf('id', 4) + merged[0].shard;
const cosOne: number = toCosine(0.2, 'distance');
const cosMany: Float32Array = toCosine([0.2, 0.4], 'unit');
const thresholdsModel: string | null = Thresholds.preset('default').model;
const cache = new SemanticCache<{ answer: string }>({ dims: 4, confident: 0.95, tentative: 0.85, maxEntries: 100, ttlSeconds: 60, now: () => 0 });
const entry: string = cache.store(q, { answer: 'a' }, { namespace: 't', text: 'q', ttlSeconds: 5 });
const found: CacheLookup<{ answer: string }> = cache.lookup(q, { namespace: 't', text: 'Q' });
const answer: string | undefined = found.value?.answer;
cache.feedback(entry, true);
const fixed = cache.thresholds();
const cacheStats: number = cache.stats().evicted + cache.size + ('confident' in fixed ? fixed.confident : 0) + cache.remove([entry]) + cache.clear('t');
const bounded = new SemanticCache<string>({ dims: 4, errorBound: 0.05, seed: 1 });
const verdict: CacheLookup<string> = bounded.lookup(q);
if (verdict.tier === 'verify' && verdict.id !== undefined) bounded.feedback(verdict.id, verdict.value === 'a', { score: verdict.score });
const served: number | null | undefined = bounded.stats().threshold;
bounded.free(); void served;
// @ts-expect-error: errorBound replaces confident and tentative
new SemanticCache({ dims: 4, errorBound: 0.05, confident: 0.9 });
const reborn: SemanticCache<{ answer: string }> = SemanticCache.fromBytes(cache.toBytes(), { now: () => 1 });
reborn.free(); cache.free();
void [answer, cacheStats];
monitor.free(); restored.free();
void [drift, sampled, floor, row, shard, cosOne, cosMany, thresholdsModel];
const sizes: number[] = [tiers.byteLength(), VectorSet.bytesPerRow(768, ['i8']), tiers.remove(['a']), Number(tiers.has('a'))];
loaded.free(); tiers.free(); pushed.free(); void streamed; void progress;
// @ts-expect-error: unknown precisions are compile errors
new VectorSet(4, { precisions: ['f16'] });

{
  using disposable = new VectorSet(2);
  disposable.add(new Float32Array([1, 0]));
}
matcher.free(); cal.free(); set.free(); t.free(); custom.free(); fromSchema.free();

// @ts-expect-error: a plain array is not a Float32Array query
set.topK([1, 2, 3, 4], 1);
// @ts-expect-error: unknown preset names are compile errors too
Thresholds.preset('lenient');

export const used = [n, s, above, casc, firstId, c, source, json, def, specThreshold, b, outcome, text, a, tier,
  candidateBand, auc, curve, best, atP, cmPrecision, cmCounts, mid, platt, iso, ece, hist, perClass, boot, config, pairs, norm, fused, fb, runtime, build,
  up, kept, model, tierTop, tierCasc, tierScores, sizes];

// Change records and the durable classes.
const rec: { change: Uint8Array } = set.add(new Float32Array(4), ['r1'], { record: true });
const upRec = set.upsert(new Float32Array(4), ['r1'], { record: true });
const upChange: Uint8Array | undefined = upRec.change;
const gone: { removed: number; change: Uint8Array } = set.remove(['r1'], { record: true });
const goneCount: number = set.remove(['r2']);
const applied: boolean = set.apply(rec.change).applied;
const setVersion: number = set.version;
const chunks = set.fileChunks();
const chunk: Uint8Array | undefined = chunks.next(1024);
const fileLength: number = chunks.length;
void [upChange, gone, goneCount, applied, setVersion, chunk, fileLength];
declare const ctx: DurableObjectStateLike;
declare const bucket: R2BucketLike;
const durableSet = new DurableVectorSet(ctx, { dims: 4, precisions: ['i8'], bucket, key: 'shard-0' });
const durableLoaded: Promise<VectorSet> = durableSet.load();
const upserted: Promise<{ added: number; replaced: number }> = durableSet.upsert(q, ['x']);
const durableStats: DurableVectorSetStats = durableSet.stats();
const durableCache = new DurableSemanticCache<{ answer: string }>(ctx, { dims: 4, confident: 0.95, tentative: 0.85, snapshotEvery: 30_000 });
const durableBounded = new DurableSemanticCache<string>(ctx, { dims: 4, errorBound: 0.02, key: 'bounded' });
const durableVerdict: Promise<void> = durableBounded.feedback('x', true, { score: 0.9 });
void durableVerdict;
const storedId: Promise<string> = durableCache.store(q, { answer: 'a' }, { namespace: 'n' });
const cached: CacheLookup<{ answer: string }> = durableCache.lookup(q);
const unsaved: boolean = durableCache.unsavedLookups;
void [durableLoaded, upserted, durableStats, storedId, cached, unsaved];
// @ts-expect-error: dims is required
new DurableVectorSet(ctx, { precisions: ['i8'] });
