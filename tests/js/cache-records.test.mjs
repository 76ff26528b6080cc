// SemanticCache change records on the bundled MiniLM embeddings: a
// snapshot plus the records after it gives back every entry, value, text,
// expiry and review of the live cache (byte for byte when no lookup ran in
// between; with lookups, the same entries and answers, since lookups move
// only use order and Monitor counts); replay is idempotent; gaps, damage
// and wrong dims are Errors that leave the cache unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemanticCache } from 'simgate';
import { rng } from './support/rng.mjs';
import { D, embA, embB, N, row } from './support/data.mjs';


/** The JSON part of toBytes: entries (without use order), values, feedback, version. */
function contents(cache) {
  const bytes = cache.toBytes();
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  const { state, values, version } = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + len)));
  const entries = Object.fromEntries(state.entries.map(({ id, namespace, text, expiresAt }) => [id, { namespace, text, expiresAt, value: values[id] }]));
  return { entries, feedback: state.feedback, version, nextId: state.nextId };
}

/** A seeded history on `live`, every change recorded; lookups when `withLookups`. */
function history(live, next, clock, steps, withLookups) {
  const records = [];
  for (let step = 0; step < steps; step++) {
    clock.t += Math.floor(next() * 4000);
    const i = Math.floor(next() * N);
    const namespace = ['', 'a', 'b'][Math.floor(next() * 3)];
    const roll = next();
    if (roll < 0.55) {
      const id = next() < 0.3 ? `e${Math.floor(next() * 40)}` : undefined;
      const ttlSeconds = next() < 0.5 ? 5 + Math.floor(next() * 60) : undefined;
      const { change } = live.store(row(embA, i), { answer: `a${i}`, step }, { id, namespace, text: next() < 0.5 ? `question ${i % 50}` : undefined, ttlSeconds, record: true });
      records.push(change);
    } else if (roll < 0.75) {
      if (withLookups) {
        const hit = live.lookup(row(embB, i), { namespace });
        if (hit.id && next() < 0.5) records.push(live.feedback(hit.id, next() < 0.7, { record: true }).change);
      }
    } else if (roll < 0.9) {
      records.push(live.remove([`e${Math.floor(next() * 40)}`, `entry-${Math.floor(next() * 30)}`], { record: true }).change);
    } else if (roll < 0.93) {
      records.push(live.clear('b', { record: true }).change);
    } else {
      const ids = [...Object.keys(contents(live).entries)];
      if (ids.length) records.push(live.feedback(ids[Math.floor(next() * ids.length)], next() < 0.5, { record: true }).change);
    }
  }
  return records;
}

test('without lookups in between, a snapshot and the records after it give the live cache byte for byte', () => {
  for (const seed of [1, 2, 3]) {
    const clock = { t: 1_000_000 };
    const now = () => clock.t;
    const live = new SemanticCache({ dims: D, confident: 0.95, tentative: 0.85, precisions: ['i8'], maxEntries: 60, ttlSeconds: 120, seed, now });
    const next = rng(seed);
    const first = history(live, next, clock, 150, false);
    const snapshot = live.toBytes();
    const rest = history(live, next, clock, 250, false);
    assert.equal(live.version, first.length + rest.length);
    const replay = SemanticCache.fromBytes(snapshot, { now });
    for (const r of [...first, ...rest]) replay.apply(r);
    assert.deepEqual(replay.toBytes(), live.toBytes(), `seed ${seed}`);
    // From nothing: every record.
    const empty = new SemanticCache({ dims: D, confident: 0.95, tentative: 0.85, precisions: ['i8'], maxEntries: 60, ttlSeconds: 120, seed, now });
    for (const r of [...first, ...rest]) assert.deepEqual(empty.apply(r), { applied: true });
    assert.deepEqual(contents(empty), contents(live));
    for (const r of rest) assert.deepEqual(empty.apply(r), { applied: false });
    for (const c of [live, replay, empty]) c.free();
  }
});

test('with lookups moving use order: every entry, value, text, expiry and review comes back, and lookups answer alike', () => {
  const clock = { t: 5_000_000 };
  const now = () => clock.t;
  const options = { dims: D, confident: 0.95, tentative: 0.8, precisions: ['i8'], maxEntries: 80, seed: 9, now };
  const live = new SemanticCache(options);
  const next = rng(99);
  const head = history(live, next, clock, 200, true);
  const snapshot = live.toBytes();
  const tail = history(live, next, clock, 400, true);
  const replay = SemanticCache.fromBytes(snapshot, { now });
  for (const r of tail) replay.apply(r);
  const want = contents(live), got = contents(replay);
  assert.equal(got.version, want.version);
  assert.deepEqual(got.feedback, want.feedback);
  assert.deepEqual(replay.thresholds(), live.thresholds());
  // The replayed cache may still hold entries a live lookup dropped as expired; nothing else differs.
  for (const [id, e] of Object.entries(want.entries)) assert.deepEqual(got.entries[id], e, id);
  for (const [id, e] of Object.entries(got.entries)) if (!want.entries[id]) assert.ok(e.expiresAt <= clock.t, `${id} is extra and not expired`);
  assert.ok(head.length + tail.length > 300);
  for (let q = 0; q < 100; q++) {
    const query = row(embB, (q * 31) % N);
    for (const namespace of ['', 'a', 'b']) {
      const a = live.lookup(query, { namespace }), b = replay.lookup(query, { namespace });
      assert.deepEqual([b.tier, b.id, b.value, b.score], [a.tier, a.id, a.value, a.score], `query ${q} in "${namespace}"`);
    }
  }
  live.free();
  replay.free();
});

test('gaps, damage, wrong dims and junk are Errors, and the cache is unchanged', () => {
  const now = () => 1000;
  const live = new SemanticCache({ dims: D, confident: 0.95, tentative: 0.85, seed: 4, now });
  const records = [0, 1, 2].map((i) => live.store(row(embA, i), `v${i}`, { record: true }).change);
  const target = new SemanticCache({ dims: D, confident: 0.95, tentative: 0.85, seed: 4, now });
  const before = target.toBytes();
  assert.throws(() => target.apply(records[1]), { message: 'change: the record is seq 2, but the cache is at version 0: records 1..=1 are missing' });
  const damaged = records[0].slice();
  damaged[40] ^= 1;
  assert.throws(() => target.apply(damaged), { message: 'change: the record is damaged (its checksum does not match)' });
  assert.throws(() => target.apply(records[0].slice(0, 30)), /^Error: change: the record is damaged|checksum/);
  assert.throws(() => target.apply(new TextEncoder().encode('not a record, just twenty-odd bytes')), { message: /^change: not a simgate cache change record/ });
  assert.throws(() => target.apply([1, 2, 3]), { name: 'TypeError', message: 'change must be a Uint8Array or an ArrayBuffer, got Array' });
  const small = new SemanticCache({ dims: 3, confident: 0.95, tentative: 0.85, seed: 4, now });
  assert.throws(() => small.apply(records[0]), { message: `change: the record stores a vector of ${D} values; this cache has 3 dims` });
  assert.throws(() => live.store(row(embA, 5), { f() {}, big: 1n }, { record: true }), { name: 'TypeError', message: /^the value of entry "\(new\)" cannot be serialized to JSON/ });
  assert.equal(live.version, 3);
  assert.deepEqual(target.toBytes(), before);
  for (const r of records) target.apply(r);
  assert.deepEqual(contents(target), contents(live));
  for (const c of [live, target, small]) c.free();
});
