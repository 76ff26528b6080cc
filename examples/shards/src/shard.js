// One shard: a Durable Object owning the rows whose id hashes to it
// (shardOf(id, SHARD_COUNT)). Its set lives in a DurableVectorSet: the
// packed file in R2 (`simgate pack --shards N`) is the first snapshot; each
// write is applied in memory and its change record (about 1 KB per 768-dim
// i8 row) stored in the object's SQLite storage before the answer leaves;
// snapshots go to R2 under a new key now and then, and loading streams the
// newest one and replays the records after it.
import { DurableObject } from 'cloudflare:workers';
import { DurableVectorSet } from 'simgate/durable';

export class Shard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.durable = null;
  }

  /** The set, loaded once; concurrent first calls share one load, a failed load is retried by the next call. */
  async ready(shard) {
    this.durable ??= new DurableVectorSet(this.ctx, {
      dims: Number(this.env.DIMS),
      precisions: this.env.PRECISIONS.split(','),
      bucket: this.env.SETS,
      key: `${this.env.SET_PREFIX}-${shard}-of-${this.env.SHARD_COUNT}.bin`,
      ...(this.env.COMPACT_RECORDS ? { compactRecords: Number(this.env.COMPACT_RECORDS) } : {}),
    });
    return this.durable.load();
  }

  /**
   * This shard's best `k` for `query` among the rows that pass `filter` in
   * `namespace` (RPC from the front Worker), with how many rows passed
   * (`rows`: what the adaptive threshold counts across shards) and, for a
   * typed lookup, how many rows carry the type key at all (`typed`).
   */
  async search(shard, query, { k, namespace, precision, filter, typeKey }) {
    const set = await this.ready(shard);
    const matches = set.topK(Float32Array.from(query), k, { namespace, precision, filter });
    const out = { matches, rows: set.count({ namespace, filter }) };
    if (typeKey) out.typed = set.count({ filter: { [typeKey]: { $exists: true } } });
    return out;
  }

  async upsert(shard, id, vector, namespace, metadata) {
    await this.ready(shard);
    const options = {};
    if (namespace !== undefined) options.namespace = namespace;
    if (metadata !== undefined) options.metadata = [metadata];
    return this.durable.upsert(Float32Array.from(vector), [id], options);
  }

  async remove(shard, ids) {
    await this.ready(shard);
    return this.durable.remove(ids);
  }

  async has(shard, ids) {
    const set = await this.ready(shard);
    return ids.map((id) => set.has(id));
  }

  async compact(shard) {
    await this.ready(shard);
    return this.durable.compact();
  }

  async stats(shard) {
    const set = await this.ready(shard);
    return { ...this.durable.stats(), byteLength: set.byteLength(), precisions: set.precisions, model: set.model };
  }
}
