// Tenants apart, under `wrangler dev`, in every example that holds data
// (examples/shards, examples/semantic-cache, examples/worker): bearer tokens
// from the TOKENS secret (tests/js/support/tokens.mjs: an admin for every
// namespace, writers for tenant-a and tenant-b, a reader of tenant-a).
// - every data endpoint: no token, an unknown token and a token one
//   character off get 401; a namespace outside the token's list, a write
//   with the read-only token and an operator endpoint without admin get 403;
// - tenant A never sees, probes, changes or removes tenant B's rows, even
//   with the same ids and identical vectors, and a request that names no
//   namespace means the token's first, never every row;
// - without TOKENS, data requests are refused with a message saying how to
//   set it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { D, embA, embB, row } from './support/data.mjs';
import { TOKEN, bearer } from './support/tokens.mjs';
import { startDev } from './support/wrangler.mjs';

const port = 9650 + (process.pid % 100);
const vector = (i) => Array.from(row(embA, i));
/** A token one character off: the last character changed. */
const offByOne = (t) => t.slice(0, -1) + (t.at(-1) === 'x' ? 'y' : 'x');

async function call(dev, method, path, token, body) {
  const headers = token === undefined ? {} : bearer(token);
  const res = await fetch(`${dev.base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json(), challenge: res.headers.get('www-authenticate') };
}

/**
 * The 401/403 matrix for one example: `routes` are [method, path, body,
 * what it needs ('read' | 'write' | 'admin')], each with a body naming
 * tenant-a's namespace where the route takes one.
 */
async function matrix(dev, routes) {
  for (const [method, path, body, needs] of routes) {
    const what = `${method} ${path}`;
    for (const token of [undefined, 'no-such-token', offByOne(TOKEN.tenantA), offByOne(TOKEN.admin), `${TOKEN.admin}z`, TOKEN.admin.slice(1)]) {
      const r = await call(dev, method, path, token, body);
      assert.equal(r.status, 401, `${what} with ${token === undefined ? 'no token' : `token "${token}"`}: ${JSON.stringify(r.body)}`);
      assert.equal(r.challenge, 'Bearer');
    }
    // tenant-b's writer asks for tenant-a's namespace.
    if (body?.namespace === 'tenant-a' || path.includes('namespace=tenant-a')) {
      const r = await call(dev, method, path, TOKEN.tenantB, body);
      assert.equal(r.status, 403, `${what} by tenant-b in tenant-a: ${JSON.stringify(r.body)}`);
    }
    if (needs === 'write') {
      const r = await call(dev, method, path, TOKEN.readerA, body);
      assert.equal(r.status, 403, `${what} with the read-only token: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, /read-only/);
    }
    if (needs === 'admin') {
      for (const token of [TOKEN.tenantA, TOKEN.readerA]) {
        const r = await call(dev, method, path, token, body);
        assert.equal(r.status, 403, `${what} without admin: ${JSON.stringify(r.body)}`);
        assert.match(r.body.error, /admin/);
      }
    }
    const ok = await call(dev, method, path, needs === 'admin' ? TOKEN.admin : TOKEN.tenantA, body);
    assert.ok(ok.status < 400, `${what} with the right token: ${ok.status} ${JSON.stringify(ok.body)}`);
  }
}

async function withDev(config, options, fn) {
  const dev = await startDev({ config, persist: mkdtempSync(join(tmpdir(), 'simgate-tenants-')), port, ...options });
  try {
    await fn(dev);
  } finally {
    await dev.stop();
  }
}

test('examples/shards: the 401/403 matrix; tenants with the same ids and identical vectors stay apart', async () => {
  await withDev('examples/shards/wrangler.jsonc', { vars: { DIMS: D, PRECISIONS: 'i8', SHARD_COUNT: 2 } }, async (dev) => {
    const v = vector(5);
    await matrix(dev, [
      ['POST', '/match', { vector: v, namespace: 'tenant-a' }, 'read'],
      ['POST', '/has', { ids: ['doc'], namespace: 'tenant-a' }, 'read'],
      ['POST', '/upsert', { id: 'probe', vector: vector(9), namespace: 'tenant-a' }, 'write'],
      ['POST', '/resolve', { vector: vector(11), namespace: 'tenant-a' }, 'write'],
      ['POST', '/remove', { ids: ['probe'], namespace: 'tenant-a' }, 'write'],
      ['GET', '/stats', undefined, 'admin'],
      ['POST', '/compact', {}, 'admin'],
    ]);
    // The same id and the identical vector in both tenants (no namespace named: each token's first).
    for (const who of ['tenantA', 'tenantB']) {
      const r = await call(dev, 'POST', '/upsert', TOKEN[who], { id: 'doc', vector: v });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.added, r.body.replaced], [1, 0], `${who}: a new row, not the other tenant's replaced`);
    }
    const seen = await call(dev, 'POST', '/match', TOKEN.tenantA, { vector: v, k: 10 });
    assert.deepEqual(seen.body.candidates.filter((c) => c.score === 1).map((c) => c.id), ['doc'], 'tenant-a sees one identical row: its own');
    // tenant-a removes "doc": its own row goes, tenant-b's stays.
    assert.deepEqual((await call(dev, 'POST', '/remove', TOKEN.tenantA, { ids: ['doc'] })).body, { removed: 1 });
    assert.deepEqual((await call(dev, 'POST', '/has', TOKEN.tenantA, { ids: ['doc'] })).body, { present: [false] });
    assert.deepEqual((await call(dev, 'POST', '/has', TOKEN.tenantB, { ids: ['doc'] })).body, { present: [true] });
    assert.deepEqual((await call(dev, 'POST', '/remove', TOKEN.tenantA, { ids: ['doc'] })).body, { removed: 0 });
    const theirs = await call(dev, 'POST', '/match', TOKEN.tenantB, { vector: v, k: 3 });
    assert.equal(theirs.body.candidates[0].id, 'doc');
    assert.equal(theirs.body.candidates[0].score, 1);
    const mine = await call(dev, 'POST', '/match', TOKEN.tenantA, { vector: v, k: 3 });
    assert.ok(!mine.body.candidates.some((c) => c.id === 'doc'), 'tenant-a does not see tenant-b\'s row');
    // Naming the other namespace, or forging a stored id, is refused.
    assert.equal((await call(dev, 'POST', '/match', TOKEN.tenantA, { vector: v, namespace: 'tenant-b' })).status, 403);
    assert.equal((await call(dev, 'POST', '/match', TOKEN.tenantA, { vector: v, namespace: '' })).status, 403);
    const forged = await call(dev, 'POST', '/has', TOKEN.tenantA, { ids: ['tenant-b\u001fdoc'] });
    assert.equal(forged.status, 400);
    // The reader: reads its tenant, writes nothing.
    assert.equal((await call(dev, 'POST', '/match', TOKEN.readerA, { vector: v })).status, 200);
    assert.equal((await call(dev, 'POST', '/upsert', TOKEN.readerA, { id: 'r', vector: v })).status, 403);
    // The admin sees both tenants' rows only by naming each namespace.
    for (const ns of ['tenant-a', 'tenant-b']) {
      const r = await call(dev, 'POST', '/has', TOKEN.admin, { ids: ['doc'], namespace: ns });
      assert.deepEqual(r.body.present, [ns === 'tenant-b'], ns);
    }
  });
});

test('examples/semantic-cache: the 401/403 matrix; a tenant never gets another\'s answer; a reader\'s misses are not stored', async () => {
  await withDev('examples/semantic-cache/wrangler.jsonc', { vars: { EXPENSIVE_MS: 1, ERROR_BOUND: '' } }, async (dev) => {
    const q = { text: 'what is the refund window?', embedding: vector(3) };
    await matrix(dev, [
      ['POST', '/ask', { ...q, namespace: 'tenant-a' }, 'read'],
      ['POST', '/feedback', { id: 'entry-1', correct: true, namespace: 'tenant-a' }, 'write'],
      ['GET', '/stats?namespace=tenant-a', undefined, 'admin'],
    ]);
    const only = { text: 'a question only tenant-a asked', embedding: vector(50) };
    const a = await call(dev, 'POST', '/ask', TOKEN.tenantA, only);
    assert.equal(a.body.tier, 'miss');
    const again = await call(dev, 'POST', '/ask', TOKEN.tenantA, only);
    assert.equal(again.body.tier, 'exact');
    const b = await call(dev, 'POST', '/ask', TOKEN.tenantB, only);
    assert.equal(b.body.tier, 'miss', 'tenant-b never gets tenant-a\'s cached answer');
    assert.equal((await call(dev, 'POST', '/feedback', TOKEN.tenantB, { id: a.body.id, correct: false, namespace: 'tenant-a' })).status, 403);
    const reader = await call(dev, 'POST', '/ask', TOKEN.readerA, { ...q, text: 'a reader asks this', embedding: vector(40) });
    assert.deepEqual([reader.status, reader.body.tier, reader.body.stored], [200, 'miss', false]);
    const after = await call(dev, 'POST', '/ask', TOKEN.tenantA, { ...q, text: 'a reader asks this', embedding: vector(40) });
    assert.equal(after.body.tier, 'miss', 'the reader\'s miss was not stored');
  });
});

test('examples/worker: the 401/403 matrix; /match without a namespace searches the token\'s own', async () => {
  await withDev('examples/worker/wrangler.jsonc', {}, async (dev) => {
    await matrix(dev, [
      ['POST', '/match', { query: vector(42), namespace: 'tenant-a' }, 'read'],
      ['POST', '/calibrate', { scores: [0.9, 0.2, 0.8, 0.3], labels: [1, 0, 1, 0] }, 'read'],
      ['GET', '/stats', undefined, 'admin'],
      ['GET', '/monitor', undefined, 'admin'],
    ]);
    // The bundled sentences are in namespace "": tenant-a's token does not see them.
    const sentence = Array.from(row(embB, 42));
    const mine = await call(dev, 'POST', '/match', TOKEN.tenantA, { query: sentence });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.candidates, []);
    const all = await call(dev, 'POST', '/match', TOKEN.admin, { query: sentence });
    assert.equal(all.body.candidates[0].id, 'sentence-42');
  });
});

test('without TOKENS every example refuses data requests and says how to set it', async () => {
  for (const [config, method, path, body, vars] of [
    ['examples/shards/wrangler.jsonc', 'POST', '/match', { vector: vector(1) }, { DIMS: D }],
    ['examples/semantic-cache/wrangler.jsonc', 'POST', '/ask', { text: 'x', embedding: vector(1) }, {}],
    ['examples/worker/wrangler.jsonc', 'POST', '/match', { query: vector(1) }, {}],
  ]) {
    await withDev(config, { vars, tokens: false }, async (dev) => {
      const r = await call(dev, method, path, TOKEN.admin, body);
      assert.equal(r.status, 503, `${config}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.error, /no TOKENS secret/);
      assert.match(r.body.error, /wrangler secret put TOKENS/);
      assert.match(r.body.error, /\.dev\.vars/);
    });
  }
});
