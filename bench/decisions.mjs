// Decision-layer benchmark: the cost of turning scores into an explained
// decision, and of a whole Matcher lookup, each next to a baseline measured
// in the same run.
//
//   resolve + decide + explain, 1,000 candidate scores, per lookup (target < 50 us),
//     next to the seed's own TypeScript logic (threshold lookup, count, explain) in plain JS;
//   Matcher.match over 10,000 x 768 candidates, next to VectorSet.topK alone on the same set.
import { Matcher, Thresholds, VectorSet, decide, explain } from 'simgate';
import { pick, randomFloats as random } from './common.mjs';

function perCall(fn, calls, rounds = 15) {
  for (let i = 0; i < calls; i++) fn(); // warm-up
  const t = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    t.push((performance.now() - t0) / calls);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1] * 1000; // microseconds
}


// The seed's logic (000, sections 4 and 7), as a user would port it.
const seedTypes = { Industry: 0.78, ICP: 0.82, Tag: 0.85 };
function seedLookup(type, scores) {
  const threshold = seedTypes[type] ?? 0.8;
  const candidates = Array.from(scores, (similarity, i) => ({ id: i, similarity }));
  const above = candidates.filter((c) => c.similarity >= threshold).length;
  const near = candidates.filter((c) => c.similarity >= threshold - 0.05 && c.similarity < threshold).length;
  const best = candidates.reduce((b, c) => (c.similarity > b.similarity ? c : b), candidates[0]);
  return {
    outcome: best.similarity >= threshold ? 'match' : 'create',
    explanation: {
      threshold, applied: 'type', meaning: `Accepting matches with ${(threshold * 100).toFixed(0)}%+ similarity`,
      alternatives: [
        { threshold: threshold - 0.05, wouldMatch: above + near, description: 'Looser matching (more results)' },
        { threshold: threshold + 0.05, wouldMatch: candidates.filter((c) => c.similarity >= threshold + 0.05).length, description: 'Stricter matching (fewer, higher quality)' },
      ],
    },
  };
}

const scores = random(1000, 7).map((x) => 0.5 + 0.5 * x);
const thresholds = new Thresholds({ types: seedTypes, adaptive: true, dimensionAdjustment: true });
const ours = perCall(() => {
  const t = thresholds.resolve({ type: 'Industry', dims: 256, candidateCount: 1000 });
  decide(scores, { threshold: t, minGap: 0.01 });
  explain(t, scores);
}, 200);
const seed = perCall(() => seedLookup('Industry', scores), 200);
console.log('decision layer, one lookup over 1,000 candidate scores (median per call):');
console.log(`  simgate resolve + decide + explain: ${ours.toFixed(1)} us (target < 50 us)`);
console.log(`  the seed's logic in plain JS:       ${seed.toFixed(1)} us  (simgate / seed = ${(ours / seed).toFixed(2)})`);

const N = pick(10_000, 300), D = 768;
const set = new VectorSet(D);
set.add(random(N * D, 3), Array.from({ length: N }, (_, i) => `e${i}`));
const query = random(D, 11);
// Untyped rows: the type picks the threshold only.
const matcher = new Matcher(set, Thresholds.preset('default'), { k: 10, typeKey: null });
const cascade = new Matcher(set, Thresholds.preset('default'), { k: 10, cascade: { coarseDims: 128, coarseK: 100 }, typeKey: null });
const topK = perCall(() => set.topK(query, 10), 20);
const match = perCall(() => matcher.match(query, { spec: '~>Industry' }), 20);
const casc = perCall(() => cascade.match(query, { spec: '~>Industry' }), 20);
console.log(`Matcher.match over ${N.toLocaleString('en')} x ${D} candidates (median per call):`);
console.log(`  VectorSet.topK(10) alone:         ${(topK / 1000).toFixed(3)} ms`);
console.log(`  Matcher.match (full dims):        ${(match / 1000).toFixed(3)} ms  (${(match / topK).toFixed(2)}x topK: resolve, decide and explain over all ${N.toLocaleString('en')} scores)`);
console.log(`  Matcher.match (cascade 128->768): ${(casc / 1000).toFixed(3)} ms  (${(casc / topK).toFixed(2)}x topK)`);
set.free(); matcher.free(); cascade.free();
