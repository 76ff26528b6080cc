// The error-bounded SemanticCache replayed on the bundled STS-B dev pairs:
// what it serves at errorBound 0.01 / 0.02 / 0.05 / 0.1 against what a
// fixed threshold that knew P(right | score) would serve at the same 97.5%
// confidence ("known", the ceiling of any rule that must learn the rates),
// and how many verdicts it asks for.
//
// Streams per model:
// - cache (MiniLM, which ships embeddings): every side-A sentence is stored
//   (with its text), every side-B sentence asked once in a seeded random
//   order; the cache looks among all stored entries.
// - pairs (both models; EmbeddingGemma ships only each pair's cosine):
//   each question meets only its own pair's entry, at that pair's cosine.
// A served answer is right when the question's text is the entry's (the
// exact tier) or the entry is the question's own pair (or the same text
// as it) labeled same-meaning. On a verify lookup, and on an audited one
// (served, then judged), the stand-in judge is that truth; its verdict
// goes back with feedback(). "judge" counts both: the judge's calls.
//
// The pairs are split in two halves by a fixed seeded order. The bound's
// constants were tuned on the first half (--split tune); its figures are
// reported on the second (--split, or --split report), which the tuning
// never saw.
//
// Usage: node bench/cache-bound.mjs [--split [tune|report]] [--orders N]
//          [--bounds 0.02,0.05] [--prior | --wrong-prior] [--long] [--curve] [--swap]
//   --prior        the cache starts from the other half's labeled pairs,
//                  labeled the way the stream meets them (pair streams:
//                  each pair's cosine, label 1 = same meaning = a right
//                  answer; the cache stream: each question of the other
//                  half against its best entry there, right or not)
//   --wrong-prior  the same pairs with every one scoring WRONG_FROM or more
//                  labeled right: when do the audits catch it, and what was
//                  served wrong before?
//   --long         longer streams: the two models' pair streams one after
//                  the other, and the MiniLM cache stream asked three times
//                  (a fresh seeded order each pass)
//   --curve        judge calls per 250-lookup window
//   --swap         store side B and ask side A
import { readFileSync } from 'node:fs';
import { SemanticCache } from '../pkg/node.js';
import { f32 } from '../pkg/dataset.js';
import { normText, seededOrder } from '../tests/js/support/replay.mjs';
import { pick } from './common.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => (args.includes(name) && !String(args[args.indexOf(name) + 1] ?? '-').startsWith('-') ? args[args.indexOf(name) + 1] : fallback);
const SWAP = flag('--swap');
const SPLIT = flag('--split') ? value('--split', 'report') : null;
if (SPLIT !== null && SPLIT !== 'tune' && SPLIT !== 'report') throw new Error(`--split takes tune or report, got ${SPLIT}`);
const ORDERS = Number(value('--orders', value('--seeds', pick(10, 1))));
const BOUNDS = flag('--bounds') ? value('--bounds').split(',').map(Number) : pick([0.01, 0.02, 0.05, 0.1], [0.05]);
const PRIOR = flag('--prior') ? 'right' : flag('--wrong-prior') ? 'wrong' : null;
const LONG = flag('--long');
const CURVE = flag('--curve');
const WINDOW = 250;
/** --wrong-prior labels every pair at or above this cosine right. */
const WRONG_FROM = 0.6;
/** The seed of the order that splits the pairs into the tuning half and the reported one. */
const SPLIT_SEED = 20261207;

function load(name) {
  const dir = new URL(`../data/${name}/`, import.meta.url);
  const read = (f) => readFileSync(new URL(f, dir));
  const meta = JSON.parse(read('meta.json'));
  const rows = read('pairs.tsv').toString('utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
  const [a, b] = SWAP ? ['emb_b.f32', 'emb_a.f32'] : ['emb_a.f32', 'emb_b.f32'];
  const n = rows.length;
  const order = seededOrder(n, SPLIT_SEED);
  const half = (h) => order.slice(h * Math.floor(n / 2), h === 0 ? Math.floor(n / 2) : n).sort((x, y) => x - y);
  const all = Array.from({ length: n }, (_, i) => i);
  const use = SPLIT === 'tune' ? half(0) : SPLIT === 'report' ? half(1) : all;
  const other = SPLIT === 'tune' ? half(1) : SPLIT === 'report' ? half(0) : all;
  let emb = null;
  try {
    emb = { stored: f32(read(a)), asked: f32(read(b)) };
  } catch {
    emb = null;
  }
  return {
    name,
    model: meta.model?.name ?? name,
    dims: meta.D,
    cos: f32(read('cos_full.f32')),
    labels: new Uint8Array(read('label.u8')),
    stored: rows.map((r) => (SWAP ? r[6] : r[5])),
    asked: rows.map((r) => (SWAP ? r[5] : r[6])),
    emb,
    use,
    other,
  };
}

/** Whether entry `j` answers question `i` rightly. */
function truth(d, i, j) {
  if (normText(d.stored[j]) === normText(d.asked[i])) return true;
  return d.labels[i] === 1 && (j === i || normText(d.stored[j]) === normText(d.stored[i]));
}

/** The cache stream of one model: its half's side A stored, side B asked, in `passes` seeded orders. */
function cacheStream(d, seed, passes = 1) {
  const D = d.dims;
  const questions = [];
  for (let p = 0; p < passes; p++) {
    for (const k of seededOrder(d.use.length, seed + 1000 * p)) {
      const i = d.use[k];
      questions.push({ vector: d.emb.asked.subarray(i * D, (i + 1) * D), options: { text: d.asked[i] }, right: (id) => truth(d, i, Number(id)) });
    }
  }
  return {
    dims: D,
    fill(cache) {
      for (const j of d.use) cache.store(d.emb.stored.subarray(j * D, (j + 1) * D), j, { id: String(j), text: d.stored[j] });
    },
    questions,
  };
}

/** Each question meets only its own pair's entry, at the pair's cosine (2-d vectors in a namespace per pair). */
function pairStream(models, seed) {
  const questions = [];
  for (const [m, d] of models.entries()) {
    for (const k of seededOrder(d.use.length, seed + 1000 * m)) {
      const i = d.use[k];
      const c = Math.max(-1, Math.min(1, d.cos[i]));
      questions.push({ vector: Float32Array.of(c, Math.sqrt(1 - c * c)), options: { namespace: `m${m}p${i}` }, right: (id) => truth(d, i, Number(id.slice(id.indexOf(':') + 1))) });
    }
  }
  return {
    dims: 2,
    fill(cache) {
      for (const [m, d] of models.entries()) {
        for (const j of d.use) cache.store(Float32Array.of(1, 0), j, { id: `${m}:${j}`, namespace: `m${m}p${j}` });
      }
    },
    questions,
  };
}

/** Every question's top entry and score (or exact), from a cache that tiers nothing away. */
function topOf(stream) {
  const cache = new SemanticCache({ dims: stream.dims, confident: 1, tentative: -1, seed: 1, now: () => 0 });
  stream.fill(cache);
  const out = stream.questions.map((q) => {
    const r = cache.lookup(q.vector, q.options);
    return { exact: r.tier === 'exact', score: r.score ?? -2, right: r.id !== undefined && q.right(r.id) };
  });
  cache.free();
  return out;
}

/**
 * What knowing P(right | score) would serve: the rates are the stream's own,
 * by score bins of 0.01; the threshold is the lowest whose wrong count, as a
 * sum of Bernoulli draws at those rates, stays within `bound` at the same
 * one-sided 97.5% the cache uses; it serves from the first lookup and
 * verifies nothing.
 */
function known(tops, bound) {
  const bins = new Map();
  for (const t of tops) {
    if (t.exact) continue;
    const b = Math.floor(t.score * 100);
    const c = bins.get(b) ?? { n: 0, right: 0 };
    c.n += 1;
    if (t.right) c.right += 1;
    bins.set(b, c);
  }
  let mean = 0, variance = 0, right = 0, best = 0;
  for (const b of [...bins.keys()].sort((x, y) => y - x)) {
    const { n, right: r } = bins.get(b);
    const p = 1 - r / n;
    mean += n * p;
    variance += n * p * (1 - p);
    right += r;
    if (mean + 1.96 * Math.sqrt(variance) <= bound * tops.length) best = right;
  }
  return tops.filter((t) => t.exact).length + best;
}

/**
 * The labeled pairs of the halves not replayed, as a prior, labeled the way
 * the stream meets them: for a pair stream, each pair's cosine and label
 * (1 = same meaning = a right answer); for the cache stream, each question
 * of the other half against its best entry there (the score, and whether
 * that entry's answer is right). With --wrong-prior every pair at or above
 * WRONG_FROM is labeled right.
 */
function priorOf(models, label) {
  const scores = [], labels = [];
  const push = (score, right) => {
    scores.push(Math.max(-1, Math.min(1, score)));
    labels.push(PRIOR === 'wrong' && score >= WRONG_FROM ? 1 : Number(right));
  };
  for (const d of models) {
    const other = { ...d, use: d.other };
    if (label.startsWith('cache')) {
      for (const t of topOf(cacheStream(other, 1))) if (!t.exact) push(t.score, t.right);
    } else {
      for (const i of other.use) push(d.cos[i], d.labels[i] === 1);
    }
  }
  return { scores: Float64Array.from(scores), labels: Uint8Array.from(labels) };
}

function replay(stream, bound, seed, prior) {
  const cache = new SemanticCache({ dims: stream.dims, errorBound: bound, seed, now: () => 0, ...(prior ? { prior } : {}) });
  stream.fill(cache);
  let right = 0, wrong = 0, judge = 0, caught = null;
  const windows = [];
  for (const [k, q] of stream.questions.entries()) {
    if (k % WINDOW === 0) windows.push(0);
    const r = cache.lookup(q.vector, q.options);
    if (r.tier === 'exact' || r.tier === 'confident') {
      if (q.right(r.id)) right += 1; else wrong += 1;
    }
    if (r.tier === 'verify' || r.audit) {
      judge += 1;
      windows[windows.length - 1] += 1;
      cache.feedback(r.id, q.right(r.id));
      if (caught === null && cache.stats().driftResets > 0) caught = { lookups: k + 1, wrong };
    }
  }
  const stats = cache.stats();
  cache.free();
  if (stats.judgeCalls !== judge) throw new Error(`stats.judgeCalls ${stats.judgeCalls}, counted ${judge}`);
  const tops = topOf(stream);
  const n = stream.questions.length;
  return { right, wrong, judge, caught, windows: windows.map((w, i) => w / Math.min(WINDOW, n - i * WINDOW)), resets: stats.driftResets, lookups: n, threshold: stats.threshold, known: known(tops, bound) };
}

const fmt = (x, n = 3) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(n));
const half = SPLIT === 'tune' ? 'the tuning half' : SPLIT === 'report' ? 'the reported half (never used for tuning)' : 'all pairs';
console.log(`Error-bounded SemanticCache on STS-B dev, ${half}, ${SWAP ? 'side B stored, side A asked' : 'side A stored, side B asked'}, ${ORDERS} seeded orders each${PRIOR ? `, prior: the other half's labeled pairs${PRIOR === 'wrong' ? ` with every pair scoring ${WRONG_FROM} or more labeled right` : ''}` : ''}.`);
console.log('Means over the orders; "worst" the highest wrong share, "over" the orders past the bound; "known" what knowing P(right | score) would serve at the same 97.5% bound; "vs known" right served over it (mean, min); "judge" judge calls (verify + audits) per lookup.');
const head = `${'model'.padEnd(22)} ${'stream'.padEnd(8)} ${'n'.padStart(5)} ${'bound'.padStart(5)} | ${'wrong/lookups'.padStart(13)} ${'worst'.padStart(6)} ${'over'.padStart(4)} | ${'right'.padStart(6)} ${'known'.padStart(6)} ${'vs known'.padStart(8)} ${'min'.padStart(5)} | ${'judge'.padStart(6)} ${'t'.padStart(6)} ${'resets'.padStart(6)}`;
console.log(head + (PRIOR === 'wrong' ? ' | caught after (lookups, wrong served before)' : '') + (CURVE ? ` | judge calls per ${WINDOW}-lookup window` : ''));

const minilm = load('stsb-dev-minilm');
const gemma = load('stsb-dev-embeddinggemma');
const streams = LONG
  ? [
    ['MiniLM then Gemma', 'pairs', (seed) => pairStream([minilm, gemma], seed), [minilm, gemma]],
    [minilm.model, 'cache x3', (seed) => cacheStream(minilm, seed, 3), [minilm]],
  ]
  : [
    [minilm.model, 'cache', (seed) => cacheStream(minilm, seed), [minilm]],
    [minilm.model, 'pairs', (seed) => pairStream([minilm], seed), [minilm]],
    [gemma.model, 'pairs', (seed) => pairStream([gemma], seed), [gemma]],
  ];
const all = [];
for (const [model, label, make, models] of streams) {
  const prior = PRIOR ? priorOf(models, label) : null;
  for (const bound of BOUNDS) {
    const runs = Array.from({ length: ORDERS }, (_, s) => replay(make(s + 1), bound, s + 1, prior));
    all.push(...runs.map((r) => ({ ...r, bound })));
    const mean = (f) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
    const share = (r) => r.wrong / r.lookups;
    const ratio = (r) => r.right / r.known;
    let line = `${model.slice(0, 22).padEnd(22)} ${label.padEnd(8)} ${String(runs[0].lookups).padStart(5)} ${String(bound).padStart(5)} | ${fmt(mean(share), 4).padStart(13)} ${fmt(Math.max(...runs.map(share)), 4).padStart(6)} ${String(runs.filter((r) => share(r) > bound).length).padStart(4)} | ${fmt(mean((r) => r.right), 1).padStart(6)} ${fmt(mean((r) => r.known), 1).padStart(6)} ${fmt(mean(ratio), 2).padStart(8)} ${fmt(Math.min(...runs.map(ratio)), 2).padStart(5)} | ${fmt(mean((r) => r.judge / r.lookups), 2).padStart(6)} ${fmt(runs[0].threshold).padStart(6)} ${fmt(mean((r) => r.resets), 1).padStart(6)}`;
    if (PRIOR === 'wrong') {
      const caught = runs.filter((r) => r.caught);
      line += ` | ${caught.length}/${runs.length} caught, after ${fmt(mean((r) => r.caught?.lookups ?? r.lookups), 0)} lookups (${Math.min(...caught.map((r) => r.caught.lookups))}-${Math.max(...caught.map((r) => r.caught.lookups))}), ${fmt(mean((r) => r.caught?.wrong ?? r.wrong), 1)} wrong served before`;
    }
    if (CURVE) line += ` | ${runs[0].windows.map((_, i) => fmt(mean((r) => r.windows[i] ?? 0), 2)).join(' ')}`;
    console.log(line);
  }
}
const ratios = all.map((r) => r.right / r.known);
console.log(`All: vs known ${fmt(ratios.reduce((a, b) => a + b, 0) / ratios.length, 3)} (min ${fmt(Math.min(...ratios), 3)}), ${all.filter((r) => r.wrong / r.lookups > r.bound).length} of ${all.length} runs over the bound, judge calls ${fmt(all.reduce((s, r) => s + r.judge, 0) / all.reduce((s, r) => s + r.lookups, 0), 3)} per lookup.`);
