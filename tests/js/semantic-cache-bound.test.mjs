// examples/semantic-cache with ERROR_BOUND under `wrangler dev` (workerd,
// storage persisted to a temp dir): the bundled STS-B dev pairs as
// traffic, side A asked first, then side B. The stand-in expensive call
// answers by topic (side A's pair; side B's own pair when labeled
// same-meaning, else its own), the stand-in judge accepts the same answer,
// and every verify and audit sends its verdict back. Wrong answers served stay
// within the bound over all lookups; the verdicts survive a restart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { D, embA, embB, row, sample } from './support/data.mjs';
import { normText } from './support/replay.mjs';
import { startDev } from './support/wrangler.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';

const ADMIN = bearer(TOKEN.admin);
const config = 'examples/semantic-cache/wrangler.jsonc';
const persist = mkdtempSync(join(tmpdir(), 'simgate-cache-bound-'));
const port = 9100 + (process.pid % 400);
const N = embA.length / D;
const tsv = readFileSync('data/stsb-dev-minilm/pairs.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const vars = { ERROR_BOUND: 0.05, EXPENSIVE_MS: 0, TEST_ORACLE: 1, MAX_ENTRIES: 5000 };
let dev;

const post = async (path, body) => {
  const res = await fetch(`${dev.base}${path}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const stats = async () => (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json();

before(async () => { dev = await startDev({ config, persist, port, vars }); });
after(async () => { await dev?.stop(); });

let verdicts;

test('STS-B dev as traffic: wrong answers served stay within ERROR_BOUND, and verify lookups teach it where to serve', async () => {
  // The same text always has the same topic (so an exact hit is right).
  const topics = new Map();
  const topic = (text, fresh) => {
    const key = normText(text);
    if (!topics.has(key)) topics.set(key, fresh);
    return topics.get(key);
  };
  const asA = Array.from({ length: N }, (_, i) => topic(tsv[i][5], `pair ${i}`));
  const questions = [
    ...Array.from({ length: N }, (_, i) => ({ text: tsv[i][5], embedding: Array.from(row(embA, i)), topic: asA[i] })),
    ...Array.from({ length: N }, (_, i) => ({ text: tsv[i][6], embedding: Array.from(row(embB, i)), topic: topic(tsv[i][6], sample.labels[i] === 1 ? asA[i] : `b ${i}`) })),
  ];
  const tiers = {};
  let right = 0, wrong = 0, audits = 0;
  for (let k = 0; k < questions.length; k += 8) {
    const batch = questions.slice(k, k + 8);
    const answers = await Promise.all(batch.map((q) => post('/ask', q)));
    answers.forEach((r, j) => {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      tiers[r.body.tier] = (tiers[r.body.tier] ?? 0) + 1;
      const expected = `answer about ${batch[j].topic}`;
      if (r.body.tier === 'exact' || r.body.tier === 'confident') {
        if (r.body.answer === expected) right += 1; else wrong += 1;
        if (r.body.audit) audits += 1;
      } else {
        // verify and miss answer with the expensive call's own answer.
        assert.equal(r.body.answer, expected);
      }
      if (r.body.tier === 'verify') assert.equal(typeof r.body.cachedWasRight, 'boolean');
    });
  }
  const s = await stats();
  console.log(`semantic-cache with ERROR_BOUND 0.05 in workerd: ${JSON.stringify(tiers)} over ${questions.length} lookups; served right ${right}, wrong ${wrong}, ${audits} of them audited (${(wrong / questions.length).toFixed(4)} of lookups); `
    + `verified ${s.verified} (${s.verifiedWrong} wrong), threshold ${s.threshold}, estimate ${s.estimate.toFixed(4)} (upper ${s.estimateUpper.toFixed(4)}), size ${s.size}`);
  assert.ok(wrong / questions.length <= 0.05, `${wrong} wrong of ${questions.length}`);
  assert.ok(right >= 100, `${right} right served`);
  assert.equal(s.errorBound, 0.05);
  // stats() waits for audits in flight: every verify and every audit is a verdict.
  assert.ok(audits > 0, 'some served lookups were audited');
  assert.equal(s.verified, tiers.verify + audits);
  assert.equal(typeof s.threshold, 'number');
  assert.deepEqual(s.thresholds, { errorBound: 0.05, threshold: s.threshold, floor: s.floor });
  verdicts = { verified: s.verified, verifiedWrong: s.verifiedWrong, evidence: s.evidence, size: s.size };
});

test('after a restart on the same persist dir: every verdict and entry is there', async () => {
  await dev.stop();
  dev = await startDev({ config, persist, port, vars });
  const s = await stats();
  assert.deepEqual({ verified: s.verified, verifiedWrong: s.verifiedWrong, evidence: s.evidence, size: s.size }, verdicts);
  // Feedback from outside (a user's report) at a given score counts too.
  const r = await post('/feedback', { id: 'entry-1', correct: false, score: 0.97 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await stats()).verified, verdicts.verified + 1);
  assert.equal((await post('/feedback', { id: 'entry-1', correct: true, score: '0.9' })).status, 400);
});
