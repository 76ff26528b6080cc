// SemanticCache through the package: tiers and the exact tier (normalized,
// NFC), namespaces that never mix, TTL with a controlled clock, LRU at
// maxEntries, feedback, stats, the byte round trip answering identically,
// bad input named with the cache unchanged; and the bundled STS-B dev pairs
// replayed as traffic (side A stored, side B asked) with the precision of
// confident hits at thresholds calibrated on the same pairs.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemanticCache, calibrate } from 'simgate';
import { D, embA, embB, row, sample } from './support/data.mjs';

const v = (...x) => new Float32Array(x);

test('tiers, the exact tier on normalized text, and namespaces that never mix', () => {
  const c = new SemanticCache({ dims: 3, confident: 0.95, tentative: 0.85, seed: 1 });
  const id = c.store(v(1, 0, 0), { answer: 'Settings > Security' }, { text: '  How do I reset my  PASSWORD? ', namespace: 'tenant-a' });
  assert.equal(id, 'entry-1');
  assert.deepEqual(c.lookup(v(1, 0, 0), { namespace: 'tenant-a', text: 'how do i reset my password?' }),
    { tier: 'exact', id, value: { answer: 'Settings > Security' }, text: 'exact: the normalized text equals entry "entry-1"\'s' });
  // Case beyond ASCII: Unicode's lowercase mapping (É -> é, Σ -> σ/ς).
  c.store(v(0, 0, 1), 'école answer', { text: 'ÉCOLE  NORMALE ΟΔΟΣ', namespace: 'tenant-a', id: 'ecole' });
  assert.equal(c.lookup(v(1, 0, 0), { namespace: 'tenant-a', text: 'école normale οδος' }).id, 'ecole');
  assert.equal(c.lookup(v(1, 0, 0), { namespace: 'tenant-a', text: ' École Normale Οδος ' }).tier, 'exact');
  c.remove(['ecole']);
  // NFC: a decomposed é equals the composed one.
  c.store(v(0, 1, 0), 'café answer', { text: 'caf\u00e9', namespace: 'tenant-a', id: 'cafe' });
  assert.equal(c.lookup(v(0, 0, 1), { namespace: 'tenant-a', text: 'cafe\u0301' }).id, 'cafe');
  const tentative = c.lookup(v(0.9, Math.sqrt(1 - 0.81), 0), { namespace: 'tenant-a' });
  assert.equal(tentative.tier, 'tentative');
  assert.ok(Math.abs(tentative.score - 0.9) < 1e-6);
  assert.equal(c.lookup(v(0.5, 0, Math.sqrt(0.75)), { namespace: 'tenant-a' }).tier, 'miss');
  // Identical vector, another tenant: a miss, never tenant-a's answer.
  const other = c.lookup(v(1, 0, 0), { namespace: 'tenant-b', text: 'how do i reset my password?' });
  assert.deepEqual([other.tier, other.id, other.value], ['miss', undefined, undefined]);
  c.store(v(1, 0, 0), { answer: 'B' }, { namespace: 'tenant-b', id: 'b1' });
  assert.deepEqual(c.lookup(v(1, 0, 0), { namespace: 'tenant-b' }).value, { answer: 'B' });
  assert.deepEqual(c.lookup(v(1, 0, 0), { namespace: 'tenant-a' }).value, { answer: 'Settings > Security' });
  const s = c.stats();
  assert.equal(s.exact, 4);
  assert.equal(s.count, 9);
  c.free();
});

test('TTL with a controlled clock, LRU at maxEntries, feedback within the rule', () => {
  let now = 0;
  const c = new SemanticCache({ dims: 3, confident: 0.95, tentative: 0.85, ttlSeconds: 60, maxEntries: 2, now: () => now, seed: 2 });
  c.store(v(1, 0, 0), 'x', { id: 'x' });
  c.store(v(0, 1, 0), 'y', { id: 'y', ttlSeconds: 600 });
  now = 60_000;
  assert.deepEqual([c.lookup(v(1, 0, 0)).tier, c.size], ['miss', 1], 'x expired at 60 s and is never returned');
  now = 61_000;
  c.store(v(0, 0, 1), 'z', { id: 'z' });
  c.lookup(v(0, 1, 0)); // y used: z is now the least recently used
  c.store(v(1, 1, 0), 'w', { id: 'w' });
  assert.deepEqual([c.size, c.lookup(v(0, 0, 1)).id, c.lookup(v(0, 1, 0)).id], [2, undefined, 'y']);
  const s = c.stats();
  assert.deepEqual([s.expired, s.evicted], [1, 1]);
  const before = c.thresholds();
  assert.deepEqual(before, { confident: 0.95, tentative: 0.85 });
  for (let i = 0; i < 10; i++) c.feedback('y', false);
  const after = c.thresholds();
  assert.ok(after.tentative > before.tentative && after.tentative <= 0.99 && after.confident >= after.tentative, JSON.stringify(after));
  assert.throws(() => c.feedback('nope', true), { message: 'id "nope" is not in the cache' });
  c.free();
});

test('toBytes/fromBytes: a restored cache answers identically; tampered bytes and unserializable values are named', () => {
  let now = 1000;
  const c = new SemanticCache({ dims: D, confident: 0.9, tentative: 0.8, ttlSeconds: 3600, maxEntries: 500, now: () => now, seed: 3 });
  for (let i = 0; i < 300; i++) c.store(row(embA, i), { answer: `a${i}`, n: i }, { id: `q${i}`, text: `question ${i}`, namespace: i % 2 ? 'odd' : 'even' });
  c.feedback('q3', false);
  const bytes = c.toBytes();
  const back = SemanticCache.fromBytes(bytes, { now: () => now });
  for (let i = 0; i < 300; i += 7) {
    for (const ns of ['odd', 'even']) {
      assert.deepEqual(back.lookup(row(embB, i), { namespace: ns }), c.lookup(row(embB, i), { namespace: ns }));
    }
  }
  assert.deepEqual(back.thresholds(), c.thresholds());
  assert.deepEqual(back.stats().count, c.stats().count);
  assert.deepEqual(back.lookup(row(embA, 5), { namespace: 'odd', text: 'Question 5' }).value, { answer: 'a5', n: 5 });
  const damaged = bytes.slice();
  damaged[bytes.length >> 1] ^= 1;
  assert.throws(() => SemanticCache.fromBytes(damaged), { message: /^bytes: the checksum does not match/ });
  assert.throws(() => SemanticCache.fromBytes(new Uint8Array(40)), { message: /^bytes: not a simgate cache/ });
  assert.throws(() => SemanticCache.fromBytes('x'), { name: 'TypeError', message: 'bytes must be a Uint8Array or an ArrayBuffer, got string' });
  const bad = new SemanticCache({ dims: 3, confident: 0.9, tentative: 0.8, seed: 1 });
  bad.store(v(1, 0, 0), { ok: true }, { id: 'fine' });
  bad.store(v(0, 1, 0), 10n, { id: 'big' });
  assert.throws(() => bad.toBytes(), { message: /^the value of entry "big" cannot be serialized to JSON/ });
  [c, back, bad].forEach((x) => x.free());
});

test('bad input is named and leaves the cache unchanged', () => {
  const c = new SemanticCache({ dims: 3, confident: 0.9, tentative: 0.8, seed: 1 });
  c.store(v(1, 0, 0), 'x', { id: 'x' });
  const answer = () => JSON.stringify([c.size, c.lookup(v(1, 0, 0)), c.thresholds()]);
  const before = answer();
  const cases = [
    [() => c.store(v(NaN, 0, 0), 'n'), /^query\[0\] is NaN/],
    [() => c.store(v(1, 0), 'n'), /query/],
    [() => c.lookup(v(Infinity, 0, 0)), /^query\[0\]/],
    [() => c.lookup(v(0, 0, 0)), /all zeros/],
    [() => c.store(v(0, 1, 0), 'n', { ttlSeconds: 0 }), /^options\.ttlSeconds must be a positive number of seconds, got 0/],
    [() => c.store(v(0, 1, 0), 'n', { id: '' }), /^options\.id must be a non-empty string/],
    [() => c.lookup(v(1, 0, 0), { namespace: 7 }), /^options\.namespace must be a string, got number/],
    [() => c.lookup(v(1, 0, 0), { txt: 'a' }), /^options has an unknown key "txt"/],
    [() => c.feedback('x', 'yes'), /^correct must be a boolean, got string/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, { message });
  }
  assert.equal(answer().replace(/"count":\d+/, ''), before.replace(/"count":\d+/, ''));
  const options = [
    [{ dims: 3, confident: 0.8, tentative: 0.9 }, /^options: tentative \(0\.9\) must not exceed confident \(0\.8\)/],
    [{ dims: 3, confident: 1.2, tentative: 0.9 }, /confident must be a number in \[-1, 1\], got 1\.2/],
    [{ dims: 3, confident: 0.9, tentative: 0.8, maxEntries: 0 }, /^options\.maxEntries must be an integer from 1/],
    [{ dims: 3, confident: 0.9, tentative: 0.8, ttlSeconds: -5 }, /^options\.ttlSeconds must be a positive number of seconds, got -5/],
    [{ dims: 3, confident: 0.9, tentative: 0.8, now: 5 }, /^options\.now must be a function/],
    [{ confident: 0.9, tentative: 0.8 }, /^options\.dims is required/],
  ];
  for (const [o, message] of options) assert.throws(() => new SemanticCache(o), { message });
  assert.throws(() => new SemanticCache(), { message: /^options is required/ });
  c.free();
});

test('the bundled STS-B dev pairs as traffic: side A cached, side B asked', () => {
  // Thresholds from the same pairs: confident at precision 0.9, tentative F1-optimal.
  const cal = calibrate(Float32Array.from(sample.scores), sample.labels);
  const confident = cal.atPrecision(0.9).threshold, tentative = Math.min(cal.best().threshold, confident);
  cal.free();
  const c = new SemanticCache({ dims: D, confident, tentative, precisions: ['i8'], seed: 4 });
  const n = embA.length / D;
  for (let i = 0; i < n; i++) c.store(row(embA, i), i, { id: `a${i}` });
  // The labels say whether B_i means A_i. A hit that returns entry j is
  // judged when A_j is A_i's text (its own entry or a repeated sentence);
  // other hits have no label and are counted apart.
  const textA = readFileSync('data/stsb-dev-minilm/pairs.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[5].trim().toLowerCase());
  const tiers = { exact: 0, confident: 0, tentative: 0, miss: 0 };
  const judged = { confident: [0, 0], tentative: [0, 0] }; // [right, judged]
  let unjudged = 0;
  for (let i = 0; i < n; i++) {
    const r = c.lookup(row(embB, i));
    tiers[r.tier]++;
    if (r.tier === 'miss') continue;
    if (textA[r.value] !== textA[i]) { unjudged++; continue; }
    judged[r.tier][1]++;
    if (sample.labels[i] === 1) judged[r.tier][0]++;
  }
  const precision = judged.confident[0] / judged.confident[1];
  console.log(`STS-B dev replay (${n} cached, ${n} asked; confident ${confident.toFixed(4)} = precision 0.9 on the pairs, tentative ${tentative.toFixed(4)} = F1-optimal): `
    + `${JSON.stringify(tiers)}; precision of confident hits ${precision.toFixed(3)} (${judged.confident[0]}/${judged.confident[1]} judged), `
    + `of tentative hits ${(judged.tentative[0] / judged.tentative[1]).toFixed(3)} (${judged.tentative[0]}/${judged.tentative[1]}); ${unjudged} hits returned another pair's sentence (no label)`);
  assert.equal(tiers.confident + tiers.tentative + tiers.miss, n);
  assert.ok(judged.confident[1] >= 20, JSON.stringify(judged));
  assert.ok(precision >= 0.85, `precision of confident hits ${precision}`);
  const s = c.stats();
  assert.equal(s.count, n);
  assert.equal(s.tiers.confident + s.tiers.tentative + s.tiers.miss, n);
  c.free();
});
