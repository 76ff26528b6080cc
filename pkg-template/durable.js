// simgate/durable: a VectorSet kept durable by a Cloudflare Durable Object at
// the cost of each write, not of the whole set.
//
// Every write is applied in memory and its change record (about 1 KB for a
// 768-dim i8 row) inserted into the object's SQLite storage in the same
// step; the platform holds the answer until that write is confirmed, so an
// acknowledged write is durable. A snapshot (the set file) is written now
// and then, to R2 under a new key each time (R2 takes at most one write per
// second per key) or to the object's own storage in pieces under its 2 MiB
// value limit; the records it covers are dropped with the pointer switch,
// in one transaction. Loading streams the newest snapshot and replays the
// records after its version. A kill at any instant leaves a state that
// loads, with every acknowledged write in it.
import { VectorSet } from './workerd.js';

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

/**
 * A VectorSet persisted by a Durable Object: change records in its SQLite
 * storage, snapshots in R2 (`bucket`) or in its storage.
 */
export class DurableVectorSet {
  #ctx; #sql; #options; #set = null; #loading = null; #compacting = null;
  #records = 0; #recordBytes = 0; #snapshot = null; #compactionError = null;

  constructor(ctx, options) {
    if (!ctx?.storage?.sql) {
      throw new TypeError('ctx must be a Durable Object state with SQLite storage (ctx.storage.sql): declare the class under "new_sqlite_classes" in the wrangler migrations');
    }
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object with dims');
    const { dims, precisions = ['f32'], model, bucket, key = 'set', seed, compactRecords, compactBytes } = options;
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`options.dims must be a positive integer, got ${JSON.stringify(dims)}`);
    if (typeof key !== 'string' || !key || key.includes('@')) throw new TypeError(`options.key must be a non-empty string without "@", got ${JSON.stringify(key)}`);
    if (bucket !== undefined && typeof bucket?.put !== 'function') throw new TypeError('options.bucket must be an R2 bucket binding');
    if (seed !== undefined && seed !== false && typeof seed !== 'string') throw new TypeError('options.seed must be an R2 key (string) or false');
    this.#ctx = ctx;
    this.#sql = ctx.storage.sql;
    this.#options = {
      dims, precisions, model, bucket, key,
      seed: seed === undefined ? (bucket ? key : false) : seed,
      compactRecords: positive('options.compactRecords', compactRecords, 2000),
      compactBytes: positive('options.compactBytes', compactBytes, 8 * 1024 * 1024),
    };
  }

  /**
   * Loads the set once (concurrent calls share one load; a failed load is
   * retried by the next call): the newest snapshot, streamed, then every
   * record after its version. Without a snapshot, `seed` (an R2 key, by
   * default `key` itself: what `simgate pack` writes) or an empty set.
   */
  async load() {
    if (this.#set) return this.#set;
    this.#loading ??= this.#read().catch((e) => {
      this.#loading = null;
      throw e;
    });
    return this.#loading;
  }

  /** The loaded set, for reads (scores, topK, ...). Write through this object, never the set itself. */
  get set() {
    if (!this.#set) throw new Error('the set is not loaded: await load() first');
    return this.#set;
  }

  /** Like VectorSet.add; resolves once every row is durable. */
  async add(vectors, ids, options = {}) {
    await this.load();
    return this.#write(vectors, ids, false, (set, v, i) => set.add(v, i, { ...options, record: true }));
  }

  /** Like VectorSet.upsert ({ added, replaced }); resolves once every row is durable. */
  async upsert(vectors, ids, options = {}) {
    await this.load();
    const out = { added: 0, replaced: 0 };
    await this.#write(vectors, ids, true, (set, v, i) => {
      const r = set.upsert(v, i, { ...options, record: true });
      out.added += r.added;
      out.replaced += r.replaced;
      return r;
    });
    return out;
  }

  /** Like VectorSet.remove (how many went); resolves once the removal is durable. */
  async remove(ids) {
    const set = await this.load();
    const { removed, change } = set.remove(ids, { record: true });
    this.#store(change);
    return removed;
  }

  /**
   * Writes a snapshot and drops the records it covers. One at a time: a call
   * while one runs shares it. Runs on its own past `compactRecords` records
   * or `compactBytes` of them.
   */
  async compact() {
    await this.load();
    this.#compacting ??= this.#compact().finally(() => {
      this.#compacting = null;
    });
    return this.#compacting;
  }

  /** { rows, version, snapshotVersion, records, recordBytes, snapshotBytes, lastCompaction, compactionError }. */
  stats() {
    const set = this.set;
    const s = this.#snapshot;
    return {
      rows: set.length,
      version: set.version,
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
    const { key, bucket, dims, precisions, model, seed } = this.#options;
    const snap = this.#sql.exec('SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?', key).toArray()[0] ?? null;
    let set;
    if (snap?.location === 'r2') {
      if (!bucket) throw new Error(`the snapshot of "${key}" is in R2 (${snap.ref}), but no bucket was given`);
      const object = await bucket.get(snap.ref);
      if (!object) throw new Error(`the snapshot ${snap.ref} is missing from the bucket`);
      set = await VectorSet.fromStream(object);
    } else if (snap?.location === 'storage') {
      const pieces = this.#sql.exec('SELECT bytes FROM simgate_pieces WHERE key = ? AND version = ? ORDER BY idx', key, snap.version);
      set = await VectorSet.fromStream((function* () {
        for (const row of pieces) yield new Uint8Array(row.bytes);
      })(), { length: snap.bytes });
    } else {
      const object = seed && bucket ? await bucket.get(seed) : null;
      set = object ? await VectorSet.fromStream(object) : new VectorSet(dims, { precisions, ...(model ? { model } : {}) });
    }
    if (set.dims !== dims) throw new Error(`the stored set has ${set.dims} dims, but options.dims is ${dims}`);
    let records = 0, recordBytes = 0;
    try {
      for (const row of this.#sql.exec('SELECT bytes FROM simgate_records WHERE key = ? ORDER BY seq', key)) {
        const bytes = new Uint8Array(row.bytes);
        set.apply(bytes);
        records += 1;
        recordBytes += bytes.byteLength;
      }
    } catch (e) {
      set.free();
      throw new Error(`replaying the change records of "${key}" failed: ${e.message}`);
    }
    this.#snapshot = snap;
    this.#records = records;
    this.#recordBytes = recordBytes;
    this.#set = set;
    return set;
  }

  /**
   * Applies `write` to batches of rows whose records stay under the storage
   * value limit; a call that needs several records is checked whole first.
   */
  #write(vectors, ids, upsert, write) {
    const set = this.#set;
    if (!(vectors instanceof Float32Array)) throw new TypeError('vectors must be a Float32Array');
    const rows = vectors.length / set.dims;
    const perRow = VectorSet.bytesPerRow(set.dims, set.precisions) + 64;
    const batch = Math.max(1, Math.floor((PIECE - 4096) / perRow));
    if (!Number.isInteger(rows) || rows <= batch) return this.#store(write(set, vectors, ids).change);
    // Check the whole call first so a bad row fails before any batch lands.
    const held = ids?.find?.((id) => set.has(id));
    if (!upsert && held !== undefined) throw new Error(`ids: "${held}" is already in the set; upsert() replaces a row by id`);
    const probe = new VectorSet(set.dims, { precisions: set.precisions });
    try {
      probe.add(vectors, ids);
    } finally {
      probe.free();
    }
    for (let at = 0; at < rows; at += batch) {
      const end = Math.min(rows, at + batch);
      this.#store(write(set, vectors.subarray(at * set.dims, end * set.dims), ids?.slice(at, end)).change);
    }
    return undefined;
  }

  /** Inserts one record; on a storage failure the in-memory set (now ahead of storage) is dropped and reloaded by the next call. */
  #store(change) {
    const set = this.#set;
    try {
      this.#sql.exec('INSERT INTO simgate_records (key, seq, bytes) VALUES (?, ?, ?)', this.#options.key, set.version, change);
    } catch (e) {
      this.#set = null;
      this.#loading = null;
      set.free();
      throw new Error(`the write could not be stored, so it was not applied: ${e.message}`);
    }
    this.#records += 1;
    this.#recordBytes += change.byteLength;
    if (!this.#compacting && (this.#records >= this.#options.compactRecords || this.#recordBytes >= this.#options.compactBytes)) {
      this.compact().catch(() => {});
    }
    return undefined;
  }

  async #compact() {
    const { key, bucket } = this.#options;
    const set = this.#set;
    const version = set.version;
    const started = Date.now();
    if (this.#snapshot && this.#snapshot.version === version) return this.stats();
    try {
      // The set as of `version`, taken at once: writes after it become records above it.
      const bytes = set.toBytes();
      const sql = this.#sql;
      if (bucket) {
        const ref = `${key}@${version}`;
        await bucket.put(ref, bytes);
        this.#ctx.storage.transactionSync(() => {
          sql.exec('INSERT OR REPLACE INTO simgate_snapshot (key, version, location, ref, bytes, at, ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
            key, version, 'r2', ref, bytes.byteLength, Date.now(), Date.now() - started);
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
        this.#ctx.storage.transactionSync(() => {
          sql.exec('DELETE FROM simgate_pieces WHERE key = ?', key);
          for (let at = 0, idx = 0; at < bytes.byteLength; at += PIECE, idx += 1) {
            sql.exec('INSERT INTO simgate_pieces (key, version, idx, bytes) VALUES (?, ?, ?, ?)', key, version, idx, bytes.subarray(at, at + PIECE));
          }
          sql.exec('INSERT OR REPLACE INTO simgate_snapshot (key, version, location, ref, bytes, at, ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
            key, version, 'storage', `pieces@${version}`, bytes.byteLength, Date.now(), Date.now() - started);
          sql.exec('DELETE FROM simgate_records WHERE key = ? AND seq <= ?', key, version);
        });
      }
      this.#snapshot = this.#sql.exec('SELECT version, location, ref, bytes, at, ms FROM simgate_snapshot WHERE key = ?', key).toArray()[0];
      const left = this.#sql.exec('SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(bytes)), 0) AS b FROM simgate_records WHERE key = ?', key).one();
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
