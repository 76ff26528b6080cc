// One shard: a Durable Object owning the rows whose id hashes to it
// (shardOf(id, SHARD_COUNT)). It loads its set file from R2 on first use
// (VectorSet.fromStream: the file's chunks go straight into wasm memory) and
// keeps the set in memory; every write is applied, then the set is written
// back to R2 before the write is acknowledged, so an acknowledged write
// survives a restart.
import { DurableObject } from 'cloudflare:workers';
import { VectorSet } from 'simgate';

export class Shard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.set = null;
    this.loading = null;
    // Write-back bookkeeping: `version` counts applied writes, `saved` the
    // last version in R2, `saving` the put in flight (one at a time).
    this.version = 0;
    this.saved = 0;
    this.saving = null;
  }

  key(shard) {
    return `${this.env.SET_PREFIX}-${shard}-of-${this.env.SHARD_COUNT}.bin`;
  }

  /** The set, loaded once; concurrent first calls share one load, a failed load is retried by the next call. */
  async ready(shard) {
    if (this.set) return this.set;
    this.loading ??= (async () => {
      this.shard = shard;
      const object = await this.env.SETS.get(this.key(shard));
      this.set = object
        ? await VectorSet.fromStream(object)
        : new VectorSet(Number(this.env.DIMS), { precisions: this.env.PRECISIONS.split(',') });
    })().catch((e) => {
      this.loading = null;
      throw e;
    });
    await this.loading;
    return this.set;
  }

  /** This shard's best `k` for `query` (RPC from the front Worker). */
  async search(shard, query, { k, namespace, precision }) {
    const set = await this.ready(shard);
    const matches = set.topK(Float32Array.from(query), k, { namespace, precision });
    return { matches, rows: set.length };
  }

  async upsert(shard, id, vector, namespace) {
    const set = await this.ready(shard);
    const out = set.upsert(Float32Array.from(vector), [id], namespace === undefined ? undefined : { namespace });
    await this.persist();
    return out;
  }

  async remove(shard, ids) {
    const set = await this.ready(shard);
    const removed = set.remove(ids);
    if (removed > 0) await this.persist();
    return removed;
  }

  async has(shard, ids) {
    const set = await this.ready(shard);
    return ids.map((id) => set.has(id));
  }

  async stats(shard) {
    const set = await this.ready(shard);
    return { rows: set.length, byteLength: set.byteLength(), precisions: set.precisions, model: set.model };
  }

  /**
   * Resolves once R2 holds a version of the set that includes every write
   * applied so far. Writes that arrive while a put is in flight share the
   * next put, and puts never overlap, so R2 always ends at the newest set
   * and no acknowledged write is lost.
   */
  async persist() {
    const mine = ++this.version;
    while (this.saved < mine) {
      if (!this.saving) {
        const version = this.version;
        const bytes = this.set.toBytes();
        this.saving = this.env.SETS.put(this.key(this.shard), bytes)
          .then(() => { this.saved = Math.max(this.saved, version); })
          .finally(() => { this.saving = null; });
      }
      await this.saving;
    }
  }
}
