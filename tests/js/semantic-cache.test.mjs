// examples/semantic-cache under `wrangler dev` (workerd; Durable Object
// storage persisted to a temp dir, restarted on the same dir): the bundled
// STS-B dev pairs replayed as traffic (side A asked first, side B later)
// with thresholds calibrated on the same pairs, the precision of confident
// hits against the labels (printed), identical answers after a restart, TTL
// expiry with a controlled clock, LRU eviction at MAX_ENTRIES, namespace
// isolation (one Durable Object each), answers scoped by metadata (model,
// locale) and looked up with a filter, bad requests -> 400; and 10 SIGKILLs
// of the whole wrangler dev process group while misses store and reviews
// stream, with every acknowledged entry, value and review there after each
// restart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrate } from 'simgate';
import { D, embA, embB, row, sample } from './support/data.mjs';
import { startDev } from './support/wrangler.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';

const ADMIN = bearer(TOKEN.admin);

const config = 'examples/semantic-cache/wrangler.jsonc';
const persist = mkdtempSync(join(tmpdir(), 'simgate-cache-'));
const port = 9500 + (process.pid % 400);
const N = embA.length / D;
const tsv = readFileSync('data/stsb-dev-minilm/pairs.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const textA = tsv.map((r) => r[5]), textB = tsv.map((r) => r[6]);
const cal = calibrate(Float32Array.from(sample.scores), sample.labels);
const CONFIDENT = cal.atPrecision(0.9).threshold, TENTATIVE = cal.best().threshold;
cal.free();
const vars = { ERROR_BOUND: '', CONFIDENT, TENTATIVE, EXPENSIVE_MS: 1, TEST_CLOCK: 1, MAX_ENTRIES: 5000 };
let dev;

const post = async (path, body, headers = {}) => {
  const res = await fetch(`${dev.base}${path}`, { method: 'POST', headers: { ...ADMIN, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const askAll = async (items, width = 16) => {
  const out = new Array(items.length);
  for (let i = 0; i < items.length; i += width) {
    const batch = items.slice(i, i + width);
    (await Promise.all(batch.map((b) => post('/ask', b)))).forEach((r, j) => { out[i + j] = r; });
  }
  return out;
};

before(async () => { dev = await startDev({ config, persist, port, vars }); });
after(async () => { await dev?.stop(); });

let probes, probeAnswers;

test('STS-B dev replay: side A asked first, side B later; precision of confident hits', async () => {
  const first = await askAll(Array.from({ length: N }, (_, i) => ({ text: textA[i], embedding: Array.from(row(embA, i)) })));
  assert.ok(first.every((r) => r.status === 200), JSON.stringify(first.find((r) => r.status !== 200)));
  const second = await askAll(Array.from({ length: N }, (_, i) => ({ text: textB[i], embedding: Array.from(row(embB, i)) })));
  const tiers = { exact: 0, confident: 0, tentative: 0, miss: 0 };
  const judged = { confident: [0, 0], tentative: [0, 0] };
  // A hit is judged when it serves side A of its own pair (or the same
  // sentence stored for another pair): the label says whether B means A.
  const answerOfA = new Map(first.map((r, i) => [r.body.answer, textA[i].trim().toLowerCase()]));
  second.forEach((r, i) => {
    tiers[r.body.tier]++;
    if (!(r.body.tier in judged)) return;
    if (answerOfA.get(r.body.answer) !== textA[i].trim().toLowerCase()) return;
    judged[r.body.tier][1]++;
    if (sample.labels[i] === 1) judged[r.body.tier][0]++;
  });
  const stats = await (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json();
  console.log(`semantic-cache replay in workerd (confident ${CONFIDENT.toFixed(4)}, tentative ${TENTATIVE.toFixed(4)}): side A ${JSON.stringify(first.reduce((t, r) => ({ ...t, [r.body.tier]: (t[r.body.tier] ?? 0) + 1 }), {}))}, `
    + `side B ${JSON.stringify(tiers)}; precision of confident hits ${(judged.confident[0] / judged.confident[1]).toFixed(3)} (${judged.confident[0]}/${judged.confident[1]} judged), `
    + `tentative ${(judged.tentative[0] / judged.tentative[1]).toFixed(3)} (${judged.tentative[0]}/${judged.tentative[1]}); cache size ${stats.size}, hit rate ${stats.hitRate.toFixed(3)}`);
  assert.ok(tiers.confident >= 20 && judged.confident[1] >= 10, JSON.stringify({ tiers, judged }));
  assert.ok(judged.confident[0] / judged.confident[1] >= 0.85, JSON.stringify(judged));
  assert.ok(second.filter((r) => r.body.tier === 'tentative').every((r) => r.body.note.startsWith('Based on a similar question')));
  assert.equal(stats.count, 2 * N);
  probes = Array.from({ length: 40 }, (_, k) => ({ text: textB[k * 37], embedding: Array.from(row(embB, k * 37)) }));
  probeAnswers = (await askAll(probes)).map((r) => ({ answer: r.body.answer, tier: r.body.tier, id: r.body.id }));
});

test('after a restart on the same persist dir: identical answers', async () => {
  const sizeBefore = (await (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json()).size;
  await dev.stop();
  dev = await startDev({ config, persist, port, vars });
  const stats = await (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json();
  assert.equal(stats.size, sizeBefore);
  const again = (await askAll(probes)).map((r) => ({ answer: r.body.answer, tier: r.body.tier, id: r.body.id }));
  assert.deepEqual(again, probeAnswers);
});

test('namespaces never mix; bad requests get 400', async () => {
  const q = { text: 'what is the refund window?', embedding: Array.from(row(embA, 11)) };
  const a = await post('/ask', { ...q, namespace: 'tenant-a' });
  const b = await post('/ask', { ...q, namespace: 'tenant-b' });
  // The same text and vector, asked in tenant-b after tenant-a stored it: a miss.
  assert.deepEqual([a.body.tier, b.body.tier], ['miss', 'miss']);
  assert.equal((await post('/ask', { ...q, namespace: 'tenant-a' })).body.id, a.body.id);
  for (const [body, message] of [
    ['{"text": "a", ', /^the body is not JSON/],
    [{ text: 'a', embedding: [1, 2, 3] }, /^embedding must be an array of 384 finite numbers, got 3 values/],
    [{ text: 'a', embedding: q.embedding, namespace: 5 }, /^namespace must be a string, got number/],
    [{ text: '', embedding: q.embedding }, /^text must be a non-empty string/],
  ]) {
    const r = await post('/ask', body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.error, message);
  }
  const fb = await post('/feedback', { id: 'no-such-entry', correct: true });
  assert.equal(fb.status, 400);
  assert.match(fb.body.error, /"no-such-entry" is not in the cache/);
  const elsewhere = await post('/feedback', { id: a.body.id, correct: false, namespace: 'tenant-c' });
  assert.equal(elsewhere.status, 400, 'an entry is reviewed in its own namespace only');
  const good = await post('/feedback', { id: a.body.id, correct: false, namespace: 'tenant-a' });
  assert.equal(good.status, 200);
  assert.ok(good.body.thresholds.tentative >= TENTATIVE);
});

test('scoped answers (model, locale) are served only to questions with the same scope', async () => {
  const q = { text: 'how do I reset my password?', embedding: Array.from(row(embA, 21)), namespace: 'scoped' };
  const en = await post('/ask', { ...q, scope: { model: 'a', locale: 'en' } });
  assert.equal(en.body.tier, 'miss');
  // Another locale or model: never the English answer, though the text and vector are the same.
  const de = await post('/ask', { ...q, scope: { model: 'a', locale: 'de' } });
  assert.equal(de.body.tier, 'miss', JSON.stringify(de.body));
  assert.notEqual(de.body.id, en.body.id);
  assert.equal((await post('/ask', { ...q, scope: { model: 'b', locale: 'en' } })).body.tier, 'miss');
  // The same scope: its own answer. (The exact tier keys one entry per text and
  // namespace, the newest, here the "b" model's; the vector search finds the
  // English one at its own vector, 1 up to int8 rounding.)
  const again = await post('/ask', { ...q, scope: { locale: 'en', model: 'a' } });
  assert.deepEqual([again.body.tier, again.body.id], ['confident', en.body.id]);
  assert.ok(again.body.score > 0.9999, String(again.body.score));
  const newest = await post('/ask', { ...q, scope: { model: 'b', locale: 'en' } });
  assert.equal(newest.body.tier, 'exact');
  const near = await post('/ask', { text: 'resetting my password', embedding: Array.from(row(embA, 21), (x, i) => x + (i % 7 === 0 ? 1e-3 : 0)), namespace: 'scoped', scope: { model: 'a', locale: 'de' } });
  assert.equal(near.body.id, de.body.id, JSON.stringify(near.body));
  for (const [scope, message] of [[['en'], /^scope must be an object of strings/], [{ model: 1 }, /^scope\.model must be a string, got 1/]]) {
    const r = await post('/ask', { ...q, scope });
    assert.equal(r.status, 400);
    assert.match(r.body.error, message);
  }
});

test('TTL expiry with a controlled clock (x-now), then LRU eviction at MAX_ENTRIES in a fresh cache', async () => {
  const q = { text: 'how long is the warranty?', embedding: Array.from(row(embA, 21)), namespace: 'ttl' };
  const t0 = Date.now();
  const at = (ms) => ({ 'x-now': String(ms) });
  const stored = await post('/ask', q, at(t0));
  assert.equal(stored.body.tier, 'miss');
  assert.equal((await post('/ask', q, at(t0 + 1000))).body.tier, 'exact');
  // A day (TTL_SECONDS 86400) later it is gone: a miss, stored again.
  const later = await post('/ask', q, at(t0 + 86_400_000 + 1));
  assert.equal(later.body.tier, 'miss');
  assert.ok((await (await fetch(`${dev.base}/stats?namespace=ttl`, { headers: ADMIN })).json()).expired > 0);
  await dev.stop();
  dev = await startDev({ config, persist: mkdtempSync(join(tmpdir(), 'simgate-cache-lru-')), port, vars: { ...vars, MAX_ENTRIES: 3 } });
  for (let i = 0; i < 4; i++) assert.equal((await post('/ask', { text: textA[100 + i], embedding: Array.from(row(embA, 100 + i)) })).body.tier, 'miss');
  const stats = await (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json();
  assert.deepEqual([stats.size, stats.evicted], [3, 1]);
  assert.equal((await post('/ask', { text: textA[100], embedding: Array.from(row(embA, 100)) })).body.tier, 'miss', 'the least recently used entry went');
  assert.equal((await post('/ask', { text: textA[103], embedding: Array.from(row(embA, 103)) })).body.tier, 'exact');
});

test('SIGKILL at random moments while misses store and reviews stream: every acknowledged entry and review survives, 10 rounds', async () => {
  await dev.stop();
  const crashPersist = mkdtempSync(join(tmpdir(), 'simgate-cache-crash-'));
  const crashVars = { ...vars, MAX_ENTRIES: 100_000, COMPACT_RECORDS: 60 };
  dev = await startDev({ config, persist: crashPersist, port, vars: crashVars });
  const stored = new Map(); // text -> answer, acknowledged
  let reviewed = 0;
  let seq = 0;
  for (let round = 0; round < 10; round++) {
    let stop = false;
    const writer = async (w) => {
      while (!stop) {
        const i = seq++;
        const text = `crash question ${i}`;
        // Row i of side A, its sign pattern shifted by i: far from the others, a miss.
        const embedding = Array.from(row(embA, i % N), (x, j) => (j === i % D ? x + 5 : x));
        try {
          const r = await post('/ask', { text, embedding, namespace: 'crash' });
          if (r.status !== 200) continue;
          if (r.body.tier === 'miss') stored.set(text, { answer: r.body.answer, id: r.body.id });
          if (w === 0 && i % 3 === 0) {
            const f = await post('/feedback', { id: r.body.id, correct: true, namespace: 'crash' });
            if (f.status === 200) reviewed += 1;
          }
        } catch {
          return;
        }
      }
    };
    const writers = [writer(0), writer(1), writer(2)];
    await new Promise((r) => setTimeout(r, 200 + ((round * 137) % 500)));
    stop = true;
    await dev.stop('SIGKILL');
    await Promise.all(writers);
    dev = await startDev({ config, persist: crashPersist, port, vars: crashVars });
    const stats = await (await fetch(`${dev.base}/stats?namespace=crash`, { headers: ADMIN })).json();
    assert.ok(stats.size >= stored.size, `round ${round}: ${stats.size} entries, ${stored.size} acknowledged`);
    assert.ok(stats.reviewed >= reviewed, `round ${round}: ${stats.reviewed} reviews kept, ${reviewed} acknowledged`);
    // Every acknowledged entry answers its own text exactly, with its value.
    const texts = [...stored.keys()];
    for (const text of texts.slice(-20)) {
      const r = await post('/ask', { text, embedding: Array.from(row(embA, 0)), namespace: 'crash' });
      assert.equal(r.body.tier, 'exact', `round ${round}: "${text}" lost`);
      assert.equal(r.body.answer, stored.get(text).answer);
    }
  }
  assert.ok(stored.size > 50, `only ${stored.size} entries were acknowledged`);
  const { durable } = await (await fetch(`${dev.base}/stats?namespace=crash`, { headers: ADMIN })).json();
  assert.ok(durable.snapshotVersion > 0, 'no snapshot was taken during the rounds');
  assert.ok(durable.records < 60 + 10, `${durable.records} records after compactions`);
});
