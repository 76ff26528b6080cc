// examples/shards under `wrangler dev` (workerd, with R2 and Durable Objects
// persisted to a temp dir): the bundled MiniLM sentences packed into 4 shard
// files by `simgate pack --shards 4`, put into local R2, then
// - 50 queries: the merged top-10 (ids and scores) equals one set holding
//   every row, exactly, at f32 and at i8;
// - two tenants with identical vectors never see each other's rows;
// - upserts and a removal survive a restart on the same persist dir, and
//   200 concurrent upserts to one shard are all there afterwards;
// - a shard whose file is damaged: partial answers naming it, never `create`;
// - bad requests get 400 with the message and the shards keep serving;
// - metadata, filters and typed lookups merge exactly across shards, and a
//   resolve creates a row of its type.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorSet, shardOf } from 'simgate';
import { D, embA, embB, row } from './support/data.mjs';
import { startDev } from './support/wrangler.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';

const ADMIN = bearer(TOKEN.admin);

const N = embA.length / D;
const SHARDS = 4;
const dir = mkdtempSync(join(tmpdir(), 'simgate-shards-'));
const persist = join(dir, 'state');
const wrangler = resolve('node_modules/.bin/wrangler');
const config = ['-c', 'examples/shards/wrangler.jsonc'];
const port = 9300 + (process.pid % 500);
let dev = null;

const ids = Array.from({ length: 2 * N }, (_, i) => `s-${i}`);
const vector = (i) => Array.from(i < N ? row(embA, i) : row(embB, i - N));

function put(key, file) {
  const r = spawnSync(wrangler, ['r2', 'object', 'put', `simgate-shards/${key}`, '--file', file, '--local', '--persist-to', persist, ...config], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function start() {
  dev = await startDev({ config: 'examples/shards/wrangler.jsonc', persist, port, vars: { DIMS: D, PRECISIONS: 'f32,i8' } });
}

async function stop() {
  await dev?.stop();
  dev = null;
}

const post = async (path, body) => {
  const res = await fetch(`${dev.base}${path}`, { method: 'POST', headers: ADMIN, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

// The union, for reference: one set holding every row.
const union = new VectorSet(D, { precisions: ['f32', 'i8'] });
union.add(new Float32Array([...embA, ...embB]), ids);

before(async () => {
  const lines = ids.map((id, i) => JSON.stringify({ id, embedding: vector(i) }));
  writeFileSync(join(dir, 'rows.jsonl'), `${lines.join('\n')}\n`);
  const pack = spawnSync(process.execPath, ['pkg/cli.js', 'pack', join(dir, 'rows.jsonl'), '--shards', String(SHARDS), '--precision', 'f32,i8', '--out', join(dir, 'set.bin')], { encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  for (let s = 0; s < SHARDS; s++) put(`set-${s}-of-${SHARDS}.bin`, join(dir, `set-${s}-of-${SHARDS}.bin`));
  await start();
});

after(async () => {
  await stop();
  union.free();
});

/**
 * The merged list equals the union's top-k: the same scores in the same
 * order, the same ids wherever scores differ. The bundled sentences repeat
 * (equal embeddings, equal scores): within a tie the union orders by its
 * own row index and the merge by shard then index, so a tie's ids are
 * compared as a set, and at the k-th score any of the tied rows may fill
 * the last places.
 */
function sameTopK(merged, expected, query, precision, what) {
  assert.deepEqual(merged.map((c) => c.score), expected.map((m) => m.score), what);
  const all = union.scores(query, D, { precision });
  const last = expected.at(-1).score;
  const byScore = (list) => {
    const groups = new Map();
    for (const m of list) groups.set(m.score, [...(groups.get(m.score) ?? []), m]);
    return groups;
  };
  for (const [score, group] of byScore(merged)) {
    const ids = group.map((m) => m.id).sort();
    if (score !== last) {
      assert.deepEqual(ids, byScore(expected).get(score).map((m) => m.id).sort(), `${what}: ids at ${score}`);
    } else {
      for (const id of ids) assert.equal(all[Number(id.slice(2))], score, `${what}: ${id} ties at ${score}`);
    }
  }
}

test('pack --shards 4 puts every row in shard shardOf(id, 4)', async () => {
  const { body } = await fetch(`${dev.base}/stats`, { headers: ADMIN }).then(async (r) => ({ body: await r.json() }));
  assert.equal(body.rows, 2 * N);
  for (let s = 0; s < SHARDS; s++) {
    const file = VectorSet.fromBytes(readFileSync(join(dir, `set-${s}-of-${SHARDS}.bin`)));
    assert.equal(body.shards[s].rows, file.length);
    assert.equal(file.length, ids.filter((id) => shardOf(id, SHARDS) === s).length);
    file.free();
  }
});

test('50 queries: the merged top-10 equals one set holding every row, exactly, at f32 and at i8', async () => {
  for (const precision of ['f32', 'i8']) {
    for (let q = 0; q < 50; q++) {
      const query = row(embB, q * 29);
      const { status, body } = await post('/match', { vector: Array.from(query), k: 10, precision });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.partial, false);
      const expected = union.topK(query, 10, { precision });
      sameTopK(body.candidates, expected, query, precision, `${precision} query ${q}`);
      assert.ok(body.candidates.every((c) => c.shard === shardOf(c.id, SHARDS)));
    }
  }
});

test('two tenants with identical vectors never see each other', async () => {
  const v = vector(7);
  assert.equal((await post('/upsert', { id: 'tenant-1:doc', vector: v, namespace: 'tenant-1' })).status, 200);
  assert.equal((await post('/upsert', { id: 'tenant-2:doc', vector: v, namespace: 'tenant-2' })).status, 200);
  for (const t of ['tenant-1', 'tenant-2']) {
    const { body } = await post('/match', { vector: v, k: 5, namespace: t });
    assert.deepEqual(body.candidates.map((c) => c.id), [`${t}:doc`]);
  }
  const { body } = await post('/match', { vector: v, k: 3, namespace: '' });
  assert.ok(!body.candidates.some((c) => c.id.startsWith('tenant-')), 'the default namespace ("") sees neither');
});

test('writes survive a restart; 200 concurrent upserts to one shard are all there', async () => {
  const fresh = Array.from(vector(3), (x, i) => x + (i % 5) * 0.01);
  assert.deepEqual((await post('/upsert', { id: 'new-1', vector: fresh })).body.added, 1);
  assert.deepEqual((await post('/remove', { ids: ['s-5', 'never-there'] })).body, { removed: 1 });
  const owned = [];
  for (let i = 0; owned.length < 200; i++) if (shardOf(`burst-${i}`, SHARDS) === 1) owned.push(`burst-${i}`);
  const answers = await Promise.all(owned.map((id, j) => post('/upsert', { id, vector: vector(100 + j) })));
  assert.ok(answers.every((a) => a.status === 200 && a.body.shard === 1), JSON.stringify(answers.find((a) => a.status !== 200)));
  await stop();
  await start();
  const { body } = await post('/has', { ids: ['new-1', 's-5', 's-6', ...owned] });
  assert.deepEqual(body.present.slice(0, 3), [true, false, true]);
  assert.equal(body.present.slice(3).filter(Boolean).length, 200);
  const top = await post('/match', { vector: fresh, k: 1 });
  assert.equal(top.body.candidates[0].id, 'new-1');
  assert.equal(top.body.candidates[0].score, 1);
});

test('bad requests get 400 with the message, and the shards keep serving', async () => {
  const cases = [
    ['/match', '{"vector": [1, 2', /^the body is not JSON/],
    ['/match', { vector: [1, 2, 3] }, /^vector must be an array of 384 finite numbers, got 3 values/],
    ['/match', { vector: vector(1), namespace: 5 }, /^namespace must be a string, got number/],
    ['/match', { vector: vector(1), k: 0 }, /^k must be an integer from 1 to 100, got 0/],
    ['/match', { vector: vector(1), k: 1000 }, /^k must be an integer from 1 to 100, got 1000/],
    ['/match', { vector: vector(1), precision: 'f16' }, /^precision must be one of f32, i8, b1/],
    ['/upsert', { id: '', vector: vector(1) }, /^id must be a non-empty string/],
    ['/upsert', { id: 'zero', vector: new Array(D).fill(0) }, /zero/],
    ['/remove', { ids: 'x' }, /^ids must be an array of non-empty strings/],
  ];
  for (const [path, body, message] of cases) {
    const res = await post(path, body);
    assert.equal(res.status, 400, `${path} ${JSON.stringify(body).slice(0, 60)}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.error, message);
  }
  const { status, body } = await post('/match', { vector: vector(9), k: 1 });
  assert.equal(status, 200);
  assert.equal(body.candidates[0].id, 's-9');
});

test('metadata, filters and typed lookups: each shard\'s filtered top-k merged equals one filtered set', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ id: `t-${i}`, vector: vector(200 + i), metadata: { type: i % 2 ? 'Persona' : 'Industry', year: 2000 + i } }));
  for (const r of rows) assert.equal((await post('/upsert', { ...r, namespace: 'typed' })).status, 200);
  const ref = new VectorSet(D);
  ref.add(new Float32Array(rows.flatMap((r) => r.vector)), rows.map((r) => r.id), { metadata: rows.map((r) => r.metadata) });
  const filter = { year: { $gte: 2010 } };
  for (let qi = 0; qi < 10; qi++) {
    const query = row(embA, 200 + qi * 3);
    const { status, body } = await post('/match', { vector: Array.from(query), k: 5, namespace: 'typed', type: 'Industry', filter });
    assert.equal(status, 200, JSON.stringify(body));
    const want = ref.topK(query, 5, { filter: { type: 'Industry', ...filter } });
    assert.deepEqual(body.candidates.map((c) => c.score), want.map((m) => m.score), `query ${qi}`);
    assert.deepEqual(new Set(body.candidates.map((c) => c.id)), new Set(want.map((m) => m.id)), `query ${qi}`);
    assert.equal(body.explanation.candidates, '15 Industry rows in namespace typed that pass the filter');
  }
  // A Persona row equal to the query never answers a lookup for Industry.
  const { body: typed } = await post('/match', { vector: vector(201), k: 3, namespace: 'typed', spec: '~>Industry' });
  assert.ok(typed.candidates.every((c) => Number(c.id.slice(2)) % 2 === 0), JSON.stringify(typed.candidates));
  // resolve creates a row of the lookup's type with the given metadata; the next lookup finds it.
  const fresh = Array.from({ length: D }, (_, i) => ((i * 7919) % 17) - 8);
  const created = await post('/resolve', { vector: fresh, namespace: 'typed', spec: '~>Industry', id: 'new-industry', metadata: { year: 2050 } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.created, 'new-industry');
  const again = await post('/match', { vector: fresh, k: 1, namespace: 'typed', type: 'Industry', filter: { year: 2050 } });
  assert.equal(again.body.candidates[0].id, 'new-industry');
  assert.equal(again.body.candidates[0].score, 1);
  assert.equal((await post('/match', { vector: fresh, k: 1, namespace: 'typed', type: 'Persona' })).body.candidates.some((c) => c.id === 'new-industry'), false);
  // After a restart: the change records bring the metadata back. (No /compact
  // here: the next test damages a shard's packed file, which a snapshot would
  // replace; snapshots are set files, which keep metadata as well.)
  await stop();
  await start();
  const reloaded = await post('/match', { vector: Array.from(row(embA, 200)), k: 5, namespace: 'typed', type: 'Industry', filter });
  assert.deepEqual(reloaded.body.candidates.map((c) => c.score), ref.topK(row(embA, 200), 5, { filter: { type: 'Industry', ...filter } }).map((m) => m.score));
  assert.equal((await post('/match', { vector: fresh, k: 1, namespace: 'typed', type: 'Industry', filter: { year: 2050 } })).body.candidates[0].id, 'new-industry');
  // Bad filters and metadata: 400 naming them.
  for (const [path, b, message] of [
    ['/match', { vector: fresh, filter: { year: { $gte: true } } }, /^filter\.year\.\$gte must be a number or a string/],
    ['/match', { vector: fresh, filter: {} }, /^filter is an empty object/],
    ['/upsert', { id: 'm', vector: fresh, metadata: { 'a.b': 1 } }, /^metadata has a key "a\.b"/],
    ['/match', { vector: fresh, spec: '~>' }, /^spec: /],
  ]) {
    const res = await post(path, b);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.error, message);
  }
  ref.free();
});

test('a shard that fails: partial, the shard named, never create', async () => {
  await stop();
  const damaged = readFileSync(join(dir, `set-2-of-${SHARDS}.bin`));
  damaged[damaged.length >> 1] ^= 0xff;
  writeFileSync(join(dir, 'damaged.bin'), damaged);
  put(`set-2-of-${SHARDS}.bin`, join(dir, 'damaged.bin'));
  await start();
  // Far from every row: complete, forward mode (~>, the default) would create.
  const lonely = Array.from({ length: D }, (_, i) => (i % 2 ? 1 : -1) * ((i * 7919) % 13));
  const { status, body } = await post('/match', { vector: lonely, k: 5 });
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.partial, true);
  assert.deepEqual(body.shards.answered, [0, 1, 3]);
  assert.equal(body.shards.missing.length, 1);
  assert.equal(body.shards.missing[0].shard, 2);
  assert.match(body.shards.missing[0].error, /checksum does not match/);
  assert.notEqual(body.decision.outcome, 'create');
  assert.match(body.explanation.text, /Shard 2 did not answer, so nothing is created/);
  assert.ok(body.candidates.every((c) => c.shard !== 2));
});
