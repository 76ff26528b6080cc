// simgate/durable: a VectorSet or a SemanticCache kept durable by a
// Cloudflare Durable Object at the cost of each write, not of the whole.
//
// Every write is applied in memory and its change record (about 1 KB for a
// 768-dim i8 row) inserted into the object's SQLite storage in the same
// step; the platform holds the answer until that write is confirmed, so an
// acknowledged write is durable. A snapshot (the set file, or the cache's
// bytes) is written now and then, to R2 under a new key each time (R2 takes
// at most one write per second per key) or to the object's own storage in
// pieces under its 2 MiB value limit; the records it covers are dropped
// with the pointer switch, in one transaction. Loading reads the newest
// snapshot and replays the records after its version. A kill at any
// instant leaves a state that loads, with every acknowledged write in it.
import { SemanticCache, VectorSet } from './workerd.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS simgate_snapshot (
     key TEXT PRIMARY KEY, version INTEGER NOT NULL, location TEXT NOT NULL,
     ref TEXT NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL, ms REAL NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS simgate_records (
     key TEXT NOT NULL, seq INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (key, seq))`,
  `CREATE TABLE IF NOT EXISTS simgate_pieces (
     key TEXT NOT NULL, version INTEGER NOT NULL, idx INTEGER NOT NULL, bytes BLOB NOT NULL,
     PRIMARY KEY (key, version, idx))`,
];

/** Storage values (and so records and snapshot pieces) stay under this. */
const PIECE = 1024 * 1024;

function positive(name, value, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function typeName(v) {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return v.constructor?.name ?? 'object';
}

/**
 * What both classes share: a value with `version` and `apply(record)`, its
 * records in SQLite, its snapshots in R2 or in storage. `open(source)`
 * makes the value from a snapshot (`{ stream, length }`) or, given `null`,
 * a new one; `chunks(value)` gives its bytes as `{ length, next() }`, a
 * chunk per call, `undefined` at the end.
 */
class DurableLog {
  #ctx; #sql; #o; #value = null; #loading = null; #compacting = null; #hold = null;
  #records = 0; #recordBytes = 0; #snapshot = null; #compactionError = null;

  constructor(ctx, o) {
    if (!ctx?.storage?.sql) {
      throw new TypeError('ctx must be a Durable Object state with SQLite storage (ctx.storage.sql): declare the class under "new_sqlite_classes" in the wrangler migrations');
    }
    const { key, bucket, seed } = o;
    if (typeof key !== 'string' || !key || key.includes('@')) throw new TypeError(`options.key must be a non-empty string without "@", got ${JSON.stringify(key)}`);
    if (bucket !== undefined && typeof bucket?.put !== 'function') throw new TypeError(`options.bucket must be an R2 bucket binding, got ${typeName(bucket)}`);
    if (seed !== undefined && seed !== false && typeof seed !== 'string') throw new TypeError(`options.seed must be an R2 key (string) or false, got ${typeName(seed)}`);
    this.#ctx = ctx;
    this.#sql = ctx.storage.sql;
    this.#o = {
      ...o,
      seed: seed === undefined ? (bucket ? key : false) : seed,
      compactRecords: positive('options.compactRecords', o.compactRecords, 2000),
      compactBytes: positive('options.compactBytes', o.compactBytes, 8 * 1024 * 1024),
    };
  }

  async load() {
    if (this.#value) return this.#value;
    this.#loading ??= this.#read().catch((e) => {
      this.#loading = null;
      throw e;
    });
    return this.#loading;
  }

  get value() {
    if (!this.#value) throw new Error('not loaded: await load() first');
    return this.#value;
  }

  /** Resolves when writes may go on: not while a snapshot streams to R2 (it reads the value as it is). */
  async writable() {
    while (this.#hold) await this.#hold;
  }

  /** When the newest snapshot was written (ms since the epoch), or null. */
  get snapshotAt() {
    return this.#snapshot?.at ?? null;
  }

  /**
   * Inserts the record of a change already applied in memory. On a storage
   * failure the in-memory value (now ahead of storage) is dropped, to be
   * loaded again by the next call, and the write fails.
   */
  store(change) {
    const value = this.#value;
    try {
      this.#sql.exec('INSERT INTO simgate_records (key, seq, bytes) VALUES (?, ?, ?)', this.#o.key, value.version, change);
    } catch (e) {
      this.#value = null;
      this.#loading = null;
      value.free();
      throw new Error(`the write could not be stored, so it was not kept: ${e.message}`);
    }
    this.#records += 1;
    this.#recordBytes += change.byteLength;
    if (this.#records >= this.#o.compactRecords || this.#recordBytes >= this.#o.compactBytes) this.compactSoon();
  }

  /**
   * One recorded write: loads the value, waits while a snapshot streams,
   * applies `change(value)` (which returns `{ change, ... }` from a call with
   * `record: true`) and stores its record. Resolves with what it returned.
   */
  async write(change) {
    const value = await this.load();
    await this.writable();
    const out = change(value);
    this.store(out.change);
    return out;
  }

  /** Starts a compaction unless one runs; its error is kept for stats(). */
  compactSoon(force = false) {
    if (!this.#compacting) this.compact(force).catch(() => {});
  }

  /** One at a time: a call while one runs shares it. `force` snapshots even when no record is new (the cache's lookups). */
  async compact(force = false) {
    await this.load();
    this.#compacting ??= this.#compact(force).finally(() => {
      this.#compacting = null;
    });
    return this.#compacting;
  }

  stats() {
    const s = this.#snapshot;
    return {
      version: this.value.version,
      snapshotVersion: s ? s.version : 0,
      records: this.#records,
      recordBytes: this.#recordBytes,
      snapshotBytes: s ? s.bytes : 0,
      lastCompaction: s ? { version: s.version, location: s.location, bytes: s.bytes, ms: s.ms, at: s.at } : null,
      compactionError: this.#compactionError,
    };
  }

  async #read() {
    for (const statement of SCHEMA) this.#sql.exec(statement);
    const { key, bucket, seed, open } = this.#o;
    const snap = this.#sql.exec('SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?', key).toArray()[0] ?? null;
    let value;
    if (snap?.location === 'r2') {
      if (!bucket) throw new Error(`the snapshot of "${key}" is in R2 (${snap.ref}), but no bucket was given`);
      const object = await bucket.get(snap.ref);
      if (!object) throw new Error(`the snapshot ${snap.ref} is missing from the bucket`);
      value = await open({ stream: object, length: object.size });
    } else if (snap?.location === 'storage') {
      const pieces = this.#sql.exec('SELECT bytes FROM simgate_pieces WHERE key = ? AND version = ? ORDER BY idx', key, snap.version);
      value = await open({
        stream: (function* () {
          for (const row of pieces) yield new Uint8Array(row.bytes);
        })(),
        length: snap.bytes,
      });
    } else {
      const object = seed && bucket ? await bucket.get(seed) : null;
      value = await open(object ? { stream: object, length: object.size } : null);
    }
    let records = 0, recordBytes = 0;
    try {
      for (const row of this.#sql.exec('SELECT bytes FROM simgate_records WHERE key = ? ORDER BY seq', key)) {
        const bytes = new Uint8Array(row.bytes);
        value.apply(bytes);
        records += 1;
        recordBytes += bytes.byteLength;
      }
    } catch (e) {
      value.free();
      throw new Error(`replaying the change records of "${key}" failed: ${e.message}`);
    }
    this.#snapshot = snap;
    this.#records = records;
    this.#recordBytes = recordBytes;
    this.#value = value;
    return value;
  }

  async #compact(force) {
    const { key, bucket, chunks } = this.#o;
    const value = this.#value;
    const version = value.version;
    const started = Date.now();
    if (!force && this.#snapshot && this.#snapshot.version === version) return this.stats();
    try {
      // The value as of `version`: writes after it become records above it.
      const source = chunks(value);
      const sql = this.#sql;
      const point = (location, ref) => sql.exec(
        'INSERT OR REPLACE INTO simgate_snapshot (key, version, location, ref, bytes, at, ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
        key, version, location, ref, source.length, Date.now(), Date.now() - started);
      if (bucket) {
        // A new key per snapshot (R2 takes one write per second per key).
        const ref = this.#snapshot?.version === version ? `${key}@${version}.${started}` : `${key}@${version}`;
        // Chunk by chunk, so the file is never held whole beside the value;
        // writes wait meanwhile (the chunks read the value as it is).
        let release;
        this.#hold = new Promise((r) => { release = r; });
        try {
          await putChunks(bucket, ref, source);
        } finally {
          this.#hold = null;
          release();
        }
        this.#ctx.storage.transactionSync(() => {
          point('r2', ref);
          sql.exec('DELETE FROM simgate_records WHERE key = ? AND seq <= ?', key, version);
          sql.exec('DELETE FROM simgate_pieces WHERE key = ?', key);
        });
        // Older snapshots (and any left by a compaction cut short) go last: the pointer no longer names them.
        const old = [];
        let cursor;
        do {
          const page = await bucket.list({ prefix: `${key}@`, cursor });
          for (const o of page.objects) if (o.key !== ref) old.push(o.key);
          cursor = page.truncated ? page.cursor : undefined;
        } while (cursor);
        if (old.length) await bucket.delete(old);
      } else {
        // One synchronous transaction: nothing else runs while the chunks are read.
        this.#ctx.storage.transactionSync(() => {
          sql.exec('DELETE FROM simgate_pieces WHERE key = ?', key);
          for (let idx = 0, chunk; (chunk = source.next(PIECE)) !== undefined; idx += 1) {
            sql.exec('INSERT INTO simgate_pieces (key, version, idx, bytes) VALUES (?, ?, ?, ?)', key, version, idx, chunk);
          }
          point('storage', `pieces@${version}`);
          sql.exec('DELETE FROM simgate_records WHERE key = ? AND seq <= ?', key, version);
        });
      }
      this.#snapshot = sql.exec('SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?', key).toArray()[0];
      const left = sql.exec('SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(bytes)), 0) AS b FROM simgate_records WHERE key = ?', key).one();
      this.#records = left.n;
      this.#recordBytes = left.b;
      this.#compactionError = null;
      return this.stats();
    } catch (e) {
      this.#compactionError = String(e?.message ?? e);
      throw e;
    }
  }
}

/** Puts `source`'s chunks to R2 as one object of `source.length` bytes. */
async function putChunks(bucket, ref, source) {
  if (typeof FixedLengthStream !== 'function') {
    // Outside workerd: one buffer.
    const out = new Uint8Array(source.length);
    let at = 0;
    for (let c; (c = source.next(PIECE)) !== undefined; at += c.byteLength) out.set(c, at);
    await bucket.put(ref, out);
    return;
  }
  // workerd's stream of a declared length, which an R2 put of a stream needs.
  const { readable, writable } = new FixedLengthStream(source.length);
  const put = bucket.put(ref, readable);
  const writer = writable.getWriter();
  try {
    for (let c; (c = source.next(PIECE)) !== undefined;) await writer.write(c);
    await writer.close();
  } catch (e) {
    await writer.abort(e).catch(() => {});
    await put.catch(() => {});
    throw e;
  }
  await put;
}

/** A value's bytes as a source of chunks of at most `max` bytes (storage values have a size limit). */
function chunksOf(bytes) {
  let at = 0;
  return {
    length: bytes.byteLength,
    next(max = PIECE) {
      if (at >= bytes.byteLength) return undefined;
      const chunk = bytes.subarray(at, at + max);
      at += chunk.byteLength;
      return chunk;
    },
  };
}

/** Gathers a snapshot stream's chunks into one array (the cache's bytes are read whole). */
async function gather({ stream, length }) {
  const body = stream?.body ?? stream;
  const chunks = [];
  let total = 0;
  const iterable = typeof body?.getReader === 'function'
    ? { async *[Symbol.asyncIterator]() { const r = body.getReader(); for (;;) { const { done, value } = await r.read(); if (done) return; yield value; } } }
    : body;
  for await (const chunk of iterable) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (length !== undefined && total !== length) throw new Error(`the snapshot has ${total} bytes; ${length} were written`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A VectorSet persisted by a Durable Object: change records in its SQLite
 * storage, snapshots in R2 (`bucket`) or in its storage.
 */
export class DurableVectorSet {
  #log;

  constructor(ctx, options) {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object with dims, got ${typeName(options)}`);
    const { dims, precisions = ['f32'], model, bucket, key = 'set', seed, compactRecords, compactBytes } = options;
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`options.dims must be a positive integer, got ${JSON.stringify(dims)}`);
    const open = async (source) => {
      const set = source ? await VectorSet.fromStream(source.stream, { length: source.length }) : new VectorSet(dims, { precisions, ...(model ? { model } : {}) });
      if (set.dims !== dims) {
        set.free();
        throw new Error(`the stored set has ${set.dims} dims, but options.dims is ${dims}`);
      }
      return set;
    };
    this.#log = new DurableLog(ctx, { key, bucket, seed, compactRecords, compactBytes, open, chunks: (set) => set.fileChunks() });
  }

  /**
   * Loads the set once (concurrent calls share one load; a failed load is
   * retried by the next call): the newest snapshot, streamed, then every
   * record after its version. Without a snapshot, `seed` (an R2 key, by
   * default `key` itself: what `simgate pack` writes) or an empty set.
   */
  load() {
    return this.#log.load();
  }

  /** The loaded set, for reads (scores, topK, ...). Write through this object, never the set itself. */
  get set() {
    return this.#log.value;
  }

  /** Like VectorSet.add; resolves once every row is durable. */
  async add(vectors, ids, options = {}) {
    await this.load();
    await this.#log.writable();
    this.#write(vectors, ids, false, options, (set, v, i, o) => set.add(v, i, { ...o, record: true }));
  }

  /** Like VectorSet.upsert ({ added, replaced }); resolves once every row is durable. */
  async upsert(vectors, ids, options = {}) {
    await this.load();
    await this.#log.writable();
    const out = { added: 0, replaced: 0 };
    this.#write(vectors, ids, true, options, (set, v, i, o) => {
      const r = set.upsert(v, i, { ...o, record: true });
      out.added += r.added;
      out.replaced += r.replaced;
      return r;
    });
    return out;
  }

  /**
   * Like VectorSet.setMetadata (how many rows changed); resolves once the
   * new metadata is durable. Large calls are stored as several records, each
   * under the storage value limit, after the whole call is checked.
   */
  async setMetadata(ids, metadata) {
    await this.load();
    await this.#log.writable();
    const set = this.set;
    if (!Array.isArray(ids)) throw new TypeError(`ids must be an array of strings, got ${typeName(ids)}`);
    if (!Array.isArray(metadata)) throw new TypeError(`metadata must be an array with one metadata object per id, got ${typeName(metadata)}`);
    const batch = Math.max(1, Math.floor((PIECE - 4096) / (64 + metadataBytes(metadata))));
    if (ids.length <= batch) {
      return this.#log.write((s) => s.setMetadata(ids, metadata, { record: true })).then((r) => r.changed);
    }
    // Checked whole on a copy first, so a bad entry late in the call changes nothing.
    const probe = VectorSet.fromBytes(set.toBytes());
    try {
      probe.setMetadata(ids, metadata);
    } finally {
      probe.free();
    }
    let changed = 0;
    for (let at = 0; at < ids.length; at += batch) {
      const end = Math.min(ids.length, at + batch);
      const out = set.setMetadata(ids.slice(at, end), metadata.slice(at, end), { record: true });
      this.#log.store(out.change);
      changed += out.changed;
    }
    return changed;
  }

  /** Like VectorSet.remove (how many went); resolves once the removal is durable. */
  async remove(ids) {
    return (await this.#log.write((set) => set.remove(ids, { record: true }))).removed;
  }

  /**
   * Writes a snapshot and drops the records it covers. One at a time: a call
   * while one runs shares it. Runs on its own past `compactRecords` records
   * or `compactBytes` of them.
   */
  async compact() {
    await this.#log.compact();
    return this.stats();
  }

  /** { rows, version, snapshotVersion, records, recordBytes, snapshotBytes, lastCompaction, compactionError }. */
  stats() {
    return { rows: this.set.length, ...this.#log.stats() };
  }

  /**
   * Applies `write` to batches of rows whose records stay under the storage
   * value limit; a call that needs several records is checked whole first.
   */
  #write(vectors, ids, upsert, options, write) {
    const set = this.set;
    if (!(vectors instanceof Float32Array)) throw new TypeError(`vectors must be a Float32Array, got ${typeName(vectors)}`);
    const rows = vectors.length / set.dims;
    const { metadata } = options ?? {};
    const perRow = VectorSet.bytesPerRow(set.dims, set.precisions) + 64 + metadataBytes(metadata);
    const batch = Math.max(1, Math.floor((PIECE - 4096) / perRow));
    if (!Number.isInteger(rows) || rows <= batch) {
      this.#log.store(write(set, vectors, ids, options).change);
      return;
    }
    const held = upsert ? undefined : ids?.find?.((id) => set.has(id));
    if (held !== undefined) throw new Error(`ids: "${held}" is already in the set; upsert() replaces a row by id`);
    const probe = new VectorSet(set.dims, { precisions: set.precisions });
    try {
      probe.add(vectors, ids, { metadata });
    } finally {
      probe.free();
    }
    for (let at = 0; at < rows; at += batch) {
      const end = Math.min(rows, at + batch);
      const part = metadata === undefined ? options : { ...options, metadata: metadata.slice(at, end) };
      this.#log.store(write(set, vectors.subarray(at * set.dims, end * set.dims), ids?.slice(at, end), part).change);
    }
  }
}

/**
 * An upper bound on the bytes one row's metadata takes in a change record:
 * the largest row's compact JSON, three times over (the record spells each
 * number as 8 bytes and each key as an index and a kind), plus a margin.
 */
function metadataBytes(metadata) {
  if (!Array.isArray(metadata)) return 0;
  let most = 0;
  for (const m of metadata) {
    if (m !== null && m !== undefined) most = Math.max(most, JSON.stringify(m)?.length ?? 0);
  }
  return 3 * most + 16;
}

/**
 * A SemanticCache persisted by a Durable Object: store, feedback, remove and
 * clear are durable before they resolve (entries, values and reviews are
 * never lost); lookups change only use order (LRU) and Monitor counts,
 * which reach storage with the next snapshot: taken past `compactRecords`
 * or `compactBytes` of records, by a lookup at least `snapshotEvery` ms
 * (60,000) after the last snapshot, or by compact() (e.g. from an alarm
 * while `unsavedLookups`). A crash loses the use order and Monitor counts
 * of the lookups since the last snapshot, nothing else.
 */
export class DurableSemanticCache {
  #log;
  #every;
  #looked = false;
  #since = Date.now();

  constructor(ctx, options) {
    if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object with dims, got ${typeName(options)}`);
    const { key = 'cache', bucket, compactRecords, compactBytes, snapshotEvery, now, ...cacheOptions } = options;
    this.#every = positive('options.snapshotEvery', snapshotEvery, 60_000);
    const open = async (source) => {
      if (!source) return new SemanticCache({ ...cacheOptions, ...(now ? { now } : {}) });
      return SemanticCache.fromBytes(await gather(source), now ? { now } : undefined);
    };
    // Fail on bad cache options now, not at the first load.
    new SemanticCache({ ...cacheOptions, ...(now ? { now } : {}) }).free();
    this.#log = new DurableLog(ctx, { key, bucket, seed: false, compactRecords, compactBytes, open, chunks: (cache) => chunksOf(cache.toBytes()) });
  }

  /** Loads once: the newest snapshot, then the records after it. */
  load() {
    return this.#log.load();
  }

  /** The loaded cache, for reads (size, thresholds, stats). Write through this object. */
  get cache() {
    return this.#log.value;
  }

  /** SemanticCache.lookup (load() first). Use order and counts reach storage with the next snapshot. */
  lookup(query, options) {
    const out = this.cache.lookup(query, options);
    this.#looked = true;
    if (Date.now() - (this.#log.snapshotAt ?? this.#since) >= this.#every) {
      this.#looked = false;
      this.#log.compactSoon(true);
    }
    return out;
  }

  /**
   * Whether lookups ran since the last snapshot (their use order and counts
   * are not stored yet): call compact() from the object's alarm() when it is
   * true to bound what a crash can lose in time, not only in lookups.
   */
  get unsavedLookups() {
    return this.#looked;
  }

  /** SemanticCache.store; resolves with the id once the entry and its value are durable. */
  async store(query, value, options = {}) {
    return (await this.#log.write((cache) => cache.store(query, value, { ...options, record: true }))).id;
  }

  /** SemanticCache.feedback (options.score with errorBound); resolves once the verdict is durable. */
  async feedback(id, correct, options = {}) {
    await this.#log.write((cache) => cache.feedback(id, correct, { ...options, record: true }));
  }

  /** SemanticCache.remove; resolves with how many went once durable. */
  async remove(ids) {
    return (await this.#log.write((cache) => cache.remove(ids, { record: true }))).removed;
  }

  /** SemanticCache.clear; resolves with how many went once durable. */
  async clear(namespace) {
    return (await this.#log.write((cache) => cache.clear(namespace, { record: true }))).removed;
  }

  /** A snapshot now (use order and counts included); the records it covers are dropped. */
  async compact() {
    this.#looked = false;
    await this.#log.compact(true);
    return this.stats();
  }

  /** The cache's stats and the log's: { ...cache.stats(), size, durable: { version, records, ... } }. */
  stats() {
    return { ...this.cache.stats(), size: this.cache.size, durable: { ...this.#log.stats(), unsavedLookups: this.#looked } };
  }
}
