import type { Precision, VectorSet } from './index.js';

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

export interface DurableVectorSetStats {
  rows: number;
  /** The set's version: changes applied since it was created. */
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

/**
 * A VectorSet persisted by a Durable Object (SQLite storage): each write is
 * applied in memory and its change record stored in the same step, so the
 * answer leaves only once the write is durable and costs its own size.
 * Snapshots (the set file) go to R2 or to the object's storage; loading
 * streams the newest one and replays the records after it. A kill at any
 * instant leaves a state that loads with every acknowledged write.
 *
 * A snapshot holds one copy of the set file in memory while it is written:
 * keep a set under half of what the isolate may hold (128 MB with the
 * JS heap), or split it into shards.
 */
export class DurableVectorSet {
  constructor(ctx: DurableObjectStateLike, options: DurableVectorSetOptions);
  /** Loads once: the newest snapshot, then the records after it. Concurrent calls share one load. */
  load(): Promise<VectorSet>;
  /** The loaded set, for reads; write through this object only. */
  readonly set: VectorSet;
  add(vectors: Float32Array, ids?: string[], options?: { namespace?: string }): Promise<void>;
  upsert(vectors: Float32Array, ids: string[], options?: { namespace?: string }): Promise<{ added: number; replaced: number }>;
  remove(ids: string[]): Promise<number>;
  /** A snapshot now; the records it covers are dropped. One at a time; automatic past `compactRecords` / `compactBytes`. */
  compact(): Promise<DurableVectorSetStats>;
  stats(): DurableVectorSetStats;
}
