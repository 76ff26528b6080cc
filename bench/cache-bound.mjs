// The error-bounded SemanticCache replayed on the bundled STS-B dev pairs:
// what it serves at errorBound 0.01 / 0.02 / 0.05 / 0.1 against the best
// fixed threshold chosen in hindsight on the same stream, at the same
// error.
//
// Two streams per model:
// - cache (MiniLM, which ships embeddings): every side-A sentence is stored
//   (with its text), every side-B sentence asked once in a seeded random
//   order; the cache looks among all stored entries.
// - pairs (both models; EmbeddingGemma ships only each pair's cosine):
//   each question meets only its own pair's entry, at that pair's cosine.
// A served answer is right when the question's text is the entry's (the
// exact tier) or the entry is the question's own pair (or the same text
// as it) labeled same-meaning. On a verify lookup, and on an audited one
// (served, then judged), the stand-in judge is that truth; its verdict
// goes back with feedback(). "verify" counts both: the judge's calls.
//
// Usage: node bench/cache-bound.mjs [--swap] [--seeds N] [--bounds 0.02,0.05]
//   --swap  store side B and ask side A (the other direction, a replay the
//           bound never saw while it was built)
import { readFileSync } from 'node:fs';
import { SemanticCache } from '../pkg/node.js';
import { f32 } from '../pkg/dataset.js';
import { normText, seededOrder } from '../tests/js/support/replay.mjs';
import { pick } from './common.mjs';

const args = process.argv.slice(2);
const SWAP = args.includes('--swap');
const SEEDS = args.includes('--seeds') ? Number(args[args.indexOf('--seeds') + 1]) : pick(5, 1);
const BOUNDS = args.includes('--bounds') ? args[args.indexOf('--bounds') + 1].split(',').map(Number) : pick([0.01, 0.02, 0.05, 0.1], [0.05]);

function load(name) {
  const dir = new URL(`../data/${name}/`, import.meta.url);
  const read = (f) => readFileSync(new URL(f, dir));
  const meta = JSON.parse(read('meta.json'));
  const rows = read('pairs.tsv').toString('utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
  const hasEmb = meta.files?.['emb_a.f32'] !== undefined || safeExists(dir, 'emb_a.f32');
  const [a, b] = SWAP ? ['emb_b.f32', 'emb_a.f32'] : ['emb_a.f32', 'emb_b.f32'];
  return {
    model: meta.model?.name ?? name,
    dims: meta.D,
    cos: f32(read('cos_full.f32')),
    labels: new Uint8Array(read('label.u8')),
    stored: rows.map((r) => (SWAP ? r[6] : r[5])),
    asked: rows.map((r) => (SWAP ? r[5] : r[6])),
    emb: hasEmb ? { stored: f32(read(a)), asked: f32(read(b)) } : null,
  };
}

function safeExists(dir, f) {
  try {
    readFileSync(new URL(f, dir));
    return true;
  } catch {
    return false;
  }
}

/** Whether entry `j` answers question `i` rightly. */
function truth(d, i, j) {
  if (normText(d.stored[j]) === normText(d.asked[i])) return true;
  return d.labels[i] === 1 && (j === i || normText(d.stored[j]) === normText(d.stored[i]));
}

/** A stream: how to fill a cache and, per question, its vector, namespace and text. */
function cacheStream(d) {
  const D = d.dims;
  return {
    dims: D,
    fill(cache) {
      for (let j = 0; j < d.stored.length; j++) cache.store(d.emb.stored.subarray(j * D, (j + 1) * D), j, { id: String(j), text: d.stored[j] });
    },
    ask: (i) => ({ vector: d.emb.asked.subarray(i * D, (i + 1) * D), options: { text: d.asked[i] } }),
  };
}

/** Each question meets only its own pair's entry, at the pair's cosine (2-d vectors in a namespace per pair). */
function pairStream(d) {
  return {
    dims: 2,
    fill(cache) {
      for (let j = 0; j < d.cos.length; j++) cache.store(Float32Array.of(1, 0), j, { id: String(j), namespace: `p${j}` });
    },
    ask(i) {
      const c = Math.max(-1, Math.min(1, d.cos[i]));
      return { vector: Float32Array.of(c, Math.sqrt(1 - c * c)), options: { namespace: `p${i}` } };
    },
  };
}

/** Every question's top entry and score (or exact), from a cache that tiers nothing away. */
function topOf(d, stream, asked) {
  const cache = new SemanticCache({ dims: stream.dims, confident: 1, tentative: -1, seed: 1, now: () => 0 });
  stream.fill(cache);
  const out = asked.map((i) => {
    const q = stream.ask(i);
    const r = cache.lookup(q.vector, q.options);
    return { exact: r.tier === 'exact', score: r.score ?? -2, right: r.id !== undefined && truth(d, i, Number(r.id)) };
  });
  cache.free();
  return out;
}

/** Right answers the best fixed threshold serves with wrong served / lookups within `bound`. */
function hindsight(tops, bound) {
  const exactRight = tops.filter((t) => t.exact).length;
  const scored = tops.filter((t) => !t.exact).sort((a, b) => b.score - a.score);
  let right = 0, wrong = 0, best = { right: 0, threshold: null };
  for (let k = 0; k < scored.length; k++) {
    if (scored[k].right) right += 1; else wrong += 1;
    const tie = k + 1 < scored.length && scored[k + 1].score === scored[k].score;
    if (!tie && wrong / tops.length <= bound && right > best.right) best = { right, threshold: scored[k].score };
  }
  return { right: exactRight + best.right, threshold: best.threshold };
}

/**
 * What knowing P(right | score) would serve: the rates are the stream's own,
 * by score bins of 0.01; the threshold is the lowest whose wrong count, as a
 * sum of Bernoulli draws at those rates, stays within `bound` at the same
 * one-sided 97.5% the cache uses; it serves from the first lookup and
 * verifies nothing. The ceiling of any rule that must learn the rates and
 * holds its promise with that confidence.
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

function replay(d, stream, bound, seed) {
  const asked = seededOrder(d.asked.length, seed);
  const cache = new SemanticCache({ dims: stream.dims, errorBound: bound, seed, now: () => 0 });
  stream.fill(cache);
  let right = 0, wrong = 0, verify = 0;
  for (const i of asked) {
    const q = stream.ask(i);
    const r = cache.lookup(q.vector, q.options);
    if (r.tier === 'exact' || r.tier === 'confident') {
      if (truth(d, i, Number(r.id))) right += 1; else wrong += 1;
      if (r.audit) {
        verify += 1;
        cache.feedback(r.id, truth(d, i, Number(r.id)));
      }
    } else if (r.tier === 'verify') {
      verify += 1;
      cache.feedback(r.id, truth(d, i, Number(r.id)));
    }
  }
  const stats = cache.stats();
  cache.free();
  const tops = topOf(d, stream, asked);
  return { right, wrong, verify, resets: stats.driftResets, lookups: asked.length, threshold: stats.threshold, hind: hindsight(tops, bound), known: known(tops, bound) };
}

const fmt = (x, n = 3) => (x === null || x === undefined ? '-' : x.toFixed(n));
console.log(`Error-bounded SemanticCache on STS-B dev (${SWAP ? 'side B stored, side A asked' : 'side A stored, side B asked'}), ${SEEDS} seeded orders each; figures are means over the orders, "worst" the highest wrong share, "over" the orders whose share passed the bound; "ratio" right served over the hindsight threshold's, "known" what knowing P(right | score) would serve at the same 97.5% bound, over the same`);
console.log(`${'model'.padEnd(22)} ${'stream'.padEnd(6)} ${'bound'.padStart(5)} | ${'wrong/lookups'.padStart(13)} ${'worst'.padStart(6)} ${'over'.padStart(4)} | ${'right'.padStart(6)} ${'hindsight'.padStart(9)} ${'ratio'.padStart(6)} ${'min'.padStart(6)} ${'known'.padStart(6)} | ${'verify'.padStart(6)} ${'t now'.padStart(6)} ${'t best'.padStart(6)} ${'resets'.padStart(6)}`);
for (const name of ['stsb-dev-minilm', 'stsb-dev-embeddinggemma']) {
  const d = load(name);
  const streams = [...(d.emb ? [['cache', cacheStream(d)]] : []), ['pairs', pairStream(d)]];
  for (const [label, stream] of streams) {
    for (const bound of BOUNDS) {
      const runs = Array.from({ length: SEEDS }, (_, s) => replay(d, stream, bound, s + 1));
      const mean = (f) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
      const share = (r) => r.wrong / r.lookups;
      const ratio = (r) => r.right / r.hind.right;
      console.log(`${d.model.slice(0, 22).padEnd(22)} ${label.padEnd(6)} ${String(bound).padStart(5)} | ${fmt(mean(share), 4).padStart(13)} ${fmt(Math.max(...runs.map(share)), 4).padStart(6)} ${String(runs.filter((r) => share(r) > bound).length).padStart(4)} | ${fmt(mean((r) => r.right), 1).padStart(6)} ${fmt(mean((r) => r.hind.right), 1).padStart(9)} ${fmt(mean(ratio), 2).padStart(6)} ${fmt(Math.min(...runs.map(ratio)), 2).padStart(6)} ${fmt(mean((r) => r.known / r.hind.right), 2).padStart(6)} | ${fmt(mean((r) => r.verify), 0).padStart(6)} ${fmt(runs[0].threshold).padStart(6)} ${fmt(runs[0].hind.threshold).padStart(6)} ${fmt(mean((r) => r.resets), 1).padStart(6)}`);
    }
  }
}
