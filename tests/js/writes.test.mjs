// The write path of examples/shards under `wrangler dev` (2 shards, state
// persisted to a temp dir, compaction every 40 records so snapshots happen
// while writes stream):
// - a one-row upsert stores one change record of its own size, /stats says
//   so, and a compaction folds the records into a snapshot that loads after
//   a restart;
// - /resolve: concurrent resolves of one unseen entity create it once
//   (20 at a time), 10 entities x 10 concurrent create exactly 10, 20 rounds;
// - crashes: the whole wrangler dev process group is SIGKILLed at random
//   moments while upserts (and compactions) stream, 20 times; after each
//   restart every acknowledged write is there with its own vector, nothing
//   unacknowledged is half there, and /match answers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from './support/rng.mjs';
import { D, embA, N, row } from './support/data.mjs';
import { startDev } from './support/wrangler.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';

const ADMIN = bearer(TOKEN.admin);

const dir = mkdtempSync(join(tmpdir(), 'simgate-writes-'));
const persist = join(dir, 'state');
const port = 9800 + (process.pid % 150);
const vars = { DIMS: D, PRECISIONS: 'i8', SHARD_COUNT: 2, COMPACT_RECORDS: 40 };
let dev = null;

const start = async () => { dev = await startDev({ config: 'examples/shards/wrangler.jsonc', persist, port, vars }); };
const post = async (path, body) => {
  const res = await fetch(`${dev.base}${path}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const stats = async () => (await fetch(`${dev.base}/stats`, { headers: ADMIN })).json();

const randomVector = (next) => Array.from({ length: D }, () => next() * 2 - 1);
const sentence = (i) => Array.from(row(embA, i % N));

before(start);
after(async () => { await dev?.stop(); });

test('a one-row upsert stores one record of its own size; compaction folds records into a snapshot that loads', async () => {
  const before = await stats();
  assert.deepEqual(before.shards.map((s) => s.version), [0, 0]);
  for (let i = 0; i < 30; i++) {
    const { status } = await post('/upsert', { id: `doc-${i}`, vector: sentence(i), namespace: 'docs' });
    assert.equal(status, 200);
  }
  const mid = await stats();
  assert.equal(mid.rows, 30);
  assert.equal(mid.shards.reduce((n, s) => n + s.records, 0), 30);
  for (const s of mid.shards) {
    assert.equal(s.version, s.records);
    assert.equal(s.snapshotVersion, 0);
    // 384 i8 values, their scales and norms, an id, the headers: under 1 KB each.
    assert.ok(s.recordBytes <= s.records * 1024, `${s.recordBytes} bytes for ${s.records} records`);
    assert.ok(s.recordBytes >= s.records * D, `${s.recordBytes} bytes for ${s.records} records`);
  }
  const compacted = await post('/compact', {});
  assert.equal(compacted.status, 200, JSON.stringify(compacted.body));
  for (const s of compacted.body.shards) {
    assert.equal(s.records, 0);
    assert.equal(s.snapshotVersion, s.version);
    assert.equal(s.lastCompaction.location, 'r2');
  }
  await post('/upsert', { id: 'doc-after', vector: sentence(40), namespace: 'docs' });
  await dev.stop();
  await start();
  const again = await stats();
  assert.equal(again.rows, 31);
  assert.equal(again.shards.reduce((n, s) => n + s.records, 0), 1);
  const { body } = await post('/match', { vector: sentence(40), namespace: 'docs', k: 1 });
  assert.equal(body.candidates[0].id, 'doc-after');
});

test('/resolve: concurrent resolves of one new entity create it once; 10 entities x 10 concurrent create 10; 20 rounds', async () => {
  for (let round = 0; round < 20; round++) {
    const next = rng(1000 + round);
    const namespace = `resolve-${round}`;
    // 20 at once, the same unseen vector with tiny noise each.
    const base = randomVector(next);
    const same = await Promise.all(Array.from({ length: 20 }, () =>
      post('/resolve', { vector: base.map((x) => x + (next() - 0.5) * 1e-3), namespace })));
    assert.ok(same.every((r) => r.status === 200), JSON.stringify(same.find((r) => r.status !== 200)?.body));
    const created = same.filter((r) => r.body.created);
    assert.equal(created.length, 1, `round ${round}: ${created.length} creates of one entity`);
    const id = created[0].body.created;
    for (const r of same.filter((x) => !x.body.created)) {
      assert.equal(r.body.candidates[0].id, id);
      assert.notEqual(r.body.decision.outcome, 'create');
    }
    // 10 entities, 10 concurrent resolves each, all interleaved.
    const entities = Array.from({ length: 10 }, () => randomVector(next));
    const calls = entities.flatMap((v, e) => Array.from({ length: 10 }, () => [e, v.map((x) => x + (next() - 0.5) * 1e-3)]));
    const answers = await Promise.all(calls.map(([e, v]) => post('/resolve', { vector: v, namespace: `${namespace}-many` }).then((r) => [e, r])));
    const made = answers.filter(([, r]) => r.body.created);
    assert.equal(made.length, 10, `round ${round}: ${made.length} creates of 10 entities`);
    assert.deepEqual(new Set(made.map(([e]) => e)).size, 10);
    const idOf = new Map(made.map(([e, r]) => [e, r.body.created]));
    for (const [e, r] of answers) {
      assert.equal(r.status, 200);
      if (!r.body.created) assert.equal(r.body.candidates[0].id, idOf.get(e), `round ${round}: entity ${e}`);
    }
  }
  const { present } = (await post('/has', { ids: ['nothing'] })).body;
  assert.deepEqual(present, [false]);
});

test('SIGKILL at random moments while writes and compactions stream: every acknowledged write survives, 20 rounds', async () => {
  const next = rng(77);
  const acknowledged = new Map(); // id -> sentence row
  let seq = 0;
  let kills = 0;
  for (let round = 0; round < 20; round++) {
    let stopWriting = false;
    const writer = async () => {
      while (!stopWriting) {
        const id = `crash-${seq}`;
        const at = seq++ % N;
        try {
          const r = await post('/upsert', { id, vector: sentence(at), namespace: 'crash' });
          if (r.status === 200) acknowledged.set(id, at);
        } catch {
          return; // the process died under this request: not acknowledged
        }
      }
    };
    const writers = [writer(), writer(), writer()];
    if (round % 4 === 3) post('/compact', {}).catch(() => {});
    await new Promise((r) => setTimeout(r, 150 + next() * 600));
    stopWriting = true;
    await dev.stop('SIGKILL');
    kills += 1;
    await Promise.all(writers);
    await start();
    const ids = [...acknowledged.keys()];
    const { status, body } = await post('/has', { ids, namespace: 'crash' });
    assert.equal(status, 200, JSON.stringify(body));
    const lost = ids.filter((_, i) => !body.present[i]);
    assert.deepEqual(lost, [], `round ${round}: acknowledged writes lost`);
    // Rows written with a sentence's vector score 1 against it: never half written.
    const probe = ids[Math.floor(next() * ids.length)];
    if (probe) {
      const m = await post('/match', { vector: sentence(acknowledged.get(probe)), namespace: 'crash', k: 50 });
      assert.equal(m.status, 200, JSON.stringify(m.body));
      assert.equal(m.body.partial, false);
      assert.ok(m.body.candidates.some((c) => c.id === probe && c.score > 0.999), `round ${round}: ${probe}`);
    }
  }
  const s = await stats();
  assert.ok(s.shards.every((x) => !x.error), JSON.stringify(s));
  const totalRows = s.shards.reduce((n, x) => n + x.rows, 0);
  assert.ok(totalRows >= acknowledged.size, `${totalRows} rows, ${acknowledged.size} acknowledged`);
  assert.equal(kills, 20);
  assert.ok(acknowledged.size > 100, `only ${acknowledged.size} writes were acknowledged`);
  assert.ok(s.shards.some((x) => x.snapshotVersion > 0), 'no compaction ran during the rounds');
});
