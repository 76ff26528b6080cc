import type { CacheLookup, Metadata, Precision, SemanticCache, SemanticCacheOptions, VectorSet, WriteOptions } from './index.js';

/** The parts of a Durable Object's state this module uses (`this.ctx` in a `DurableObject`). */
export interface DurableObjectStateLike {
  storage: { sql: unknown; transactionSync<T>(fn: () => T): T };
}

/** The parts of an R2 bucket binding this module uses. */
export interface R2BucketLike {
  get(key: string): Promise<unknown>;
  put(key: string, value: Uint8Array): Promise<unknown>;
  list(options: { prefix: string; cursor?: string }): Promise<{ objects: { key: string }[]; truncated: boolean; cursor?: string }>;
  delete(keys: string | string[]): Promise<void>;
}

export interface DurableVectorSetOptions {
  dims: number;
  /** Encodings for a new set (default `["f32"]`); a loaded snapshot keeps its own. */
  precisions?: Precision[];
  model?: string;
  /** Snapshots go to R2 under `${key}@${version}`, a new key each time; without a bucket, to the object's storage in 1 MiB pieces. */
  bucket?: R2BucketLike;
  /** Names this set in storage and in the bucket (no "@"); default `"set"`. */
  key?: string;
  /** An R2 key read as the first snapshot when none was written yet (default: `key`, where `simgate pack` output is put); `false` for none. */
  seed?: string | false;
  /** Compact on its own once this many records are kept (default 2000). */
  compactRecords?: number;
  /** ... or once the records take this many bytes (default 8 MiB). */
  compactBytes?: number;
}

/** What the durable log of a set or a cache reports. */
export interface DurableLogStats {
  /** Changes applied since the set or cache was created. */
  version: number;
  /** The version the newest snapshot holds (0: none yet). */
  snapshotVersion: number;
  /** Change records kept after the snapshot, and their bytes. */
  records: number;
  recordBytes: number;
  snapshotBytes: number;
  lastCompaction: { version: number; location: 'r2' | 'storage'; bytes: number; ms: number; at: number } | null;
  /** The last automatic compaction's error, until one succeeds. */
  compactionError: string | null;
}

export interface DurableVectorSetStats extends DurableLogStats {
  rows: number;
}

/**
 * A VectorSet persisted by a Durable Object (SQLite storage): each write is
 * applied in memory and its change record stored in the same step, so the
 * answer leaves only once the write is durable and costs its own size.
 * Snapshots (the set file) go to R2 or to the object's storage; loading
 * streams the newest one and replays the records after it. A kill at any
 * instant leaves a state that loads with every acknowledged write.
 *
 * A snapshot streams the set file in 1 MiB chunks (`set.fileChunks()`;
 * writes wait while it goes to R2), so it never holds the file beside the
 * set: a set that loads within the isolate's 128 MB also compacts there.
 */
export class DurableVectorSet {
  constructor(ctx: DurableObjectStateLike, options: DurableVectorSetOptions);
  /** Loads once: the newest snapshot, then the records after it. Concurrent calls share one load. */
  load(): Promise<VectorSet>;
  /** The loaded set, for reads; write through this object only. */
  readonly set: VectorSet;
  add(vectors: Float32Array, ids?: string[], options?: WriteOptions): Promise<void>;
  upsert(vectors: Float32Array, ids: string[], options?: WriteOptions): Promise<{ added: number; replaced: number }>;
  /** Like VectorSet.setMetadata; resolves with how many rows changed once the new metadata is durable. */
  setMetadata(ids: string[], metadata: (Metadata | null)[]): Promise<number>;
  remove(ids: string[]): Promise<number>;
  /** A snapshot now; the records it covers are dropped. One at a time; automatic past `compactRecords` / `compactBytes`. */
  compact(): Promise<DurableVectorSetStats>;
  stats(): DurableVectorSetStats;
}

export type DurableSemanticCacheOptions = SemanticCacheOptions & {
  /** Names this cache in storage (and the bucket); default `"cache"`. */
  key?: string;
  /** Snapshots to R2 under a new key each time; without a bucket, to the object's storage in 1 MiB pieces. */
  bucket?: R2BucketLike;
  /** Snapshot on its own once this many records are kept (default 2000) ... */
  compactRecords?: number;
  /** ... or once they take this many bytes (default 8 MiB). */
  compactBytes?: number;
  /** A lookup at least this many ms after the last snapshot takes one (default 60000). */
  snapshotEvery?: number;
};

/**
 * A SemanticCache persisted by a Durable Object with SQLite storage.
 * `store`, `feedback`, `remove` and `clear` resolve once their change record
 * is durable: entries, values and reviews are never lost. Lookups change
 * only the use order (LRU) and the Monitor's counts, which reach storage
 * with the next snapshot (past the record limits, at a lookup
 * `snapshotEvery` ms after the last one, or at `compact()`, e.g. from the
 * object's `alarm()` while `unsavedLookups`); a crash loses those for the
 * lookups since the last snapshot, nothing else.
 */
export class DurableSemanticCache<V = unknown> {
  constructor(ctx: DurableObjectStateLike, options: DurableSemanticCacheOptions);
  /** Loads once: the newest snapshot, then the records after it. */
  load(): Promise<SemanticCache<V>>;
  /** The loaded cache, for reads (size, thresholds, stats); write through this object only. */
  readonly cache: SemanticCache<V>;
  /** `SemanticCache.lookup`, after `load()`. */
  lookup(query: Float32Array, options?: { namespace?: string; text?: string }): CacheLookup<V>;
  /** Resolves with the entry's id once it and its value are durable. */
  store(query: Float32Array, value: V, options?: { id?: string; namespace?: string; text?: string; ttlSeconds?: number }): Promise<string>;
  /** Resolves once the verdict is durable (with errorBound, the evidence the cache serves on). */
  feedback(id: string, correct: boolean, options?: { score?: number }): Promise<void>;
  remove(ids: string[]): Promise<number>;
  clear(namespace?: string): Promise<number>;
  /** Whether lookups ran since the last snapshot. */
  readonly unsavedLookups: boolean;
  /** A snapshot now (use order and counts included); the records it covers are dropped. */
  compact(): Promise<ReturnType<SemanticCache<V>['stats']> & { size: number; durable: DurableLogStats & { unsavedLookups: boolean } }>;
  stats(): ReturnType<SemanticCache<V>['stats']> & { size: number; durable: DurableLogStats & { unsavedLookups: boolean } };
}
